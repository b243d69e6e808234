import { afterEach, describe, expect, it } from 'vitest';
import type { WebContents } from 'electron';
import { BrowserWindow, FakeWebContents, resetElectronStub, session, stub } from './testing/electron-stub';
import { APP_START_URL } from './app-protocol';
import { denyAllPermissions } from './session-policy';
import { createMainWindow, hardenWebContents, MAX_RENDERER_RELOADS } from './window';

afterEach(() => resetElectronStub());

describe('main window', () => {
  it('is created with the secure webPreferences and loads app://helena/', () => {
    createMainWindow({ preloadPath: '/app/dist/electron/preload.cjs' });
    const win = BrowserWindow.instances[0];
    expect(win).toBeDefined();
    expect(win?.options.webPreferences).toMatchObject({
      preload: '/app/dist/electron/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      disableBlinkFeatures: 'Auxclick',
    });
    expect(win?.webContents.mainFrame.url).toBe(APP_START_URL);
  });

  it('reloads the page after its renderer crashes (the work is in the core), but not in a loop', () => {
    createMainWindow({ preloadPath: '/p.cjs' });
    const contents = BrowserWindow.instances[0]!.webContents;
    contents.fire('render-process-gone', {}, { reason: 'clean-exit', exitCode: 0 });
    expect(contents.reloads).toBe(0);
    for (let i = 0; i < MAX_RENDERER_RELOADS; i++) contents.fire('render-process-gone', {}, { reason: 'crashed', exitCode: 139 });
    expect(contents.reloads).toBe(MAX_RENDERER_RELOADS);
    expect(stub.errorBoxes).toEqual([]);
    // One more within the minute: the page dies as it loads; the agent is told instead.
    contents.fire('render-process-gone', {}, { reason: 'oom', exitCode: 0 });
    expect(contents.reloads).toBe(MAX_RENDERER_RELOADS);
    expect(stub.errorBoxes[0]?.content).toContain('Suas mensagens na fila e seus rascunhos estão salvos');
  });

  it('Ctrl + and Ctrl - zoom the window (the default menu that did it is gone); other keys reach the page', () => {
    createMainWindow({ preloadPath: '/p.cjs' });
    const contents = BrowserWindow.instances[0]!.webContents;
    const press = (key: string, control = true) => contents.fire('before-input-event', {}, { type: 'keyDown', key, control, meta: false, alt: false });
    expect(press('+').defaultPrevented).toBe(true);
    expect(press('+').defaultPrevented).toBe(true);
    expect(contents.zoomLevel).toBe(1);
    expect(press('0').defaultPrevented).toBe(true);
    expect(contents.zoomLevel).toBe(0);
    expect(press('+', false).defaultPrevented).toBe(false);
    expect(press('h').defaultPrevented).toBe(false);
  });

  it('denies every navigation; https links go to the OS browser, other schemes nowhere', () => {
    createMainWindow({ preloadPath: '/p.cjs' });
    const contents = BrowserWindow.instances[0]!.webContents;
    for (const url of ['https://evil.example/phish', 'app://helena/other.html', 'file:///etc/passwd', 'http://example.com/']) {
      expect(contents.fire('will-navigate', { url }, url).defaultPrevented).toBe(true);
    }
    expect(contents.fire('will-frame-navigate', { url: 'https://x.example/', isMainFrame: false }).defaultPrevented).toBe(true);
    expect(contents.fire('will-attach-webview').defaultPrevented).toBe(true);
    expect(stub.openedExternally).toEqual(['https://evil.example/phish']);
  });

  it("the page's own location.reload() is a navigation the guard refuses; a reload from main goes through (the crash screen uses that)", () => {
    createMainWindow({ preloadPath: '/p.cjs' });
    const contents = BrowserWindow.instances[0]!.webContents;
    expect(contents.pageReloads().defaultPrevented).toBe(true);
    expect(contents.reloads).toBe(0);
    expect(stub.openedExternally).toEqual([]);
    contents.reload();
    expect(contents.reloads).toBe(1);
  });

  it('denies window.open; only an https target is handed to the OS browser', () => {
    createMainWindow({ preloadPath: '/p.cjs' });
    const contents = BrowserWindow.instances[0]!.webContents;
    const open = contents.windowOpenHandler;
    expect(open).not.toBeNull();
    for (const url of ['https://docs.helena.example/ajuda', 'javascript:alert(1)', 'file:///etc/passwd', 'smb://share/x', 'app://helena/index.html']) {
      expect(open!({ url })).toEqual({ action: 'deny' });
    }
    expect(stub.openedExternally).toEqual(['https://docs.helena.example/ajuda']);
  });

  it('hardening twice does not open a link twice', () => {
    const contents = new FakeWebContents();
    hardenWebContents(contents as unknown as WebContents);
    hardenWebContents(contents as unknown as WebContents);
    contents.fire('will-navigate', {}, 'https://example.com/');
    expect(stub.openedExternally).toEqual(['https://example.com/']);
  });

  it('keeps its own title (with the unread count) over the page <title>', () => {
    const win = createMainWindow({ preloadPath: '/p.cjs' });
    const fake = BrowserWindow.instances[0]!;
    const event = { defaultPrevented: false, preventDefault() { this.defaultPrevented = true; } };
    fake.emit('page-title-updated', event, 'Página');
    expect(event.defaultPrevented).toBe(true);
    expect(win.getTitle()).toBe('Helena Desk');
  });
});

describe('session permissions', () => {
  it('denies every permission request, check and device', () => {
    const ses = session.defaultSession;
    denyAllPermissions(ses as unknown as Parameters<typeof denyAllPermissions>[0]);
    const answers: boolean[] = [];
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) {
      ses.permissionRequestHandler!({}, permission, (granted) => answers.push(granted), {});
      expect(ses.permissionCheckHandler!({}, permission, 'app://helena', {})).toBe(false);
    }
    expect(answers).toEqual([false, false, false, false, false]);
    expect(ses.devicePermissionHandler!({})).toBe(false);
  });
});
