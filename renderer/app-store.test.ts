/**
 * The renderer's store under Node with a stand-in bridge: what the window does when the core's
 * process dies and comes back (Electron's 'core-link' shell events).
 */
import { describe, expect, it, vi } from 'vitest';
import type { BridgeEvent, HelenaBridge } from '../src/console/bridge-contract';
import { useAppStore } from './state/app-store';

function fakeBridge(): HelenaBridge & { emit(event: BridgeEvent): void; calls: string[] } {
  const listeners = new Set<(event: BridgeEvent) => void>();
  const calls: string[] = [];
  return {
    calls,
    invoke: vi.fn((command: string) => {
      calls.push(command);
      const value = command === 'desk.view' ? { items: [], counts: { all: 0, mine: 0, queue: 0, waiting: 0 } } : { auth: 'logged_in', connectivity: { state: 'online', realtime: 'connected' } };
      return Promise.resolve({ ok: true, value });
    }) as unknown as HelenaBridge['invoke'],
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    emit(event) {
      for (const listener of listeners) listener(event);
    },
  };
}

describe('the window while the core restarts', () => {
  it('says the app is recovering while the core is down, and reads the state again when it is back', async () => {
    const bridge = fakeBridge();
    await useAppStore.getState().attach(bridge);
    expect(useAppStore.getState().coreRestarting).toBe(false);
    const before = bridge.calls.length;

    bridge.emit({ type: 'core-link', state: 'down' });
    expect(useAppStore.getState().coreRestarting).toBe(true);
    expect(bridge.calls.length).toBe(before);

    bridge.emit({ type: 'core-link', state: 'up' });
    expect(useAppStore.getState().coreRestarting).toBe(false);
    // Events were missed while it was down: the snapshot and the list are read again.
    await vi.waitFor(() => expect(bridge.calls.slice(before)).toEqual(expect.arrayContaining(['state.snapshot', 'desk.view'])));
  });
});
