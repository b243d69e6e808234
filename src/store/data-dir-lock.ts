/**
 * One core per data folder. Two Helena Desk processes on the same folder (two `npm run web` with
 * one HELENA_DATA_DIR, `npm start` beside `npm run web` pointed at the desktop app's folder, two
 * Electrons whose user-data folders lead to the same place) would each run sync and the outbox on
 * one cache: at start each outbox re-queues the rows the other has in flight, so a file goes up
 * twice and a message can reach the contact twice. Electron's single-instance lock covers only
 * Electron with one user-data folder; this lock covers any two processes, whatever started them.
 *
 * How: `<data folder>/desk.lock` is an SQLite database (an empty file) opened with
 * `locking_mode = EXCLUSIVE`; `BEGIN EXCLUSIVE` takes SQLite's exclusive lock on it, and in that
 * mode the connection keeps it for as long as it is open. SQLite locks through the OS (fcntl
 * byte-range locks on Linux and macOS, LockFileEx on Windows), and the OS drops them when the
 * process ends however it ends: a core
 * killed with SIGKILL, a power cut or a crash leaves no stale lock, so there is no "is the holder
 * still alive?" guess to make — the weakness of lock files that hold a pid or an mtime (mkdir-based
 * proper-lockfile declares a lock stale only after its update interval passes, so a crash costs the
 * next start that wait, and a busy event loop can get a live lock stolen). It needs no dependency:
 * better-sqlite3 is already the cache's driver, and the shell's native build (Electron's ABI) is
 * used for it as for the cache (nativeBinding).
 *
 * The same process locking the folder twice is refused too (SQLite tracks its locks per file
 * inside a process), so two cores in one process cannot share a folder either; closing the first
 * (release) lets the same process open it again, as signing out, another agent signing in and
 * changing servers need. One POSIX caveat, the reason nothing else may open this file: closing any
 * descriptor a process has on a file drops that process's fcntl locks on it. SQLite guards its own
 * connections against that; code reading desk.lock with fs would not be — nothing does.
 */
import Database from 'better-sqlite3';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { DataDirLockedError } from './data-dir-locked';

export { DATA_DIR_LOCKED, DATA_DIR_LOCKED_EN, DATA_DIR_LOCKED_PT_BR, DataDirLockedError, dataDirLockedNotice, isDataDirLocked } from './data-dir-locked';

/** The lock's file inside the data folder (beside helena-desk.db). */
export const DATA_DIR_LOCK_FILE = 'desk.lock';

export interface DataDirLock {
  readonly file: string;
  /** Lets the folder go (idempotent). The OS does the same when the process ends. */
  release(): void;
}

export interface LockDataDirOptions {
  /** better-sqlite3 built for the running runtime (Electron), as for the cache (db.ts). */
  nativeBinding?: string;
}

/** Takes the data folder's lock, or throws DataDirLockedError at once (no waiting) when it is held. */
export function lockDataDir(dir: string, options: LockDataDirOptions = {}): DataDirLock {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, DATA_DIR_LOCK_FILE);
  try {
    return take(dir, file, options);
  } catch (error) {
    if (!isDamaged(error)) throw error;
    // Not a database (an antivirus or a backup tool wrote over it; the lock itself never writes):
    // its contents mean nothing, so it is made again. It cannot be held while it reads as damaged
    // (a held lock answers BUSY before SQLite reads a byte), so this removes no live lock; only two
    // starts meeting the same damaged file at the same instant could both recreate it.
    rmSync(file, { force: true });
    rmSync(`${file}-journal`, { force: true });
    return take(dir, file, options);
  }
}

function take(dir: string, file: string, options: LockDataDirOptions): DataDirLock {
  // timeout 0: a held lock is refused at once, not after better-sqlite3's default 5 s of retries.
  const db = new Database(file, { timeout: 0, ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}) });
  try {
    db.pragma('locking_mode = EXCLUSIVE');
    // Nothing is ever written to this database, so no rollback journal is needed: in memory, not
    // even its 512-byte header touches the disk.
    db.pragma('journal_mode = MEMORY');
    // BEGIN EXCLUSIVE takes the file's exclusive lock now, or fails with SQLITE_BUSY; in exclusive
    // locking mode the connection never lets a lock go, so the rollback keeps it until close. Nothing
    // is written — the file stays empty — so a full disk cannot stop the app here (it opens, and says
    // the disk is full), and a kill at any instant leaves no journal to recover.
    db.exec('BEGIN EXCLUSIVE');
    db.exec('ROLLBACK');
  } catch (error) {
    db.close();
    if (isBusy(error)) throw new DataDirLockedError(dir);
    throw error;
  }
  return {
    file,
    release: () => {
      if (db.open) db.close();
    },
  };
}

function sqliteCode(error: unknown): string {
  const code = typeof error === 'object' && error !== null && 'code' in error ? (error as { code: unknown }).code : undefined;
  return typeof code === 'string' ? code : '';
}

function isBusy(error: unknown): boolean {
  const code = sqliteCode(error);
  return code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED');
}

function isDamaged(error: unknown): boolean {
  const code = sqliteCode(error);
  return code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT');
}
