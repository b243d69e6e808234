/**
 * A check asked for by a failure while running (the marker) must not turn a file that opens
 * into an app that does not, when the file cannot be moved aside (Windows: an antivirus or backup
 * tool holding it; EBUSY/EPERM on rename).
 */
import * as fs from 'node:fs';
import { closeSync, existsSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_DB_FILE } from './db';
import { checkMarkerPath, markForCheck, openStoreRecovering } from './recover';
import { openStore } from './store';
import { contactDto, uuid } from './test-fixtures';

vi.mock('node:fs', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs')>();
  return { ...actual, renameSync: vi.fn(actual.renameSync), rmSync: vi.fn(actual.rmSync) };
});

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('the check at start when the damaged file cannot be set aside', () => {
  it('the store that opened is still returned (as before the change), not an app that cannot start on every launch', () => {
    const dir = mkdtempSync(join(tmpdir(), 'helena-recover-check-'));
    dirs.push(dir);
    const store = openStore({ location: dir });
    store.outbox.enqueue({
      message: { localId: uuid(), refId: uuid(), conversationKey: 's1', sessionId: 's1', text: 'oi', templateId: null, parameters: null, createdAt: '2024-01-01T00:00:00Z', userId: 'u1' },
      payload: { kind: 'text', body: { text: 'oi', refId: '' } },
    });
    for (let i = 0; i < 5000; i += 1000) {
      store.contacts.upsertContacts(Array.from({ length: 1000 }, (_, j) => contactDto({ name: `Contato ${i + j}`, phoneNumber: `+55119${String(i + j).padStart(8, '0')}` })));
    }
    store.close();
    // Damage some contact pages: the file opens, quick_check complains.
    const path = join(dir, DEFAULT_DB_FILE);
    const probe = new Database(path, { readonly: true });
    const pageSize = Number(probe.pragma('page_size', { simple: true }));
    const leaves = probe.prepare("SELECT pageno FROM dbstat WHERE name = 'contacts' AND pagetype = 'leaf' ORDER BY pageno").pluck().all() as number[];
    probe.close();
    const fd = openSync(path, 'r+');
    for (const page of leaves.slice(5, 9)) writeSync(fd, Buffer.alloc(pageSize, 0xa5), 0, pageSize, (page - 1) * pageSize);
    closeSync(fd);
    markForCheck(dir, undefined, 'SQLITE_CORRUPT');

    // The main file is held by another program: its rename fails.
    vi.mocked(fs.renameSync).mockImplementation((from) => {
      if (String(from).endsWith(DEFAULT_DB_FILE)) throw Object.assign(new Error('EBUSY: resource busy or locked'), { code: 'EBUSY' });
    });

    let opened: ReturnType<typeof openStoreRecovering> | null = null;
    let failure: unknown = null;
    try {
      opened = openStoreRecovering({ location: dir });
    } catch (error) {
      failure = error;
    }
    vi.mocked(fs.renameSync).mockReset();
    opened?.store.close();
    expect(existsSync(checkMarkerPath(dir))).toBe(true); // asked again next start: fine
    expect(failure).toBeNull(); // but this start must still open the queue it could open
  });

  it('a healthy database opens even when the check marker cannot be deleted (EPERM/EBUSY on Windows)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'helena-recover-check-'));
    dirs.push(dir);
    openStore({ location: dir }).close();
    markForCheck(dir, undefined, 'SQLITE_CORRUPT');
    const real = vi.mocked(fs.rmSync).getMockImplementation()!;
    vi.mocked(fs.rmSync).mockImplementation((target, options) => {
      if (String(target) === checkMarkerPath(dir)) throw Object.assign(new Error('EPERM: operation not permitted'), { code: 'EPERM' });
      return real(target, options);
    });
    let failure: unknown = null;
    try {
      openStoreRecovering({ location: dir }).store.close();
    } catch (error) {
      failure = error;
    } finally {
      vi.mocked(fs.rmSync).mockImplementation(real);
    }
    expect(failure).toBeNull();
  });
});
