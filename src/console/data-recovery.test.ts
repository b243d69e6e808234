/**
 * A damaged cache through the console's own open path (store/recover.ts does the work): the agent
 * is told once in the snapshot, and a command that meets damage while running asks the next start
 * to check the file. Real files, damaged for real; the engines are the console tests' stand-ins.
 */
import Database from 'better-sqlite3';
import { closeSync, existsSync, openSync, readdirSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_DB_FILE } from '../store/db';
import { checkMarkerPath, DAMAGED_FOLDER_PREFIX } from '../store/recover';
import { openStore } from '../store';
import { HelenaConsole } from './console';
import { MemorySecretStore } from './secret-store';
import { fakeEngines, IDS, seededCacheDir } from './test-support';

const PRICES = { UTILITY: { BR: { amount: 0.008, currency: 'USD' } } };
const TOKEN = 'tok_' + 'x'.repeat(40);

let dir = '';
let core: HelenaConsole | null = null;
afterEach(async () => {
  await core?.close();
  core = null;
  rmSync(dir, { recursive: true, force: true });
});

async function openConsole(): Promise<HelenaConsole> {
  const opened = new HelenaConsole({ secrets: new MemorySecretStore(TOKEN), prices: PRICES, engines: fakeEngines().factory, client: { retry: { maxAttempts: 1 } } });
  await opened.open({ location: dir, baseUrl: 'http://127.0.0.1:9', log: () => undefined });
  return opened;
}

function overwrite(file: string, offset: number, length: number): void {
  const fd = openSync(file, 'r+');
  try {
    writeSync(fd, Buffer.alloc(length, 0x5a), 0, length, offset);
  } finally {
    closeSync(fd);
  }
}

describe('a damaged local database, through the console', () => {
  it('opens on a fresh cache, resumes the login and says once what was kept', async () => {
    dir = seededCacheDir();
    const store = openStore({ location: dir });
    store.drafts.save(IDS.mySession, 'volto já');
    store.close();
    overwrite(join(dir, DEFAULT_DB_FILE), 0, 100);

    core = await openConsole();
    const snapshot = await core.invoke('state.snapshot', {});
    // The saved login resumes on the salvaged agent.
    expect(snapshot.auth).toBe('logged_in');
    expect(snapshot.recovery).toMatchObject({ found: 'open', schema: 'current', drafts: 1, agent: true, messages: 0 });
    expect(readdirSync(dir)).toContain(snapshot.recovery?.folder);
    expect((await core.invoke('draft.load', { conversationKey: IDS.mySession }))?.text).toBe('volto já');

    await core.invoke('recovery.dismiss', {});
    expect((await core.invoke('state.snapshot', {})).recovery).toBeNull();
  });

  it("a command that meets damaged pages is refused with 'store.corrupt' and the next start checks and recovers", async () => {
    dir = seededCacheDir();
    const path = join(dir, DEFAULT_DB_FILE);
    const probe = new Database(path, { readonly: true });
    const pages = probe.prepare("SELECT pageno FROM dbstat WHERE name = 'contacts'").pluck().all() as number[];
    const pageSize = Number(probe.pragma('page_size', { simple: true }));
    probe.close();
    for (const page of pages) overwrite(path, (page - 1) * pageSize, pageSize);

    core = await openConsole();
    expect((await core.invoke('state.snapshot', {})).recovery).toBeNull();
    const answer = await core.handle('contacts.search', { query: 'joao' });
    expect(answer).toMatchObject({ ok: false, error: { code: 'store', messageEn: expect.stringContaining('damaged') } });
    expect(existsSync(checkMarkerPath(dir))).toBe(true);
    await core.close();

    core = await openConsole();
    const snapshot = await core.invoke('state.snapshot', {});
    expect(snapshot.recovery).toMatchObject({ found: 'check', schema: 'current', agent: true });
    expect(snapshot.auth).toBe('logged_in');
    expect(readdirSync(dir).filter((name) => name.startsWith(DAMAGED_FOLDER_PREFIX))).toHaveLength(1);
    expect(existsSync(checkMarkerPath(dir))).toBe(false);
  });
});
