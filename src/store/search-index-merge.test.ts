import { afterEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from './store';
import { contactDto, uuid } from './test-fixtures';

/** Many small batches: each is one FTS5 segment until merged. */
function fill(store: Store, batches: number, perBatch: number): void {
  for (let b = 0; b < batches; b++) {
    store.contacts.upsertContacts(
      Array.from({ length: perBatch }, (_, i) =>
        contactDto({ id: uuid(), name: `Maria ${b} Souza ${i}`, phoneNumber: `+55119${String(b * perBatch + i).padStart(8, '0')}`, email: `m${b}x${i}@example.com.br` }),
      ),
    );
  }
}

const rows = (store: Store, table: string) => (store.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

describe('merging the search indexes slice by slice', () => {
  const stores: Store[] = [];
  afterEach(() => {
    for (const s of stores.splice(0)) s.close();
  });
  const open = () => {
    const store = openStore({ location: ':memory:' });
    stores.push(store);
    return store;
  };

  it('takes several short slices and ends where one optimize ends, with the same answers', () => {
    const sliced = open();
    const whole = open();
    for (const store of [sliced, whole]) fill(store, 40, 50);
    const before = sliced.searchContacts('maria souza').items.map((c) => c.id);
    let slices = 0;
    while (sliced.contacts.optimizeSearchIndexStep(4)) slices++;
    whole.contacts.optimizeSearchIndex();
    // More than one slice of work: the thread is given back between them.
    expect(slices).toBeGreaterThan(1);
    // One segment per index, as after optimize: an optimize now finds nothing to rewrite.
    const tables = ['contacts_fts_data', 'contacts_fts_idx', 'contacts_phone_fts_data', 'contacts_phone_fts_idx'];
    const shape = () => tables.map((t) => rows(sliced, t));
    const merged = shape();
    sliced.contacts.optimizeSearchIndex();
    expect(shape()).toEqual(merged);
    expect(sliced.searchContacts('maria souza').items.map((c) => c.id)).toEqual(before);
    expect(sliced.searchContacts('98765').items).toHaveLength(whole.searchContacts('98765').items.length);
    // Nothing left to merge: a further slice reports no work.
    expect(sliced.contacts.optimizeSearchIndexStep()).toBe(false);
  });
});
