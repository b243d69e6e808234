/**
 * A stand-in for the `electron` module so main-process code runs under Node in vitest (the real
 * binary cannot run in CI). vitest.config.ts points `electron` here for modules under electron/.
 * Each fake records what the code asked of it; `resetElectronStub()` clears all of it between
 * tests. Only the surface the shell uses is here, shaped like Electron's where the code reads it.
 */
import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import { NodeUtilityProcess, utilityProcess } from './utility-process-stub';

type Listener = (...args: unknown[]) => void;

export interface StubState {
  ready: boolean;
  singleInstanceLock: boolean;
  /** Set by app.releaseSingleInstanceLock() (a restart to update lets the new version take it). */
  singleInstanceLockReleased: boolean;
  /** app.isPackaged: false as from a checkout; a test of the installed app sets it. */
  packaged: boolean;
  /** app.relaunch() calls. */
  relaunches: number;
  /** What app.setAppUserModelId() was given (Windows only), or null. */
  appUserModelId: string | null;
  paths: Record<string, string>;
  quitCalls: number;
  /** Quits that went through (no before-quit handler prevented them). */
  quitsCompleted: number;
  sandboxEnabled: boolean;
  /** Chromium switches main appended (app.commandLine.appendSwitch), as "name=value". */
  switches: string[];
  openedExternally: string[];
  /** Folders and files handed to shell.openPath. */
  openedPaths: string[];
  /** What clipboard.writeText last put on the clipboard. */
  clipboardText: string;
  errorBoxes: Array<{ title: string; content: string }>;
  encryptionAvailable: boolean;
  storageBackend: string;
  /**
   * The Windows login item: `registered` is the Run key; `approved` its StartupApproved entry, which
   * Task Manager's and Settings' startup apps switch off (electron.d.ts getLoginItemSettings).
   */
  loginItem: { registered: boolean; approved: boolean };
}

export const stub: StubState = freshState();

function freshState(): StubState {
  return {
    ready: false,
    singleInstanceLock: true,
    singleInstanceLockReleased: false,
    packaged: false,
    relaunches: 0,
    appUserModelId: null,
    paths: {},
    quitCalls: 0,
    quitsCompleted: 0,
    sandboxEnabled: false,
    switches: [],
    openedExternally: [],
    openedPaths: [],
    clipboardText: '',
    errorBoxes: [],
    encryptionAvailable: true,
    storageBackend: 'gnome_libsecret',
    loginItem: { registered: false, approved: false },
  };
}

/** An Electron-style event: handlers call preventDefault(); the test reads `defaultPrevented`. */
export class FakeEvent {
  defaultPrevented = false;
  constructor(extra: Record<string, unknown> = {}) {
    Object.assign(this, extra);
  }
  preventDefault(): void {
    this.defaultPrevented = true;
  }
}

// ---------- web contents and windows ----------

export interface FakeFrame {
  url: string;
  parent: FakeFrame | null;
}

let nextWebContentsId = 1;

export class FakeWebContents extends EventEmitter {
  readonly id = nextWebContentsId++;
  readonly sent: Array<{ channel: string; args: unknown[] }> = [];
  readonly mainFrame: FakeFrame = { url: '', parent: null };
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  destroyed = false;

  send(channel: string, ...args: unknown[]): void {
    this.sent.push({ channel, args });
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler;
  }
  loadURL(url: string): Promise<void> {
    this.mainFrame.url = url;
    return Promise.resolve();
  }
  /**
   * Page loads done: webContents.reload() from main, or a reload the page started that no
   * 'will-navigate' handler prevented. Like Electron, reload() from main emits no 'will-navigate':
   * Electron emits it only for navigations the renderer starts (its navigation throttle's
   * IsRendererInitiated() check, shell/browser/electron_navigation_throttle.cc).
   */
  reloads = 0;
  reload(): void {
    this.reloads++;
  }
  /**
   * Test hook: the page runs location.reload(). A navigation the renderer starts, to the page's own
   * URL: 'will-navigate' first, and the page loads again only if no handler prevented it.
   */
  pageReloads(): FakeEvent {
    const event = this.fire('will-navigate', { url: this.mainFrame.url }, this.mainFrame.url);
    if (!event.defaultPrevented) this.reloads++;
    return event;
  }
  /** Words the page's underlined misspelling was replaced with. */
  readonly replacedMisspellings: string[] = [];
  replaceMisspelling(text: string): void {
    this.replacedMisspellings.push(text);
  }
  get session(): FakeSession {
    return session.defaultSession;
  }
  zoomLevel = 0;
  getZoomLevel(): number {
    return this.zoomLevel;
  }
  setZoomLevel(level: number): void {
    this.zoomLevel = level;
  }
  /** Fires an Electron-style event and says whether some handler prevented it. */
  fire(name: string, extra: Record<string, unknown> = {}, ...args: unknown[]): FakeEvent {
    const event = new FakeEvent(extra);
    this.emit(name, event, ...args);
    return event;
  }
}

export class BrowserWindow extends EventEmitter {
  static readonly instances: BrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  title: string;
  focused = false;
  visible = false;
  minimized = false;
  destroyed = false;

  constructor(readonly options: Record<string, unknown> = {}) {
    super();
    this.title = typeof options.title === 'string' ? options.title : 'Electron';
    BrowserWindow.instances.push(this);
  }
  static getAllWindows(): BrowserWindow[] {
    return BrowserWindow.instances.filter((w) => !w.destroyed);
  }
  loadURL(url: string): Promise<void> {
    return this.webContents.loadURL(url);
  }
  isFocused(): boolean {
    return this.focused;
  }
  isVisible(): boolean {
    return this.visible;
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  show(): void {
    this.visible = true;
  }
  hide(): void {
    this.visible = false;
    this.focused = false;
  }
  focus(): void {
    this.focused = true;
    this.emit('focus');
  }
  blur(): void {
    this.focused = false;
  }
  restore(): void {
    this.minimized = false;
  }
  minimize(): void {
    this.minimized = true;
    this.focused = false;
  }
  maximized = false;
  maximize(): void {
    this.maximized = true;
    this.emit('maximize');
  }
  isMaximized(): boolean {
    return this.maximized;
  }
  /** Test hook: the agent dragged or resized the window. */
  bounds: { x: number; y: number; width: number; height: number } | null = null;
  getNormalBounds(): { x: number; y: number; width: number; height: number } {
    const o = this.options as { x?: number; y?: number; width?: number; height?: number };
    return this.bounds ?? { x: o.x ?? 100, y: o.y ?? 80, width: o.width ?? 800, height: o.height ?? 600 };
  }
  setTitle(title: string): void {
    this.title = title;
  }
  getTitle(): string {
    return this.title;
  }
  close(): void {
    const event = new FakeEvent();
    this.emit('close', event);
    if (event.defaultPrevented) return;
    this.destroyed = true;
    this.webContents.destroyed = true;
    this.emit('closed');
  }
}

// ---------- IPC ----------

type InvokeHandler = (event: { sender: unknown; senderFrame: FakeFrame | null }, ...args: unknown[]) => unknown;

class FakeIpcMain {
  readonly handlers = new Map<string, InvokeHandler>();
  handle(channel: string, handler: InvokeHandler): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, handler);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  /** What ipcRenderer.invoke from `sender`/`frame` would get back. */
  async invokeFrom(sender: unknown, frame: FakeFrame | null, channel: string, ...args: unknown[]): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    return handler({ sender, senderFrame: frame }, ...args);
  }
}
export const ipcMain = new FakeIpcMain();

class FakeIpcRenderer extends EventEmitter {
  readonly invoked: Array<{ channel: string; args: unknown[] }> = [];
  answer: unknown = { ok: true, value: null };
  invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    this.invoked.push({ channel, args });
    return Promise.resolve(this.answer);
  }
}
export const ipcRenderer = new FakeIpcRenderer();

export const contextBridge = {
  exposed: {} as Record<string, unknown>,
  exposeInMainWorld(key: string, api: unknown): void {
    this.exposed[key] = api;
  },
};

// ---------- protocol and session ----------

type ProtocolHandler = (request: Request) => Response | Promise<Response>;

export const protocol = {
  privileged: [] as Array<{ scheme: string; privileges?: Record<string, unknown> }>,
  handlers: new Map<string, ProtocolHandler>(),
  registerSchemesAsPrivileged(schemes: Array<{ scheme: string; privileges?: Record<string, unknown> }>): void {
    if (stub.ready) throw new Error('protocol.registerSchemesAsPrivileged should be called before app is ready');
    this.privileged.push(...schemes);
  },
  handle(scheme: string, handler: ProtocolHandler): void {
    this.handlers.set(scheme, handler);
  },
};

type PermissionRequestHandler = (webContents: unknown, permission: string, callback: (granted: boolean) => void, details: unknown) => void;
type PermissionCheckHandler = (webContents: unknown, permission: string, origin: string, details: unknown) => boolean;
type DevicePermissionHandler = (details: unknown) => boolean;

class FakeSession {
  permissionRequestHandler: PermissionRequestHandler | null = null;
  permissionCheckHandler: PermissionCheckHandler | null = null;
  devicePermissionHandler: DevicePermissionHandler | null = null;
  readonly protocol = protocol;
  /** What Chromium's proxy resolution answers (a PAC result: "PROXY host:port; DIRECT"); a test sets it. */
  proxyAnswer: string | ((url: string) => string | Promise<string>) = 'DIRECT';
  /** The URLs main.ts asked resolveProxy about. */
  readonly proxyQuestions: string[] = [];
  /** forceReloadProxyConfig() calls: main.ts has Chromium read the OS settings again after a change of network. */
  proxyReloads = 0;
  forceReloadProxyConfig(): Promise<void> {
    this.proxyReloads += 1;
    return Promise.resolve();
  }
  resolveProxy(url: string): Promise<string> {
    this.proxyQuestions.push(url);
    const answer = this.proxyAnswer;
    return Promise.resolve(typeof answer === 'function' ? answer(url) : answer);
  }
  setPermissionRequestHandler(handler: PermissionRequestHandler | null): void {
    this.permissionRequestHandler = handler;
  }
  setPermissionCheckHandler(handler: PermissionCheckHandler | null): void {
    this.permissionCheckHandler = handler;
  }
  setDevicePermissionHandler(handler: DevicePermissionHandler | null): void {
    this.devicePermissionHandler = handler;
  }
  /** What Chromium's Hunspell has dictionaries for here (a test may change it). */
  availableSpellCheckerLanguages: string[] = ['en-US', 'pt-BR', 'es'];
  spellCheckerLanguages: string[] = [];
  setSpellCheckerLanguages(languages: string[]): void {
    this.spellCheckerLanguages = languages;
  }
  readonly dictionaryWords: string[] = [];
  addWordToSpellCheckerDictionary(word: string): boolean {
    this.dictionaryWords.push(word);
    return true;
  }
}
export const session = { defaultSession: new FakeSession() };

// ---------- OS integration ----------

export const shell = {
  openExternal(url: string): Promise<void> {
    stub.openedExternally.push(url);
    return Promise.resolve();
  },
  /** Like Electron: resolves with an error text, '' when the folder opened. */
  openPath(target: string): Promise<string> {
    stub.openedPaths.push(target);
    return Promise.resolve('');
  },
};

export const clipboard = {
  writeText(text: string): void {
    stub.clipboardText = text;
  },
};

export const dialog = {
  showErrorBox(title: string, content: string): void {
    stub.errorBoxes.push({ title, content });
  },
};

/** Reversible but not plain: the "ciphertext" must not contain the token's bytes. */
function scramble(bytes: Buffer): Buffer {
  return Buffer.from(bytes.map((b, i) => b ^ (0x5a + (i % 7))));
}

export const safeStorage = {
  isEncryptionAvailable(): boolean {
    return stub.encryptionAvailable;
  },
  getSelectedStorageBackend(): string {
    return stub.storageBackend;
  },
  encryptString(plainText: string): Buffer {
    if (!stub.encryptionAvailable) throw new Error('Encryption is not available.');
    return Buffer.concat([Buffer.from('v11'), scramble(Buffer.from(plainText, 'utf8'))]);
  },
  decryptString(encrypted: Buffer): string {
    if (encrypted.subarray(0, 3).toString() !== 'v11') throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
    return scramble(encrypted.subarray(3)).toString('utf8');
  },
};

export class Notification extends EventEmitter {
  static readonly instances: Notification[] = [];
  static supported = true;
  shown = false;
  constructor(readonly options: { title?: string; body?: string } = {}) {
    super();
    Notification.instances.push(this);
  }
  static isSupported(): boolean {
    return Notification.supported;
  }
  show(): void {
    this.shown = true;
  }
  click(): void {
    this.emit('click', new FakeEvent());
  }
  /**
   * The toast left the screen. Like Electron: 'close' with the reason ('timedOut', 'userCanceled',
   * 'applicationHidden'); on Windows a timed-out or user-closed toast stays in the notification
   * center and click() may still follow (docs/api/notification.md, event 'close').
   */
  dismiss(reason: 'userCanceled' | 'applicationHidden' | 'timedOut'): void {
    this.emit('close', new FakeEvent({ reason }));
  }
  /** Set by close(): Electron takes the toast off the screen and, on Windows, out of the notification center. */
  closed = false;
  close(): void {
    this.closed = true;
    this.emit('close', new FakeEvent({ reason: 'applicationHidden' }));
  }
}

export interface FakeMenuItem {
  label?: string;
  type?: string;
  role?: string;
  enabled?: boolean;
  checked?: boolean;
  click?: Listener;
}

export const Menu = {
  /** Menus shown with popup() (a right-click), newest last. */
  popups: [] as FakeMenuItem[][],
  buildFromTemplate(template: FakeMenuItem[]): { items: FakeMenuItem[]; popup(): void } {
    return { items: template, popup: () => Menu.popups.push(template) };
  },
  /** What main.ts set: null removes Electron's default menu. */
  applicationMenu: undefined as { items: FakeMenuItem[] } | null | undefined,
  setApplicationMenu(menu: { items: FakeMenuItem[] } | null): void {
    Menu.applicationMenu = menu;
  },
};

export class Tray extends EventEmitter {
  static readonly instances: Tray[] = [];
  tooltip = '';
  menu: { items: FakeMenuItem[] } | null = null;
  constructor(readonly image: unknown) {
    super();
    Tray.instances.push(this);
  }
  setToolTip(text: string): void {
    this.tooltip = text;
  }
  setContextMenu(menu: { items: FakeMenuItem[] }): void {
    this.menu = menu;
  }
}

/** Width and height from a PNG's IHDR, or null when the file is missing or not a PNG. */
function pngSize(file: string): { width: number; height: number } | null {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    return null;
  }
  if (bytes.length < 24 || bytes.toString('ascii', 12, 16) !== 'IHDR') return null;
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

export interface FakeNativeImage {
  path: string;
  isEmpty(): boolean;
  /** Like Electron: the size in DIPs (the 1x file's pixels); {0, 0} for an empty image. */
  getSize(scaleFactor?: number): { width: number; height: number };
  /** Like Electron: the scales loaded — 1, plus 2 when a name@2x.png sits beside the file. */
  getScaleFactors(): number[];
}

export const nativeImage = {
  /**
   * Like Electron's (docs/api/native-image.md): an empty image when the file is missing or not an
   * image, and a name@2x.png beside it loaded as the 200 % representation.
   */
  createFromPath(file: string): FakeNativeImage {
    const oneX = pngSize(file);
    const twoX = oneX ? pngSize(file.replace(/\.png$/i, '@2x.png')) : null;
    return {
      path: file,
      isEmpty: () => oneX === null,
      getSize: (scaleFactor = 1) => {
        if (!oneX) return { width: 0, height: 0 };
        return scaleFactor >= 2 && twoX ? twoX : oneX;
      },
      getScaleFactors: () => (oneX ? (twoX ? [1, 2] : [1]) : []),
    };
  },
};

/** The OS's power events: a test emits 'suspend', 'resume', 'unlock-screen' as the OS would. */
export const powerMonitor = new EventEmitter();

// ---------- app ----------

class FakeApp extends EventEmitter {
  /** Like Electron run from a checkout unless a test says otherwise: main.ts then looks for .electron-native/, not app.asar.unpacked. */
  get isPackaged(): boolean {
    return stub.packaged;
  }
  private readyWaiters: Array<() => void> = [];
  whenReady(): Promise<void> {
    if (stub.ready) return Promise.resolve();
    return new Promise((resolve) => this.readyWaiters.push(resolve));
  }
  isReady(): boolean {
    return stub.ready;
  }
  /** Test hook: Electron finished starting. */
  makeReady(): void {
    stub.ready = true;
    const waiters = this.readyWaiters;
    this.readyWaiters = [];
    for (const resolve of waiters) resolve();
    this.emit('ready');
  }
  requestSingleInstanceLock(): boolean {
    return stub.singleInstanceLock;
  }
  releaseSingleInstanceLock(): void {
    stub.singleInstanceLockReleased = true;
  }
  relaunch(): void {
    stub.relaunches += 1;
  }
  /** Like Electron on Windows: openAtLogin is the Run key alone; executableWillLaunchAtLogin also needs it approved. */
  getLoginItemSettings(): { openAtLogin: boolean; executableWillLaunchAtLogin: boolean } {
    const { registered, approved } = stub.loginItem;
    return { openAtLogin: registered, executableWillLaunchAtLogin: registered && approved };
  }
  /** Like Electron on Windows: `enabled` (default true) writes the approval along with the Run key. */
  setLoginItemSettings(settings: { openAtLogin?: boolean; enabled?: boolean }): void {
    const registered = settings.openAtLogin ?? false;
    stub.loginItem = { registered, approved: registered && (settings.enabled ?? true) };
  }
  setAppUserModelId(id: string): void {
    stub.appUserModelId = id;
  }
  enableSandbox(): void {
    if (stub.ready) throw new Error('app.enableSandbox() can only be called before app is ready');
    stub.sandboxEnabled = true;
  }
  /** Like Electron: switches take effect only when appended before ready. */
  readonly commandLine = {
    appendSwitch(name: string, value?: string): void {
      if (stub.ready) throw new Error('stub: a Chromium switch appended after ready has no effect');
      stub.switches.push(value === undefined ? name : `${name}=${value}`);
    },
  };
  getPath(name: string): string {
    const value = stub.paths[name];
    if (!value) throw new Error(`stub: no path configured for '${name}'`);
    return value;
  }
  getVersion(): string {
    return '0.0.0-test';
  }
  /** Like Electron: before-quit first; a handler may prevent it. */
  quit(): void {
    stub.quitCalls += 1;
    const event = new FakeEvent();
    this.emit('before-quit', event);
    if (event.defaultPrevented) return;
    stub.quitsCompleted += 1;
    this.emit('will-quit', new FakeEvent());
  }
  exit(): void {}
}
export const app = new FakeApp();

export { utilityProcess };

/** The monitors: one 1920×1080 screen with a 40 px taskbar unless a test says otherwise. */
export const screen = {
  displays: [{ workArea: { x: 0, y: 0, width: 1920, height: 1040 } }],
  getAllDisplays(): Array<{ workArea: { x: number; y: number; width: number; height: number } }> {
    return screen.displays;
  },
};

export function resetElectronStub(): void {
  Object.assign(stub, freshState());
  BrowserWindow.instances.length = 0;
  Notification.instances.length = 0;
  Notification.supported = true;
  Tray.instances.length = 0;
  ipcMain.handlers.clear();
  ipcRenderer.removeAllListeners();
  ipcRenderer.invoked.length = 0;
  ipcRenderer.answer = { ok: true, value: null };
  contextBridge.exposed = {};
  protocol.privileged.length = 0;
  protocol.handlers.clear();
  session.defaultSession = new FakeSession();
  screen.displays = [{ workArea: { x: 0, y: 0, width: 1920, height: 1040 } }];
  app.removeAllListeners();
  powerMonitor.removeAllListeners();
  for (const child of NodeUtilityProcess.instances.splice(0)) child.kill('SIGKILL');
}

export default {
  app,
  screen,
  BrowserWindow,
  contextBridge,
  dialog,
  ipcMain,
  ipcRenderer,
  Menu,
  nativeImage,
  Notification,
  powerMonitor,
  protocol,
  safeStorage,
  session,
  shell,
  Tray,
  utilityProcess,
};
