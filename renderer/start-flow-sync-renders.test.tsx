// @vitest-environment happy-dom
/**
 * The start flow's contact step during a first sync: "Ainda sincronizando os contatos (n de N)"
 * follows every progress event (4 a second), and only that line re-renders, not the step and its
 * list of contacts (counted through displayPhone, called once per listed contact's render).
 */
import { act } from 'react';
import { expect, it, vi } from 'vitest';
import type { HelenaBridge } from '../src/console/bridge-contract';
import type { ContactSearchPage, ContactSummary } from '../src/console/results';
import { displayPhone } from '../src/domain/phone';
import { mountPerTest } from './testing/mount-per-test';
import { StartFlow } from './screens/start/StartFlow';
import { useAppStore } from './state/app-store';

vi.mock('../src/domain/phone', async (importOriginal) => {
  const original = await importOriginal<typeof import('../src/domain/phone')>();
  return { ...original, displayPhone: vi.fn(original.displayPhone) };
});
const contactRenders = vi.mocked(displayPhone);

const view = mountPerTest();

const CONTACTS = Array.from(
  { length: 5 },
  (_, i) => ({ id: `c${i}`, name: `Maria ${i}`, phoneNumber: `+55119765432${i}0`, email: null, lastActivityAt: null, match: 'prefix' }) as ContactSummary,
);

function progress(done: number) {
  return {
    auth: 'logged_in', agent: null, connectivity: { state: 'online', realtime: 'connected' },
    sync: { state: 'syncing', lastFinishedAt: null, progress: { resource: 'contacts', done, total: 200_040, phase: 'first' } },
    outbox: { queued: 0, waiting_reply: 0, sending: 0, sent: 0, failed: 0, cancelled: 0 },
    outboxOtherAgents: 0, outboxHeldHere: 0, conversations: { total: 0, unread: 0, waitingContact: 0 },
    disk: { state: 'ok', freeBytes: 50_000_000_000 },
  } as never;
}

it('re-renders the "still syncing" line on a progress event, not the listed contacts', async () => {
  const page: ContactSearchPage = { items: CONTACTS, hasMore: false, total: CONTACTS.length, newNumber: null };
  const invoke = vi.fn((command: string) => Promise.resolve(command === 'contacts.search' ? { ok: true, value: page } : { ok: true, value: [] }));
  useAppStore.setState({ bridge: { invoke, onEvent: () => () => undefined } as unknown as HelenaBridge, snapshot: progress(100) });
  await act(async () => view.root.render(<StartFlow onClose={() => undefined} onStarted={() => undefined} />));
  await act(async () => new Promise((resolve) => setTimeout(resolve, 200)));
  expect(view.host.querySelectorAll('[role="option"]')).toHaveLength(5);

  contactRenders.mockClear();
  for (let done = 200; done <= 1000; done += 100) act(() => useAppStore.setState({ snapshot: progress(done) }));
  expect(view.host.textContent).toContain('(1.000 de 200.040)');
  expect(contactRenders).not.toHaveBeenCalled();
});
