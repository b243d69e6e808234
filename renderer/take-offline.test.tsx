// @vitest-environment happy-dom
/**
 * Alt+A (take from the team's queue) and Alt+C (complete) go to HelenaCRM at once and are never
 * queued. Offline, the core's generic refusal read "Sem conexão com o HelenaCRM. Suas mensagens
 * ficam na fila e serão enviadas quando a conexão voltar." — the agent waited for a take that was
 * never going to happen. Now it says the conversation was not taken (or completed) and to try again.
 */
import { act } from 'react';
import { describe, expect, it, vi } from 'vitest';
import type { HelenaBridge } from '../src/console/bridge-contract';
import type { OpenedConversation } from '../src/console/results';
import { setLanguage } from './i18n';
import { mountPerTest } from './testing/mount-per-test';
import { ConversationScreen } from './screens/ConversationScreen';
import { useAppStore } from './state/app-store';

const SESSION = '7cfa9dd0-fa2d-492d-9d3b-5d2b8e0a1c02';
const GENERIC = 'Sem conexão com o HelenaCRM. Suas mensagens ficam na fila e serão enviadas quando a conexão voltar.';

function opened(canWrite: boolean): OpenedConversation {
  return {
    conversationKey: SESSION,
    conversation: {
      id: SESSION, contactId: 'c1', contactName: 'Fábio Guimarães', status: canWrite ? 'IN_PROGRESS' : 'PENDING', canWrite, unreadCount: 0, pendingStart: null,
      window: { canSendFreeText: true, expiresAt: new Date(Date.now() + 3_600_000).toISOString() },
    },
    contact: { id: 'c1', name: 'Fábio Guimarães', phone: '+5519993344556', email: null, tags: [], annotation: null, fields: [] },
    messages: [],
    draft: null,
    noteDraft: null,
  } as unknown as OpenedConversation;
}

const view = mountPerTest();
const settle = () => act(async () => new Promise((resolve) => setTimeout(resolve, 50)));

async function pressAlt(letter: string, code: string, canWrite: boolean): Promise<string | null | undefined> {
  const invoke = vi.fn((command: string) => {
    if (command === 'conversation.open') return Promise.resolve({ ok: true, value: opened(canWrite) });
    if (command === 'conversation.assume' || command === 'conversation.complete') {
      return Promise.resolve({ ok: false, error: { code, message: GENERIC, messageEn: 'No connection to HelenaCRM. Your messages stay queued and go out when it is back.' } });
    }
    return Promise.resolve({ ok: true, value: {} });
  });
  useAppStore.setState({ bridge: { invoke, onEvent: () => () => undefined } as unknown as HelenaBridge });
  await act(async () => view.root.render(<ConversationScreen conversationKey={SESSION} onBack={() => undefined} onTransferred={() => undefined} />));
  await settle();
  const box = view.host.querySelector('textarea') as HTMLTextAreaElement;
  await act(async () => box.dispatchEvent(new KeyboardEvent('keydown', { key: letter, code: `Key${letter.toUpperCase()}`, altKey: true, bubbles: true, cancelable: true })));
  await settle();
  return view.host.querySelector('[role="alert"]')?.textContent;
}

describe('taking or completing without HelenaCRM', () => {
  it('Alt+A offline says the conversation was not taken, not that something is queued', async () => {
    const said = await pressAlt('a', 'api.network', false);
    expect(said).toBe('Sem conexão com o HelenaCRM: o atendimento não foi assumido. Assumir precisa da conexão; tente de novo (Alt+A) quando ela voltar.');
    expect(said).not.toContain('fila');
  });

  it('Alt+C with HelenaCRM unstable says the conversation was not completed (no automatic retry promised)', async () => {
    const said = await pressAlt('c', 'api.server', true);
    expect(said).toBe('O HelenaCRM está instável agora: o atendimento não foi concluído. Tente de novo (Alt+C) em instantes.');
  });

  it('in English too', async () => {
    setLanguage('en');
    const said = await pressAlt('a', 'api.network', false);
    expect(said).toBe('No connection to HelenaCRM: the conversation was not taken. Taking it needs the connection; try again (Alt+A) when it is back.');
  });

  it('another refusal is shown as the core wrote it', async () => {
    const said = await pressAlt('a', 'api.forbidden', false);
    expect(said).toBe(GENERIC);
  });
});
