// @vitest-environment happy-dom
/**
 * The agent scrolled up to read (PageUp, or Ctrl+F left the list on an old match) and sends a
 * message: the list goes back to its newest message, where the line just sent appears. Before, the
 * list stayed where it was and the new line arrived out of sight, as if nothing had gone.
 */
import { act } from 'react';
import { describe, expect, it, vi } from 'vitest';
import type { MessageView } from '../src/console/results';
import { conversationOnScreen, messageLine, openWindow, openedConversation } from './testing/conversation';
import { fillBox, keydown, pause } from './testing/input';
import { layOutLines, resizeObserverByHand } from './testing/list-geometry';
import { mountPerTest } from './testing/mount-per-test';

const SESSION = '7cfa9dd0-fa2d-492d-9d3b-5d2b8e0a1c02';

function line(n: number, direction: 'TO_HUB' | 'FROM_HUB', text: string): MessageView {
  const at = new Date(Date.UTC(2026, 10, 30, 10, n, 0)).toISOString();
  return messageLine({ localId: `local-${n}`, id: `m-${n}`, direction, text, createdAt: at });
}

const view = mountPerTest();
// The list is put at its end once it has a size.
const observers = resizeObserverByHand();

describe('sending while scrolled up', () => {
  it('brings the list back to its newest message, where the sent line shows', async () => {
    const messages = Array.from({ length: 20 }, (_, i) => line(i, 'TO_HUB', `Mensagem número ${i}`));
    const invoke = vi.fn((command: string, input: { text?: string }) => {
      if (command === 'conversation.open') {
        return Promise.resolve({ ok: true, value: openedConversation(SESSION, [...messages], { contactName: 'Cláudia Assunção', phone: '+5581997766554', window: openWindow() }) });
      }
      if (command === 'message.sendText') {
        messages.push(line(99, 'FROM_HUB', input.text ?? ''));
        return Promise.resolve({ ok: true, value: {} });
      }
      return Promise.resolve({ ok: true, value: {} });
    });
    const { box } = await conversationOnScreen(view, SESSION, invoke, 50);
    const list = view.host.querySelector('ol.messages') as HTMLOListElement;
    const scroll = layOutLines(list);

    // Laid out: the conversation opens on its newest message.
    await act(async () => observers.resizeAll());
    expect(scroll.top()).toBe(20 * 60 - 300);

    // The agent reads back: scrolled to the top.
    list.scrollTop = 0;
    await act(async () => list.dispatchEvent(new Event('scroll')));
    expect(scroll.top()).toBe(0);

    await act(async () => fillBox(box, 'Já verifiquei, chega amanhã.'));
    await act(async () => keydown(box, 'Enter'));
    await pause(50);

    expect(list.querySelectorAll('li')).toHaveLength(21);
    expect(scroll.top()).toBe(21 * 60 - 300);
  });
});
