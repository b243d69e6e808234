// @vitest-environment happy-dom
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MessageView } from '../src/console/results';
import { initI18n, setLanguage } from './i18n';
import { MessageList } from './screens/MessageList';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let host: HTMLDivElement;
let root: Root;
let resized: Array<() => void> = [];
const realResizeObserver = globalThis.ResizeObserver;

beforeEach(() => {
  initI18n();
  setLanguage('pt-BR');
  resized = [];
  // The browser's ResizeObserver, called by hand: when it speaks is what the test is about.
  globalThis.ResizeObserver = class {
    constructor(callback: () => void) {
      resized.push(callback);
    }
    observe(): void {}
    unobserve(): void {}
    disconnect(): void {}
  } as unknown as typeof ResizeObserver;
  host = document.createElement('div');
  document.body.append(host);
  root = createRoot(host);
});

afterEach(() => {
  act(() => root.unmount());
  document.body.innerHTML = '';
  globalThis.ResizeObserver = realResizeObserver;
});

function text(localId: string, body: string): MessageView {
  return {
    localId,
    id: null,
    kind: 'message',
    authorName: null,
    direction: 'FROM_HUB',
    status: 'SENT',
    outboxState: null,
    text: body,
    templateId: null,
    parameters: null,
    media: null,
    file: null,
    failedReason: null,
    failedReasonEn: null,
    createdAt: new Date().toISOString(),
    shownAt: new Date().toISOString(),
    editable: false,
    textEditable: false,
    templateEditable: false,
    retryable: false,
    cancellable: false,
    retryingAfter: null,
    retryingAfterEn: null, pendingEditText: null,
  };
}

/** The list's geometry as a browser lays it out: what it holds, what shows, where it is scrolled (clamped). */
function layOut(list: HTMLElement, geometry: { content: number; visible: number }): { top: () => number } {
  let top = 0;
  Object.defineProperty(list, 'scrollHeight', { configurable: true, get: () => geometry.content });
  Object.defineProperty(list, 'clientHeight', { configurable: true, get: () => geometry.visible });
  Object.defineProperty(list, 'scrollTop', {
    configurable: true,
    get: () => top,
    set: (value: number) => {
      top = Math.max(0, Math.min(value, geometry.content - geometry.visible));
    },
  });
  return { top: () => top };
}

const noop = () => undefined;

describe('the message list at its newest message', () => {
  it('stays there when a line appears above it in the frame a message arrives (the scroll event measured after the shrink)', async () => {
    const first = [text('1', 'Olá'), text('2', 'Seu técnico chega às 14h')];
    await act(async () => root.render(<MessageList messages={first} onEdit={noop} onCancel={noop} onRetry={noop} />));
    const list = host.querySelector('ol');
    if (!list) throw new Error('no list');
    const geometry = { content: 329, visible: 318 };
    const scroll = layOut(list, geometry);

    // The agent sends: the list grows and the screen puts it at its end…
    geometry.content = 380;
    await act(async () => root.render(<MessageList messages={[...first, text('3', 'Escrevi sem internet')]} onEdit={noop} onCancel={noop} onRetry={noop} />));
    expect(scroll.top()).toBe(62);
    // …and in the same frame the offline note appears above it: the list is 51 px shorter. The
    // scroll event of the move above is measured now, before the ResizeObserver speaks.
    geometry.visible = 267;
    await act(async () => list.dispatchEvent(new Event('scroll')));
    await act(async () => resized.forEach((callback) => callback()));
    expect(scroll.top()).toBe(113);

    // Another message keeps it at the end.
    geometry.content = 440;
    await act(async () =>
      root.render(<MessageList messages={[...first, text('3', 'Escrevi sem internet'), text('4', 'Mais uma')]} onEdit={noop} onCancel={noop} onRetry={noop} />),
    );
    expect(scroll.top()).toBe(173);
  });

  it('lets the agent read back: scrolled up, a new message does not pull the list down', async () => {
    const first = [text('1', 'Olá'), text('2', 'Tudo bem?')];
    await act(async () => root.render(<MessageList messages={first} onEdit={noop} onCancel={noop} onRetry={noop} />));
    const list = host.querySelector('ol');
    if (!list) throw new Error('no list');
    const geometry = { content: 600, visible: 300 };
    const scroll = layOut(list, geometry);
    await act(async () => root.render(<MessageList messages={[...first, text('3', 'Oi')]} onEdit={noop} onCancel={noop} onRetry={noop} />));
    expect(scroll.top()).toBe(300);

    list.scrollTop = 100;
    await act(async () => list.dispatchEvent(new Event('scroll')));
    geometry.content = 660;
    await act(async () => root.render(<MessageList messages={[...first, text('3', 'Oi'), text('4', 'Resposta')]} onEdit={noop} onCancel={noop} onRetry={noop} />));
    expect(scroll.top()).toBe(100);
  });
});
