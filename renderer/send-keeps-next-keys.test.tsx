// @vitest-environment happy-dom
/**
 * A fast agent presses Enter and goes straight on typing the next message. Offline the core answers
 * in tens to hundreds of ms; the box used to be emptied when that answer came, eating the first
 * letters typed meanwhile ("rascunho" became "scunho"). Only the text that went leaves the box.
 */
import { act } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { conversationOnScreen, openWindow, openedConversation } from './testing/conversation';
import { fillBox, keydown, pause } from './testing/input';
import { mountPerTest } from './testing/mount-per-test';
import { leftAfterSend } from './screens/ConversationScreen';

const SESSION = '7cfa9dd0-fa2d-492d-9d3b-5d2b8e0a1c02';

const view = mountPerTest();

describe('keys typed while a message is being handed to the core', () => {
  it('stay in the box: only the text that was sent leaves it, and what stays is the draft', async () => {
    let answer: (value: { ok: true; value: object }) => void = () => undefined;
    const invoke = vi.fn((command: string) => {
      if (command === 'conversation.open') return Promise.resolve({ ok: true, value: openedConversation(SESSION, [], { contactName: 'Fábio Guimarães', phone: '+5519993344556', window: openWindow() }) });
      if (command === 'message.sendText') return new Promise((resolve) => (answer = resolve));
      return Promise.resolve({ ok: true, value: {} });
    });
    const { box } = await conversationOnScreen(view, SESSION, invoke, 20);
    const type = (value: string) => act(async () => fillBox(box, value));

    await type('Na fila 1');
    await act(async () => keydown(box, 'Enter'));
    // The core has not answered yet: the agent already types the next one.
    await type('Na fila 1ra');
    await act(async () => answer({ ok: true, value: {} }));
    await pause(20);

    expect(invoke).toHaveBeenCalledWith('message.sendText', { sessionId: SESSION, text: 'Na fila 1' });
    expect(box.value).toBe('ra');
    await pause(500);
    expect(invoke).toHaveBeenLastCalledWith('draft.save', { conversationKey: SESSION, kind: 'message', text: 'ra' });
  });

  it('leftAfterSend: the rest after the sent text; a box changed otherwise is kept whole', () => {
    expect(leftAfterSend('Oi', 'Oi')).toBe('');
    expect(leftAfterSend('Oi', 'Oitudo')).toBe('tudo');
    expect(leftAfterSend('Oi', 'Novo texto')).toBe('Novo texto');
  });
});
