// @vitest-environment happy-dom
/**
 * The quick find is how the agent got to a conversation, not a view to keep: "sebast", Enter on
 * Sebastião, Esc back to the desk showed only Sebastião under "Todos (2)", hiding a new reply from
 * another contact. Back from a conversation opened from a search, the desk is whole again, on the
 * filter the agent had, with the keyboard on the list.
 */
import { act } from 'react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { HelenaBridge } from '../src/console/bridge-contract';
import type { ConversationFilter } from '../src/console/desk-filters';
import type { ConversationSummary, DeskView, OpenedConversation } from '../src/console/results';
import { fillBox, pause, pressAndWait } from './testing/input';
import { mountPerTest } from './testing/mount-per-test';
import { HomeScreen } from './screens/HomeScreen';
import { useAppStore } from './state/app-store';

const SEBASTIAO = {
  id: 'session-1', contactId: 'contact-1', contactName: 'Sebastião Magalhães', channelId: 'channel-1', departmentId: 'team-1', userId: 'user-ana',
  status: 'IN_PROGRESS', window: { state: 'open', reason: 'active', canSendFreeText: true, expiresAt: '2026-12-02T05:00:00.000Z', msLeft: 80_000_000 },
  unreadCount: 0, lastMessageText: 'Pode ser amanhã?', updatedAt: '2026-12-01T05:00:00.000Z', canWrite: true, pendingStart: null, startFailed: null, draft: null, noteDraft: null,
} as ConversationSummary;
const MARIA: ConversationSummary = { ...SEBASTIAO, id: 'session-2', contactId: 'contact-2', contactName: 'Maria Souza', lastMessageText: 'Oi, chegou?', unreadCount: 1 };

const view = mountPerTest();
const doc = () => view.host.ownerDocument;

beforeEach(async () => {
  const opened = {
    conversationKey: SEBASTIAO.id, conversation: SEBASTIAO,
    contact: { id: 'contact-1', name: 'Sebastião Magalhães', phone: '+5571991234567', email: null, tags: [], tagIds: [], annotation: null, fields: [] },
    messages: [], draft: null, noteDraft: null,
  } as unknown as OpenedConversation;
  const invoke = vi.fn((command: string, input: { query?: string }) => {
    if (command === 'desk.view') {
      // As the core cuts it: the quick find narrows the items, the counts stay the filter's.
      const query = (input.query ?? '').toLowerCase();
      const items = [MARIA, SEBASTIAO].filter((c) => (c.contactName ?? '').toLowerCase().startsWith(query));
      const value: DeskView = { items, counts: { all: 2, mine: 2, queue: 0, waiting: 0 } };
      return Promise.resolve({ ok: true, value });
    }
    if (command === 'conversation.open') return Promise.resolve({ ok: true, value: opened });
    if (command === 'schedule.list') return Promise.resolve({ ok: true, value: { contactId: 'contact-1', items: [], source: 'helena', unheard: null } });
    return Promise.resolve({ ok: true, value: {} });
  });
  useAppStore.setState({
    bridge: { invoke, onEvent: () => () => undefined } as unknown as HelenaBridge,
    phase: 'logged_in',
    snapshot: {
      auth: 'logged_in', agent: { id: 'user-ana', name: 'Ana', availability: 'available' }, connectivity: { state: 'online', realtime: 'connected' },
      sync: { state: 'idle', lastFinishedAt: '2026-12-01T05:00:00.000Z', progress: null },
      outbox: { queued: 0, waiting_reply: 0, sending: 0, sent: 0, failed: 0, cancelled: 0 },
      outboxOtherAgents: 0, outboxHeldHere: 0, conversations: { total: 2, unread: 1, waitingContact: 0 },
      disk: { state: 'ok', freeBytes: 50_000_000_000 },
    } as never,
    conversations: [MARIA, SEBASTIAO], deskCounts: { all: 2, mine: 2, queue: 0, waiting: 0 },
    deskFilter: 'all', deskQuery: '', deskShownQuery: '', openKey: null,
  });
  await act(async () => view.root.render(<HomeScreen />));
  await pause(20);
});

const find = () => doc().querySelector<HTMLInputElement>('input.find');
const rows = () => [...doc().querySelectorAll('.conversations [role="option"] .name')].map((name) => name.textContent);
const list = () => doc().querySelector('.conversations');

/** "sebast" in the quick find, Enter on the one conversation it leaves, then Esc back to the desk. */
async function findOpenAndComeBack(): Promise<void> {
  expect(doc().activeElement).toBe(list());
  await pressAndWait('s', 20); // a letter on the list goes to the quick find
  expect(doc().activeElement).toBe(find());
  await act(async () => fillBox(find() as HTMLInputElement, 'sebast'));
  await pause(50);
  expect(rows()).toEqual(['Sebastião Magalhães']);
  await pressAndWait('Enter', 100);
  expect(useAppStore.getState().openKey).toBe(SEBASTIAO.id);
  expect(doc().querySelector('.conversation')).not.toBeNull();
  await pressAndWait('Escape', 100);
  expect(useAppStore.getState().openKey).toBeNull();
}

describe('back on the desk from a conversation opened by a quick find', () => {
  it('the find is empty and every conversation shows again, with the keyboard on the list', async () => {
    await findOpenAndComeBack();
    expect(find()?.value).toBe('');
    expect(rows()).toEqual(['Maria Souza', 'Sebastião Magalhães']);
    expect(doc().activeElement).toBe(list());
  });

  it('keeps the filter the agent had chosen', async () => {
    await act(async () => useAppStore.getState().setDeskView({ filter: 'mine' satisfies ConversationFilter }));
    await pause(20);
    (list() as HTMLElement | null)?.focus();
    await findOpenAndComeBack();
    expect(useAppStore.getState().deskFilter).toBe('mine');
    expect(doc().querySelector('[role="tab"][aria-selected="true"]')?.textContent).toBe('Meus (2)');
    expect(rows()).toEqual(['Maria Souza', 'Sebastião Magalhães']);
  });
});
