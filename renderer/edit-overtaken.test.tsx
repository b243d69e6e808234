// @vitest-environment happy-dom
/**
 * The agent is editing a text still waiting for the contact's reply, and the reply comes (or the
 * connection returns) first: the original goes out and the edit can no longer be saved. The box
 * leaves "Editando a mensagem na fila" but keeps the new text, as a message of its own, and says the
 * contact got the earlier one. Before, the box stayed in the edit, Enter was refused ("já foi
 * enviada") and Esc — the only way out — threw the new text away.
 */
import { act } from 'react';
import { describe, expect, it, vi } from 'vitest';
import type { BridgeEvent, HelenaBridge } from '../src/console/bridge-contract';
import type { MessageView, OpenedConversation } from '../src/console/results';
import { mountPerTest } from './testing/mount-per-test';
import { ConversationScreen } from './screens/ConversationScreen';
import { useAppStore } from './state/app-store';

const SESSION = '7cfa9dd0-fa2d-492d-9d3b-5d2b8e0a1c02';
const ORIGINAL = 'Segue o boleto de março.';
const EDITED = 'Segue o boleto de abril.';

function line(held: boolean): MessageView {
  const at = new Date(Date.UTC(2026, 10, 30, 10, 0, 0)).toISOString();
  return {
    localId: 'local-1', id: 'm-1', kind: 'message', authorName: null, direction: 'FROM_HUB', status: held ? 'WAIT_REPLY' : 'DELIVERED',
    outboxState: held ? 'waiting_reply' : 'sent', text: ORIGINAL, templateId: null, parameters: null, media: null, file: null, failedReason: null,
    failedReasonEn: null, createdAt: at, shownAt: at, editable: held, textEditable: held, templateEditable: false, retryable: false,
    cancellable: held, pendingEditText: null, retryingAfter: null, retryingAfterEn: null,
  };
}

function opened(messages: MessageView[]): OpenedConversation {
  return {
    conversationKey: SESSION,
    conversation: {
      id: SESSION, contactId: 'c1', contactName: 'Vinícius Romão', status: 'IN_PROGRESS', canWrite: true, unreadCount: 0, pendingStart: null,
      window: { canSendFreeText: false, expiresAt: null },
    },
    contact: { id: 'c1', name: 'Vinícius Romão', phone: '+5562984455667', email: null, tags: [], annotation: null, fields: [] },
    messages,
    draft: null,
    noteDraft: null,
  } as unknown as OpenedConversation;
}

const view = mountPerTest();
const settle = () => act(async () => new Promise((resolve) => setTimeout(resolve, 150)));
const button = (name: string) => [...view.host.querySelectorAll('button')].find((b) => b.textContent === name);

describe('an edit overtaken by the message going out', () => {
  it('leaves the edit, keeps the new text in the box as a new message, and says the contact got the earlier one', async () => {
    let held = true;
    const listeners = new Set<(event: BridgeEvent) => void>();
    const invoke = vi.fn((command: string) => {
      if (command === 'conversation.open') return Promise.resolve({ ok: true, value: opened([line(held)]) });
      return Promise.resolve({ ok: true, value: {} });
    });
    const bridge = {
      invoke,
      onEvent(listener: (event: BridgeEvent) => void) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    } as unknown as HelenaBridge;
    useAppStore.setState({ bridge });
    await act(async () => view.root.render(<ConversationScreen conversationKey={SESSION} onBack={() => undefined} onTransferred={() => undefined} />));
    await settle();
    const box = view.host.querySelector('textarea') as HTMLTextAreaElement;
    const setValue = Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value')?.set;

    await act(async () => button('Editar')?.click());
    await act(async () => {
      setValue?.call(box, EDITED);
      box.dispatchEvent(new Event('input', { bubbles: true }));
    });
    expect(view.host.textContent).toContain('Editando a mensagem na fila');

    // The contact replies: HelenaCRM releases the original.
    held = false;
    await act(async () => {
      for (const listener of listeners) listener({ type: 'message-status', sessionId: SESSION, messageId: 'm-1', localId: 'local-1', status: 'DELIVERED' });
    });
    await settle();

    expect(view.host.textContent).not.toContain('Editando a mensagem na fila');
    expect(box.value).toBe(EDITED);
    expect(view.host.querySelector('[role="alert"]')?.textContent).toContain('A mensagem saiu antes que a edição fosse salva');
    // Enter now sends the new text as a message of its own, not as an edit.
    await act(async () => box.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true })));
    await settle();
    expect(invoke).toHaveBeenCalledWith('message.sendText', { sessionId: SESSION, text: EDITED });
    expect(invoke).not.toHaveBeenCalledWith('message.edit', expect.anything());
  });
});
