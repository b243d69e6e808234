/**
 * The desk during a long first sync: the conversations are written within a second or two, the
 * contacts keep coming for minutes (200,000 over a 300 ms line: a minute). The core announces
 * neither per row in a first sync, only 'sync-finished' at the end, so the desk must read its
 * list again while the first sync's progress comes in, or it says "Nenhum atendimento" all along.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { BridgeEvent, HelenaBridge } from '../src/console/bridge-contract';
import type { ConversationSummary } from '../src/console/results';
import { useAppStore } from './state/app-store';

const ROW: ConversationSummary = {
  id: 'session-1',
  contactId: 'contact-1',
  contactName: 'Valentina Fontes',
  channelId: 'channel-1',
  departmentId: 'team-1',
  userId: null,
  status: 'PENDING',
  window: { state: 'open', canSendFreeText: true, expiresAt: null, msLeft: null } as unknown as ConversationSummary['window'],
  unreadCount: 1,
  lastMessageText: 'Olá, preciso de ajuda com o pedido',
  updatedAt: '2026-12-01T05:00:00.000Z',
  canWrite: false,
  pendingStart: null,
  draft: null,
  noteDraft: null,
};

/** A core whose cache holds `rows` once the test says the sessions are written; counts desk.view calls. */
function fakeBridge(): HelenaBridge & { emit(event: BridgeEvent): void; written: boolean; deskViews: number } {
  const listeners = new Set<(event: BridgeEvent) => void>();
  const bridge = {
    written: false,
    deskViews: 0,
    invoke: vi.fn((command: string) => {
      if (command === 'desk.view') {
        bridge.deskViews++;
        const items = bridge.written ? [ROW] : [];
        return Promise.resolve({ ok: true, value: { items, counts: { all: items.length, mine: 0, queue: items.length, waiting: 0 } } });
      }
      if (command === 'server.state') return Promise.resolve({ ok: false, error: { code: 'unknown', message: 'no shell' } });
      return Promise.resolve({ ok: true, value: { auth: 'logged_in', connectivity: { state: 'online', realtime: 'connected' }, sync: { state: 'never', lastFinishedAt: null, progress: null, retrying: false } } });
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
  useAppStore.setState({ phase: 'starting', server: null, snapshot: null, conversations: [] });
});

describe('the desk while a first sync runs', () => {
  it('shows the conversations once they are written, while the contacts are still coming', async () => {
    const bridge = fakeBridge();
    await useAppStore.getState().attach(bridge);
    await vi.waitFor(() => expect(bridge.deskViews).toBeGreaterThan(0));
    expect(useAppStore.getState().conversations).toEqual([]);

    // The sessions pass wrote its pages; the contacts pass goes on (no 'sync-finished' yet).
    bridge.written = true;
    bridge.emit({ type: 'sync-progress', resource: 'sessions', done: 1, total: 1, phase: 'first' });
    for (let done = 100; done <= 500; done += 100) bridge.emit({ type: 'sync-progress', resource: 'contacts', done, total: 200_040, phase: 'first' });

    await vi.waitFor(() => expect(useAppStore.getState().conversations.map((c) => c.contactName)).toEqual(['Valentina Fontes']), { timeout: 3000 });
    expect(useAppStore.getState().deskCounts.all).toBe(1);
  });

  it('reads the list at most once a second however many pages of conversations arrive', async () => {
    const bridge = fakeBridge();
    await useAppStore.getState().attach(bridge);
    await vi.waitFor(() => expect(bridge.deskViews).toBeGreaterThan(0));
    const before = bridge.deskViews;
    bridge.written = true;
    for (let done = 100; done <= 2000; done += 100) bridge.emit({ type: 'sync-progress', resource: 'sessions', done, total: 2000, phase: 'first' });
    await vi.waitFor(() => expect(bridge.deskViews).toBe(before + 1), { timeout: 3000 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(bridge.deskViews).toBe(before + 1);
  });

  it('while the contacts come, reads the list again only while a row waits for its name, every 5 s', async () => {
    const bridge = fakeBridge();
    await useAppStore.getState().attach(bridge);
    await vi.waitFor(() => expect(bridge.deskViews).toBeGreaterThan(0));
    vi.useFakeTimers();
    try {
      const contactsPage = (done: number) => bridge.emit({ type: 'sync-progress', resource: 'contacts', done, total: 200_040, phase: 'first' });
      // Every row named: the contacts coming change nothing on the desk, which is not read again.
      useAppStore.setState({ conversations: [ROW] });
      let before = bridge.deskViews;
      contactsPage(100);
      await vi.advanceTimersByTimeAsync(6000);
      expect(bridge.deskViews).toBe(before);

      // A row whose contact has not arrived: read again, once per 5 s however many pages come.
      useAppStore.setState({ conversations: [{ ...ROW, contactName: null }] });
      before = bridge.deskViews;
      for (let i = 0; i < 8; i++) {
        contactsPage(200 + i * 100);
        await vi.advanceTimersByTimeAsync(500);
      }
      expect(bridge.deskViews).toBe(before);
      await vi.advanceTimersByTimeAsync(1000);
      expect(bridge.deskViews).toBe(before + 1);
    } finally {
      vi.useRealTimers();
    }
  });
});
