import { build } from 'esbuild';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BRIDGE_CHANNELS, type BridgeEvent, type HelenaBridge } from '../src/console/bridge-contract';
import { contextBridge, ipcRenderer, resetElectronStub } from './testing/electron-stub';

// The preload exposes its bridge when it is evaluated, once, as in a real renderer.
let exposed: Record<string, unknown> = {};
beforeAll(async () => {
  resetElectronStub();
  await import('./preload');
  exposed = { ...contextBridge.exposed };
});
afterEach(() => {
  ipcRenderer.removeAllListeners();
  ipcRenderer.invoked.length = 0;
});

const loadPreload = (): HelenaBridge => exposed.helena as HelenaBridge;

describe('preload', () => {
  it('exposes only window.helena, with only invoke and onEvent (never ipcRenderer)', async () => {
    const bridge = loadPreload();
    expect(Object.keys(exposed)).toEqual(['helena']);
    expect(Object.keys(bridge).sort()).toEqual(['invoke', 'onEvent']);
    expect(Object.values(bridge).every((v) => typeof v === 'function')).toBe(true);
    expect(Object.values(exposed)).not.toContain(ipcRenderer);
  });

  it('invoke goes over the invoke channel and resolves to the main side answer', async () => {
    const bridge = loadPreload();
    ipcRenderer.answer = { ok: true, value: { items: [] } };
    const answer = await bridge.invoke('state.snapshot', {});
    expect(ipcRenderer.invoked).toEqual([{ channel: BRIDGE_CHANNELS.invoke, args: ['state.snapshot', {}] }]);
    expect(answer).toEqual({ ok: true, value: { items: [] } });
  });

  it('onEvent hands the listener the event alone (not the IpcRendererEvent) and unsubscribes', async () => {
    const bridge = loadPreload();
    const calls: unknown[][] = [];
    const unsubscribe = bridge.onEvent((...args: unknown[]) => calls.push(args));
    const ipcEvent = { sender: ipcRenderer, ports: [] };
    const event: BridgeEvent = { type: 'open-conversation', sessionId: 's1' };
    ipcRenderer.emit(BRIDGE_CHANNELS.event, ipcEvent, event);
    ipcRenderer.emit('some-other-channel', ipcEvent, { type: 'contacts-changed' });
    expect(calls).toEqual([[event]]);
    unsubscribe();
    ipcRenderer.emit(BRIDGE_CHANNELS.event, ipcEvent, event);
    expect(calls).toHaveLength(1);
    expect(ipcRenderer.listenerCount(BRIDGE_CHANNELS.event)).toBe(0);
  });

  it('bundles to a script whose only require is electron (a sandboxed preload can load nothing else)', async () => {
    const result = await build({
      entryPoints: ['electron/preload.ts'],
      bundle: true,
      write: false,
      platform: 'node',
      format: 'cjs',
      target: 'node22',
      external: ['electron', 'better-sqlite3'],
      logLevel: 'silent',
    });
    const code = result.outputFiles[0]!.text;
    const required = [...code.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]);
    expect(required.length).toBeGreaterThan(0);
    expect(new Set(required)).toEqual(new Set(['electron']));
  });
});
