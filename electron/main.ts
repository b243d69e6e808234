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
import path from 'node:path';
import { app, dialog, ipcMain, Notification, protocol, safeStorage, session, utilityProcess, type BrowserWindow, type Tray } from 'electron';
import { AppConfigError, backendUrlFrom, pricesFrom } from '../src/console/app-config';
import { CoreLink, type CoreLinkChange } from '../src/host/core-link';
import { adoptLegacyData, LEGACY_CORE_DATA, type LegacyData, serverDataDir } from '../src/server-setup/server-data-dir';
import { SAVED_SERVER_FILE } from '../src/server-setup/server-file';
import { ServerGate, type GatedCore } from '../src/server-setup/server-gate';
import { ServerSettings, type ChosenServer } from '../src/server-setup/server-settings';
import { installerServerFile, shellLayout } from './app-layout';
import { APP_SCHEME, APP_SCHEME_PRIVILEGES, createAppProtocolHandler } from './app-protocol';
import { wireIpcBridge, type IpcBridge } from './ipc';
import { log } from './log';
import { nativeBindingFor } from './native-binding';
import { createSecretStore, TOKEN_FILE_NAME } from './secrets';
import { denyAllPermissions } from './session-policy';
import { APP_TITLE, createReplyNotifier, createTray } from './tray';
import { createMainWindow, hardenWebContents, revealWindow } from './window';

const { projectRoot, rendererDir, preloadPath, iconPath, coreEntry } = shellLayout(__dirname);

// Both must precede `ready`: Electron fixes scheme privileges and the sandbox default at startup.
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
app.enableSandbox();

let win: BrowserWindow | null = null;
let tray: Tray | null = null;
let gate: ServerGate<GatedCore> | null = null;
let bridge: IpcBridge | null = null;
let quitting = false;
let coreClosing: Promise<void> | null = null;
let toldAboutTray = false;

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

/** What the user-data folder held before each server had a folder of its own, the token included. */
const LEGACY_DATA: LegacyData = { ...LEGACY_CORE_DATA, companions: [...LEGACY_CORE_DATA.companions, TOKEN_FILE_NAME] };

interface CoreSetup {
  userData: string;
  prices: ReturnType<typeof pricesFrom>;
  nativeBinding: string | undefined;
}

/**
 * The core's process for one server: its own data folder and its own saved login (server-data-dir.ts
 * says why). The returned core is what the gate closes when the agent changes servers; a core closed
 * that way before it opened is not a failure to report.
 */
async function openCoreFor(server: ChosenServer, setup: CoreSetup): Promise<GatedCore> {
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
    },
    secrets: createSecretStore(safeStorage, dataDir),
    log: { warn: (message) => log.warn(message), error: (message) => log.error(message) },
  });
  link.onChange(onCoreChange);
  link.ready.catch((error: unknown) => {
    if (quitting || retired) return;
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
  };
}

async function start(): Promise<void> {
  denyAllPermissions(session.defaultSession);
  protocol.handle(APP_SCHEME, createAppProtocolHandler(rendererDir));

  let envUrl: string | null;
  let prices: ReturnType<typeof pricesFrom>;
  try {
    envUrl = process.env.HELENA_URL ? backendUrlFrom(process.env.HELENA_URL) : null;
    prices = pricesFrom(process.env.HELENA_PRICES);
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
  const setup: CoreSetup = {
    userData,
    prices,
    nativeBinding: nativeBindingFor({
      packaged: app.isPackaged,
      resourcesPath: process.resourcesPath,
      projectRoot,
      electronVersion: process.versions.electron,
    }),
  };
  const serverGate = new ServerGate<GatedCore>({
    settings,
    openCore: (server) => openCoreFor(server, setup),
    log: { warn: (message) => log.warn(message), error: (message) => log.error(message) },
  });
  gate = serverGate;
  // Before the window: the gate then knows its core (or that there is none) when the page first asks.
  // The window opens at once ("Abrindo o Helena Desk…" or the setup screen); its requests wait for the core.
  void serverGate.start();

  // Wired before the window loads, so the page's first invoke finds the handler.
  bridge = wireIpcBridge({ ipcMain, core: serverGate, getWindow: () => win });
  const notifier = createReplyNotifier({
    getWindow: () => win,
    reveal,
    sendEvent: (event) => bridge?.send(event),
    setTooltip: (text) => tray?.setToolTip(text),
  });
  serverGate.on((event) => notifier.onEvent(event));

  win = createMainWindow({ preloadPath, iconPath });
  win.on('focus', () => notifier.windowFocused());
  win.on('close', (event) => {
    if (quitting || !tray) return;
    // Closing hides to the tray: replies keep arriving as notifications until the agent chooses "Sair".
    event.preventDefault();
    if (win) hideToTray(win);
  });
  win.on('closed', () => {
    win = null;
  });

  try {
    tray = createTray({ iconPath, reveal, quit: () => app.quit() });
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
    if (!gate) return;
    // Quit waits for the core to stop sync and outbox and close SQLite, once, then quits for real.
    event.preventDefault();
    coreClosing ??= (async () => {
      bridge?.dispose();
      bridge = null;
      try {
        await gate?.close();
      } catch (error) {
        log.error('o núcleo não fechou corretamente', error);
      }
      gate = null;
      app.quit();
    })();
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
