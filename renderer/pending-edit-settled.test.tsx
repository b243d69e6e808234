// @vitest-environment happy-dom
/**
 * An edit of a held text cut short by the connection: the box's refusal says "A conexão caiu
 * durante a edição: o Helena Desk a termina sozinho…". Once the outbox finished the edit (the line
 * no longer reads "Edição pendente") that sentence is no longer true and goes; before, it stayed in
 * red under the delivered text until the agent typed something.
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
const UNSETTLED = 'A conexão caiu durante a edição: o Helena Desk a termina sozinho assim que o HelenaCRM responder.';

function heldLine(text: string, pendingEditText: string | null): MessageView {
  const at = new Date(Date.UTC(2026, 10, 30, 10, 0, 0)).toISOString();
  return {
    localId: 'local-1', id: 'm-1', kind: 'message', authorName: null, direction: 'FROM_HUB', status: 'WAIT_REPLY', outboxState: 'waiting_reply',
    text, templateId: null, parameters: null, media: null, file: null, failedReason: null, failedReasonEn: null, createdAt: at,
    shownAt: at, editable: true, textEditable: true, templateEditable: false, retryable: false, cancellable: true, pendingEditText,
    retryingAfter: null, retryingAfterEn: null,
  };
}

function opened(messages: MessageView[]): OpenedConversation {
  return {
    conversationKey: SESSION,
    conversation: {
      id: SESSION, contactId: 'c1', contactName: 'Vinícius Romão', status: 'IN_PROGRESS', canWrite: true, unreadCount: 0, pendingStart: null,
      window: { canSendFreeText: false, expiresAt: null },
    },
    contact: { id: 'c1', name: 'Vinícius Romão', phone: '+14155550100', email: null, tags: [], annotation: null, fields: [] },
    messages,
    draft: null,
    noteDraft: null,
  } as unknown as OpenedConversation;
}

const view = mountPerTest();
const settle = () => act(async () => new Promise((resolve) => setTimeout(resolve, 150)));
const button = (name: string) => [...view.host.querySelectorAll('button')].find((b) => b.textContent === name);

describe('an edit of a held text cut short, then finished by the outbox', () => {
  it('the "A conexão caiu durante a edição" sentence goes once the line is no longer a pending edit', async () => {
    // The core as views.ts builds the line: original, then pending, then the edited text held again.
    let line = heldLine(ORIGINAL, null);
    const listeners = new Set<(event: BridgeEvent) => void>();
    const invoke = vi.fn((command: string, input: { text?: string }) => {
      if (command === 'conversation.open') return Promise.resolve({ ok: true, value: opened([line]) });
      if (command === 'message.edit') {
        line = heldLine(ORIGINAL, input.text ?? null);
        return Promise.resolve({ ok: false, error: { code: 'edit_pending', message: UNSETTLED } });
      }
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
    await act(async () => box.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true })));
    await settle();
    expect(view.host.querySelector('[data-testid="pending-edit-text"]')?.textContent).toBe(EDITED);
    expect(view.host.querySelector('[role="alert"]')?.textContent).toContain(UNSETTLED);

    // The connection back, the outbox finishes the edit: the line is the edited text, held again.
    line = heldLine(EDITED, null);
    await act(async () => {
      for (const listener of listeners) listener({ type: 'message-status', sessionId: SESSION, messageId: 'm-2', localId: 'local-1', status: 'WAIT_REPLY' });
    });
    await settle();
    expect(view.host.querySelector('[data-testid="pending-edit"]')).toBeNull();
    expect(view.host.textContent).not.toContain('A conexão caiu durante a edição');
  });
});
