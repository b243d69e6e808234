// @vitest-environment happy-dom
/**
 * What the conversation screen offers and says above the messages must hold for the conversation
 * shown: a completed one offers no template, file or schedule (the core refuses each: only a note
 * still goes); one not yet taken does not invite to write before Alt+A; a start WhatsApp refused
 * reads as an error, in red as on the desk, not as a grey state line.
 */
import { act } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { setLanguage } from './i18n';
import type { MessageView } from '../src/console/results';
import { conversationOnScreen, messageLine, openWindow, openedConversation, type ConversationShape } from './testing/conversation';
import { answering } from './testing/fake-bridge';
import { fillBox, keydown, pause } from './testing/input';
import { mountPerTest } from './testing/mount-per-test';

const SESSION = '5d0b8f1e-2c4a-4e8e-9a51-3f7c2b6d9e10';
const SCHEDULES = { contactId: 'c1', items: [], source: 'helena', unheard: null };

const view = mountPerTest();

async function onScreen(shape: Omit<ConversationShape, 'contactName' | 'phone'>) {
  const invoke = answering({
    'conversation.open': openedConversation(SESSION, [], { contactName: 'Fábio Guimarães', phone: '+5519993344556', ...shape }),
    'schedule.list': SCHEDULES,
  });
  const { box } = await conversationOnScreen(view, SESSION, invoke, 50);
  return { box, invoke };
}

function buttonWithKeys(keys: string): HTMLButtonElement | null {
  return view.host.querySelector(`button[aria-keyshortcuts="${keys}"]`);
}

async function pressAlt(target: HTMLElement, letter: string): Promise<void> {
  await act(async () =>
    target.dispatchEvent(new KeyboardEvent('keydown', { key: letter, code: `Key${letter.toUpperCase()}`, altKey: true, bubbles: true, cancelable: true })),
  );
  await pause(30);
}

function windowLine(): HTMLElement | null {
  return view.host.querySelector('[data-testid="window-state"]');
}

describe('a completed conversation', () => {
  it('offers no template, file or schedule, and keeps the internal note', async () => {
    await onScreen({ completed: true, window: openWindow() });
    expect(windowLine()?.textContent).toMatch(/^Atendimento concluído\./);
    expect(buttonWithKeys('Alt+M')).toBeNull();
    expect(buttonWithKeys('Alt+U')).toBeNull();
    expect(buttonWithKeys('Alt+G')).toBeNull();
    // HelenaCRM takes notes on a completed conversation (outbox.ts), and the core accepts them.
    expect(buttonWithKeys('Alt+N')?.textContent).toBe('Nota interna (Alt+N)');
  });

  it('Alt+M and Alt+U do nothing: no dialog, no file picker, no refusal (the read-only line already says why)', async () => {
    const { box, invoke } = await onScreen({ completed: true, window: openWindow() });
    const picker = view.host.querySelector<HTMLInputElement>('[data-testid="attach-input"]');
    const pick = vi.fn();
    if (picker) picker.click = pick;
    await pressAlt(box, 'm');
    await pressAlt(box, 'u');
    await pressAlt(box, 'g');
    expect(view.host.querySelector('[role="dialog"]')).toBeNull();
    expect(pick).not.toHaveBeenCalled();
    expect(view.host.querySelector('[role="alert"]')).toBeNull();
    expect(invoke.mock.calls.map(([command]) => command)).not.toContain('templates.list');
  });

  it('Alt+N still opens the note box', async () => {
    const { box } = await onScreen({ completed: true, window: openWindow() });
    await pressAlt(box, 'n');
    expect(view.host.querySelector('label[for="message-box"]')?.textContent).toBe('Nota interna — só a equipe vê');
  });

  it('a conversation in progress still offers them', async () => {
    await onScreen({ window: openWindow() });
    expect(buttonWithKeys('Alt+M')).not.toBeNull();
    expect(buttonWithKeys('Alt+U')).not.toBeNull();
    expect(buttonWithKeys('Alt+G')).not.toBeNull();
  });
});

describe('a conversation not taken yet (Alt+A first)', () => {
  it('says the window is open without inviting to write, and how to take it', async () => {
    await onScreen({ queued: true, window: openWindow() });
    const line = windowLine()?.textContent ?? '';
    expect(line).not.toContain('escrever livremente');
    expect(line).toMatch(/^Janela aberta · fecha em .+ — para escrever aqui, assuma o atendimento \(Alt\+A\)\.$/);
  });

  it('a closed window does not promise that messages go out when the contact replies', async () => {
    await onScreen({ queued: true });
    expect(windowLine()?.textContent).toBe('Aguardando resposta do contato — para escrever aqui, assuma o atendimento (Alt+A).');
  });

  it('in English too', async () => {
    setLanguage('en');
    await onScreen({ queued: true, window: { canSendFreeText: true, expiresAt: null } });
    expect(windowLine()?.textContent).toBe('Window open — to write here, take the conversation (Alt+A).');
  });

  it('once taken, the window line invites to write again', async () => {
    await onScreen({ window: { canSendFreeText: true, expiresAt: null } });
    expect(windowLine()?.textContent).toBe('Janela de conversa aberta: você pode escrever livremente.');
  });
});

describe('a conversation whose start WhatsApp refused', () => {
  it('says so above the messages as an error, as the desk does (class "failed", the danger colour)', async () => {
    await onScreen({ startFailed: { failedReason: 'Número não possui WhatsApp', failedReasonEn: null } });
    expect(windowLine()?.textContent).toBe('Não iniciado: Número não possui WhatsApp');
    expect(windowLine()?.classList.contains('failed')).toBe(true);
  });

  it('a conversation waiting for the reply keeps the plain state line', async () => {
    await onScreen({});
    expect(windowLine()?.classList.contains('failed')).toBe(false);
  });
});

function keysLine(): string {
  return view.host.querySelector('p.keys')?.textContent ?? '';
}

/** The agent types `text` in the box and presses Enter; the core's answer lands. */
async function typeAndEnter(box: HTMLTextAreaElement, text: string): Promise<void> {
  await act(async () => fillBox(box, text));
  await act(async () => keydown(box, 'Enter'));
  await pause(30);
}

describe('the box of a conversation not taken yet', () => {
  it('says to take it first (Alt+A), in the placeholder and the keys line, and offers no template or file', async () => {
    const { box } = await onScreen({ queued: true, window: openWindow() });
    expect(box.placeholder).toBe('Assuma o atendimento (Alt+A) para escrever');
    expect(keysLine()).toMatch(/^Alt\+A assume o atendimento/);
    expect(keysLine()).not.toContain('Enter envia ·');
    expect(buttonWithKeys('Alt+M')).toBeNull();
    expect(buttonWithKeys('Alt+U')).toBeNull();
    expect(buttonWithKeys('Alt+A')).not.toBeNull();
    expect(buttonWithKeys('Alt+N')).not.toBeNull();
  });

  it('Alt+M and Alt+U do nothing there: no dialog, no file picker', async () => {
    const { box, invoke } = await onScreen({ queued: true, window: openWindow() });
    const picker = view.host.querySelector<HTMLInputElement>('[data-testid="attach-input"]');
    const pick = vi.fn();
    if (picker) picker.click = pick;
    await pressAlt(box, 'm');
    await pressAlt(box, 'u');
    expect(view.host.querySelector('[role="dialog"]')).toBeNull();
    expect(pick).not.toHaveBeenCalled();
    expect(invoke.mock.calls.map(([command]) => command)).not.toContain('templates.list');
  });

  it('in English too', async () => {
    setLanguage('en');
    const { box } = await onScreen({ queued: true });
    expect(box.placeholder).toBe('Take the conversation (Alt+A) to write');
    expect(keysLine()).toMatch(/^Alt\+A takes the conversation/);
  });

  it('Enter shows the core\'s refusal and keeps the text in the box, to send once taken', async () => {
    const invoke = answering(
      {
        'conversation.open': openedConversation(SESSION, [], { contactName: 'Fábio Guimarães', phone: '+5519993344556', queued: true, window: openWindow() }),
        'schedule.list': SCHEDULES,
      },
      { 'message.sendText': { code: 'not_allowed', message: 'Assuma o atendimento (Alt+A) antes de escrever nesta conversa.', field: 'sessionId' } },
    );
    const { box } = await conversationOnScreen(view, SESSION, invoke, 50);
    await typeAndEnter(box, 'Olá, já vou te ajudar');
    expect(view.host.querySelector('[role="alert"]')?.textContent).toBe('Assuma o atendimento (Alt+A) antes de escrever nesta conversa.');
    expect(box.value).toBe('Olá, já vou te ajudar');
  });

  it('once taken, the box invites to write and offers the template and the file', async () => {
    const { box } = await onScreen({ window: openWindow() });
    expect(box.placeholder).toBe('Escreva uma mensagem');
    expect(keysLine()).toMatch(/^Enter envia/);
  });
});

const START_KEY = 'start:5d0b8f1e-0000-4e8e-9a51-3f7c2b6d9e10';
const REFUSED = { failedReason: 'Número não possui WhatsApp', failedReasonEn: 'Number has no WhatsApp' };

/** A start not acknowledged yet that failed, its template line `retryable` (Tentar de novo) or refused for good. */
async function failedPendingStart(retryable: boolean) {
  const startLine: MessageView = messageLine({ localId: START_KEY.slice('start:'.length), id: null, status: 'FAILED', outboxState: 'failed', retryable, ...REFUSED });
  const opened = openedConversation(START_KEY, [startLine], { contactName: '(19) 99334-4556' });
  const conversation = { ...opened.conversation, pendingStart: { state: 'failed', ...REFUSED } } as typeof opened.conversation;
  const invoke = answering({ 'conversation.open': { ...opened, conversation } });
  return conversationOnScreen(view, START_KEY, invoke, 50);
}

describe('the box of a conversation whose start failed', () => {
  it('says what to do instead of promising a queue, offers no file and keeps the template (how a start is tried again)', async () => {
    const { box } = await onScreen({ startFailed: REFUSED });
    expect(box.placeholder).toBe('Atendimento não iniciado: o contato não recebeu nada. Para falar com ele, volte aos atendimentos (Esc) e inicie outro (+).');
    expect(keysLine()).not.toContain('Enter envia');
    expect(keysLine()).not.toContain('Alt+U');
    expect(buttonWithKeys('Alt+U')).toBeNull();
    expect(buttonWithKeys('Alt+M')).not.toBeNull();
  });

  it('Alt+U opens no file picker there; Alt+M still opens the templates', async () => {
    const { box } = await onScreen({ startFailed: REFUSED });
    const picker = view.host.querySelector<HTMLInputElement>('[data-testid="attach-input"]');
    const pick = vi.fn();
    if (picker) picker.click = pick;
    await pressAlt(box, 'u');
    expect(pick).not.toHaveBeenCalled();
    await pressAlt(box, 'm');
    expect(view.host.querySelector('[role="dialog"]')).not.toBeNull();
  });

  it('in English too', async () => {
    setLanguage('en');
    const { box } = await onScreen({ startFailed: REFUSED });
    expect(box.placeholder).toBe('Conversation not started: the contact received nothing. To reach them, go back to the conversations (Esc) and start another one (+).');
  });

  it('a start refused for good before HelenaCRM acknowledged it reads the same, and takes no template either', async () => {
    const { box } = await failedPendingStart(false);
    expect(box.placeholder).toMatch(/^Atendimento não iniciado/);
    expect(buttonWithKeys('Alt+U')).toBeNull();
    // No conversation to try the start again in: the core refuses a template there.
    expect(buttonWithKeys('Alt+M')).toBeNull();
  });

  it('a start that may still go ("Tentar de novo") keeps the file: the core queues what is written behind it', async () => {
    const { box } = await failedPendingStart(true);
    expect(box.placeholder).not.toMatch(/^Atendimento não iniciado/);
    expect(buttonWithKeys('Alt+U')).not.toBeNull();
  });
});
