/**
 * Electron's single-instance lock covers only another Electron on the same userData: `npm run web`
 * with HELENA_DATA_DIR on the desktop app's folder, or another Electron whose userData leads to the
 * same place, is met by the data folder's lock (src/store/data-dir-lock.ts) in the core's process.
 * Main must then say so — another copy is open, close it — and quit, rather than blame the data or
 * advise a reinstall. main.ts under the stand-in electron module, its core in a real Node child.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { serverDataDir } from '../src/server-setup/server-data-dir';
import { lockDataDir, type DataDirLock } from '../src/store/data-dir-lock';
import { loadMain } from './testing/load-main';

const BACKEND = 'http://127.0.0.1:9';

let userData: string;
let held: DataDirLock | null = null;
let signalListeners: { SIGINT: number; SIGTERM: number };
let errorListeners: { uncaughtException: number; unhandledRejection: number };

beforeEach(() => {
  userData = mkdtempSync(path.join(tmpdir(), 'helena-main-lock-'));
  vi.stubEnv('HELENA_URL', BACKEND);
  vi.stubEnv('HELENA_PRICES', '');
  vi.spyOn(console, 'error').mockImplementation(() => {});
  signalListeners = { SIGINT: process.listenerCount('SIGINT'), SIGTERM: process.listenerCount('SIGTERM') };
  errorListeners = { uncaughtException: process.listenerCount('uncaughtException'), unhandledRejection: process.listenerCount('unhandledRejection') };
});

afterEach(() => {
  held?.release();
  held = null;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    for (const listener of process.listeners(signal).slice(signalListeners[signal])) process.removeListener(signal, listener);
  }
  for (const listener of process.listeners('uncaughtException').slice(errorListeners.uncaughtException)) process.removeListener('uncaughtException', listener);
  for (const listener of process.listeners('unhandledRejection').slice(errorListeners.unhandledRejection)) process.removeListener('unhandledRejection', listener);
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
  rmSync(userData, { recursive: true, force: true });
});

describe('main process, with the data folder held by another Helena Desk', () => {
  it('says another copy is open (pt-BR, then English) and quits', async () => {
    // This test's process stands for the other copy (npm run web on the desktop's folder).
    held = lockDataDir(serverDataDir(userData, BACKEND));
    const electron = await loadMain(userData);
    electron.app.makeReady();
    await vi.waitFor(() => expect(electron.stub.errorBoxes).toHaveLength(1), { timeout: 15_000 });
    expect(electron.stub.errorBoxes[0]).toMatchObject({ title: 'Helena Desk já está aberto' });
    const content = electron.stub.errorBoxes[0]!.content;
    expect(content).toContain('O Helena Desk já está aberto com esta pasta de dados (em outra janela ou aba). Feche a outra cópia e tente de novo.');
    expect(content).toContain('Helena Desk is already open with this data folder (in another window or tab). Close the other copy and try again.');
    expect(content).not.toMatch(/reinstale|npm start/);
    await vi.waitFor(() => expect(electron.stub.quitsCompleted).toBe(1), { timeout: 10_000 });
  });
});
