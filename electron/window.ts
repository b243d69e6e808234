/**
 * The one app window and the rules every web page in the app lives by (Electron's security
 * checklist): an isolated, sandboxed renderer with no Node, that cannot navigate away, open
 * windows or embed webviews. Links to https sites go to the OS browser instead.
 */
import { BrowserWindow, dialog, shell, type WebContents } from 'electron';
import { APP_START_URL } from './app-protocol';
import { log } from './log';
import { zoomOnKeys } from './app-menu';
import { offerContextMenu } from './context-menu';
import { MIN_HEIGHT, MIN_WIDTH, type WindowPlace } from './window-state';

/** Opens `url` in the OS browser when it is https; anything else (file:, javascript:, custom schemes) is dropped. */
export function openExternalIfHttps(url: string, openExternal: (url: string) => Promise<void> = (u) => shell.openExternal(u)): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== 'https:') {
    log.warn(`link bloqueado (só https abre no navegador): ${parsed.protocol}`);
    return false;
  }
  openExternal(parsed.href).catch((error: unknown) => log.warn('não foi possível abrir o link no navegador', error));
  return true;
}

/**
 * Denies every navigation and new window of `contents`. Applied to every webContents the app
 * creates (app 'web-contents-created'), not only the main window's, so nothing slips past it.
 */
const hardened = new WeakSet<WebContents>();

export function hardenWebContents(contents: WebContents, openExternal?: (url: string) => Promise<void>): void {
  // Called from createMainWindow and from 'web-contents-created'; twice would open a link twice.
  if (hardened.has(contents)) return;
  hardened.add(contents);
  contents.on('will-navigate', (event, url) => {
    event.preventDefault();
    openExternalIfHttps(url, openExternal);
  });
  // Sub-frame navigations do not fire will-navigate; the app has no frames that may move.
  contents.on('will-frame-navigate', (event) => {
    if (!event.isMainFrame) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    openExternalIfHttps(url, openExternal);
    return { action: 'deny' };
  });
}

export interface MainWindowOptions {
  preloadPath: string;
  iconPath?: string;
  /** Where the agent last had it (window-state.ts); absent: the default size, placed by the OS. */
  place?: WindowPlace | null;
}

export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const win = new BrowserWindow({
    title: 'Helena Desk',
    width: options.place?.width ?? 1280,
    height: options.place?.height ?? 820,
    ...(options.place ? { x: options.place.x, y: options.place.y } : {}),
    minWidth: MIN_WIDTH,
    minHeight: MIN_HEIGHT,
    show: false,
    backgroundColor: '#ffffff',
    ...(options.iconPath ? { icon: options.iconPath } : {}),
    // Spelled out here, not built elsewhere, so the static scan (scripts/security-scan.ts) can confirm each one.
    webPreferences: {
      preload: options.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      // Middle-click opens links through a path of its own; the window-open handler denies it anyway, this removes it.
      disableBlinkFeatures: 'Auxclick',
    },
  });
  hardenWebContents(win.webContents);
  recoverFromRendererCrash(win.webContents);
  zoomOnKeys(win.webContents);
  offerContextMenu(win.webContents, win.webContents.session);
  // The title carries the unread count (tray.ts); the page's <title> must not overwrite it.
  win.on('page-title-updated', (event) => event.preventDefault());
  win.once('ready-to-show', () => {
    if (options.place?.maximized) win.maximize();
    win.show();
  });
  win.loadURL(APP_START_URL).catch((error: unknown) => log.error('a interface não carregou', error));
  return win;
}

/** Brings the window forward from the tray, a notification or a second launch. */
export function revealWindow(win: BrowserWindow): void {
  if (win.isMinimized()) win.restore();
  if (!win.isVisible()) win.show();
  win.focus();
}

/** More renderer crashes than this within CRASH_WINDOW_MS: the page dies as it loads; stop reloading it. */
export const MAX_RENDERER_RELOADS = 3;
const CRASH_WINDOW_MS = 60_000;

/**
 * A renderer that crashes (or is killed, or runs out of memory) leaves a blank window with no way
 * forward but quitting. The agent's work lives in the core (drafts, the outbox, the cache), so
 * loading the page again brings the desk back as it was. A page that keeps dying is not reloaded
 * in a loop: the agent is told to open the app again.
 */
export function recoverFromRendererCrash(contents: WebContents, now: () => number = Date.now): void {
  const crashes: number[] = [];
  contents.on('render-process-gone', (_event, details) => {
    if (details.reason === 'clean-exit') return;
    const at = now();
    while (crashes.length > 0 && (crashes[0] ?? 0) <= at - CRASH_WINDOW_MS) crashes.shift();
    crashes.push(at);
    if (crashes.length > MAX_RENDERER_RELOADS) {
      log.error(`a interface parou de novo (${details.reason}); sem recarregar`);
      dialog.showErrorBox(
        'Helena Desk',
        'A janela do Helena Desk parou de funcionar várias vezes. Suas mensagens na fila e seus rascunhos estão salvos. Feche o Helena Desk (Sair, no ícone da bandeja) e abra de novo.',
      );
      return;
    }
    log.error(`a interface parou (${details.reason}); recarregando`);
    contents.reload();
  });
  contents.on('unresponsive', () => log.warn('a interface não responde'));
  contents.on('responsive', () => log.info('a interface voltou a responder'));
}
