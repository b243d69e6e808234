/**
 * main.ts end to end under the stand-in electron module, with the real core in its own process
 * (utilityProcess.fork runs electron/core-process.ts in a Node child: testing/utility-process-stub.ts),
 * SQLite in a temp userData folder, a backend URL nobody answers: nothing here needs the network.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BRIDGE_CHANNELS } from '../src/console/bridge-contract';

type Stub = typeof import('./testing/electron-stub');

let userData: string;
let signalListeners: { SIGINT: number; SIGTERM: number };

/** A fresh main.ts with a fresh stub (main.ts keeps its state in module scope, as in a real run). */
async function loadMain(arrange: (electron: Stub) => void = () => {}): Promise<Stub> {
  vi.resetModules();
  const electron = await import('./testing/electron-stub');
  electron.resetElectronStub();
  electron.stub.paths.userData = userData;
  arrange(electron);
  await import('./main');
  return electron;
}

beforeEach(() => {
  userData = mkdtempSync(path.join(tmpdir(), 'helena-main-'));
  vi.stubEnv('HELENA_URL', 'http://127.0.0.1:9');
  vi.stubEnv('HELENA_PRICES', '');
  vi.spyOn(console, 'error').mockImplementation(() => {});
  signalListeners = { SIGINT: process.listenerCount('SIGINT'), SIGTERM: process.listenerCount('SIGTERM') };
});

afterEach(() => {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    const extra = process.listeners(signal).slice(signalListeners[signal]);
    for (const listener of extra) process.removeListener(signal, listener);
  }
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
  rmSync(userData, { recursive: true, force: true });
});

describe('main process', () => {
  it('before ready: app:// is registered as a privileged standard scheme and the sandbox is forced', async () => {
    const electron = await loadMain();
    expect(electron.stub.ready).toBe(false);
    expect(electron.protocol.privileged).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
    expect(electron.stub.sandboxEnabled).toBe(true);
    expect(electron.BrowserWindow.instances).toHaveLength(0);
  });

  it('on ready: locks the session down, serves app://, opens the core, wires IPC, then quits closing the core once', async () => {
    const electron = await loadMain();
    const { NodeUtilityProcess } = await import('./testing/utility-process-stub');
    electron.app.makeReady();
    await vi.waitFor(() => expect(electron.BrowserWindow.instances).toHaveLength(1), { timeout: 10_000 });
    const win = electron.BrowserWindow.instances[0]!;
    const ses = electron.session.defaultSession;
    expect(ses.permissionRequestHandler).not.toBeNull();
    expect(ses.permissionCheckHandler?.({}, 'media', 'app://helena', {})).toBe(false);
    expect(electron.protocol.handlers.has('app')).toBe(true);
    expect(win.options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false });
    expect(String((win.options.webPreferences as { preload: string }).preload)).toMatch(/preload\.cjs$/);
    expect(electron.Tray.instances).toHaveLength(1);
    // The core runs in a process of its own, forked from the bundle's folder.
    expect(NodeUtilityProcess.instances).toHaveLength(1);
    const coreProcess = NodeUtilityProcess.instances[0]!;
    expect(coreProcess.modulePath).toMatch(/core-process\.cjs$/);

    const frame = win.webContents.mainFrame;
    const snapshot = await electron.ipcMain.invokeFrom(win.webContents, frame, BRIDGE_CHANNELS.invoke, 'state.snapshot', {});
    expect(snapshot).toMatchObject({ ok: true, value: { auth: 'logged_out' } });
    const bad = await electron.ipcMain.invokeFrom(win.webContents, frame, BRIDGE_CHANNELS.invoke, 'no.such.command', {});
    expect(bad).toMatchObject({ ok: false, error: { code: 'unknown_command' } });

    // Closing the window hides it to the tray; the app keeps running.
    win.close();
    expect(win.isDestroyed()).toBe(false);
    expect(win.isVisible()).toBe(false);

    electron.app.quit();
    expect(electron.stub.quitCalls).toBe(1);
    expect(electron.stub.quitsCompleted).toBe(0); // held until the core has closed
    electron.app.quit(); // an impatient second quit must not close the core twice
    expect(electron.stub.quitsCompleted).toBe(0);
    await vi.waitFor(() => expect(electron.stub.quitCalls).toBe(3), { timeout: 10_000 });
    expect(electron.stub.quitsCompleted).toBe(1);
    // The core closed its database and its process ended on its own, once.
    expect(coreProcess.exitCode).toBe(0);
    expect(NodeUtilityProcess.instances).toHaveLength(1);
    expect(electron.ipcMain.handlers.size).toBe(0);
    electron.app.quit();
    expect(electron.stub.quitCalls).toBe(4);
  });

  it("when the core's process dies, the window hears it, the core comes back, and the same IPC serves again", async () => {
    const electron = await loadMain();
    const { NodeUtilityProcess } = await import('./testing/utility-process-stub');
    electron.app.makeReady();
    await vi.waitFor(() => expect(electron.BrowserWindow.instances).toHaveLength(1), { timeout: 10_000 });
    const win = electron.BrowserWindow.instances[0]!;
    const sent = (): unknown[] => win.webContents.sent.filter((m) => m.channel === BRIDGE_CHANNELS.event).map((m) => m.args[0]);

    const ask = () => electron.ipcMain.invokeFrom(win.webContents, win.webContents.mainFrame, BRIDGE_CHANNELS.invoke, 'state.snapshot', {});
    // The window's first request waits for the core to open.
    expect(await ask()).toMatchObject({ ok: true, value: { auth: 'logged_out' } });

    NodeUtilityProcess.instances[0]!.kill('SIGKILL');
    await vi.waitFor(() => expect(sent()).toContainEqual({ type: 'core-link', state: 'down' }), { timeout: 10_000 });
    await vi.waitFor(() => expect(sent()).toContainEqual({ type: 'core-link', state: 'up' }), { timeout: 20_000 });
    expect(NodeUtilityProcess.instances).toHaveLength(2);
    expect(await ask()).toMatchObject({ ok: true, value: { auth: 'logged_out' } });
    expect(electron.stub.errorBoxes).toEqual([]);

    electron.app.quit();
    await vi.waitFor(() => expect(electron.stub.quitsCompleted).toBe(1), { timeout: 10_000 });
    expect(NodeUtilityProcess.instances[1]!.exitCode).toBe(0);
  });

  it('the window opens before the core has its data; a cache the core cannot open shows why, and the app quits', async () => {
    // A cache from a newer Helena Desk: the core refuses to touch it.
    const Database = (await import('better-sqlite3')).default;
    const db = new Database(path.join(userData, 'helena-desk.db'));
    db.pragma('user_version = 999');
    db.close();
    const electron = await loadMain();
    electron.app.makeReady();
    await vi.waitFor(() => expect(electron.BrowserWindow.instances).toHaveLength(1));
    await vi.waitFor(() => expect(electron.stub.errorBoxes).toHaveLength(1), { timeout: 10_000 });
    expect(electron.stub.errorBoxes[0]).toMatchObject({
      title: 'Helena Desk: não foi possível abrir os dados locais',
      content: expect.stringMatching(/versão mais nova do Helena Desk \(esquema 999/) as unknown,
    });
    await vi.waitFor(() => expect(electron.stub.quitsCompleted).toBe(1), { timeout: 10_000 });
  });

  it('a bad HELENA_URL shows a pt-BR error box and quits, with no window', async () => {
    vi.stubEnv('HELENA_URL', 'ftp://helena.example');
    const electron = await loadMain();
    electron.app.makeReady();
    await vi.waitFor(() => expect(electron.stub.errorBoxes).toHaveLength(1));
    expect(electron.stub.errorBoxes[0]!.content).toMatch(/HELENA_URL deve começar com https:\/\//);
    expect(electron.stub.quitCalls).toBe(1);
    expect(electron.BrowserWindow.instances).toHaveLength(0);
  });

  it('a second launch quits at once and leaves the first one alone', async () => {
    const electron = await loadMain((e) => {
      e.stub.singleInstanceLock = false;
    });
    expect(electron.stub.quitCalls).toBe(1);
    electron.app.makeReady();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(electron.BrowserWindow.instances).toHaveLength(0);
  });
});
