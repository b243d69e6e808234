/**
 * The renderer's store under Node with a stand-in bridge: what the window does when the core's
 * process dies and comes back (Electron's 'core-link' shell events), and how it learns that no
 * HelenaCRM is chosen yet (server.state) and goes on once one is saved.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { BridgeEvent, HelenaBridge, ServerState } from '../src/console/bridge-contract';
import { useAppStore } from './state/app-store';

const SANDBOX: ServerState = { server: { url: 'http://127.0.0.1:4010', host: '127.0.0.1:4010', source: 'env' }, changeable: false };

function fakeBridge(server: ServerState = SANDBOX, auth = 'logged_in'): HelenaBridge & { emit(event: BridgeEvent): void; calls: string[]; server: ServerState } {
  const listeners = new Set<(event: BridgeEvent) => void>();
  const calls: string[] = [];
  const bridge = {
    calls,
    server,
    invoke: vi.fn((command: string, input: { address?: string }) => {
      calls.push(command);
      if (command === 'server.state') return Promise.resolve({ ok: true, value: bridge.server });
      if (command === 'server.save') {
        if (input.address !== 'http://127.0.0.1:4010') return Promise.resolve({ ok: false, error: { code: 'server.no_answer', message: 'não respondeu' } });
        bridge.server = { server: { url: input.address, host: '127.0.0.1:4010', source: 'saved' }, changeable: true };
        return Promise.resolve({ ok: true, value: bridge.server });
      }
      const value = command === 'desk.view' ? { items: [], counts: { all: 0, mine: 0, queue: 0, waiting: 0 } } : { auth, connectivity: { state: 'online', realtime: 'connected' } };
      return Promise.resolve({ ok: true, value });
    }) as unknown as HelenaBridge['invoke'],
    onEvent(listener: (event: BridgeEvent) => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    emit(event: BridgeEvent) {
      for (const listener of listeners) listener(event);
    },
  };
  return bridge;
}

beforeEach(() => {
  useAppStore.setState({ phase: 'starting', server: null, changingServer: false, snapshot: null });
});

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

describe('choosing the HelenaCRM server', () => {
  it('with no server the window goes to the setup screen and asks the core nothing', async () => {
    const bridge = fakeBridge({ server: null, changeable: true }, 'logged_out');
    await useAppStore.getState().attach(bridge);
    expect(useAppStore.getState().phase).toBe('setup');
    // Only the shell's own questions: whether an update is ready, where the login is kept, and which server.
    expect(bridge.calls).toEqual(['app.updateStatus', 'app.loginStorage', 'server.state']);

    const refused = await useAppStore.getState().saveServer('http://127.0.0.1:9');
    expect(refused).toMatchObject({ code: 'server.no_answer' });
    expect(useAppStore.getState().phase).toBe('setup');

    expect(await useAppStore.getState().saveServer('http://127.0.0.1:4010')).toBeNull();
    expect(useAppStore.getState().phase).toBe('logged_out');
    expect(useAppStore.getState().server?.server?.source).toBe('saved');
    expect(bridge.calls).toContain('state.snapshot');
  });

  it('"Alterar" opens the setup screen only while logged out and only when the server may be changed; Esc comes back', async () => {
    const fixed = fakeBridge(SANDBOX, 'logged_out');
    await useAppStore.getState().attach(fixed);
    useAppStore.getState().changeServer();
    expect(useAppStore.getState().changingServer).toBe(false);

    const changeable = fakeBridge({ ...SANDBOX, changeable: true }, 'logged_out');
    await useAppStore.getState().attach(changeable);
    useAppStore.getState().changeServer();
    expect(useAppStore.getState().changingServer).toBe(true);
    useAppStore.getState().cancelServerChange();
    expect(useAppStore.getState().changingServer).toBe(false);

    const signedIn = fakeBridge({ ...SANDBOX, changeable: true }, 'logged_in');
    await useAppStore.getState().attach(signedIn);
    useAppStore.getState().changeServer();
    expect(useAppStore.getState().changingServer).toBe(false);
  });
});

describe('a sentence about the connection, when HelenaCRM answers again', () => {
  it.each(['online', 'unstable'] as const)('"try again when the connection is back" goes when it comes back %s', async (back) => {
    const bridge = fakeBridge();
    await useAppStore.getState().attach(bridge);
    useAppStore.setState({ availabilityError: { code: 'offline', message: 'Sem conexão: tente de novo quando a conexão voltar.' } });
    bridge.emit({ type: 'connectivity', state: 'offline', realtime: 'offline' });
    expect(useAppStore.getState().availabilityError).not.toBeNull();
    bridge.emit({ type: 'connectivity', state: back, realtime: 'connected' });
    expect(useAppStore.getState().availabilityError).toBeNull();
  });
});
