// @vitest-environment happy-dom
/**
 * The desk during a sync: progress events come 4 times a second on a big account, and each one
 * used to re-render every row (HomeScreen read the whole snapshot, the rows were not memoized),
 * which cost the agent's keys (p95 366 ms keydown to paint). A row renders when it changes only.
 * Rows are counted through windowLeft, which each row render calls once.
 */
import { act } from 'react';
import { beforeEach, expect, it, vi } from 'vitest';
import type { BridgeEvent, HelenaBridge } from '../src/console/bridge-contract';
import type { ConversationSummary, DeskView } from '../src/console/results';
import { mountPerTest } from './testing/mount-per-test';
import { HomeScreen } from './screens/HomeScreen';
import { windowLeft } from './screens/window-time';
import { useAppStore } from './state/app-store';

vi.mock('./screens/window-time', async (importOriginal) => {
  const original = await importOriginal<typeof import('./screens/window-time')>();
  return { ...original, windowLeft: vi.fn(original.windowLeft) };
});
const rowRenders = vi.mocked(windowLeft);

const ROW = {
  id: 'session-0', contactId: 'contact-0', contactName: 'Cliente 0', channelId: 'channel-1', departmentId: 'team-1', userId: 'user-ana',
  status: 'IN_PROGRESS', window: { state: 'open', reason: 'active', canSendFreeText: true, expiresAt: '2026-12-02T05:00:00.000Z', msLeft: 80_000_000 },
  unreadCount: 0, lastMessageText: 'Olá', updatedAt: '2026-12-01T05:00:00.000Z', canWrite: true, pendingStart: null, startFailed: null, draft: null, noteDraft: null,
} as ConversationSummary;
const ROWS = Array.from({ length: 20 }, (_, i) => ({ ...ROW, id: `session-${i}`, contactId: `contact-${i}`, contactName: `Cliente ${i}` }));
const SNAPSHOT = {
  auth: 'logged_in', agent: { id: 'user-ana', name: 'Ana', availability: 'available' }, connectivity: { state: 'online', realtime: 'connected' },
  sync: { state: 'syncing', lastFinishedAt: null, progress: { resource: 'contacts', done: 100, total: 200_040, phase: 'first' } },
  outbox: { queued: 0, waiting_reply: 0, sending: 0, sent: 0, failed: 0, cancelled: 0 },
  outboxOtherAgents: 0, outboxHeldHere: 0, conversations: { total: 20, unread: 0, waitingContact: 0 },
  disk: { state: 'ok', freeBytes: 50_000_000_000 },
};

const view = mountPerTest();
let emit: (event: BridgeEvent) => void = () => undefined;
/** What desk.view answers: a fresh copy each time, as the bridge's JSON would be. */
let deskItems: ConversationSummary[] = ROWS;
let reads = 0;

beforeEach(async () => {
  deskItems = ROWS;
  const listeners = new Set<(event: BridgeEvent) => void>();
  const bridge = {
    invoke: vi.fn((command: string) => {
      if (command === 'server.state') return Promise.resolve({ ok: true, value: { server: 'https://api.helena.app', changeable: false } });
      if (command === 'desk.view') {
        // The core computes msLeft at each read; the desk counts from expiresAt.
        const items = structuredClone(deskItems).map((row) => ({ ...row, window: { ...row.window, msLeft: (row.window.msLeft ?? 0) - ++reads } }));
        const value: DeskView = { items, counts: { all: deskItems.length, mine: deskItems.length, queue: 0, waiting: 0 } };
        return Promise.resolve({ ok: true, value });
      }
      if (command === 'state.snapshot') return Promise.resolve({ ok: true, value: SNAPSHOT });
      return Promise.resolve({ ok: true, value: {} });
    }) as unknown as HelenaBridge['invoke'],
    onEvent(listener: (event: BridgeEvent) => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  emit = (event) => act(() => listeners.forEach((listener) => listener(event)));
  await act(() => useAppStore.getState().attach(bridge));
  await act(async () => view.root.render(<HomeScreen />));
  await act(async () => new Promise((resolve) => setTimeout(resolve, 20)));
  expect(view.host.querySelectorAll('[role="option"]')).toHaveLength(20);
});

it('re-renders no row on a sync-progress event, while the status bar follows it', () => {
  rowRenders.mockClear();
  for (let done = 200; done <= 1000; done += 100) emit({ type: 'sync-progress', resource: 'contacts', done, total: 200_040, phase: 'first' });
  expect(view.host.querySelector('.sync')?.textContent).toBe('Sincronizando contatos: 1.000 de 200.040');
  expect(rowRenders).not.toHaveBeenCalled();
});

it('re-renders only the two rows the selection leaves and reaches on ↓', () => {
  rowRenders.mockClear();
  const list = view.host.querySelector<HTMLElement>('[role="listbox"]');
  act(() => list?.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown', bubbles: true })));
  expect(view.host.querySelector('[role="option"][aria-selected="true"]')?.id).toBe('conversation-session-1');
  expect(rowRenders).toHaveBeenCalledTimes(2);
});

it('re-renders only the row that changed when the list is read again (a contact’s name arrived)', async () => {
  deskItems = ROWS.map((row) => (row.id === 'session-3' ? { ...row, contactName: 'Cliente Três' } : row));
  rowRenders.mockClear();
  await act(() => useAppStore.getState().refresh());
  expect(view.host.querySelector('#conversation-session-3 .name')?.textContent).toBe('Cliente Três');
  expect(rowRenders).toHaveBeenCalledTimes(1);
});
