/**
 * A cache synced before schema 7 holds its templates without their file type, and a delta sync
 * (UpdatedAt.After the templates cursor) would never list them again. After the migration the
 * next sync, still a delta for contacts and sessions, refetches every template and so learns
 * which ones need an image or a document.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { HelenaClient } from '../api';
import type { CoreEvent } from '../console/core-events';
import { LATEST_SCHEMA_VERSION, openStore, type Store } from '../store';
import { DEFAULT_DB_FILE } from '../store/db';
import { DEMO_LOGINS, loginAs, startTestSandbox, type RunningSandbox } from '../../sandbox/testing';
import { demoTemplateId } from '../../sandbox/seed';
import { SyncEngine } from './sync-engine';

let sandbox: RunningSandbox | null = null;
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await sandbox?.close();
  sandbox = null;
});

/** One sync run of a fresh engine over `store`; the events it emitted. */
async function syncOnce(running: RunningSandbox, token: string, store: Store): Promise<CoreEvent[]> {
  const client = new HelenaClient({ baseUrl: running.url, getToken: () => token });
  // Progress at once: the steps below are what tell that every template was read.
  const engine = new SyncEngine({ store, client, url: running.url, getToken: () => token, onContactReplied: () => undefined, realtime: false, deltaProgressQuietMs: 0 });
  const events: CoreEvent[] = [];
  engine.on((event) => events.push(event));
  await engine.start();
  await engine.stop();
  client.bucket.close();
  return events;
}

describe('upgrading a cache to schema 7 (template file types)', () => {
  it('refetches every template on the next delta sync, so the media templates say so', async () => {
    sandbox = await startTestSandbox();
    const { token } = await loginAs(sandbox, DEMO_LOGINS.agent);
    const dir = mkdtempSync(join(tmpdir(), 'helena-template-media-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));

    // A cache that finished its first sync, then turned back into what version 6 left behind.
    const first = openStore({ location: dir });
    await syncOnce(sandbox, token, first);
    const cachedTemplates = first.db.prepare('SELECT COUNT(*) FROM templates').pluck().get() as number;
    first.close();
    const raw = new Database(join(dir, DEFAULT_DB_FILE));
    // Version 6 had neither 007's columns nor 009's me.availability nor 012's and 013's file columns of messages, nor 014's table,
    // nor 017's embedded contact of sessions.
    raw.exec(
      'ALTER TABLE templates DROP COLUMN file_type; ALTER TABLE messages DROP COLUMN media; ALTER TABLE me DROP COLUMN availability; ' +
        'ALTER TABLE messages DROP COLUMN file_name; ALTER TABLE messages DROP COLUMN file_size; ALTER TABLE messages DROP COLUMN file_mime; ' +
        'ALTER TABLE messages DROP COLUMN file_id; ALTER TABLE messages DROP COLUMN file_url; DROP TABLE schedule_failures; ' +
        'ALTER TABLE sessions DROP COLUMN contact_name; ALTER TABLE sessions DROP COLUMN contact_phone;',
    );
    raw.pragma('user_version = 6');
    raw.close();

    const store = openStore({ location: dir });
    cleanups.push(() => store.close());
    expect(store.migration).toMatchObject({ from: 6, to: LATEST_SCHEMA_VERSION });
    const catalog = demoTemplateId('catalogo_produtos');
    expect(store.templates.get(catalog)?.fileType).toBeNull();

    const events = await syncOnce(sandbox, token, store);
    const progress = (resource: string) => events.filter((e): e is Extract<CoreEvent, { type: 'sync-progress' }> => e.type === 'sync-progress' && e.resource === resource);
    // A delta sync: contacts unchanged are not fetched again, but every template is.
    expect(progress('contacts').every((e) => e.phase === 'delta')).toBe(true);
    // (The cursor is asked 1 ms early, so the newest contact may come again.)
    expect(progress('contacts').at(-1)?.done).toBeLessThanOrEqual(1);
    expect(store.contacts.count()).toBeGreaterThan(10);
    expect(progress('templates').at(-1)?.done).toBe(cachedTemplates);
    expect(events.some((e) => e.type === 'templates-changed')).toBe(true);
    expect(store.templates.get(catalog)?.fileType).toBe('IMAGE');
    expect(store.templates.get(demoTemplateId('proposta_comercial'))?.fileType).toBe('DOCUMENT');
    expect(store.templates.get(demoTemplateId('boas_vindas'))?.fileType).toBe('UNDEFINED');
  });
});
