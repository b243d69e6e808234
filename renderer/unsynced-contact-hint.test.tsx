// @vitest-environment happy-dom
/**
 * A conversation opened while a big account's first sync still brings the contacts: its contact is
 * not in the cache yet. The heading used to say "Sem nome — Alt+E para dar um nome", inviting the
 * agent to type a name that Alt+E would save over the contact's real one on HelenaCRM. The hint is
 * for a contact the cache holds with no name (one HelenaCRM created from a new number), only.
 */
import { act } from 'react';
import { describe, expect, it, vi } from 'vitest';
import type { HelenaBridge } from '../src/console/bridge-contract';
import type { OpenedConversation } from '../src/console/results';
import { mountPerTest } from './testing/mount-per-test';
import { ConversationScreen } from './screens/ConversationScreen';
import { useAppStore } from './state/app-store';

const SESSION = '7cfa9dd0-fa2d-492d-9d3b-5d2b8e0a1c03';

function opened(contact: OpenedConversation['contact']): OpenedConversation {
  return {
    conversationKey: SESSION,
    conversation: {
      id: SESSION, contactId: 'c1', contactName: contact?.name ?? null, status: 'PENDING', canWrite: false, unreadCount: 3, pendingStart: null,
      window: { canSendFreeText: true, expiresAt: null },
    },
    contact,
    messages: [],
    draft: null,
    noteDraft: null,
  } as unknown as OpenedConversation;
}

const view = mountPerTest();

async function heading(contact: OpenedConversation['contact']) {
  const invoke = vi.fn((command: string) => Promise.resolve({ ok: true, value: command === 'conversation.open' ? opened(contact) : {} }));
  useAppStore.setState({ bridge: { invoke, onEvent: () => () => undefined } as unknown as HelenaBridge });
  await act(async () => view.root.render(<ConversationScreen conversationKey={SESSION} onBack={() => undefined} onTransferred={() => undefined} />));
  await act(async () => new Promise((resolve) => setTimeout(resolve, 20)));
  return view.host.querySelector('[data-testid="no-name-hint"]')?.textContent ?? null;
}

describe('the "Sem nome" hint', () => {
  it('is not shown for a contact the cache does not hold yet', async () => {
    expect(await heading(null)).toBeNull();
  });

  it('is shown for a contact the cache holds with no name', async () => {
    const nameless = { id: 'c1', name: null, phone: '+5521977775566', email: null, tags: [], tagIds: [], annotation: null, fields: [] };
    expect(await heading(nameless as unknown as OpenedConversation['contact'])).toBe('Sem nome — Alt+E para dar um nome');
  });
});
