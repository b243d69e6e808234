/**
 * Electron main process: wires the core (src/console) to the OS — the app:// protocol, one
 * hardened window, the IPC bridge, secrets in safeStorage, the tray and reply notifications.
 * Bundled by scripts/build.ts into dist/electron/main.cjs (beside preload.cjs and the tray icon);
 * the renderer is in dist/renderer.
 *
 * Which HelenaCRM: HELENA_URL, else the agent's saved choice, else the installer's default
 * (src/server-setup/server-settings.ts). With none, the window opens on the setup screen and no
 * core runs until the agent saves an address (ServerGate answers server.* here, before the core).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { app, dialog, ipcMain, Menu, Notification, powerMonitor, protocol, safeStorage, screen, session, utilityProcess, type BrowserWindow, type Tray } from 'electron';
import { AppConfigError, backendUrlFrom, extraCaFrom, pricesFrom, proxyEnvFrom } from '../src/console/app-config';
import { createNetRoute } from '../src/net/net-route';
import { proxyResolver, type ProxyResolver } from '../src/net/proxy-resolver';
import { NetworkWatch, type NetworkCheck } from '../src/net/network-watch';
import { MAX_ALIVE_WITHIN_MS, type NetworkChangeMessage } from '../src/host/core-protocol';
import { withNetworkCommands } from '../src/console/network-commands';
import { probeServer } from '../src/server-setup/server-probe';
import { CoreLink, CoreOpenError, type CoreLinkChange } from '../src/host/core-link';
import type { ConsoleErrorCode } from '../src/console/errors';
import { adoptLegacyData, LEGACY_CORE_DATA, type LegacyData, serverDataDir } from '../src/server-setup/server-data-dir';
import { SAVED_SERVER_FILE } from '../src/server-setup/server-file';
import { ServerGate, type GatedCore } from '../src/server-setup/server-gate';
import { ServerSettings, type ChosenServer } from '../src/server-setup/server-settings';
import { withUpdateCommands } from '../src/console/update-commands';
import { withWindowCommands } from '../src/console/window-commands';
import { appUserModelId, installerServerFile, shellLayout, updateConfigFile } from './app-layout';
import { applicationMenuTemplate } from './app-menu';
import { spellcheckInPortuguese } from './context-menu';
import { APP_SCHEME, APP_SCHEME_PRIVILEGES, createAppProtocolHandler } from './app-protocol';
import { wireIpcBridge, type IpcBridge } from './ipc';
import { hidingTokensFromLog, log } from './log';
import { nativeBindingFor } from './native-binding';
import { closeAction, runCommand, statusNotifierWatcherPresent } from './linux-tray';
import { createSecretStore, encryptionIsReal, TOKEN_FILE_NAME } from './secrets';
import { denyAllPermissions } from './session-policy';
import { runtimeSummary, supportInfo } from './support-info';
import { APP_TITLE, createReplyNotifier, createTray, openAtLoginSetting, watchingTheAgent } from './tray';
import { startUpdates, type Updates } from './updates';
import { createMainWindow, hardenWebContents, revealWindow } from './window';
import { rememberWindowPlace, savedWindowPlace } from './window-state';

const { projectRoot, rendererDir, preloadPath, iconPath, windowIconPath, coreEntry } = shellLayout(__dirname);

// First, so whatever goes wrong after is written down: packaged on Windows stderr reaches no one,
// and this file is what support asks for. The main process and the core's lines both land here.
const logsDir = path.join(app.getPath('userData'), 'logs');
log.openFile({ dir: logsDir });
log.catchUncaught();

// Before any notification: without the ID its Start-menu shortcut carries, Windows shows no toast for a reply.
if (process.platform === 'win32') app.setAppUserModelId(appUserModelId(app.isPackaged, process.execPath));

// Both must precede `ready`: Electron fixes scheme privileges and the sandbox default at startup.
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
app.enableSandbox();
// Chromium writes a date field (Alt+G's <input type="datetime-local">) in the OS's locale, not the
// page's: on an English Windows an agent read "mm/dd/yyyy, 09:00 AM" in a pt-BR app. The app is
// pt-BR by default; an agent who picks English keeps the Brazilian day/month order.
app.commandLine.appendSwitch('lang', 'pt-BR');

let win: BrowserWindow | null = null;
let tray: Tray | null = null;
/** A core as main.ts drives it: the gate's, and the news that the network may have changed. */
interface ShellCore extends GatedCore {
  networkChanged(change: NetworkChangeMessage): void;
  /** Still migrating the cache, as the core said (CoreLink.upgrading). */
  upgrading(): boolean;
}

let gate: ServerGate<ShellCore> | null = null;
let network: NetworkWatch | null = null;
let bridge: IpcBridge | null = null;
let updates: Updates | null = null;
let quitting = false;
let coreClosing: Promise<void> | null = null;
let toldAboutTray = false;
/** Linux: whether the desktop shows the tray icon (linux-tray.ts); null until the session bus answers. */
let linuxTray: boolean | null = null;

function fail(title: string, message: string): void {
  dialog.showErrorBox(title, message);
  quitting = true;
  app.quit();
}

function reveal(): void {
  if (win && !win.isDestroyed()) revealWindow(win);
}

function hideToTray(window: BrowserWindow): void {
  window.hide();
  if (toldAboutTray || !Notification.isSupported()) return;
  toldAboutTray = true;
  new Notification({
    title: APP_TITLE,
    body: 'O Helena Desk continua aberto na bandeja e avisa quando um contato responder. Para sair, use "Sair" no ícone da bandeja.',
  }).show();
}

/**
 * Closes the core (sync, outbox, SQLite) and the bridge to it, once: a quit and a restart to update
 * share the one close. Never rejects.
 */
function closeCore(): Promise<void> {
  coreClosing ??= (async () => {
    bridge?.dispose();
    bridge = null;
    try {
      await gate?.close();
    } catch (error) {
      log.error('o núcleo não fechou corretamente', error);
    }
    gate = null;
  })();
  return coreClosing;
}

/** The core's process died and is restarting, came back, or kept dying. */
function onCoreChange(change: CoreLinkChange): void {
  if (change === 'failed') {
    fail(
      'Helena Desk parou',
      'Uma parte interna do Helena Desk falhou várias vezes seguidas. Suas mensagens na fila e rascunhos estão guardados neste computador.\n\nAbra o Helena Desk novamente; se continuar, avise o suporte.',
    );
    return;
  }
  bridge?.send({ type: 'core-link', state: change });
}

/**
 * The core's refusal when another Helena Desk runs on the server's data folder (src/store/data-dir-lock.ts),
 * named by type only: main carries no store module (scripts/package-app.test.ts).
 */
const DATA_DIR_LOCKED: ConsoleErrorCode = 'data_dir_locked';

/** What the user-data folder held before each server had a folder of its own, the token included. */
const LEGACY_DATA: LegacyData = { ...LEGACY_CORE_DATA, companions: [...LEGACY_CORE_DATA.companions, TOKEN_FILE_NAME] };

interface CoreSetup {
  userData: string;
  prices: ReturnType<typeof pricesFrom>;
  nativeBinding: string | undefined;
  /** The proxy for a server: HELENA_PROXY, or what Chromium says the OS settings (PAC, WPAD) choose. */
  resolveProxy: ProxyResolver;
  /** HELENA_CA_FILE's certificates, read once at start. */
  extraCa: string | null;
}

/**
 * The core's process for one server: its own data folder and its own saved login (server-data-dir.ts
 * says why). The returned core is what the gate closes when the agent changes servers; a core closed
 * that way before it opened is not a failure to report.
 */
async function openCoreFor(server: ChosenServer, setup: CoreSetup): Promise<ShellCore> {
  const dataDir = serverDataDir(setup.userData, server.url);
  if (server.source === 'env') {
    try {
      if (await adoptLegacyData(setup.userData, dataDir, LEGACY_DATA)) log.info(`dados locais de ${server.url} movidos para ${dataDir}`);
    } catch (error) {
      // Opening an empty folder instead would hide the agent's queued messages: better to stop and say so.
      fail(
        'Helena Desk: não foi possível organizar os dados locais',
        `${error instanceof Error ? error.message : String(error)}\n\nFeche outras cópias do Helena Desk e tente de novo. Se continuar, avise o suporte: suas mensagens na fila estão em ${setup.userData}.`,
      );
      throw error;
    }
  }
  // Once per server: the core's restarts reuse the choice (proxy-resolver.ts says what that skips).
  const proxy = await setup.resolveProxy(server.url);
  let retired = false;
  // The core (SQLite, sync, outbox) runs in a utilityProcess: a long write or a migration never
  // holds this process, which routes the window's input, the tray and IPC. The token stays here.
  const link = CoreLink.launch({
    // No `cwd`: one inside app.asar keeps a utility process from starting (electron/electron#41396).
    spawn: () => utilityProcess.fork(coreEntry, [], { serviceName: 'Helena Desk (núcleo)', stdio: 'inherit' }),
    open: {
      dataDir,
      baseUrl: server.url,
      prices: setup.prices,
      ...(setup.nativeBinding ? { nativeBinding: setup.nativeBinding } : {}),
      ...(proxy.url ? { proxyUrl: proxy.url } : {}),
      ...(setup.extraCa ? { extraCa: setup.extraCa } : {}),
    },
    secrets: hidingTokensFromLog(createSecretStore(safeStorage, dataDir)),
    log: { warn: (message) => log.warn(message), error: (message) => log.error(message), core: (level, message) => log.core(level, message) },
  });
  link.onChange(onCoreChange);
  link.ready.catch((error: unknown) => {
    if (quitting || retired) return;
    if (error instanceof CoreOpenError && error.code === DATA_DIR_LOCKED) {
      // Another Helena Desk (npm run web, another user-data folder) runs the core on this folder:
      // nothing is wrong with the data, and reinstalling would not help.
      fail('Helena Desk já está aberto', `${error.message}\n\n${error.messageEn ?? ''}\n\n${dataDir}`.trim());
      return;
    }
    const detail = error instanceof Error ? error.message : String(error);
    fail(
      'Helena Desk: não foi possível abrir os dados locais',
      app.isPackaged
        ? `${detail}\n\nFeche outras cópias do Helena Desk e tente de novo. Se continuar, reinstale o Helena Desk.`
        : `${detail}\n\nFeche outras cópias do Helena Desk e tente de novo. Se estiver rodando pelo código-fonte, rode "npm start" para preparar o módulo nativo do Electron.`,
    );
  });
  return {
    handle: (command, input) => link.handle(command, input),
    on: (listener) => link.on(listener),
    close: () => {
      retired = true;
      return link.close();
    },
    networkChanged: (change) => link.networkChanged(change),
    upgrading: () => link.upgrading,
  };
}

/**
 * The network may have changed (network-watch.ts heard a wake, an unlock, other interfaces, the
 * window's 'online'): the proxy is chosen again for the server in use — at home the office's PAC
 * script or WPAD answers DIRECT, or does not answer — and the core takes it and checks its
 * connection now (socket dialled again unless it proved alive, delta sync, outbox).
 */
async function checkConnection(serverGate: ServerGate<ShellCore>, resolveProxy: ProxyResolver, check: NetworkCheck): Promise<void> {
  const server = serverGate.state().server;
  const core = await serverGate.core();
  if (!server || !core) return;
  // Chromium re-reads the OS settings and the PAC script on its own, but not at once after a change;
  // this drops what it had decided, so the answer below is about the network the computer is on now.
  await session.defaultSession.forceReloadProxyConfig().catch((error: unknown) => log.warn('a configuração de proxy não pôde ser relida', error));
  const proxy = await resolveProxy(server.url);
  core.networkChanged({ proxyUrl: proxy.url, aliveWithinMs: Math.min(MAX_ALIVE_WITHIN_MS, check.sinceFirstMs()) });
}

async function start(): Promise<void> {
  log.info(`iniciando: ${runtimeSummary()}`);
  denyAllPermissions(session.defaultSession);
  spellcheckInPortuguese(session.defaultSession, process.platform);
  const menu = applicationMenuTemplate(process.platform);
  Menu.setApplicationMenu(menu ? Menu.buildFromTemplate(menu) : null);
  protocol.handle(APP_SCHEME, createAppProtocolHandler(rendererDir));

  let envUrl: string | null;
  let prices: ReturnType<typeof pricesFrom>;
  let proxyEnv: ReturnType<typeof proxyEnvFrom>;
  let extraCa: string | null;
  try {
    envUrl = process.env.HELENA_URL ? backendUrlFrom(process.env.HELENA_URL) : null;
    prices = pricesFrom(process.env.HELENA_PRICES);
    // HTTPS_PROXY and NO_PROXY count from a checkout (npm start), not on an agent's desktop (proxy-config.ts).
    proxyEnv = proxyEnvFrom(process.env, !app.isPackaged);
    extraCa = extraCaFrom(process.env.HELENA_CA_FILE);
  } catch (error) {
    if (!(error instanceof AppConfigError)) throw error;
    fail('Helena Desk: configuração inválida', `${error.message}\n\nCorrija a configuração e abra o Helena Desk novamente.`);
    return;
  }

  const userData = app.getPath('userData');
  const settings = await ServerSettings.load({
    envUrl,
    savedFile: path.join(userData, SAVED_SERVER_FILE),
    installerFile: installerServerFile(app.isPackaged, process.resourcesPath),
    log: (message) => log.warn(message),
  });
  // Chromium knows the OS proxy settings, the PAC script and WPAD; the core's Node does not.
  const resolveProxy = proxyResolver({
    env: proxyEnv,
    system: (url) => session.defaultSession.resolveProxy(url),
    log: { info: (message) => log.info(message), warn: (message) => log.warn(message) },
  });
  const setup: CoreSetup = {
    userData,
    prices,
    resolveProxy,
    extraCa,
    nativeBinding: nativeBindingFor({
      packaged: app.isPackaged,
      resourcesPath: process.resourcesPath,
      projectRoot,
      electronVersion: process.versions.electron,
    }),
  };
  const serverGate = new ServerGate<ShellCore>({
    settings,
    openCore: (server) => openCoreFor(server, setup),
    // The address typed is checked the way the core will reach it: the same proxy, the same certificates.
    probe: async (url) =>
      probeServer(url, { route: createNetRoute({ proxyUrl: (await resolveProxy(url)).url, extraCa, warn: (message) => log.warn(message) }) }),
    log: { warn: (message) => log.warn(message), error: (message) => log.error(message) },
  });
  gate = serverGate;
  // Before the window: the gate then knows its core (or that there is none) when the page first asks.
  // The window opens at once ("Abrindo o Helena Desk…" or the setup screen); its requests wait for the core.
  void serverGate.start();

  // Off with one log line from a checkout or a package without a feed (electron/updates.ts).
  updates = startUpdates(
    {
      packaged: app.isPackaged,
      platform: process.platform,
      configFile: updateConfigFile(app.isPackaged, process.resourcesPath),
      exists: existsSync,
      appImage: process.env.APPIMAGE,
    },
    {
      load: async () => (await import('electron-updater')).autoUpdater,
      log,
      send: (event) => bridge?.send(event),
      // updates.ts says why the core closes before the installer starts.
      beforeInstall: async () => {
        quitting = true;
        await closeCore();
        app.releaseSingleInstanceLock();
      },
      relaunch: () => {
        app.relaunch();
        app.quit();
      },
    },
  );

  // Neither Electron nor Node says "the network changed": the watch puts the signs together (network-watch.ts).
  const watch = new NetworkWatch({
    power: powerMonitor,
    onCheck: (check) => checkConnection(serverGate, resolveProxy, check),
    log: (message) => log.info(message),
    onError: (error) => log.warn('a verificação da conexão depois de uma mudança de rede falhou', error),
  });
  network = watch;

  const notifier = createReplyNotifier({
    getWindow: () => win,
    reveal,
    sendEvent: (event) => bridge?.send(event),
    setTooltip: (text) => tray?.setToolTip(text),
  });
  serverGate.on((event) => notifier.onEvent(event));

  // Wired before the window loads, so the page's first invoke finds the handler.
  bridge = wireIpcBridge({
    ipcMain,
    core: withWindowCommands(
      // The window's 'online' event is one more sign for the watch.
      withNetworkCommands(withUpdateCommands(watchingTheAgent(serverGate, notifier), updates), () => watch.notify('online')),
      {
        // The same answer createSecretStore acts on: no real keyring, the login lives in memory only.
        loginStorage: () => ({ kept: encryptionIsReal(safeStorage) ? 'keyring' : 'memory' }),
        // From here, not location.reload(): a reload the page starts is a navigation, and window.ts refuses those.
        reload: () => {
          if (win && !win.isDestroyed()) win.webContents.reload();
        },
      },
    ),
    getWindow: () => win,
  });

  win = createMainWindow({ preloadPath, iconPath: windowIconPath, place: savedWindowPlace(userData, screen.getAllDisplays().map((display) => display.workArea)) });
  rememberWindowPlace(win, userData, (message) => log.warn(message));
  win.on('focus', () => notifier.windowFocused());
  // The core and the page start together, and the core may say it is upgrading the cache before the
  // page listens: a page that loads meanwhile hears it then, or "Abrindo…" would stay unexplained.
  win.webContents.on('did-finish-load', () => {
    void serverGate.core().then((core) => {
      if (core?.upgrading()) bridge?.send({ type: 'store-upgrading' });
    });
  });
  win.on('close', (event) => {
    if (quitting || !tray) return;
    // Closing hides to the tray: replies keep arriving as notifications until the agent chooses "Sair".
    event.preventDefault();
    if (!win) return;
    // A Linux desktop that shows no tray icon (GNOME without AppIndicator) would leave nothing to
    // click to bring a hidden window back: there it stays in the dock, minimized.
    if (closeAction(process.platform, linuxTray) === 'hide') hideToTray(win);
    else win.minimize();
  });
  win.on('closed', () => {
    win = null;
  });

  if (process.platform !== 'win32' && process.platform !== 'darwin') {
    // Once, in the background: until it answers, a close minimizes (closeAction).
    void statusNotifierWatcherPresent(runCommand, (message) => log.warn(message)).then((present) => {
      linuxTray = present;
      log.info(present ? 'área de notificação presente: fechar a janela a esconde na bandeja' : 'sem área de notificação visível: fechar a janela a minimiza');
    });
  }

  const openAtLogin = openAtLoginSetting(app, process.platform);
  try {
    tray = createTray({
      iconPath,
      reveal,
      quit: () => app.quit(),
      logsDir,
      // Windows and macOS only: Electron has no login items on Linux.
      ...(openAtLogin ? { openAtLogin } : {}),
      supportInfo: () => supportInfo({ server: serverGate.state().server?.host ?? null, logFile: log.filePath }),
    });
  } catch (error) {
    log.warn('sem ícone na bandeja; fechar a janela encerra o aplicativo', error);
  }
}

const gotLock = app.requestSingleInstanceLock();
if (!gotLock) {
  // Another Helena Desk owns the local database; it brings its window forward (second-instance).
  app.quit();
} else {
  app.on('second-instance', reveal);
  app.on('activate', reveal);
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));

  app.on('before-quit', (event) => {
    quitting = true;
    updates?.stop();
    network?.stop();
    if (!gate) return;
    // Quit waits for the core to stop sync and outbox and close SQLite, once, then quits for real.
    event.preventDefault();
    // Already closing: after an impatient second quit the first one quits when the core is closed;
    // during a restart to update, electron-updater's own quit follows the close (updates.ts).
    if (coreClosing) return;
    void closeCore().then(() => app.quit());
  });

  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => app.quit());

  app
    .whenReady()
    .then(start)
    .catch((error: unknown) => {
      log.error('falha ao iniciar', error);
      fail('Helena Desk não conseguiu iniciar', `${error instanceof Error ? error.message : String(error)}\n\nFeche o aplicativo e tente de novo.`);
    });
}
