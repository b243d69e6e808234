// @vitest-environment happy-dom
/**
 * A first sync's progress line ("Sincronizando contatos: 12.000 de 200.040") sat in the status
 * bar's live region, so a screen reader could read it on every progress event, several times a
 * second. The line is now a progress bar outside the live region; the live region says only the
 * milestones: the first sync starting, finishing, and a pass cut short.
 */
import { act } from 'react';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import type { BridgeEvent, HelenaBridge } from '../src/console/bridge-contract';
import { mountPerTest } from './testing/mount-per-test';
import { MILESTONE_MS, StatusBar } from './screens/StatusBar';
import { useAppStore } from './state/app-store';

const SNAPSHOT = {
  auth: 'logged_in', agent: null, connectivity: { state: 'online', realtime: 'connected' },
  sync: { state: 'never', lastFinishedAt: null, progress: null },
  outbox: { queued: 0, waiting_reply: 0, sending: 0, sent: 0, failed: 0, cancelled: 0 },
  outboxOtherAgents: 0, outboxHeldHere: 0, conversations: { total: 0, unread: 0, waitingContact: 0 },
  disk: { state: 'ok', freeBytes: 50_000_000_000 },
};

const view = mountPerTest();
let emit: (event: BridgeEvent) => void = () => undefined;

beforeEach(async () => {
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
  emit = (event) => act(() => listeners.forEach((listener) => listener(event)));
  await act(() => useAppStore.getState().attach(bridge));
  useAppStore.setState({ snapshot: SNAPSHOT as never });
  vi.useFakeTimers();
  act(() => view.root.render(<StatusBar />));
});
afterEach(() => {
  vi.useRealTimers();
});

/** Whether a screen reader announces changes to this element: the nearest aria-live (or live role) above it decides. */
function inLiveRegion(element: Element): boolean {
  for (let at: Element | null = element; at; at = at.parentElement) {
    const live = at.getAttribute('aria-live');
    if (live !== null) return live !== 'off';
    if (['status', 'alert', 'log'].includes(at.getAttribute('role') ?? '')) return true;
  }
  return false;
}

/** The text nodes' parents that hold these words, so the test asks about the words and not about markup. */
function holding(words: string): Element[] {
  return [...view.host.querySelectorAll('*')].filter((el) => [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent?.includes(words)));
}

/** Every element of the live region that reads these words. */
function saidAloud(words: string): boolean {
  return holding(words).some(inLiveRegion);
}

it('keeps the progress count out of the live region, and shows it as a progress bar named by that line', () => {
  emit({ type: 'sync-progress', resource: 'contacts', done: 12_000, total: 200_040, phase: 'first' });
  const line = holding('Sincronizando contatos: 12.000 de 200.040');
  expect(line).toHaveLength(1);
  expect(inLiveRegion(line[0] as Element)).toBe(false);
  const bar = view.host.querySelector('progress');
  expect(bar?.getAttribute('value')).toBe('12000');
  expect(view.host.ownerDocument.getElementById(bar?.getAttribute('aria-labelledby') ?? '')?.textContent).toBe('Sincronizando contatos: 12.000 de 200.040');

  emit({ type: 'sync-progress', resource: 'contacts', done: 13_000, total: 200_040, phase: 'first' });
  expect(holding('13.000 de 200.040').some(inLiveRegion)).toBe(false);
  // The connection badge is still read aloud when it changes.
  expect(inLiveRegion(view.host.querySelector('[data-testid="connectivity"]') as Element)).toBe(true);
});

it('says when the first sync starts and when it is done, each once', () => {
  emit({ type: 'sync-progress', resource: 'channels', done: 1, total: 3, phase: 'first' });
  expect(saidAloud('Sincronizando com o HelenaCRM pela primeira vez')).toBe(true);
  emit({ type: 'sync-progress', resource: 'contacts', done: 12_000, total: 200_040, phase: 'first' });
  emit({ type: 'sync-finished', phase: 'first', at: '2026-12-01T03:00:00.000Z' });
  expect(saidAloud('Sincronização com o HelenaCRM concluída.')).toBe(true);
  expect(saidAloud('Sincronizando com o HelenaCRM pela primeira vez')).toBe(false);
  // Gone after a while, so it does not linger for whoever reads the bar later.
  act(() => vi.advanceTimersByTime(MILESTONE_MS));
  expect(view.host.querySelector('[data-testid="sync-milestone"]')).toBeNull();
});

it('says a pass was cut short, and nothing about the background syncs that follow', () => {
  emit({ type: 'sync-progress', resource: 'contacts', done: 400, total: 1000, phase: 'first' });
  emit({ type: 'sync-stopped', retrying: true });
  expect(saidAloud('Sincronização interrompida — tentando de novo')).toBe(true);
  emit({ type: 'sync-progress', resource: 'contacts', done: 500, total: 1000, phase: 'first' });
  emit({ type: 'sync-finished', phase: 'first', at: '2026-12-01T03:00:00.000Z' });
  act(() => vi.advanceTimersByTime(MILESTONE_MS));

  emit({ type: 'sync-progress', resource: 'sessions', done: 40, total: null, phase: 'delta' });
  emit({ type: 'sync-finished', phase: 'delta', at: '2026-12-01T03:05:00.000Z' });
  expect(view.host.querySelector('[data-testid="sync-milestone"]')).toBeNull();
});
