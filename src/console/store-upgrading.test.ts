/**
 * The first open after an upgrade migrates the cache, holding the thread for seconds: open() says
 * so first ('store-upgrading', and onUpgrading for a host that hears events only once open), and
 * lets the event loop turn before the migrations start so the word leaves the process.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_DB_FILE } from '../store/db';
import { migrate } from '../store/migrate';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from '../store/migrations';
import { HelenaConsole } from './console';
import type { CoreEvent } from './core-events';
import { MemorySecretStore } from './secret-store';
import { fakeEngines } from './test-support';

const PRICES = { UTILITY: { BR: { amount: 0.008, currency: 'USD' } } };
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'helena-upgrading-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** The version the cache file holds now, read by a connection of its own. */
function versionOnDisk(dir: string): number {
  const db = new Database(join(dir, DEFAULT_DB_FILE), { readonly: true });
  try {
    return Number(db.pragma('user_version', { simple: true }));
  } finally {
    db.close();
  }
}

/** Opens a console on `dir`, recording what it says and what the file held when it said it. */
async function openOn(dir: string) {
  const core = new HelenaConsole({ secrets: new MemorySecretStore(), prices: PRICES, engines: fakeEngines().factory });
  cleanups.push(() => core.close());
  const heard: Array<{ event: CoreEvent; version: number }> = [];
  const upgrading: number[] = [];
  /** What the file held when a timer set in onUpgrading ran: before the migrations only if open yielded. */
  const afterYield: number[] = [];
  const logs: string[] = [];
  core.on((event) => heard.push({ event, version: versionOnDisk(dir) }));
  await core.open({
    location: dir,
    baseUrl: 'http://127.0.0.1:9',
    log: (line) => logs.push(line),
    onUpgrading: () => {
      upgrading.push(versionOnDisk(dir));
      setTimeout(() => afterYield.push(versionOnDisk(dir)), 0);
    },
  });
  return { core, heard, upgrading, afterYield, logs };
}

describe('opening a cache from an older version', () => {
  it('says so before the migrations start, and lets the word leave before the thread is held', async () => {
    const dir = tempDir();
    const old = new Database(join(dir, DEFAULT_DB_FILE));
    migrate(old, MIGRATIONS.filter((m) => m.version < LATEST_SCHEMA_VERSION));
    old.close();

    const opened = await openOn(dir);
    const older = LATEST_SCHEMA_VERSION - 1;
    expect(opened.heard.filter(({ event }) => event.type === 'store-upgrading')).toEqual([{ event: { type: 'store-upgrading' }, version: older }]);
    expect(opened.upgrading).toEqual([older]);
    expect(opened.afterYield).toEqual([older]);
    expect(versionOnDisk(dir)).toBe(LATEST_SCHEMA_VERSION);
    expect(opened.logs.join('\n')).toMatch(new RegExp(`atualizando do esquema ${older} para o ${LATEST_SCHEMA_VERSION}`));
    expect(opened.logs.join('\n')).toMatch(new RegExp(`esquema atualizado para o ${LATEST_SCHEMA_VERSION} em \\d+ ms`));
    expect((await opened.core.invoke('state.snapshot', {})).auth).toBe('logged_out');
  });

  it('says nothing on a fresh install, nor when the cache is already current', async () => {
    const dir = tempDir();
    const fresh = await openOn(dir);
    expect(fresh.heard.filter(({ event }) => event.type === 'store-upgrading')).toEqual([]);
    expect(fresh.upgrading).toEqual([]);
    await fresh.core.close();

    const again = await openOn(dir);
    expect(again.heard.filter(({ event }) => event.type === 'store-upgrading')).toEqual([]);
    expect(again.upgrading).toEqual([]);
    expect(again.logs).toEqual([]);
  });
});
