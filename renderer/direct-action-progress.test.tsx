// @vitest-environment happy-dom
/**
 * Alt+A (assumir), Alt+C (concluir) and Alt+T (transferir) offline waited seconds with nothing on
 * screen (or, for a transfer, nothing a screen reader said) before saying they failed, and the agent
 * pressed again wondering if the key was heard. Once the request has taken more than a moment the
 * screen says "Assumindo…" / "Concluindo…" / "Transferindo…"; a fast answer shows nothing, so it
 * does not flicker.
 */
import { act } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { HelenaBridge } from '../src/console/bridge-contract';
import type { OpenedConversation } from '../src/console/results';
import { setLanguage } from './i18n';
import { mountPerTest } from './testing/mount-per-test';
import type { ConversationSummary } from '../src/console/results';
import { ConversationScreen } from './screens/ConversationScreen';
import { TransferDialog } from './screens/TransferDialog';
import { IN_FLIGHT_SHOWN_AFTER_MS } from './screens/direct-action';
import { useAppStore } from './state/app-store';

const SESSION = '7cfa9dd0-fa2d-492d-9d3b-5d2b8e0a1c02';

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
afterEach(() => {
  vi.useRealTimers();
});

/** The conversation on screen, its Alt+A / Alt+C answered only when the test says so. */
async function conversationWithSlowAnswer(canWrite: boolean) {
  let answer: (value: unknown) => void = () => undefined;
  const invoke = vi.fn((command: string) => {
    if (command === 'conversation.open') return Promise.resolve({ ok: true, value: opened(canWrite) });
    if (command === 'conversation.assume' || command === 'conversation.complete') return new Promise((resolve) => (answer = resolve));
    return Promise.resolve({ ok: true, value: {} });
  });
  useAppStore.setState({ bridge: { invoke, onEvent: () => () => undefined } as unknown as HelenaBridge });
  await act(async () => view.root.render(<ConversationScreen conversationKey={SESSION} onBack={() => undefined} onTransferred={() => undefined} />));
  await act(async () => new Promise((resolve) => setTimeout(resolve, 50)));
  vi.useFakeTimers();
  const box = view.host.querySelector('textarea') as HTMLTextAreaElement;
  return {
    invoke,
    press: (letter: string) =>
      act(async () => box.dispatchEvent(new KeyboardEvent('keydown', { key: letter, code: `Key${letter.toUpperCase()}`, altKey: true, bubbles: true, cancelable: true }))),
    wait: (ms: number) => act(async () => vi.advanceTimersByTimeAsync(ms)),
    answer: (value: unknown) => act(async () => answer(value)),
    progress: () => view.host.querySelector('[data-testid="direct-action-progress"]'),
    alert: () => view.host.querySelector('[role="alert"]')?.textContent ?? null,
  };
}

const OFFLINE = { ok: false, error: { code: 'api.network', message: 'Sem conexão com o HelenaCRM.' } };

describe('Alt+A and Alt+C while HelenaCRM takes its time', () => {
  it('Alt+A says "Assumindo…" once it is no longer a moment, in a live region, then the refusal in its place', async () => {
    const screen = await conversationWithSlowAnswer(false);
    await screen.press('a');
    await screen.wait(IN_FLIGHT_SHOWN_AFTER_MS - 50);
    expect(screen.progress()?.textContent).toBe('');
    await screen.wait(50);
    expect(screen.progress()?.textContent).toBe('Assumindo…');
    expect(screen.progress()?.getAttribute('aria-live')).toBe('polite');
    // Pressed again while on its way: not sent twice.
    await screen.press('a');
    expect(screen.invoke.mock.calls.filter(([command]) => command === 'conversation.assume')).toHaveLength(1);

    await screen.wait(2300);
    await screen.answer(OFFLINE);
    expect(screen.progress()?.textContent).toBe('');
    expect(screen.alert()).toContain('o atendimento não foi assumido');
  });

  it('Alt+C says "Concluindo…" (and "Completing…" in English)', async () => {
    setLanguage('en');
    const screen = await conversationWithSlowAnswer(true);
    await screen.press('c');
    await screen.wait(IN_FLIGHT_SHOWN_AFTER_MS);
    expect(screen.progress()?.textContent).toBe('Completing…');
    await screen.answer(OFFLINE);
    expect(screen.progress()?.textContent).toBe('');
  });

  it('a fast answer shows nothing at all', async () => {
    const screen = await conversationWithSlowAnswer(false);
    await screen.press('a');
    await screen.wait(100);
    expect(screen.progress()?.textContent).toBe('');
    await screen.answer({ ok: true, value: { ok: true } });
    await screen.wait(1000);
    expect(screen.progress()?.textContent).toBe('');
  });
});

describe('Alt+T while HelenaCRM takes its time', () => {
  it('the button and a live region say "Transferindo…" once it is no longer a moment', async () => {
    let answer: (value: unknown) => void = () => undefined;
    const invoke = vi.fn((command: string) => {
      if (command === 'transfer.targets') return Promise.resolve({ ok: true, value: { teams: [{ id: 't2', name: 'Suporte' }], agents: [] } });
      if (command === 'conversation.transfer') return new Promise((resolve) => (answer = resolve));
      return Promise.resolve({ ok: true, value: {} });
    });
    useAppStore.setState({ bridge: { invoke, onEvent: () => () => undefined } as unknown as HelenaBridge });
    const conversation = { id: 's1', contactName: 'Cláudia Assunção' } as unknown as ConversationSummary;
    await act(async () => view.root.render(<TransferDialog conversation={conversation} onClose={() => undefined} onTransferred={() => undefined} />));
    await act(async () => new Promise((resolve) => setTimeout(resolve, 20)));
    const doc = view.host.ownerDocument;
    const list = doc.querySelector('[role="listbox"]') as HTMLElement;
    await act(async () => list.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true })));
    vi.useFakeTimers();
    const note = doc.querySelector('#transfer-note') as HTMLTextAreaElement;
    const said = () => doc.querySelector('[data-testid="transfer-progress"]');
    const button = () => doc.querySelector('.dialog-actions button')?.textContent;
    await act(async () => note.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true })));
    await act(async () => vi.advanceTimersByTimeAsync(IN_FLIGHT_SHOWN_AFTER_MS - 50));
    expect([button(), said()?.textContent]).toEqual(['Transferir', '']);
    await act(async () => vi.advanceTimersByTimeAsync(50));
    expect([button(), said()?.textContent]).toEqual(['Transferindo…', 'Transferindo…']);
    expect(said()?.getAttribute('aria-live')).toBe('polite');

    await act(async () => answer(OFFLINE));
    expect([button(), said()?.textContent]).toEqual(['Transferir', '']);
    expect(doc.querySelector('[role="alert"]')?.textContent).toContain('o atendimento não foi transferido');
  });
});
