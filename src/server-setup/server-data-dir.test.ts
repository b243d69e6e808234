import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_DB_FILE } from '../store/db';
import { adoptLegacyData, LEGACY_CORE_DATA, serverDataDir, serverFolderName } from './server-data-dir';

let root: string;
beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), 'helena-data-dir-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('one data folder per server', () => {
  it('named by the host, and apart for every other address, port or path', () => {
    const urls = [
      'https://api.helena.run',
      'https://gw.empresa.com.br/helena-a',
      'https://gw.empresa.com.br/helena-b',
      'http://127.0.0.1:4010',
      'http://127.0.0.1:4011',
      'http://[::1]:4010',
      'https://api.helena.run:8443',
    ];
    const names = urls.map(serverFolderName);
    expect(new Set(names).size).toBe(urls.length);
    for (const name of names) expect(name).toMatch(/^[a-z0-9._-]{1,60}-[0-9a-f]{10}$/);
    expect(names[0]).toMatch(/^api\.helena\.run-/);
    expect(names[3]).toMatch(/^127\.0\.0\.1_4010-/);
    // Stable from one start to the next.
    expect(serverFolderName('https://api.helena.run')).toBe(names[0]);
    expect(serverDataDir(root, 'https://api.helena.run')).toBe(path.join(root, 'servers', names[0] ?? ''));
  });

  it('knows the core’s database by the name the store gives it', () => {
    expect(LEGACY_CORE_DATA.databaseFile).toBe(DEFAULT_DB_FILE);
  });
});

describe('adoptLegacyData: the cache from before per-server folders moves into its server’s folder', () => {
  const legacy = { ...LEGACY_CORE_DATA, companions: [...LEGACY_CORE_DATA.companions, 'helena-token.bin'] };

  function writeLegacy(): void {
    writeFileSync(path.join(root, 'helena-desk.db'), 'db');
    writeFileSync(path.join(root, 'helena-desk.db-wal'), 'wal');
    writeFileSync(path.join(root, 'helena-token.bin'), 'token');
    mkdirSync(path.join(root, 'attachments'));
    writeFileSync(path.join(root, 'attachments', 'file'), 'bytes');
    // Electron's own files stay where they are.
    writeFileSync(path.join(root, 'Preferences'), '{}');
  }

  it('moves the database with its WAL, the token and the attached files; leaves the rest', async () => {
    writeLegacy();
    const target = serverDataDir(root, 'http://127.0.0.1:4010');
    expect(await adoptLegacyData(root, target, legacy)).toBe(true);
    expect(readdirSync(target).sort()).toEqual(['attachments', 'helena-desk.db', 'helena-desk.db-wal', 'helena-token.bin']);
    expect(readFileSync(path.join(target, 'attachments', 'file'), 'utf8')).toBe('bytes');
    expect(readdirSync(root).sort()).toEqual(['Preferences', 'servers']);
    // Once is enough: nothing left to adopt.
    expect(await adoptLegacyData(root, target, legacy)).toBe(false);
  });

  it('never overwrites a folder that already has a database, and does nothing without a legacy one', async () => {
    const target = serverDataDir(root, 'https://api.helena.run');
    expect(await adoptLegacyData(root, target, legacy)).toBe(false);
    expect(existsSync(target)).toBe(false);
    writeLegacy();
    mkdirSync(target, { recursive: true });
    writeFileSync(path.join(target, 'helena-desk.db'), 'newer');
    expect(await adoptLegacyData(root, target, legacy)).toBe(false);
    expect(readFileSync(path.join(target, 'helena-desk.db'), 'utf8')).toBe('newer');
    expect(readFileSync(path.join(root, 'helena-desk.db'), 'utf8')).toBe('db');
  });

  it('a move cut short (companions moved, database not) is finished on the next start', async () => {
    writeLegacy();
    const target = serverDataDir(root, 'http://127.0.0.1:4010');
    mkdirSync(target, { recursive: true });
    // As if the first try stopped after the WAL.
    writeFileSync(path.join(target, 'helena-desk.db-wal'), 'wal');
    rmSync(path.join(root, 'helena-desk.db-wal'));
    expect(await adoptLegacyData(root, target, legacy)).toBe(true);
    expect(readdirSync(target).sort()).toEqual(['attachments', 'helena-desk.db', 'helena-desk.db-wal', 'helena-token.bin']);
    expect(existsSync(path.join(root, 'helena-desk.db'))).toBe(false);
  });
});
