// @vitest-environment happy-dom
/**
 * Editing a text HelenaCRM holds needs the connection: offline, Enter is refused ("…tente de novo
 * quando a conexão voltar") and the box keeps the edit. When the connection came back that red
 * sentence stayed beside "Online" in the status bar; it now says the connection is back and Enter
 * saves the edit. Back as 'unstable' too ("HelenaCRM instável — tentando de novo": reached, some
 * requests failing or timing out), where the outbox is told it may send and takes the edit.
 */
import { act } from 'react';
import { describe, expect, it, vi } from 'vitest';
import type { HelenaBridge } from '../src/console/bridge-contract';
import type { MessageView, OpenedConversation, StateSnapshot } from '../src/console/results';
import { mountPerTest } from './testing/mount-per-test';
import { ConversationScreen } from './screens/ConversationScreen';
import { useAppStore } from './state/app-store';

const SESSION = '7cfa9dd0-fa2d-492d-9d3b-5d2b8e0a1c02';
const REFUSED =
  'Sem conexão com o HelenaCRM: esta mensagem já está lá, aguardando a resposta do contato, e só pode ser editada com a conexão. Ela continua como estava; tente de novo quando a conexão voltar.';

function held(): MessageView {
  const at = new Date().toISOString();
  return {
    localId: 'local-1', id: 'm-1', kind: 'message', authorName: null, direction: 'FROM_HUB', status: 'WAIT_REPLY', outboxState: 'waiting_reply',
    text: 'Segue o boleto de março.', templateId: null, parameters: null, media: null, file: null, failedReason: null, failedReasonEn: null,
    createdAt: at, shownAt: at, editable: true, textEditable: true, editBlockedBy: null, templateEditable: false, retryable: false, cancellable: true,
    pendingEditText: null, abandonedEditText: null, abandonedEditReason: null, retryingAfter: null, retryingAfterEn: null,
  };
}

function opened(): OpenedConversation {
  return {
    conversationKey: SESSION,
    conversation: {
      id: SESSION, contactId: 'c1', contactName: 'Vinícius Romão', status: 'IN_PROGRESS', canWrite: true, unreadCount: 0, pendingStart: null,
      window: { canSendFreeText: false, expiresAt: null },
    },
    contact: { id: 'c1', name: 'Vinícius Romão', phone: '+5562984455667', email: null, tags: [], annotation: null, fields: [] },
    messages: [held()],
    draft: null,
    noteDraft: null,
  } as unknown as OpenedConversation;
}

const view = mountPerTest();
const settle = () => act(async () => new Promise((resolve) => setTimeout(resolve, 50)));
const connectivity = (state: 'online' | 'unstable' | 'offline') =>
  useAppStore.setState({ snapshot: { connectivity: { state, realtime: state === 'offline' ? 'offline' : 'connected' } } as unknown as StateSnapshot });

describe('an edit refused offline, then the connection back', () => {
  it.each(['online', 'unstable'] as const)('says the connection is back (%s) and Enter saves the edit; the box still holds it', async (back) => {
    const invoke = vi.fn((command: string) => {
      if (command === 'conversation.open') return Promise.resolve({ ok: true, value: opened() });
      if (command === 'message.edit') return Promise.resolve({ ok: false, error: { code: 'offline', message: REFUSED } });
      return Promise.resolve({ ok: true, value: {} });
    });
    useAppStore.setState({ bridge: { invoke, onEvent: () => () => undefined } as unknown as HelenaBridge });
    connectivity('offline');
    await act(async () => view.root.render(<ConversationScreen conversationKey={SESSION} onBack={() => undefined} onTransferred={() => undefined} />));
    await settle();
    const box = view.host.querySelector('textarea') as HTMLTextAreaElement;
    const setValue = Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value')?.set;
    await act(async () => [...view.host.querySelectorAll('button')].find((b) => b.textContent === 'Editar')?.click());
    await act(async () => {
      setValue?.call(box, 'Segue o boleto de abril.');
      box.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await act(async () => box.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true })));
    await settle();
    expect(view.host.querySelector('[role="alert"]')?.textContent).toBe(REFUSED);

    await act(async () => connectivity(back));
    expect(view.host.querySelector('[role="alert"]')?.textContent).toBe('A conexão voltou: Enter salva a edição.');
    expect(view.host.textContent).toContain('Editando a mensagem na fila');
    expect(box.value).toBe('Segue o boleto de abril.');
    useAppStore.setState({ snapshot: null });
  });

  // Esc gives the edit up: the sentence about saving it ("tente de novo…", "Enter salva a edição")
  // is about nothing now. It stayed, red, under the empty box — and beside "Online" once back.
  it.each([false, true])('Esc leaves the edit and its sentence goes with it (connection back first: %s)', async (backFirst) => {
    const invoke = vi.fn((command: string) => {
      if (command === 'conversation.open') return Promise.resolve({ ok: true, value: opened() });
      if (command === 'message.edit') return Promise.resolve({ ok: false, error: { code: 'offline', message: REFUSED } });
      return Promise.resolve({ ok: true, value: {} });
    });
    useAppStore.setState({ bridge: { invoke, onEvent: () => () => undefined } as unknown as HelenaBridge });
    connectivity('offline');
    await act(async () => view.root.render(<ConversationScreen conversationKey={SESSION} onBack={() => undefined} onTransferred={() => undefined} />));
    await settle();
    const box = view.host.querySelector('textarea') as HTMLTextAreaElement;
    const setValue = Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value')?.set;
    await act(async () => [...view.host.querySelectorAll('button')].find((b) => b.textContent === 'Editar')?.click());
    await act(async () => {
      setValue?.call(box, 'Segue o boleto de abril.');
      box.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await act(async () => box.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true })));
    await settle();
    expect(view.host.querySelector('[role="alert"]')?.textContent).toBe(REFUSED);
    if (backFirst) await act(async () => connectivity('online'));

    await act(async () => box.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, cancelable: true })));
    expect(view.host.textContent).not.toContain('Editando a mensagem na fila');
    expect(view.host.querySelector('[role="alert"]')).toBeNull();
    // Back online after the Esc: nothing comes back to say.
    await act(async () => connectivity('online'));
    expect(view.host.querySelector('[role="alert"]')).toBeNull();
    useAppStore.setState({ snapshot: null });
  });
});
