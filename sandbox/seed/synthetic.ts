/**
 * Synthetic contacts for benchmarks (`--contacts N`): N contacts in one transaction through one
 * prepared statement, with the secondary indexes dropped during the load and rebuilt after
 * (building an index once is far cheaper than updating it a million times).
 *
 * Contact number i is a pure function of i (id, name, phone, email, dates), so the set is the same
 * on every run and a persisted database can be topped up from its current count to N.
 */
import { insertTag } from '../data/tags';
import type Database from 'better-sqlite3';
import { createSandboxSchema } from '../schema';
import { foldText } from '../data/search';
import { AREA_CODES, EMAIL_DOMAINS, FIRST_NAMES, SURNAMES } from './names';

/** Ids of synthetic contacts: `5e000000-0000-4000-8000-` + 12 hex digits of the index. */
const ID_PREFIX = '5e000000-0000-4000-8000-';
/** Synthetic contacts are dated from here, one minute apart (all before the demo contacts). */
const START_MS = Date.parse('2023-01-01T00:00:00.000Z');
/** Below this many rows, keeping the indexes is cheaper than rebuilding them. */
const REBUILD_INDEXES_FROM = 50_000;

export function syntheticContactId(index: number): string {
  return `${ID_PREFIX}${index.toString(16).padStart(12, '0')}`;
}

/** How many synthetic contacts the database already holds (their ids form one PK range). */
export function countSyntheticContacts(db: Database.Database): number {
  const row = db
    .prepare<[string, string], { n: number }>('SELECT COUNT(*) AS n FROM contacts WHERE id >= ? AND id < ?')
    .get(`${ID_PREFIX}000000000000`, `${ID_PREFIX}g`);
  return row?.n ?? 0;
}

export interface SyntheticSeedResult {
  inserted: number;
  total: number;
  ms: number;
}

/** Makes sure the database holds `count` synthetic contacts, adding the missing ones. */
export function seedSyntheticContacts(db: Database.Database, count: number): SyntheticSeedResult {
  const started = performance.now();
  const existing = countSyntheticContacts(db);
  if (count <= existing) return { inserted: 0, total: existing, ms: performance.now() - started };

  const firsts = FIRST_NAMES.map((name) => ({ name, folded: foldText(name) }));
  const lasts = SURNAMES.map((name) => ({ name, folded: foldText(name) }));
  const areas = AREA_CODES.map(String);
  const F = firsts.length;
  const S = lasts.length;
  const A = areas.length;
  const insert = db.prepare<[string, string, string, string | null, string, string, string, string]>(
    `INSERT INTO contacts (id, name, phone, email, tag_names, search, created_at, updated_at, origin)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'IMPORTED')`,
  );
  const rebuild = count - existing >= REBUILD_INDEXES_FROM;

  db.transaction(() => {
    // Every tenth synthetic contact is a "cliente": the company has that tag.
    insertTag(db, 'cliente', 'GREEN_500', new Date(START_MS).toISOString());
    if (rebuild) {
      db.exec('DROP INDEX IF EXISTS contacts_updated; DROP INDEX IF EXISTS contacts_phone; DROP INDEX IF EXISTS contacts_status_updated;');
    }
    for (let i = existing; i < count; i++) {
      const first = firsts[i % F]!;
      // A stride co-prime with the surname list spreads the combinations.
      const last = lasts[(i * 7 + Math.floor(i / F)) % S]!;
      const middle = i % 3 === 0 ? lasts[(i * 13 + 5) % S]! : null;
      const name = middle ? `${first.name} ${middle.name} ${last.name}` : `${first.name} ${last.name}`;
      const folded = middle ? `${first.folded} ${middle.folded} ${last.folded}` : `${first.folded} ${last.folded}`;
      // Line numbers 7xxxxxxx never collide with the demo contacts (8xxxxxxx/9xxxxxxx).
      const digits = `55${areas[i % A]!}9${70_000_000 + Math.floor(i / A)}`;
      const email = i % 5 === 4 ? null : `${first.folded}.${last.folded}${i}@${EMAIL_DOMAINS[i % EMAIL_DOMAINS.length]!}`;
      const date = new Date(START_MS + i * 60_000).toISOString();
      insert.run(
        syntheticContactId(i),
        name,
        `+${digits}`,
        email,
        i % 10 === 0 ? '["cliente"]' : '[]',
        email ? `${folded} ${email} ${digits}` : `${folded}  ${digits}`,
        date,
        date,
      );
    }
    if (rebuild) {
      createSandboxSchema(db);
    }
  })();
  return { inserted: count - existing, total: count, ms: performance.now() - started };
}
