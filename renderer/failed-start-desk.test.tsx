// @vitest-environment happy-dom
/**
 * A start HelenaCRM opened but WhatsApp refused: the desk row and the opened conversation say it
 * was not started and why, not "Iniciado · Aguardando resposta do contato" / "Aguardando o contato
 * responder…" (the core's summary carries startFailed).
 */
import { act } from 'react';
import { describe, expect, it, vi } from 'vitest';
import type { HelenaBridge } from '../src/console/bridge-contract';
import type { ConversationSummary, DeskView, OpenedConversation } from '../src/console/results';
import { mountPerTest } from './testing/mount-per-test';
import { ConversationScreen } from './screens/ConversationScreen';
import { HomeScreen } from './screens/HomeScreen';
import { useAppStore } from './state/app-store';

const WAITING = {
  id: 'session-1', contactId: 'contact-1', contactName: '(11) 91234-5678', channelId: 'channel-1', departmentId: 'team-1', userId: 'user-ana',
  status: 'STARTED', window: { state: 'not_started', reason: 'not_started', canSendFreeText: false, expiresAt: null, msLeft: null }, unreadCount: 0,
  lastMessageText: 'Olá Cliente, tudo bem?', updatedAt: '2026-12-01T05:00:00.000Z', canWrite: true, pendingStart: null, startFailed: null, draft: null, noteDraft: null,
} as ConversationSummary;
const FAILED: ConversationSummary = {
  ...WAITING, id: 'session-2', contactName: '(11) 91234-0000',
  startFailed: { failedReason: 'Número não possui WhatsApp', failedReasonEn: 'WhatsApp refused the message: Número não possui WhatsApp' },
};

const view = mountPerTest();

async function desk(items: ConversationSummary[]) {
  const deskView: DeskView = { items, counts: { all: items.length, mine: items.length, queue: 0, waiting: 1 } };
  const invoke = vi.fn((command: string) => Promise.resolve({ ok: true, value: command === 'desk.view' ? deskView : {} }));
  useAppStore.setState({
    bridge: { invoke, onEvent: () => () => undefined } as unknown as HelenaBridge,
    phase: 'logged_in',
    snapshot: {
      auth: 'logged_in', agent: null, connectivity: { state: 'online', realtime: 'connected' },
      sync: { state: 'idle', lastFinishedAt: '2026-12-01T05:00:00.000Z', progress: null },
      outbox: { queued: 0, waiting_reply: 0, sending: 0, sent: 0, failed: 0, cancelled: 0 },
      outboxOtherAgents: 0, outboxHeldHere: 0, conversations: { total: 0, unread: 0, waitingContact: 0 },
      disk: { state: 'ok', freeBytes: 50_000_000_000 },
    } as never,
    conversations: items, deskCounts: deskView.counts, openKey: null,
  });
  await act(async () => view.root.render(<HomeScreen />));
  await act(async () => new Promise((resolve) => setTimeout(resolve, 20)));
  return (id: string) => view.host.querySelector(`#conversation-${id} .meta`);
}

describe('the desk row of a start WhatsApp refused', () => {
  it('says it was not started and why, in red, while a start that went still waits', async () => {
    const meta = await desk([FAILED, WAITING]);
    expect(meta('session-2')?.textContent).toBe('Não iniciado: Número não possui WhatsApp');
    expect(meta('session-2')?.classList.contains('failed')).toBe(true);
    expect(meta('session-1')?.textContent).toBe('Iniciado · Aguardando resposta do contato');
  });
});

describe('the conversation of a start WhatsApp refused', () => {
  async function windowLine(summary: ConversationSummary): Promise<string | null> {
    const opened = {
      conversationKey: summary.id, conversation: summary,
      contact: { id: 'contact-1', name: null, phone: '+5511912340000', email: null, tags: [], tagIds: [], annotation: null, fields: [] },
      messages: [], draft: null, noteDraft: null,
    } as unknown as OpenedConversation;
    const answers: Record<string, unknown> = { 'conversation.open': opened, 'schedule.list': { contactId: 'contact-1', items: [], source: 'helena', unheard: null } };
    const invoke = vi.fn((command: string) => Promise.resolve(command in answers ? { ok: true, value: answers[command] } : { ok: true, value: {} }));
    useAppStore.setState({ bridge: { invoke, onEvent: () => () => undefined } as unknown as HelenaBridge });
    await act(async () => view.root.render(<ConversationScreen conversationKey={summary.id} onBack={() => undefined} onTransferred={() => undefined} />));
    await act(async () => new Promise((resolve) => setTimeout(resolve, 100)));
    return view.host.querySelector('[data-testid="window-state"]')?.textContent ?? null;
  }

  it('says under the header that it was not started and why, not that it waits for the contact', async () => {
    expect(await windowLine(FAILED)).toBe('Não iniciado: Número não possui WhatsApp');
  });

  it('a start that went still waits for the contact', async () => {
    expect(await windowLine(WAITING)).toMatch(/^Aguardando o contato responder/);
  });
});
