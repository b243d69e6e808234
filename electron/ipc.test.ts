import { afterEach, describe, expect, it, vi } from 'vitest';
import { BRIDGE_CHANNELS, type BridgeEvent } from '../src/console/bridge-contract';
import type { CoreEvent, CoreEventListener } from '../src/console/core-events';
import type { HandleResult } from '../src/console/console';
import { BrowserWindow, FakeWebContents, ipcMain, resetElectronStub, type FakeFrame } from './testing/electron-stub';
import { wireIpcBridge, type CoreLike } from './ipc';

afterEach(() => resetElectronStub());

class FakeCore implements CoreLike {
  readonly calls: Array<{ command: unknown; input: unknown }> = [];
  readonly listeners = new Set<CoreEventListener>();
  answer: HandleResult = { ok: true, value: { answered: true } };
  handle(command: unknown, input: unknown): Promise<HandleResult> {
    this.calls.push({ command, input });
    return Promise.resolve(this.answer);
  }
  on(listener: CoreEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  emit(event: CoreEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}

function setup() {
  const core = new FakeCore();
  const win = new BrowserWindow();
  void win.loadURL('app://helena/index.html');
  const bridge = wireIpcBridge({ ipcMain, core, getWindow: () => win });
  const appFrame: FakeFrame = win.webContents.mainFrame;
  return { core, win, bridge, appFrame };
}

describe('IPC bridge', () => {
  it('a call from the app window reaches core.handle and its answer comes back', async () => {
    const { core, win, appFrame } = setup();
    const answer = await ipcMain.invokeFrom(win.webContents, appFrame, BRIDGE_CHANNELS.invoke, 'contacts.search', { query: 'Rita' });
    expect(core.calls).toEqual([{ command: 'contacts.search', input: { query: 'Rita' } }]);
    expect(answer).toEqual({ ok: true, value: { answered: true } });
  });

  it("passes the core's refusal (validation error) through unchanged", async () => {
    const { core, win, appFrame } = setup();
    core.answer = { ok: false, error: { code: 'invalid_input', message: 'Campo obrigatório.' } };
    expect(await ipcMain.invokeFrom(win.webContents, appFrame, BRIDGE_CHANNELS.invoke, 'contacts.search', {})).toEqual(core.answer);
  });

  it.each<[string, (ctx: ReturnType<typeof setup>) => { sender: unknown; frame: FakeFrame | null }]>([
    ['another webContents', () => ({ sender: new FakeWebContents(), frame: { url: 'app://helena/index.html', parent: null } })],
    ['another window of the app', () => ({ sender: new BrowserWindow().webContents, frame: { url: 'app://helena/index.html', parent: null } })],
    ['our window showing an https page', ({ win }) => ({ sender: win.webContents, frame: { url: 'https://evil.example/', parent: null } })],
    ['our window showing a file:// page', ({ win }) => ({ sender: win.webContents, frame: { url: 'file:///tmp/x.html', parent: null } })],
    ['a look-alike origin', ({ win }) => ({ sender: win.webContents, frame: { url: 'app://helena.evil/index.html', parent: null } })],
    ['a sub-frame, even of app://', ({ win, appFrame }) => ({ sender: win.webContents, frame: { url: 'app://helena/frame.html', parent: appFrame } })],
    ['a frame that is gone', ({ win }) => ({ sender: win.webContents, frame: null })],
  ])('refuses %s and never touches the core', async (_name, make) => {
    const ctx = setup();
    const { sender, frame } = make(ctx);
    const answer = await ipcMain.invokeFrom(sender, frame, BRIDGE_CHANNELS.invoke, 'auth.logout', {});
    expect(answer).toMatchObject({ ok: false, error: { code: 'not_allowed' } });
    expect((answer as { error: { message: string } }).error.message).toMatch(/Helena Desk/);
    expect(ctx.core.calls).toEqual([]);
  });

  it('refuses everything while there is no window', async () => {
    const core = new FakeCore();
    wireIpcBridge({ ipcMain, core, getWindow: () => null });
    const answer = await ipcMain.invokeFrom(new FakeWebContents(), { url: 'app://helena/index.html', parent: null }, BRIDGE_CHANNELS.invoke, 'x', {});
    expect(answer).toMatchObject({ ok: false, error: { code: 'not_allowed' } });
    expect(core.calls).toEqual([]);
  });

  it('turns a throwing core into the one error shape, without its message', async () => {
    const { core, win, appFrame } = setup();
    vi.spyOn(core, 'handle').mockRejectedValue(new Error('token=abc123 leaked'));
    const answer = await ipcMain.invokeFrom(win.webContents, appFrame, BRIDGE_CHANNELS.invoke, 'x', {});
    expect(answer).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(JSON.stringify(answer)).not.toContain('abc123');
  });

  it('forwards core events and shell events to the window on the event channel, in order', () => {
    const { core, win, bridge } = setup();
    const replied: CoreEvent = { type: 'contact-replied', sessionId: 's1', contactId: 'c1', contactName: 'Rita', text: 'Oi' };
    core.emit({ type: 'contacts-changed' });
    core.emit(replied);
    const shell: BridgeEvent = { type: 'open-conversation', sessionId: 's1' };
    bridge.send(shell);
    expect(win.webContents.sent).toEqual([
      { channel: BRIDGE_CHANNELS.event, args: [{ type: 'contacts-changed' }] },
      { channel: BRIDGE_CHANNELS.event, args: [replied] },
      { channel: BRIDGE_CHANNELS.event, args: [shell] },
    ]);
  });

  it('drops events when the window is gone, and dispose stops both directions', async () => {
    const { core, win, bridge, appFrame } = setup();
    win.webContents.destroyed = true;
    expect(() => core.emit({ type: 'contacts-changed' })).not.toThrow();
    expect(win.webContents.sent).toEqual([]);
    win.webContents.destroyed = false;
    bridge.dispose();
    core.emit({ type: 'contacts-changed' });
    expect(win.webContents.sent).toEqual([]);
    await expect(ipcMain.invokeFrom(win.webContents, appFrame, BRIDGE_CHANNELS.invoke, 'x', {})).rejects.toThrow(/No handler/);
  });
});
