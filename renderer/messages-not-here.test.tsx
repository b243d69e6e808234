// @vitest-environment happy-dom
/**
 * A conversation the sync listed but nobody opened on this computer, opened offline: the core has
 * none of its messages (offline the cache is all there is) and the list was simply empty, while the
 * desk had shown the contact's message — the agent took the conversation for empty. It now says the
 * messages are not on this computer yet and come with the connection. Online, or with messages, nothing.
 */
import { act } from 'react';
import { describe, expect, it, vi } from 'vitest';
import type { HelenaBridge } from '../src/console/bridge-contract';
import type { MessageView, OpenedConversation, StateSnapshot } from '../src/console/results';
import { mountPerTest } from './testing/mount-per-test';
import { ConversationScreen } from './screens/ConversationScreen';
import { useAppStore } from './state/app-store';

const SESSION = '7cfa9dd0-fa2d-492d-9d3b-5d2b8e0a1c02';
const HINT = 'Sem conexão com o HelenaCRM: as mensagens deste atendimento ainda não foram baixadas para este computador. Elas aparecem aqui quando a conexão voltar.';

function received(): MessageView {
  const at = new Date().toISOString();
  return {
    localId: 'local-1', id: 'm-1', kind: 'message', authorName: null, direction: 'TO_HUB', status: 'SENT', outboxState: null,
    text: 'Vocês atendem empresas em Campinas?', templateId: null, parameters: null, media: null, file: null, failedReason: null, failedReasonEn: null,
    createdAt: at, shownAt: at, editable: false, textEditable: false, editBlockedBy: null, templateEditable: false, retryable: false, cancellable: false,
    pendingEditText: null, abandonedEditText: null, abandonedEditReason: null, retryingAfter: null, retryingAfterEn: null,
  };
}

function opened(messages: MessageView[]): OpenedConversation {
  return {
    conversationKey: SESSION,
    conversation: {
      id: SESSION, contactId: 'c1', contactName: 'Fábio Guimarães', status: 'PENDING', canWrite: false, unreadCount: 0, pendingStart: null,
      window: { canSendFreeText: true, expiresAt: new Date(Date.now() + 3_600_000).toISOString() },
    },
    contact: { id: 'c1', name: 'Fábio Guimarães', phone: '+5519993344556', email: null, tags: [], annotation: null, fields: [] },
    messages,
    draft: null,
    noteDraft: null,
  } as unknown as OpenedConversation;
}

const view = mountPerTest();
const settle = () => act(async () => new Promise((resolve) => setTimeout(resolve, 50)));

async function shown(state: 'online' | 'offline', messages: MessageView[]): Promise<string | null | undefined> {
  const invoke = vi.fn((command: string) =>
    Promise.resolve(command === 'conversation.open' ? { ok: true, value: opened(messages) } : { ok: true, value: {} }),
  );
  useAppStore.setState({
    bridge: { invoke, onEvent: () => () => undefined } as unknown as HelenaBridge,
    snapshot: { connectivity: { state, realtime: state === 'online' ? 'connected' : 'offline' } } as unknown as StateSnapshot,
  });
  await act(async () => view.root.render(<ConversationScreen conversationKey={SESSION} onBack={() => undefined} onTransferred={() => undefined} />));
  await settle();
  const said = view.host.querySelector('[data-testid="messages-not-here"]')?.textContent;
  useAppStore.setState({ snapshot: null });
  return said;
}

describe('a conversation whose messages are not on this computer, opened offline', () => {
  it('says they are not here yet instead of showing an empty conversation', async () => {
    expect(await shown('offline', [])).toBe(HINT);
  });
  it('says nothing online (the core waits for them)', async () => {
    expect(await shown('online', [])).toBeUndefined();
  });
  it('says nothing when the messages are here', async () => {
    expect(await shown('offline', [received()])).toBeUndefined();
  });
});
