// @vitest-environment happy-dom
/** The status bar's sync progress goes when the pass is cut short, and says so while a retry is coming. */
import { act } from 'react';
import { createRoot } from 'react-dom/client';
import { expect, it, vi } from 'vitest';
import type { BridgeEvent, HelenaBridge } from '../src/console/bridge-contract';
import { initI18n } from './i18n';
import { StatusBar } from './screens/StatusBar';
import { useAppStore } from './state/app-store';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const SNAPSHOT = {
  auth: 'logged_in', agent: null, connectivity: { state: 'online', realtime: 'connected' },
  sync: { state: 'never', lastFinishedAt: null, progress: null },
  outbox: { queued: 0, waiting_reply: 0, sending: 0, sent: 0, failed: 0, cancelled: 0 },
  outboxOtherAgents: 0, outboxHeldHere: 0, conversations: { total: 0, unread: 0, waitingContact: 0 },
  disk: { state: 'ok', freeBytes: 50_000_000_000 },
};

async function statusBarOnScreen() {
  initI18n();
  const listeners = new Set<(event: BridgeEvent) => void>();
  const bridge = {
    invoke: vi.fn((command: string) => {
      if (command === 'server.state') return Promise.resolve({ ok: true, value: { server: null, changeable: false } });
      if (command === 'desk.view') return Promise.resolve({ ok: true, value: { items: [], counts: { all: 0, mine: 0, queue: 0, waiting: 0 } } });
      return Promise.resolve({ ok: true, value: SNAPSHOT });
    }) as unknown as HelenaBridge['invoke'],
    onEvent(listener: (event: BridgeEvent) => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  await act(() => useAppStore.getState().attach(bridge));
  useAppStore.setState({ snapshot: SNAPSHOT as never });
  const host = document.createElement('div');
  document.body.append(host);
  act(() => createRoot(host).render(<StatusBar />));
  const emit = (event: BridgeEvent) => act(() => listeners.forEach((listener) => listener(event)));
  const bar = () => ({
    progress: host.querySelector('progress') !== null,
    text: host.querySelector('.sync')?.textContent ?? null,
  });
  return { emit, bar };
}

it('takes a failed pass’s progress off the bar, says a retry is coming, and shows the retry’s own progress', async () => {
  const { emit, bar } = await statusBarOnScreen();
  emit({ type: 'sync-progress', resource: 'contacts', done: 400, total: 1000, phase: 'first' });
  expect(bar()).toEqual({ progress: true, text: 'Sincronizando contatos: 400 de 1.000' });

  // The network dropped (or HelenaCRM failed) midway; another pass is scheduled.
  emit({ type: 'sync-stopped', retrying: true });
  expect(bar()).toEqual({ progress: false, text: 'Sincronização interrompida — tentando de novo' });

  emit({ type: 'sync-progress', resource: 'contacts', done: 500, total: 1000, phase: 'first' });
  expect(bar()).toEqual({ progress: true, text: 'Sincronizando contatos: 500 de 1.000' });
  emit({ type: 'sync-finished', phase: 'first', at: '2026-12-01T03:00:00.000Z' });
  expect(bar()).toEqual({ progress: false, text: null });
});

it('leaves nothing when no other pass is coming (signed out, session expired)', async () => {
  const { emit, bar } = await statusBarOnScreen();
  emit({ type: 'sync-progress', resource: 'sessions', done: 40, total: null, phase: 'delta' });
  expect(bar().progress).toBe(true);
  emit({ type: 'sync-stopped', retrying: false });
  expect(bar()).toEqual({ progress: false, text: null });

  emit({ type: 'sync-progress', resource: 'sessions', done: 60, total: null, phase: 'delta' });
  emit({ type: 'auth-expired' });
  expect(bar()).toEqual({ progress: false, text: null });
});
