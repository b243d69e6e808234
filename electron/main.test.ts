/**
 * main.ts end to end under the stand-in electron module, with the real core in its own process
 * (utilityProcess.fork runs electron/core-process.ts in a Node child: testing/utility-process-stub.ts),
 * SQLite in a temp userData folder, a backend URL nobody answers: nothing here needs the network.
 */
import { EventEmitter } from 'node:events';
import { loadMain as loadFreshMain } from './testing/load-main';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { api, DEMO_LOGINS, readLoginCode, startTestSandbox } from '../sandbox/testing';
import { BRIDGE_CHANNELS } from '../src/console/bridge-contract';
import { serverDataDir } from '../src/server-setup/server-data-dir';
import { SAVED_SERVER_FILE, serverFileText } from '../src/server-setup/server-file';
import { UPDATE_CONFIG_FILE } from './app-layout';
import { packagedNativeBindingPath } from './native-binding';

type Stub = typeof import('./testing/electron-stub');

let userData: string;
let signalListeners: { SIGINT: number; SIGTERM: number };
/** main.ts catches uncaught errors into its log on import: each test's main leaves its own. */
let errorListeners: { uncaughtException: number; unhandledRejection: number };

const loadMain = (arrange?: (electron: Stub) => void): Promise<Stub> => loadFreshMain(userData, arrange);

beforeEach(() => {
  userData = mkdtempSync(path.join(tmpdir(), 'helena-main-'));
  vi.stubEnv('HELENA_URL', 'http://127.0.0.1:9');
  vi.stubEnv('HELENA_PRICES', '');
  vi.spyOn(console, 'error').mockImplementation(() => {});
  signalListeners = { SIGINT: process.listenerCount('SIGINT'), SIGTERM: process.listenerCount('SIGTERM') };
  errorListeners = { uncaughtException: process.listenerCount('uncaughtException'), unhandledRejection: process.listenerCount('unhandledRejection') };
});

afterEach(() => {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    const extra = process.listeners(signal).slice(signalListeners[signal]);
    for (const listener of extra) process.removeListener(signal, listener);
  }
  for (const listener of process.listeners('uncaughtException').slice(errorListeners.uncaughtException)) process.removeListener('uncaughtException', listener);
  for (const listener of process.listeners('unhandledRejection').slice(errorListeners.unhandledRejection)) process.removeListener('unhandledRejection', listener);
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
    // Date fields in pt-BR order whatever language the OS speaks.
    expect(electron.stub.switches).toContain('lang=pt-BR');
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
    // No Electron default menu (English, Ctrl+R reload, devtools, and Alt+H taken from the app on Windows).
    expect(electron.Menu.applicationMenu).toBeNull();
    expect(win.options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false });
    expect(String((win.options.webPreferences as { preload: string }).preload)).toMatch(/preload\.cjs$/);
    expect(electron.Tray.instances).toHaveLength(1);
    // The tray gets its 16 px icon (with @2x); the window the app icon, not that small one blown up in the taskbar.
    expect((electron.Tray.instances[0]!.image as { path: string }).path).toMatch(/tray-icon\.png$/);
    expect(String(win.options.icon)).toMatch(/window-icon\.png$/);
    // Run from a checkout: updates are off, said in one line.
    expect(vi.mocked(console.error).mock.calls.filter((call) => call.join(' ').includes('atualizações automáticas'))).toEqual([
      [expect.stringContaining('atualizações automáticas desligadas: rodando pelo código-fonte')],
    ]);
    // The core runs in a process of its own, forked from the bundle's folder.
    expect(NodeUtilityProcess.instances).toHaveLength(1);
    const coreProcess = NodeUtilityProcess.instances[0]!;
    expect(coreProcess.modulePath).toMatch(/core-process\.cjs$/);

    const frame = win.webContents.mainFrame;
    const snapshot = await electron.ipcMain.invokeFrom(win.webContents, frame, BRIDGE_CHANNELS.invoke, 'state.snapshot', {});
    expect(snapshot).toMatchObject({ ok: true, value: { auth: 'logged_out' } });
    const bad = await electron.ipcMain.invokeFrom(win.webContents, frame, BRIDGE_CHANNELS.invoke, 'no.such.command', {});
    expect(bad).toMatchObject({ ok: false, error: { code: 'unknown_command' } });

    // Closing the window keeps the app running: hidden to the tray, or minimized on a Linux desktop
    // that shows no tray (the test below).
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

  it('a page that loads while the core upgrades the cache hears it then, not once the core has opened', async () => {
    // A cache from the build before this one, kept where the first per-server start adopts it from.
    const Database = (await import('better-sqlite3')).default;
    const { migrate } = await import('../src/store/migrate');
    const { LATEST_SCHEMA_VERSION, MIGRATIONS } = await import('../src/store/migrations');
    const db = new Database(path.join(userData, 'helena-desk.db'));
    migrate(db, MIGRATIONS.filter((m) => m.version < LATEST_SCHEMA_VERSION));
    db.close();
    const electron = await loadMain();
    const { NodeUtilityProcess } = await import('./testing/utility-process-stub');
    // The migration of a small cache is over at once: the core's 'opened' is held back to stand for a long one.
    type CoreProcess = InstanceType<typeof NodeUtilityProcess>;
    const hold: { opened: { process: CoreProcess; message: unknown } | null } = { opened: null };
    const emit = NodeUtilityProcess.prototype.emit;
    vi.spyOn(NodeUtilityProcess.prototype, 'emit').mockImplementation(function (this: CoreProcess, name: string | symbol, ...args: unknown[]) {
      if (name === 'message' && (args[0] as { type?: unknown } | undefined)?.type === 'opened' && !hold.opened) {
        hold.opened = { process: this, message: args[0] };
        return true;
      }
      return emit.call(this, name, ...args);
    });
    electron.app.makeReady();
    await vi.waitFor(() => expect(electron.BrowserWindow.instances).toHaveLength(1), { timeout: 10_000 });
    const win = electron.BrowserWindow.instances[0]!;
    const upgrades = (): number => win.webContents.sent.filter((m) => m.channel === BRIDGE_CHANNELS.event && (m.args[0] as { type: string }).type === 'store-upgrading').length;
    await vi.waitFor(() => expect(hold.opened).not.toBeNull(), { timeout: 10_000 });
    // Sent as the core said it (to no page yet, in a real start), and again once the page has loaded.
    const live = upgrades();
    win.webContents.emit('did-finish-load');
    await vi.waitFor(() => expect(upgrades()).toBe(live + 1));

    emit.call(hold.opened!.process, 'message', hold.opened!.message);
    const ask = () => electron.ipcMain.invokeFrom(win.webContents, win.webContents.mainFrame, BRIDGE_CHANNELS.invoke, 'state.snapshot', {});
    expect(await ask()).toMatchObject({ ok: true, value: { auth: 'logged_out' } });
    win.webContents.emit('did-finish-load');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(upgrades()).toBe(live + 1);
    expect(electron.stub.errorBoxes).toEqual([]);

    electron.app.quit();
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

  it('with no server anywhere the window opens on the setup screen and no core runs until an address is saved; the next start opens it at once', async () => {
    vi.stubEnv('HELENA_URL', '');
    const sandbox = await startTestSandbox();
    try {
      const electron = await loadMain();
      const { NodeUtilityProcess } = await import('./testing/utility-process-stub');
      electron.app.makeReady();
      await vi.waitFor(() => expect(electron.BrowserWindow.instances).toHaveLength(1), { timeout: 10_000 });
      const win = electron.BrowserWindow.instances[0]!;
      const ask = (command: string, input: unknown = {}) => electron.ipcMain.invokeFrom(win.webContents, win.webContents.mainFrame, BRIDGE_CHANNELS.invoke, command, input);

      expect(await ask('server.state')).toEqual({ ok: true, value: { server: null, changeable: true } });
      expect(await ask('state.snapshot')).toMatchObject({ ok: false, error: { code: 'server.not_configured' } });
      // Port 9 on this machine: nobody listens.
      expect(await ask('server.save', { address: 'http://127.0.0.1:9' })).toMatchObject({ ok: false, error: { code: 'server.no_answer' } });
      expect(await ask('server.save', { address: 'http://192.168.0.10:4010' })).toMatchObject({ ok: false, error: { code: 'server.not_https' } });
      expect(NodeUtilityProcess.instances).toHaveLength(0);
      // The shell's commands are checked for their sender like the core's.
      const stranger = new electron.BrowserWindow();
      expect(await electron.ipcMain.invokeFrom(stranger.webContents, stranger.webContents.mainFrame, BRIDGE_CHANNELS.invoke, 'server.save', { address: sandbox.url })).toMatchObject({
        ok: false,
        error: { code: 'not_allowed' },
      });
      expect(existsSync(path.join(userData, SAVED_SERVER_FILE))).toBe(false);

      const host = sandbox.url.replace('http://', '');
      expect(await ask('server.save', { address: sandbox.url })).toEqual({ ok: true, value: { server: { url: sandbox.url, host, source: 'saved' }, changeable: true } });
      expect(NodeUtilityProcess.instances).toHaveLength(1);
      expect(await ask('state.snapshot')).toMatchObject({ ok: true, value: { auth: 'logged_out' } });
      // The core keeps this server's data in this server's own folder.
      expect(existsSync(path.join(serverDataDir(userData, sandbox.url), 'helena-desk.db'))).toBe(true);
      expect(existsSync(path.join(userData, 'helena-desk.db'))).toBe(false);
      expect(JSON.parse(readFileSync(path.join(userData, SAVED_SERVER_FILE), 'utf8'))).toEqual({ version: 1, url: sandbox.url });

      electron.app.quit();
      await vi.waitFor(() => expect(electron.stub.quitsCompleted).toBe(1), { timeout: 10_000 });
      expect(NodeUtilityProcess.instances[0]!.exitCode).toBe(0);

      const again = await loadMain();
      again.app.makeReady();
      await vi.waitFor(() => expect(NodeUtilityProcess.instances).toHaveLength(1), { timeout: 10_000 });
      await vi.waitFor(() => expect(again.BrowserWindow.instances).toHaveLength(1), { timeout: 10_000 });
      const next = again.BrowserWindow.instances[0]!;
      const askAgain = (command: string) => again.ipcMain.invokeFrom(next.webContents, next.webContents.mainFrame, BRIDGE_CHANNELS.invoke, command, {});
      expect(await askAgain('server.state')).toMatchObject({ ok: true, value: { server: { url: sandbox.url, source: 'saved' } } });
      expect(await askAgain('state.snapshot')).toMatchObject({ ok: true, value: { auth: 'logged_out' } });
      again.app.quit();
      await vi.waitFor(() => expect(again.stub.quitsCompleted).toBe(1), { timeout: 10_000 });
    } finally {
      await sandbox.close();
    }
  });

  it('HELENA_URL wins over a saved address, and the cache kept in userData before per-server folders moves into its folder', async () => {
    writeFileSync(path.join(userData, SAVED_SERVER_FILE), serverFileText('https://saved.example.com'));
    const Database = (await import('better-sqlite3')).default;
    const legacy = new Database(path.join(userData, 'helena-desk.db'));
    legacy.exec('CREATE TABLE legado (x); INSERT INTO legado VALUES (1);');
    legacy.close();
    const electron = await loadMain();
    electron.app.makeReady();
    await vi.waitFor(() => expect(electron.BrowserWindow.instances).toHaveLength(1), { timeout: 10_000 });
    const win = electron.BrowserWindow.instances[0]!;
    const ask = (command: string, input: unknown = {}) => electron.ipcMain.invokeFrom(win.webContents, win.webContents.mainFrame, BRIDGE_CHANNELS.invoke, command, input);
    expect(await ask('server.state')).toEqual({ ok: true, value: { server: { url: 'http://127.0.0.1:9', host: '127.0.0.1:9', source: 'env' }, changeable: false } });
    expect(await ask('state.snapshot')).toMatchObject({ ok: true, value: { auth: 'logged_out' } });
    expect(await ask('server.save', { address: 'https://other.example.com' })).toMatchObject({ ok: false, error: { code: 'server.set_by_env' } });
    const moved = path.join(serverDataDir(userData, 'http://127.0.0.1:9'), 'helena-desk.db');
    expect(existsSync(path.join(userData, 'helena-desk.db'))).toBe(false);
    electron.app.quit();
    await vi.waitFor(() => expect(electron.stub.quitsCompleted).toBe(1), { timeout: 10_000 });
    const db = new Database(moved, { readonly: true });
    expect(db.prepare('SELECT x FROM legado').get()).toEqual({ x: 1 });
    db.close();
  });

  it("writes <userData>/logs/main.log with the core's lines marked, an uncaught error too (no dialog), and the tray opens that folder", async () => {
    const electron = await loadMain();
    const { NodeUtilityProcess } = await import('./testing/utility-process-stub');
    electron.app.makeReady();
    await vi.waitFor(() => expect(electron.BrowserWindow.instances).toHaveLength(1), { timeout: 10_000 });
    const win = electron.BrowserWindow.instances[0]!;
    const ask = () => electron.ipcMain.invokeFrom(win.webContents, win.webContents.mainFrame, BRIDGE_CHANNELS.invoke, 'state.snapshot', {});
    expect(await ask()).toMatchObject({ ok: true });
    const logsDir = path.join(userData, 'logs');
    const logText = (): string => readFileSync(path.join(logsDir, 'main.log'), 'utf8');

    // The core's side refuses a message in no shape it knows, and says so in its own lines.
    NodeUtilityProcess.instances[0]!.postMessage({ type: 'formato-que-nao-existe' });
    await vi.waitFor(() => expect(logText()).toMatch(/\[warn\]\s+\(núcleo\) mensagem do aplicativo ignorada/), { timeout: 10_000 });
    expect(logText()).toMatch(/\[info\]\s+iniciando: Helena Desk 0\.0\.0-test/);

    // What Node would call for a throw nothing catches: main.ts's handler, not Electron's dialog.
    const handlers = process.listeners('uncaughtException').slice(errorListeners.uncaughtException);
    expect(handlers).toHaveLength(1);
    handlers[0]!(new Error('falhou no processo principal'), 'uncaughtException');
    expect(logText()).toMatch(/\[error\]\s+erro não tratado: Error: falhou no processo principal\n\s+at /);
    expect(electron.stub.errorBoxes).toEqual([]);

    const items = electron.Tray.instances[0]!.menu!.items;
    items.find((i) => i.label === 'Abrir pasta de registros')!.click!();
    expect(electron.stub.openedPaths).toEqual([logsDir]);
    items.find((i) => i.label === 'Copiar informações para o suporte')!.click!();
    expect(electron.stub.clipboardText).toMatch(/^Helena Desk 0\.0\.0-test · Electron/);
    expect(electron.stub.clipboardText).toContain('Servidor: 127.0.0.1:9');
    expect(electron.stub.clipboardText).toContain(`Registros: ${path.join(logsDir, 'main.log')}`);

    electron.app.quit();
    await vi.waitFor(() => expect(electron.stub.quitsCompleted).toBe(1), { timeout: 10_000 });
  });

  it("on Windows the installed app declares the installer's app ID before anything, so reply toasts show; from a checkout, Electron's own path", async () => {
    const platform = Object.getOwnPropertyDescriptor(process, 'platform');
    Object.defineProperty(process, 'platform', { value: 'win32', configurable: true });
    try {
      const installed = await loadMain((e) => {
        e.stub.packaged = true;
        e.stub.paths.userData = userData;
      });
      // The Start-menu shortcut carries electron-builder.yml's appId: only that ID gets toasts.
      const appId = /^appId:\s*(\S+)\s*$/m.exec(readFileSync(path.join(__dirname, '..', 'electron-builder.yml'), 'utf8'))?.[1];
      expect(appId).toBeDefined();
      expect(installed.stub.appUserModelId).toBe(appId);
      const checkout = await loadMain();
      expect(checkout.stub.appUserModelId).toBe(process.execPath);
    } finally {
      if (platform) Object.defineProperty(process, 'platform', platform);
    }
    const linux = await loadMain();
    expect(linux.stub.appUserModelId).toBeNull();
  });

  it('the window opens where the agent left it last time (maximized too), and its new place is saved when it closes', async () => {
    writeFileSync(path.join(userData, 'window-state.json'), JSON.stringify({ version: 1, x: 960, y: 0, width: 960, height: 1040, maximized: true }));
    const electron = await loadMain();
    electron.app.makeReady();
    await vi.waitFor(() => expect(electron.BrowserWindow.instances).toHaveLength(1), { timeout: 10_000 });
    const win = electron.BrowserWindow.instances[0]!;
    expect(win.options).toMatchObject({ x: 960, y: 0, width: 960, height: 1040 });
    win.emit('ready-to-show');
    expect(win.isMaximized()).toBe(true);
    win.bounds = { x: 0, y: 0, width: 1000, height: 800 };
    win.emit('close', new electron.FakeEvent());
    expect(JSON.parse(readFileSync(path.join(userData, 'window-state.json'), 'utf8'))).toMatchObject({ x: 0, width: 1000, maximized: true });
  });

  it('Linux: closing the window minimizes it until the session bus says the desktop shows the tray, then hides it there; the check never holds the window', async () => {
    const platform = Object.getOwnPropertyDescriptor(process, 'platform');
    Object.defineProperty(process, 'platform', { value: 'linux', configurable: true });
    let answer: (present: boolean) => void = () => {};
    const asked = vi.fn(() => new Promise<boolean>((resolve) => (answer = resolve)));
    vi.doMock('./linux-tray', async (importOriginal) => ({ ...(await importOriginal<typeof import('./linux-tray')>()), statusNotifierWatcherPresent: asked }));
    try {
      const electron = await loadMain();
      electron.app.makeReady();
      // The bus has not answered: the window opens all the same.
      await vi.waitFor(() => expect(electron.BrowserWindow.instances).toHaveLength(1), { timeout: 10_000 });
      await vi.waitFor(() => expect(asked).toHaveBeenCalledTimes(1));
      const win = electron.BrowserWindow.instances[0]!;
      win.emit('ready-to-show');
      win.close();
      // GNOME without AppIndicator (or no answer yet): still in the dock, not hidden with nothing to click.
      expect(win.isDestroyed()).toBe(false);
      expect(win.isMinimized()).toBe(true);
      expect(win.isVisible()).toBe(true);

      answer(true);
      await vi.waitFor(() => {
        win.restore();
        win.close();
        expect(win.isVisible()).toBe(false);
      });
      expect(asked).toHaveBeenCalledTimes(1);
      // A core closed while it is still opening takes its time: let it open first.
      await electron.ipcMain.invokeFrom(win.webContents, win.webContents.mainFrame, BRIDGE_CHANNELS.invoke, 'state.snapshot', {});
      electron.app.quit();
      await vi.waitFor(() => expect(electron.stub.quitsCompleted).toBe(1), { timeout: 10_000 });
    } finally {
      vi.doUnmock('./linux-tray');
      if (platform) Object.defineProperty(process, 'platform', platform);
    }
  });

  it('without a keyring the window is told the login lives in memory only; "Recarregar" reloads the window from main, for the window only', async () => {
    const electron = await loadMain((e) => {
      e.stub.storageBackend = 'basic_text';
    });
    electron.app.makeReady();
    await vi.waitFor(() => expect(electron.BrowserWindow.instances).toHaveLength(1), { timeout: 10_000 });
    const win = electron.BrowserWindow.instances[0]!;
    const ask = (command: string, frame = win.webContents.mainFrame) => electron.ipcMain.invokeFrom(win.webContents, frame, BRIDGE_CHANNELS.invoke, command, {});
    expect(await ask('app.loginStorage')).toEqual({ ok: true, value: { kept: 'memory' } });
    electron.stub.storageBackend = 'gnome_libsecret';
    expect(await ask('app.loginStorage')).toEqual({ ok: true, value: { kept: 'keyring' } });

    // The page's own location.reload() is refused by the navigation guard (window.ts); this is not.
    expect(win.webContents.pageReloads().defaultPrevented).toBe(true);
    expect(win.webContents.reloads).toBe(0);
    expect(await ask('app.reloadWindow')).toEqual({ ok: true, value: { reloading: true } });
    expect(win.webContents.reloads).toBe(1);
    // Behind the same sender check as every command: a frame inside the page reloads nothing.
    expect(await ask('app.reloadWindow', { url: 'app://helena/', parent: win.webContents.mainFrame })).toMatchObject({ ok: false, error: { code: 'not_allowed' } });
    expect(win.webContents.reloads).toBe(1);

    await ask('state.snapshot');
    electron.app.quit();
    await vi.waitFor(() => expect(electron.stub.quitsCompleted).toBe(1), { timeout: 10_000 });
  });

  it("Windows: a contact's reply toast left in the notification center is closed when the agent signs out, and the title's count goes", async () => {
    const sandbox = await startTestSandbox();
    const platform = Object.getOwnPropertyDescriptor(process, 'platform');
    Object.defineProperty(process, 'platform', { value: 'win32', configurable: true });
    try {
      vi.stubEnv('HELENA_URL', sandbox.url);
      const electron = await loadMain();
      electron.app.makeReady();
      await vi.waitFor(() => expect(electron.BrowserWindow.instances).toHaveLength(1), { timeout: 10_000 });
      const win = electron.BrowserWindow.instances[0]!;
      const ask = (command: string, input: unknown = {}) => electron.ipcMain.invokeFrom(win.webContents, win.webContents.mainFrame, BRIDGE_CHANNELS.invoke, command, input);
      expect(await ask('auth.requestCode', { login: DEMO_LOGINS.agent })).toMatchObject({ ok: true });
      expect(await ask('auth.verify', { login: DEMO_LOGINS.agent, code: await readLoginCode(sandbox, DEMO_LOGINS.agent) })).toMatchObject({ ok: true });
      // Once the first sync has the contacts.
      const contactId = await vi.waitFor(
        async () => {
          const found = (await ask('contacts.search', { query: 'vinicius romao' })) as { ok: true; value: { items: Array<{ id: string }> } };
          const id = found.value.items[0]?.id;
          if (!id) throw new Error('not synced yet');
          return id;
        },
        { timeout: 15_000, interval: 200 },
      );
      expect((await api(sandbox).post('/control/v1/inbound', { contactId, text: 'Preciso da segunda via do boleto.' })).status).toBe(200);
      await vi.waitFor(() => expect(electron.Notification.instances).toHaveLength(1), { timeout: 10_000 });
      const toast = electron.Notification.instances[0]!;
      toast.dismiss('timedOut'); // into the notification center, still clickable there
      expect(win.getTitle()).toBe('Helena Desk (1)');

      expect(await ask('auth.logout')).toEqual({ ok: true, value: { ok: true } });
      expect(toast.closed).toBe(true);
      expect(win.getTitle()).toBe('Helena Desk');
      electron.app.quit();
      await vi.waitFor(() => expect(electron.stub.quitsCompleted).toBe(1), { timeout: 10_000 });
    } finally {
      if (platform) Object.defineProperty(process, 'platform', platform);
      await sandbox.close();
    }
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

describe('main process, installed with an update feed (electron-updater stood in for)', () => {
  let resources: string;
  let resourcesBefore: PropertyDescriptor | undefined;

  /** Shaped like electron-updater's BaseUpdater where main.ts touches it; quitAndInstall quits on setImmediate as BaseUpdater does. */
  class FakeAutoUpdater extends EventEmitter {
    autoDownload = false;
    autoInstallOnAppQuit = false;
    logger: unknown = console;
    installs: Array<{ args: unknown[]; coreExitCode: number | null; quitCalls: number; lockReleased: boolean }> = [];
    constructor(private readonly electron: Stub, private readonly coreExitCode: () => number | null) {
      super();
    }
    checkForUpdates(): Promise<null> {
      return Promise.resolve(null);
    }
    quitAndInstall(...args: unknown[]): void {
      this.installs.push({ args, coreExitCode: this.coreExitCode(), quitCalls: this.electron.stub.quitCalls, lockReleased: this.electron.stub.singleInstanceLockReleased });
      setImmediate(() => this.electron.app.quit());
    }
  }

  beforeEach(() => {
    resources = mkdtempSync(path.join(tmpdir(), 'helena-resources-'));
    writeFileSync(path.join(resources, UPDATE_CONFIG_FILE), 'provider: generic\nurl: https://atualizacoes.empresa.com.br/helena/\nupdaterCacheDirName: helena-desk-updater\n');
    // The packaged app loads better-sqlite3 from app.asar.unpacked; the core runs under Node here, so Node's build stands in.
    const binding = packagedNativeBindingPath(resources);
    mkdirSync(path.dirname(binding), { recursive: true });
    copyFileSync(path.join(import.meta.dirname, '..', 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'), binding);
    resourcesBefore = Object.getOwnPropertyDescriptor(process, 'resourcesPath');
    Object.defineProperty(process, 'resourcesPath', { value: resources, configurable: true, writable: true });
    vi.stubEnv('APPIMAGE', path.join(resources, 'Helena-Desk.AppImage'));
  });

  afterEach(() => {
    vi.doUnmock('electron-updater');
    if (resourcesBefore) Object.defineProperty(process, 'resourcesPath', resourcesBefore);
    else Reflect.deleteProperty(process, 'resourcesPath');
    rmSync(resources, { recursive: true, force: true });
  });

  it('a downloaded version reaches the window; the restart closes the core, then electron-updater installs and its quit goes through', async () => {
    let updater: FakeAutoUpdater | null = null;
    // Read when electron-updater is asked to install: main.ts's own copy of the stub, loaded with it.
    let coreExitCode = (): number | null => null;
    vi.doMock('electron-updater', () => ({
      get autoUpdater() {
        return updater;
      },
    }));
    const electron = await loadMain((e) => {
      e.stub.packaged = true;
      updater = new FakeAutoUpdater(e, () => coreExitCode());
    });
    const { NodeUtilityProcess } = await import('./testing/utility-process-stub');
    coreExitCode = () => NodeUtilityProcess.instances[0]?.exitCode ?? null;
    const fake = updater as unknown as FakeAutoUpdater;
    electron.app.makeReady();
    await vi.waitFor(() => expect(electron.BrowserWindow.instances).toHaveLength(1), { timeout: 10_000 });
    const win = electron.BrowserWindow.instances[0]!;
    const ask = (command: string) => electron.ipcMain.invokeFrom(win.webContents, win.webContents.mainFrame, BRIDGE_CHANNELS.invoke, command, {});
    const sent = (): unknown[] => win.webContents.sent.filter((m) => m.channel === BRIDGE_CHANNELS.event).map((m) => m.args[0]);
    expect(await ask('state.snapshot')).toMatchObject({ ok: true, value: { auth: 'logged_out' } });
    await vi.waitFor(() => expect(fake.listenerCount('update-downloaded')).toBe(1));
    expect(fake).toMatchObject({ autoDownload: true, autoInstallOnAppQuit: true, logger: null });
    expect(await ask('app.updateStatus')).toEqual({ ok: true, value: { ready: null } });
    expect(await ask('app.restartToUpdate')).toMatchObject({ ok: false, error: { code: 'update.not_ready' } });

    fake.emit('update-downloaded', { version: '0.2.0', downloadedFile: '/tmp/Helena-Desk-0.2.0.AppImage' });
    expect(sent()).toContainEqual({ type: 'update-ready', version: '0.2.0' });
    expect(await ask('app.updateStatus')).toEqual({ ok: true, value: { ready: { version: '0.2.0' } } });

    expect(await ask('app.restartToUpdate')).toEqual({ ok: true, value: { restarting: true } });
    await vi.waitFor(() => expect(fake.installs).toHaveLength(1), { timeout: 10_000 });
    // When the installer starts, the core has closed its database and ended, nothing has quit yet, and the new version may take the lock.
    expect(fake.installs[0]).toEqual({ args: [true, true], coreExitCode: 0, quitCalls: 0, lockReleased: true });
    // electron-updater's own app.quit() is not held by before-quit: there is no core left to wait for.
    await vi.waitFor(() => expect(electron.stub.quitsCompleted).toBe(1));
    expect(electron.stub.quitCalls).toBe(1);
    expect(electron.stub.relaunches).toBe(0);
    expect(NodeUtilityProcess.instances).toHaveLength(1);
    expect(electron.ipcMain.handlers.size).toBe(0);
    expect(electron.stub.errorBoxes).toEqual([]);
  });
});
