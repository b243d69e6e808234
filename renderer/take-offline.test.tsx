// @vitest-environment happy-dom
/**
 * Alt+A (take from the team's queue) and Alt+C (complete) go to HelenaCRM at once and are never
 * queued. Offline, the core's generic refusal read "Sem conexão com o HelenaCRM. Suas mensagens
 * ficam na fila e serão enviadas quando a conexão voltar." — the agent waited for a take that was
 * never going to happen. Now it says the conversation was not taken (or completed) and to try again.
 */
import { act } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { setLanguage } from './i18n';
import { conversationOnScreen, openWindow, openedConversation } from './testing/conversation';
import { pause } from './testing/input';
import { mountPerTest } from './testing/mount-per-test';

const SESSION = '7cfa9dd0-fa2d-492d-9d3b-5d2b8e0a1c02';
const GENERIC = 'Sem conexão com o HelenaCRM. Suas mensagens ficam na fila e serão enviadas quando a conexão voltar.';

const view = mountPerTest();

async function pressAlt(letter: string, code: string, canWrite: boolean): Promise<string | null | undefined> {
  const invoke = vi.fn((command: string) => {
    if (command === 'conversation.open') return Promise.resolve({ ok: true, value: openedConversation(SESSION, [], { contactName: 'Fábio Guimarães', phone: '+5519993344556', window: openWindow(), queued: !canWrite }) });
    if (command === 'conversation.assume' || command === 'conversation.complete') {
      return Promise.resolve({ ok: false, error: { code, message: GENERIC, messageEn: 'No connection to HelenaCRM. Your messages stay queued and go out when it is back.' } });
    }
    return Promise.resolve({ ok: true, value: {} });
  });
  const { box } = await conversationOnScreen(view, SESSION, invoke, 50);
  await act(async () => box.dispatchEvent(new KeyboardEvent('keydown', { key: letter, code: `Key${letter.toUpperCase()}`, altKey: true, bubbles: true, cancelable: true })));
  await pause(50);
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
