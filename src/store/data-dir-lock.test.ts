/**
 * The data folder's lock (data-dir-lock.ts) against real processes: another process holding it
 * refuses this one, a holder killed with SIGKILL leaves nothing stale behind, and the same process
 * can let go and take it again.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { DATA_DIR_LOCK_FILE, DataDirLockedError, lockDataDir, type DataDirLock } from './data-dir-lock';
import { openStore } from './store';

const CHILD = join(import.meta.dirname, 'testing/data-dir-lock-child.ts');

const dirs: string[] = [];
const children: ChildProcess[] = [];
const locks: DataDirLock[] = [];

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'helena-lock-'));
  dirs.push(dir);
  return dir;
}

/** Another process that takes the folder's lock: resolves with its first line ('locked <pid>' or 'refused <code>'). */
async function holder(dir: string): Promise<{ child: ChildProcess; line: string }> {
  // node --import tsx rather than the tsx wrapper: SIGKILL must reach the process holding the lock.
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dir], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  const [line] = (await once(createInterface({ input: child.stdout! }), 'line')) as [string];
  return { child, line };
}

function take(dir: string): DataDirLock {
  const lock = lockDataDir(dir);
  locks.push(lock);
  return lock;
}

afterEach(() => {
  for (const lock of locks.splice(0)) lock.release();
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('data folder lock', () => {
  it('refuses a second process while the first holds the folder, with the typed error', async () => {
    const dir = tempDir();
    const first = await holder(dir);
    expect(first.line).toMatch(/^locked \d+$/);

    // This process is refused at once, with the error the shells recognise…
    const startedAt = Date.now();
    let refused: unknown = null;
    try {
      take(dir);
    } catch (error) {
      refused = error;
    }
    expect(Date.now() - startedAt).toBeLessThan(1_000);
    expect(refused).toBeInstanceOf(DataDirLockedError);
    expect(refused).toMatchObject({
      code: 'data_dir_locked',
      dir,
      message: 'O Helena Desk já está aberto com esta pasta de dados (em outra janela ou aba). Feche a outra cópia e tente de novo.',
      messageEn: 'Helena Desk is already open with this data folder (in another window or tab). Close the other copy and try again.',
    });
    // …and so is a third process.
    const third = await holder(dir);
    expect(third.line).toBe('refused data_dir_locked');

    // The lock is its own file: the cache beside it opens as before (tests and tools read it while the app runs).
    const store = openStore({ location: dir });
    expect(store.outbox.counts()).toBeDefined();
    store.close();
  }, 20_000);

  it('is free again as soon as the holder is killed with SIGKILL: no stale lock', async () => {
    const dir = tempDir();
    const first = await holder(dir);
    expect(first.line).toMatch(/^locked \d+$/);
    expect(() => take(dir)).toThrow(DataDirLockedError);

    first.child.kill('SIGKILL');
    await once(first.child, 'exit');
    expect(existsSync(join(dir, DATA_DIR_LOCK_FILE))).toBe(true); // the file stays; the OS dropped the lock
    const lock = take(dir);
    // And now this process is the one holding it.
    expect((await holder(dir)).line).toBe('refused data_dir_locked');
    lock.release();
    expect((await holder(dir)).line).toMatch(/^locked \d+$/);
  }, 20_000);

  it('lets the same process close and take it again, and refuses a second hold in the same process', () => {
    const dir = tempDir();
    const lock = take(dir);
    // Two cores in one process on one folder would be two outboxes just the same.
    expect(() => take(dir)).toThrow(DataDirLockedError);
    lock.release();
    lock.release(); // idempotent
    const again = take(dir);
    again.release();
    take(dir).release();
  });

  it('writes nothing: a full disk cannot keep the app from starting, and a kill leaves no journal', () => {
    const dir = tempDir();
    const lock = take(dir);
    expect(statSync(join(dir, DATA_DIR_LOCK_FILE)).size).toBe(0);
    expect(readdirSync(dir)).toEqual([DATA_DIR_LOCK_FILE]);
    lock.release();
  });

  it('makes the lock file again when something wrote over it', () => {
    const dir = tempDir();
    writeFileSync(join(dir, DATA_DIR_LOCK_FILE), 'x'.repeat(4096));
    const lock = take(dir);
    expect(statSync(join(dir, DATA_DIR_LOCK_FILE)).size).toBe(0); // made again, empty
    expect(() => take(dir)).toThrow(DataDirLockedError);
    lock.release();
  });

  it('creates the folder when it is not there yet (a server chosen for the first time)', () => {
    const dir = join(tempDir(), 'servers', 'api.helena.run-0123456789');
    take(dir).release();
    expect(existsSync(join(dir, DATA_DIR_LOCK_FILE))).toBe(true);
  });
});
