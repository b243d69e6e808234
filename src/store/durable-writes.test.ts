/**
 * What only this computer holds and the agent was told is done — a queued message, its edit, its
 * cancel, the mark that it may have reached the contact — is committed with synchronous = FULL, so a
 * power cut right after cannot take it back; the sync's bulk writes stay NORMAL (HelenaCRM holds
 * those, and an fsync per batch would slow a first sync for nothing).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { durably } from './db';
import { openStore, type Store } from './store';
import { contactDto, uuid } from './test-fixtures';

let dir: string;
let store: Store;
let levels: string[];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'helena-durable-'));
  store = openStore({ location: dir });
  levels = [];
  const pragma = store.db.pragma.bind(store.db);
  vi.spyOn(store.db, 'pragma').mockImplementation((source: string, options?: { simple?: boolean }) => {
    if (source.startsWith('synchronous =')) levels.push(source);
    return pragma(source, options);
  });
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

const current = () => store.db.pragma('synchronous', { simple: true });
const enqueue = (text: string) =>
  store.outbox.enqueue({
    message: { localId: uuid(), refId: uuid(), conversationKey: 's1', sessionId: 's1', text, templateId: null, parameters: null, createdAt: '2024-01-01T00:00:00Z' },
    payload: { kind: 'text', body: { text, refId: uuid() } },
  });

describe('durable writes', () => {
  it('commits a queued message, its edit and its cancel with FULL, and goes back to NORMAL', () => {
    const queued = enqueue('olá');
    store.outbox.edit(queued.localId, { text: 'olá, tudo bem?' });
    store.durableTransaction(() => store.outbox.cancel(queued.localId));
    expect(store.outbox.get(queued.localId)?.state).toBe('cancelled');
    expect(levels).toEqual(['synchronous = FULL', 'synchronous = NORMAL', 'synchronous = FULL', 'synchronous = NORMAL', 'synchronous = FULL', 'synchronous = NORMAL']);
    expect(current()).toBe(1);
  });

  it('leaves the sync’s writes at NORMAL', () => {
    store.transaction(() => store.contacts.upsertContacts([contactDto({ name: 'Rita' })]));
    expect(levels).toEqual([]);
  });

  it('inside an open transaction changes nothing (SQLite refuses to) and the outer commit decides', () => {
    const queued = store.transaction(() => enqueue('dentro'));
    expect(store.outbox.get(queued.localId)).not.toBeNull();
    expect(levels).toEqual([]);
  });

  it('goes back to NORMAL when the write fails', () => {
    expect(() => durably(store.db, () => store.transaction(() => {
      throw new Error('falhou');
    }))).toThrow('falhou');
    expect(current()).toBe(1);
  });
});
