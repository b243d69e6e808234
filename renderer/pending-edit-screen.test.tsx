// @vitest-environment happy-dom
/**
 * The conversation screen around an edit of a held text that the connection cut short: the core
 * refuses it ("A conexão caiu durante a edição…") but keeps it recorded, and no event follows until
 * it is finished. The screen re-reads the conversation on that refusal, so the line shows the
 * pending edit at once; "Editar" again starts from the pending text, the one the agent last chose.
 */
import { act } from 'react';
import { describe, expect, it, vi } from 'vitest';
import type { HelenaBridge } from '../src/console/bridge-contract';
import type { MessageView, OpenedConversation } from '../src/console/results';
import { mountPerTest } from './testing/mount-per-test';
import { ConversationScreen } from './screens/ConversationScreen';
import { useAppStore } from './state/app-store';

const SESSION = '7cfa9dd0-fa2d-492d-9d3b-5d2b8e0a1c02';
const ORIGINAL = 'Segue o boleto de março.';
const EDITED = 'Segue o boleto de abril.';
const UNSETTLED = 'A conexão caiu durante a edição: o Helena Desk a termina sozinho assim que o HelenaCRM responder.';

function heldLine(pendingEditText: string | null): MessageView {
  const at = new Date(Date.UTC(2026, 10, 30, 10, 0, 0)).toISOString();
  return {
    localId: 'local-1', id: 'm-1', kind: 'message', authorName: null, direction: 'FROM_HUB', status: 'WAIT_REPLY', outboxState: 'waiting_reply',
    text: ORIGINAL, templateId: null, parameters: null, media: null, file: null, failedReason: null, failedReasonEn: null, createdAt: at,
    shownAt: at, editable: true, textEditable: true, templateEditable: false, retryable: false, cancellable: true, pendingEditText,
    retryingAfter: null, retryingAfterEn: null,
  };
}

function opened(messages: MessageView[]): OpenedConversation {
  return {
    conversationKey: SESSION,
    conversation: {
      id: SESSION, contactId: 'c1', contactName: 'Sebastião Magalhães', status: 'IN_PROGRESS', canWrite: true, unreadCount: 0, pendingStart: null,
      window: { canSendFreeText: false, expiresAt: null },
    },
    contact: { id: 'c1', name: 'Sebastião Magalhães', phone: '+14155550100', email: null, tags: [], annotation: null, fields: [] },
    messages,
    draft: null,
    noteDraft: null,
  } as unknown as OpenedConversation;
}

const view = mountPerTest();
const settle = () => act(async () => new Promise((resolve) => setTimeout(resolve, 20)));
const button = (name: string) => [...view.host.querySelectorAll('button')].find((b) => b.textContent === name);

describe('an edit of a held text cut short', () => {
  it('the refusal is shown and the line re-read at once: the pending edit shows; "Editar" again starts from it', async () => {
    // The core: the edit is refused as unsettled, but from then on the line carries it (as views.ts builds it).
    let pending: string | null = null;
    const invoke = vi.fn((command: string, input: { text?: string }) => {
      if (command === 'conversation.open') return Promise.resolve({ ok: true, value: opened([heldLine(pending)]) });
      if (command === 'message.edit') {
        pending = input.text ?? null;
        return Promise.resolve({ ok: false, error: { code: 'edit_pending', message: UNSETTLED } });
      }
      return Promise.resolve({ ok: true, value: {} });
    });
    useAppStore.setState({ bridge: { invoke, onEvent: () => () => undefined } as unknown as HelenaBridge });
    await act(async () => view.root.render(<ConversationScreen conversationKey={SESSION} onBack={() => undefined} onTransferred={() => undefined} />));
    await settle();
    const box = view.host.querySelector('textarea') as HTMLTextAreaElement;
    const setValue = Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value')?.set;

    await act(async () => button('Editar')?.click());
    expect(box.value).toBe(ORIGINAL);
    await act(async () => {
      setValue?.call(box, EDITED);
      box.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await act(async () => box.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true })));
    await settle();

    expect(invoke).toHaveBeenCalledWith('message.edit', { localId: 'local-1', text: EDITED });
    expect(view.host.textContent).toContain(UNSETTLED);
    // No event comes from the core for it: the screen's own re-read shows it.
    expect(view.host.querySelector('[data-testid="pending-edit-text"]')?.textContent).toBe(EDITED);
    expect(view.host.querySelector('[data-testid="pending-edit-original"]')?.textContent).toContain(ORIGINAL);

    // The edit is recorded: the box leaves it (no edit mode left over, the box empty for the next message).
    expect(box.value).toBe('');
    expect(view.host.textContent).not.toContain('Editando a mensagem');
    // "Editar" again: the box holds the pending text, not the original.
    await act(async () => button('Editar')?.click());
    expect(box.value).toBe(EDITED);
  });
});
