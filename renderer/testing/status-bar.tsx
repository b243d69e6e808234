/**
 * The status bar's core, as its tests stand it in: the state snapshot of a signed-in, synced,
 * online agent with nothing queued, and the bridge the app store attaches to (as the window does
 * at start), whose events the test plays to the bar.
 */
import { act } from 'react';
import { vi } from 'vitest';
import type { BridgeEvent } from '../../src/console/bridge-contract';
import { StatusBar } from '../screens/StatusBar';
import { useAppStore } from '../state/app-store';
import { fakeBridge } from './fake-bridge';
import type { MountedView } from './mount-per-test';

export const SNAPSHOT = {
  auth: 'logged_in', agent: null, connectivity: { state: 'online', realtime: 'connected' },
  sync: { state: 'idle', lastFinishedAt: null, progress: null },
  outbox: { queued: 0, waiting_reply: 0, sending: 0, sent: 0, failed: 0, cancelled: 0 },
  outboxOtherAgents: 0, outboxHeldHere: 0, conversations: { total: 0, unread: 0, waitingContact: 0 },
  disk: { state: 'ok', freeBytes: 50_000_000_000 },
};

/**
 * Attaches the app store to a core answering `snapshot` (the server it is set to: `server`, an
 * empty desk). `emit` plays one of the core's events, inside act.
 */
export async function attachStatusCore(snapshot: object, server: string | null): Promise<{ emit(event: BridgeEvent): void }> {
  const fake = fakeBridge(
    vi.fn((command: string) => {
      if (command === 'server.state') return Promise.resolve({ ok: true, value: { server, changeable: false } });
      if (command === 'desk.view') return Promise.resolve({ ok: true, value: { items: [], counts: { all: 0, mine: 0, queue: 0, waiting: 0 } } });
      return Promise.resolve({ ok: true, value: snapshot });
    }),
  );
  await act(() => useAppStore.getState().attach(fake.bridge));
  return { emit: (event) => act(() => fake.emit(event)) };
}

/** The status bar on `view`, in a window attached to that core (set to no server) whose store holds `snapshot`. */
export async function statusBarOnScreen(view: MountedView, snapshot: object): Promise<{ emit(event: BridgeEvent): void }> {
  const { emit } = await attachStatusCore(snapshot, null);
  // Cast: a test's snapshot carries only what the bar reads.
  useAppStore.setState({ snapshot: snapshot as never });
  act(() => view.root.render(<StatusBar />));
  return { emit };
}
