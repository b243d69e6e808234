import Database from 'better-sqlite3';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_DB_FILE } from './db';
import { migrate } from './migrate';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from './migrations';
import { INDEX_TEXT_FACT, indexTextFingerprint } from './index-text-fingerprint';
import { pendingMigrations } from './pending-migrations';
import { openStore } from './store';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'helena-pending-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A cache as the build before this one left it: every migration but the last. */
function olderCache(dir: string): void {
  const db = new Database(join(dir, DEFAULT_DB_FILE));
  db.pragma('journal_mode = WAL');
  migrate(db, MIGRATIONS.filter((m) => m.version < LATEST_SCHEMA_VERSION));
  db.close();
}

describe('pendingMigrations: does opening the cache migrate data it already holds?', () => {
  it('a fresh install (no file yet) and an in-memory cache: nothing to say', () => {
    const dir = tempDir();
    expect(pendingMigrations({ location: dir })).toBeNull();
    expect(pendingMigrations({ location: join(dir, 'not-made-yet') })).toBeNull();
    expect(pendingMigrations({ location: ':memory:' })).toBeNull();
  });

  it('a cache from the previous build: pending, from its version to this build’s, and the look changes nothing', () => {
    const dir = tempDir();
    olderCache(dir);
    expect(pendingMigrations({ location: dir })).toEqual({ from: LATEST_SCHEMA_VERSION - 1, to: LATEST_SCHEMA_VERSION });
    // The real open still finds the migration to run.
    const store = openStore({ location: dir });
    expect(store.migration).toMatchObject({ from: LATEST_SCHEMA_VERSION - 1, to: LATEST_SCHEMA_VERSION });
    store.close();
    expect(pendingMigrations({ location: dir })).toBeNull();
  });

  it('a current cache whose e-mail index another Electron folded: pending as a rebuild, once', () => {
    const dir = tempDir();
    openStore({ location: dir }).close();
    expect(pendingMigrations({ location: dir })).toBeNull();
    const other = new Database(join(dir, DEFAULT_DB_FILE));
    other.prepare('UPDATE search_facts SET value = ? WHERE name = ?').run((indexTextFingerprint() + 1) >>> 0, INDEX_TEXT_FACT);
    other.close();
    expect(pendingMigrations({ location: dir })).toEqual({ from: LATEST_SCHEMA_VERSION, to: LATEST_SCHEMA_VERSION, reindex: true });
    // The open rebuilds it and records this runtime's fingerprint: nothing more to say after.
    openStore({ location: dir, log: () => {} }).close();
    expect(pendingMigrations({ location: dir })).toBeNull();
  });

  it('reads the version a crash left in the WAL, not only the file header', () => {
    const dir = tempDir();
    olderCache(dir);
    const writer = new Database(join(dir, DEFAULT_DB_FILE));
    writer.pragma('wal_autocheckpoint = 0');
    writer.pragma(`user_version = ${LATEST_SCHEMA_VERSION}`);
    // Still open: the bump is in the -wal only, as after a power cut.
    expect(pendingMigrations({ location: dir })).toBeNull();
    writer.close();
  });

  it('a file name of its own is honoured', () => {
    const dir = tempDir();
    const db = new Database(join(dir, 'outro.db'));
    migrate(db, MIGRATIONS.filter((m) => m.version <= 3));
    db.close();
    expect(pendingMigrations({ location: dir, fileName: 'outro.db' })).toEqual({ from: 3, to: LATEST_SCHEMA_VERSION });
    expect(pendingMigrations({ location: dir })).toBeNull();
  });

  it('a current cache, one from a newer build, and an empty file: nothing to say', () => {
    const current = tempDir();
    openStore({ location: current }).close();
    expect(pendingMigrations({ location: current })).toBeNull();

    const newer = tempDir();
    const db = new Database(join(newer, DEFAULT_DB_FILE));
    db.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 1}`);
    db.close();
    expect(pendingMigrations({ location: newer })).toBeNull();

    const empty = tempDir();
    writeFileSync(join(empty, DEFAULT_DB_FILE), '');
    expect(pendingMigrations({ location: empty })).toBeNull();
  });

  it('a damaged file, and a native module that does not load, answer none without throwing', () => {
    const dir = tempDir();
    writeFileSync(join(dir, DEFAULT_DB_FILE), 'isto não é um banco SQLite '.repeat(200));
    expect(pendingMigrations({ location: dir })).toBeNull();

    const older = tempDir();
    olderCache(older);
    expect(pendingMigrations({ location: older, nativeBinding: join(older, 'nao-existe.node') })).toBeNull();
  });
});
