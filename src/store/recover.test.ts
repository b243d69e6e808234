/**
 * Damaged database files, for real: a cache with a queue, drafts and a signed-in agent is written
 * and closed, then its bytes are overwritten (the header; pages in the middle of contacts; the
 * schema page) and it is opened again through openStoreRecovering.
 */
import Database from 'better-sqlite3';
import { closeSync, existsSync, mkdtempSync, openSync, readdirSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AgentDTO } from '../api/helena-dto';
import { DEFAULT_DB_FILE } from './db';
import { LATEST_SCHEMA_VERSION } from './migrations';
import { checkMarkerPath, DAMAGED_FOLDER_PREFIX, isCorruption, markForCheck, openStoreRecovering } from './recover';
import { openStore } from './store';
import { contactDto, uuid } from './test-fixtures';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const AGENT: AgentDTO = { id: uuid(), userId: uuid(), name: 'Ana', email: 'ana@x.com', phoneNumber: null, profile: 'Agent', departments: [] };

interface Built {
  dir: string;
  /** localId → refId of the entries only this computer holds. */
  held: Map<string, string>;
  sentLocalId: string;
}

/** A cache as an agent leaves it: a signed-in agent, 2 drafts, 3 held messages and 1 sent, then many contacts. */
function buildCache(contacts = 20_000): Built {
  const dir = mkdtempSync(join(tmpdir(), 'helena-recover-'));
  dirs.push(dir);
  const store = openStore({ location: dir });
  store.directory.setMe(AGENT);
  const enqueue = (conversationKey: string, text: string, state?: 'waiting_reply') =>
    store.outbox.enqueue({
      message: { localId: uuid(), refId: uuid(), conversationKey, sessionId: conversationKey, text, templateId: null, parameters: null, createdAt: '2024-01-01T00:00:00Z', userId: AGENT.userId },
      payload: { kind: 'text', body: { text, refId: '' } },
      ...(state ? { state } : {}),
    });
  const held = [enqueue('s1', 'primeira'), enqueue('s1', 'segunda', 'waiting_reply'), enqueue('s2', 'terceira')];
  const sent = enqueue('s3', 'já foi');
  store.outbox.setState(sent.localId, { state: 'sent' });
  store.drafts.save('s1', 'oi, tudo bem?');
  store.drafts.save('s2', 'ligar às 15h', 'note');
  // Contacts after the queue: their pages come later in the file, so damage there spares the queue.
  for (let i = 0; i < contacts; i += 1000) {
    store.contacts.upsertContacts(Array.from({ length: 1000 }, (_, j) => contactDto({ name: `Contato ${i + j}`, phoneNumber: `+55119${String(i + j).padStart(8, '0')}` })));
  }
  store.close();
  return { dir, held: new Map(held.map((e) => [e.localId, e.refId])), sentLocalId: sent.localId };
}

function overwrite(file: string, offset: number, length: number): void {
  const fd = openSync(file, 'r+');
  try {
    writeSync(fd, Buffer.alloc(length, 0xa5), 0, length, offset);
  } finally {
    closeSync(fd);
  }
}

function damagedFolders(dir: string): string[] {
  return readdirSync(dir).filter((name) => name.startsWith(DAMAGED_FOLDER_PREFIX));
}

function expectSalvaged(built: Built, store: ReturnType<typeof openStore>): void {
  const entries = store.outbox.pending();
  expect(new Map(entries.map((e) => [e.localId, e.refId]))).toEqual(built.held);
  expect(store.outbox.get(built.sentLocalId)).toBeNull();
  for (const localId of built.held.keys()) expect(store.messages.get(localId)).toMatchObject({ localId, refId: built.held.get(localId), status: 'LOCAL' });
  expect(store.drafts.load('s1')?.text).toBe('oi, tudo bem?');
  expect(store.drafts.load('s2', 'note')?.text).toBe('ligar às 15h');
  expect(store.directory.me()?.userId).toBe(AGENT.userId);
}

describe('a damaged local database', () => {
  it('a healthy database is opened in place and never moved, even when a check was asked for', () => {
    const built = buildCache(1000);
    markForCheck(built.dir, undefined, 'teste');
    const { store, recovery } = openStoreRecovering({ location: built.dir });
    expect(recovery).toBeNull();
    expect(store.outbox.pending()).toHaveLength(3);
    store.close();
    expect(damagedFolders(built.dir)).toEqual([]);
    expect(existsSync(checkMarkerPath(built.dir))).toBe(false);
  });

  it('a destroyed header (SQLITE_NOTADB): the file is kept aside, a fresh cache opens with the queue, drafts and agent', () => {
    const built = buildCache();
    overwrite(join(built.dir, DEFAULT_DB_FILE), 0, 100);
    expect(() => openStore({ location: built.dir })).toThrow(expect.objectContaining({ code: 'SQLITE_NOTADB' }));

    const lines: string[] = [];
    const { store, recovery } = openStoreRecovering({ location: built.dir, log: (line) => lines.push(line) });
    expect(recovery).toMatchObject({ found: 'open', schema: 'current', messages: 3, drafts: 2, agent: true, unreadable: [] });
    const [folder] = damagedFolders(built.dir);
    expect(recovery?.folder).toBe(folder);
    // The damaged file is kept byte for byte; the scratch copy the header was rebuilt in is gone.
    expect(readdirSync(join(built.dir, folder ?? ''))).toContain(DEFAULT_DB_FILE);
    expect(readdirSync(join(built.dir, folder ?? ''))).not.toContain('reparo-temporario');
    expectSalvaged(built, store);
    // Contacts come back with the first sync, not from the damaged copy.
    expect(store.db.prepare('SELECT count(*) AS n FROM contacts').get()).toEqual({ n: 0 });
    expect(store.migration.to).toBe(LATEST_SCHEMA_VERSION);
    store.close();
    // No message text in the log.
    expect(lines.join('\n')).not.toMatch(/primeira|segunda|terceira|tudo bem/);
    expect(lines.join('\n')).toContain(folder);

    // Next start: the fresh cache is healthy and stays.
    const again = openStoreRecovering({ location: built.dir });
    expect(again.recovery).toBeNull();
    again.store.close();
    expect(damagedFolders(built.dir)).toHaveLength(1);
  });

  it('damaged pages in the middle of contacts: the failure marks the file, the next start checks it and salvages the queue', () => {
    const built = buildCache();
    const path = join(built.dir, DEFAULT_DB_FILE);
    const probe = new Database(path, { readonly: true });
    const pageSize = Number(probe.pragma('page_size', { simple: true }));
    const leaves = probe.prepare("SELECT pageno FROM dbstat WHERE name = 'contacts' AND pagetype = 'leaf' ORDER BY pageno").pluck().all() as number[];
    probe.close();
    expect(leaves.length).toBeGreaterThan(100);
    const middle = leaves.slice(Math.floor(leaves.length / 2), Math.floor(leaves.length / 2) + 8);
    for (const page of middle) overwrite(path, (page - 1) * pageSize, pageSize);

    // It opens (nothing reads those pages yet); reading contacts meets the damage.
    const first = openStoreRecovering({ location: built.dir });
    expect(first.recovery).toBeNull();
    let failure: unknown = null;
    try {
      first.store.db.prepare('SELECT count(name) FROM contacts').get();
    } catch (error) {
      failure = error;
    }
    expect(isCorruption(failure)).toBe(true);
    markForCheck(built.dir, undefined, 'SQLITE_CORRUPT');
    first.store.close();

    const { store, recovery } = openStoreRecovering({ location: built.dir });
    expect(recovery).toMatchObject({ found: 'check', schema: 'current', messages: 3, drafts: 2, agent: true, unreadable: [] });
    expectSalvaged(built, store);
    expect(store.db.pragma('quick_check', { simple: true })).toBe('ok');
    store.close();
    expect(damagedFolders(built.dir)).toHaveLength(1);
    expect(existsSync(checkMarkerPath(built.dir))).toBe(false);
  });

  it('an unreadable table costs that table only: drafts damaged, the queue and the agent still come back', () => {
    const built = buildCache(1000);
    const path = join(built.dir, DEFAULT_DB_FILE);
    const probe = new Database(path, { readonly: true });
    const pageSize = Number(probe.pragma('page_size', { simple: true }));
    const pages = probe.prepare("SELECT pageno FROM dbstat WHERE name = 'drafts'").pluck().all() as number[];
    probe.close();
    for (const page of pages) overwrite(path, (page - 1) * pageSize, pageSize);
    markForCheck(built.dir, undefined, 'teste');

    const { store, recovery } = openStoreRecovering({ location: built.dir });
    expect(recovery).toMatchObject({ found: 'check', schema: 'current', messages: 3, drafts: 0, agent: true, unreadable: ['drafts'] });
    expect(new Map(store.outbox.pending().map((e) => [e.localId, e.refId]))).toEqual(built.held);
    store.close();
  });

  it('a copy written by a newer version is kept for support but nothing is copied from it', () => {
    const built = buildCache(1000);
    const path = join(built.dir, DEFAULT_DB_FILE);
    const db = new Database(path);
    db.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 1}`);
    db.close();
    // The schema page's b-tree after the header: the file no longer opens, its header still says its version.
    overwrite(path, 100, 3996);
    expect(() => openStore({ location: built.dir })).toThrow();

    const { store, recovery } = openStoreRecovering({ location: built.dir });
    expect(recovery).toMatchObject({ found: 'open', schema: 'newer', messages: 0, drafts: 0, agent: false });
    expect(store.outbox.pending()).toEqual([]);
    store.close();
    expect(readdirSync(join(built.dir, recovery?.folder ?? ''))).toContain(DEFAULT_DB_FILE);
  });

  it('what is not damage is not recovered: a newer database is refused as before, in place', () => {
    const built = buildCache(10);
    const db = new Database(join(built.dir, DEFAULT_DB_FILE));
    db.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 1}`);
    db.close();
    expect(() => openStoreRecovering({ location: built.dir })).toThrow(expect.objectContaining({ code: 'DATABASE_TOO_NEW' }));
    expect(damagedFolders(built.dir)).toEqual([]);
  });
});
