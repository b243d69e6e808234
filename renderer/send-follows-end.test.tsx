// @vitest-environment happy-dom
/**
 * The agent scrolled up to read (PageUp, or Ctrl+F left the list on an old match) and sends a
 * message: the list goes back to its newest message, where the line just sent appears. Before, the
 * list stayed where it was and the new line arrived out of sight, as if nothing had gone.
 */
import { act } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { HelenaBridge } from '../src/console/bridge-contract';
import type { MessageView, OpenedConversation } from '../src/console/results';
import { mountPerTest } from './testing/mount-per-test';
import { ConversationScreen } from './screens/ConversationScreen';
import { useAppStore } from './state/app-store';

const SESSION = '7cfa9dd0-fa2d-492d-9d3b-5d2b8e0a1c02';

function line(n: number, direction: 'TO_HUB' | 'FROM_HUB', text: string): MessageView {
  const at = new Date(Date.UTC(2026, 10, 30, 10, n, 0)).toISOString();
  return {
    localId: `local-${n}`, id: `m-${n}`, kind: 'message', authorName: null, direction, status: 'SENT', outboxState: null,
    text, templateId: null, parameters: null, media: null, file: null, failedReason: null, failedReasonEn: null, createdAt: at,
    shownAt: at, editable: false, textEditable: false, templateEditable: false, retryable: false, cancellable: false, pendingEditText: null,
    retryingAfter: null, retryingAfterEn: null,
  };
}

function opened(messages: MessageView[]): OpenedConversation {
  return {
    conversationKey: SESSION,
    conversation: {
      id: SESSION, contactId: 'c1', contactName: 'Cláudia Assunção', status: 'IN_PROGRESS', canWrite: true, unreadCount: 0, pendingStart: null,
      window: { canSendFreeText: true, expiresAt: new Date(Date.now() + 3_600_000).toISOString() },
    },
    contact: { id: 'c1', name: 'Cláudia Assunção', phone: '+5581997766554', email: null, tags: [], annotation: null, fields: [] },
    messages,
    draft: null,
    noteDraft: null,
  } as unknown as OpenedConversation;
}

/** The list's geometry as a browser lays it out: 60 px a line, 300 px shown, scrollTop clamped. */
function layOut(list: HTMLElement, count: () => number): { top: () => number } {
  let top = 0;
  Object.defineProperty(list, 'scrollHeight', { configurable: true, get: () => count() * 60 });
  Object.defineProperty(list, 'clientHeight', { configurable: true, get: () => 300 });
  Object.defineProperty(list, 'scrollTop', {
    configurable: true,
    get: () => top,
    set: (value: number) => {
      top = Math.max(0, Math.min(value, count() * 60 - 300));
    },
  });
  return { top: () => top };
}

const view = mountPerTest();
// The browser's ResizeObserver, called by hand: the list is put at its end once it has a size.
let resized: Array<() => void> = [];
const realResizeObserver = globalThis.ResizeObserver;
beforeEach(() => {
  resized = [];
  globalThis.ResizeObserver = class {
    constructor(callback: () => void) {
      resized.push(callback);
    }
    observe(): void {}
    unobserve(): void {}
    disconnect(): void {}
  } as unknown as typeof ResizeObserver;
});
afterEach(() => {
  globalThis.ResizeObserver = realResizeObserver;
});
const settle = () => act(async () => new Promise((resolve) => setTimeout(resolve, 50)));

describe('sending while scrolled up', () => {
  it('brings the list back to its newest message, where the sent line shows', async () => {
    const messages = Array.from({ length: 20 }, (_, i) => line(i, 'TO_HUB', `Mensagem número ${i}`));
    const invoke = vi.fn((command: string, input: { text?: string }) => {
      if (command === 'conversation.open') return Promise.resolve({ ok: true, value: opened([...messages]) });
      if (command === 'message.sendText') {
        messages.push(line(99, 'FROM_HUB', input.text ?? ''));
        return Promise.resolve({ ok: true, value: {} });
      }
      return Promise.resolve({ ok: true, value: {} });
    });
    useAppStore.setState({ bridge: { invoke, onEvent: () => () => undefined } as unknown as HelenaBridge });
    await act(async () => view.root.render(<ConversationScreen conversationKey={SESSION} onBack={() => undefined} onTransferred={() => undefined} />));
    await settle();
    const list = view.host.querySelector('ol.messages') as HTMLOListElement;
    const scroll = layOut(list, () => list.querySelectorAll('li').length);

    // Laid out: the conversation opens on its newest message.
    await act(async () => resized.forEach((callback) => callback()));
    expect(scroll.top()).toBe(20 * 60 - 300);

    // The agent reads back: scrolled to the top.
    list.scrollTop = 0;
    await act(async () => list.dispatchEvent(new Event('scroll')));
    expect(scroll.top()).toBe(0);

    const box = view.host.querySelector('textarea') as HTMLTextAreaElement;
    const setValue = Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value')?.set;
    await act(async () => {
      setValue?.call(box, 'Já verifiquei, chega amanhã.');
      box.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await act(async () => box.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true })));
    await settle();

    expect(list.querySelectorAll('li')).toHaveLength(21);
    expect(scroll.top()).toBe(21 * 60 - 300);
  });
});
