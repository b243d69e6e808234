// @vitest-environment happy-dom
/**
 * The agent scrolled up to read (PageUp) and the contact writes: the list rightly stays where they
 * read, but nothing said a message had arrived below — they went on reading and missed it. A line
 * under the list now says how many of the contact's messages are below; back at the end it goes.
 */
import { act } from 'react';
import { describe, expect, it } from 'vitest';
import type { MessageView } from '../src/console/results';
import { messageLine } from './testing/conversation';
import { layOutLines, resizeObserverByHand } from './testing/list-geometry';
import { mountPerTest } from './testing/mount-per-test';
import { MessageList } from './screens/MessageList';

const view = mountPerTest();
const observers = resizeObserverByHand();

function line(n: number, direction: 'TO_HUB' | 'FROM_HUB'): MessageView {
  return messageLine({ localId: `l${n}`, id: `m${n}`, direction, text: `Mensagem ${n}`, createdAt: new Date().toISOString() });
}

const below = () => view.host.querySelector('[data-testid="new-below"]')?.textContent;

describe('new messages while the agent reads back', () => {
  it('are announced under the list until the agent is back at the end', async () => {
    const messages = Array.from({ length: 20 }, (_, i) => line(i, 'TO_HUB'));
    await act(async () => view.root.render(<MessageList messages={messages} />));
    const list = view.host.querySelector('ol') as HTMLOListElement;
    layOutLines(list);
    await act(async () => observers.resizeAll());

    // At the end, a new message just shows: nothing to announce.
    messages.push(line(20, 'TO_HUB'));
    await act(async () => view.root.render(<MessageList messages={[...messages]} />));
    expect(below()).toBeUndefined();

    // Reading back: the contact writes twice, the agent's own line does not count.
    list.scrollTop = 0;
    await act(async () => list.dispatchEvent(new Event('scroll')));
    messages.push(line(21, 'TO_HUB'), line(22, 'FROM_HUB'));
    await act(async () => view.root.render(<MessageList messages={[...messages]} />));
    expect(below()).toBe('↓ 1 mensagem nova do contato abaixo — PageDown para ver');
    messages.push(line(23, 'TO_HUB'));
    await act(async () => view.root.render(<MessageList messages={[...messages]} />));
    expect(below()).toBe('↓ 2 mensagens novas do contato abaixo — PageDown para ver');
    expect(list.scrollTop).toBe(0);

    // PageDown to the end: read, the line goes.
    list.scrollTop = 10_000;
    await act(async () => list.dispatchEvent(new Event('scroll')));
    expect(below()).toBeUndefined();
  });
});
