// @vitest-environment happy-dom
import { act } from 'react';
import { describe, expect, it, vi } from 'vitest';
import type { HelenaBridge } from '../src/console/bridge-contract';
import type { MessageView, OpenedConversation, PastConversation } from '../src/console/results';
import { mountPerTest } from './testing/mount-per-test';
import { PastConversationView } from './screens/PastConversationView';
import { useAppStore } from './state/app-store';

const view = mountPerTest();

const item: PastConversation = {
  id: 'sess-old',
  status: 'COMPLETED',
  channelId: 'ch1',
  channelName: 'WhatsApp Oficial',
  teamId: 'team1',
  teamName: 'Vendas',
  agentUserId: 'u1',
  agentName: 'Ana Lúcia Souza',
  startedAt: '2026-11-30T22:50:00.000Z',
  endedAt: '2026-11-30T22:55:00.000Z',
  lastActivityAt: '2026-11-30T22:55:00.000Z',
  lastMessageText: 'Seu técnico chega às 14h, combinado?',
  cachedMessages: 1,
};

/** A text of this computer's that failed when the conversation was completed before the reply, as the core shows it. */
function failedText(): MessageView {
  return {
    localId: 'local-1',
    id: 'm1',
    kind: 'message',
    authorName: null,
    direction: 'FROM_HUB',
    status: 'FAILED',
    outboxState: 'failed',
    text: 'Seu técnico chega às 14h, combinado?',
    templateId: null,
    parameters: null,
    media: null,
    file: null,
    failedReason: 'Conversa concluída antes da resposta do contato',
    failedReasonEn: null,
    createdAt: '2026-11-30T22:55:00.000Z',
    shownAt: '2026-11-30T22:55:00.000Z',
    editable: true,
    textEditable: false, editBlockedBy: null,
    templateEditable: false,
    retryable: true,
    cancellable: true,
    retryingAfter: null,
    retryingAfterEn: null, pendingEditText: null, abandonedEditText: null, abandonedEditReason: null,
  };
}

function bridgeWith(messages: () => MessageView[]): { bridge: HelenaBridge; invoke: ReturnType<typeof vi.fn> } {
  const invoke = vi.fn((command: string) => {
    if (command === 'conversation.open') {
      const opened: OpenedConversation = { conversationKey: item.id, conversation: null, contact: null, contactSyncing: null, messages: messages(), draft: null, noteDraft: null };
      return Promise.resolve({ ok: true, value: opened });
    }
    if (command === 'message.cancel') return Promise.resolve({ ok: true, value: { cancelled: true } });
    return Promise.resolve({ ok: false, error: { code: 'unknown_command', message: 'não' } });
  });
  return { bridge: { invoke, onEvent: () => () => undefined } as unknown as HelenaBridge, invoke };
}

describe('a past conversation, read-only', () => {
  it('offers only what works there: a failed message of this computer is cleared; no retry, no edit', async () => {
    let message = failedText();
    const { bridge, invoke } = bridgeWith(() => [message]);
    useAppStore.setState({ bridge });
    await act(async () => view.root.render(<PastConversationView item={item} />));

    const buttons = () => [...view.host.querySelectorAll('li button')].map((b) => b.textContent);
    expect(buttons()).toEqual(['Cancelar envio']);

    message = { ...failedText(), status: 'CANCELLED', outboxState: 'cancelled', editable: false, retryable: false, cancellable: false };
    await act(async () => view.host.querySelector<HTMLButtonElement>('li button')?.click());
    expect(invoke).toHaveBeenCalledWith('message.cancel', { localId: 'local-1' });
    expect(buttons()).toEqual([]);
    // The button is gone with the failure: the keyboard is back on the messages, not lost on the page.
    expect(document.activeElement).toBe(view.host.querySelector('ol'));
  });
});
