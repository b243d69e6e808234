// @vitest-environment happy-dom
import { act } from 'react';
import { describe, expect, it } from 'vitest';
import type { MessageView } from '../src/console/results';
import { messageLine } from './testing/conversation';
import { layOut, resizeObserverByHand } from './testing/list-geometry';
import { mountPerTest } from './testing/mount-per-test';
import { MessageList } from './screens/MessageList';

const view = mountPerTest();
// When the browser's ResizeObserver speaks is what the test is about.
const observers = resizeObserverByHand();

function text(localId: string, body: string): MessageView {
  return messageLine({ localId, id: null, text: body, createdAt: new Date().toISOString() });
}

const noop = () => undefined;

describe('the message list at its newest message', () => {
  it('stays there when a line appears above it in the frame a message arrives (the scroll event measured after the shrink)', async () => {
    const first = [text('1', 'Olá'), text('2', 'Seu técnico chega às 14h')];
    await act(async () => view.root.render(<MessageList messages={first} onEdit={noop} onCancel={noop} onRetry={noop} />));
    const list = view.host.querySelector('ol');
    if (!list) throw new Error('no list');
    const geometry = { content: 329, visible: 318 };
    const scroll = layOut(list, geometry);

    // The agent sends: the list grows and the screen puts it at its end…
    geometry.content = 380;
    await act(async () => view.root.render(<MessageList messages={[...first, text('3', 'Escrevi sem internet')]} onEdit={noop} onCancel={noop} onRetry={noop} />));
    expect(scroll.top()).toBe(62);
    // …and in the same frame the offline note appears above it: the list is 51 px shorter. The
    // scroll event of the move above is measured now, before the ResizeObserver speaks.
    geometry.visible = 267;
    await act(async () => list.dispatchEvent(new Event('scroll')));
    await act(async () => observers.resizeAll());
    expect(scroll.top()).toBe(113);

    // Another message keeps it at the end.
    geometry.content = 440;
    await act(async () =>
      view.root.render(<MessageList messages={[...first, text('3', 'Escrevi sem internet'), text('4', 'Mais uma')]} onEdit={noop} onCancel={noop} onRetry={noop} />),
    );
    expect(scroll.top()).toBe(173);
  });

  it('lets the agent read back: scrolled up, a new message does not pull the list down', async () => {
    const first = [text('1', 'Olá'), text('2', 'Tudo bem?')];
    await act(async () => view.root.render(<MessageList messages={first} onEdit={noop} onCancel={noop} onRetry={noop} />));
    const list = view.host.querySelector('ol');
    if (!list) throw new Error('no list');
    const geometry = { content: 600, visible: 300 };
    const scroll = layOut(list, geometry);
    await act(async () => view.root.render(<MessageList messages={[...first, text('3', 'Oi')]} onEdit={noop} onCancel={noop} onRetry={noop} />));
    expect(scroll.top()).toBe(300);

    list.scrollTop = 100;
    await act(async () => list.dispatchEvent(new Event('scroll')));
    geometry.content = 660;
    await act(async () => view.root.render(<MessageList messages={[...first, text('3', 'Oi'), text('4', 'Resposta')]} onEdit={noop} onCancel={noop} onRetry={noop} />));
    expect(scroll.top()).toBe(100);
  });
});
