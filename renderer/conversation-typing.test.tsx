// @vitest-environment happy-dom
/**
 * An agent typing fast in a long conversation: a key changes the box, not the messages above it,
 * so no message is drawn again; a re-read that brings nothing new draws none either, and one that
 * brings a reply draws that reply alone. Counted by the rows' time stamps (each drawn row formats
 * its time once), since a redrawn row looks the same on screen: only the agent's keys feel it.
 */
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, expect, it, vi } from 'vitest';
import type { BridgeEvent, HelenaBridge } from '../src/console/bridge-contract';
import type { MessageView, OpenedConversation } from '../src/console/results';
import { initI18n } from './i18n';
import { ConversationScreen } from './screens/ConversationScreen';
import { useAppStore } from './state/app-store';

const drawn = vi.hoisted(() => ({ rows: 0 }));
vi.mock('./screens/relative-time', async (original) => {
  const real = await original<typeof import('./screens/relative-time')>();
  return {
    ...real,
    messageTime: (...args: Parameters<typeof real.messageTime>) => {
      drawn.rows++;
      return real.messageTime(...args);
    },
  };
});

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const SESSION = '7cfa9dd0-fa2d-492d-9d3b-5d2b8e0a1c01';

function message(i: number): MessageView {
  return {
    localId: `local-${i}`, id: `m-${i}`, kind: 'message', authorName: null, direction: 'TO_HUB', status: 'DELIVERED' as MessageView['status'],
    outboxState: null, text: `Mensagem ${i} da Cláudia`, templateId: null, parameters: null, media: null, file: null, failedReason: null,
    failedReasonEn: null, createdAt: new Date(Date.UTC(2026, 10, 30, 10, 0, i)).toISOString(), shownAt: new Date(Date.UTC(2026, 10, 30, 10, 0, i)).toISOString(), editable: false, textEditable: false,
    templateEditable: false, retryable: false, cancellable: false, retryingAfter: null, retryingAfterEn: null, pendingEditText: null,
  };
}

/** The core as the screen sees it: every read answers with new objects, as the bridge's JSON does. */
function conversationOf(count: () => number): OpenedConversation {
  return {
    conversationKey: SESSION,
    conversation: {
      id: SESSION, contactId: null, contactName: 'Cláudia Assunção', status: 'IN_PROGRESS', canWrite: true, unreadCount: 0, pendingStart: null,
      window: { canSendFreeText: true, expiresAt: null },
    },
    contact: null,
    messages: Array.from({ length: count() }, (_, i) => message(i)),
    draft: null,
    noteDraft: null,
  } as unknown as OpenedConversation;
}

const roots: Root[] = [];
afterEach(() => {
  act(() => roots.splice(0).forEach((root) => root.unmount()));
  document.body.innerHTML = '';
});

async function conversationOnScreen(count: () => number) {
  initI18n();
  const listeners = new Set<(event: BridgeEvent) => void>();
  const invoke = vi.fn((command: string) => {
    if (command === 'conversation.open') return Promise.resolve({ ok: true, value: conversationOf(count) });
    return Promise.resolve({ ok: true, value: {} });
  });
  const bridge = {
    invoke,
    onEvent(listener: (event: BridgeEvent) => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  } as unknown as HelenaBridge;
  useAppStore.setState({ bridge });
  const host = document.createElement('div');
  document.body.append(host);
  const root = createRoot(host);
  roots.push(root);
  await act(async () => root.render(<ConversationScreen conversationKey={SESSION} onBack={() => undefined} onTransferred={() => undefined} />));
  const box = host.querySelector('textarea') as HTMLTextAreaElement;
  const setValue = Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value')?.set;
  return {
    host,
    box,
    invoke,
    /** One key: the box's value grows by `char`, as the browser's input event says. */
    type: (char: string) =>
      act(() => {
        setValue?.call(box, box.value + char);
        box.dispatchEvent(new Event('input', { bubbles: true }));
      }),
    /** The core says the conversation changed; the screen re-reads it (after its 100 ms pause). */
    changed: async () => {
      await act(async () => listeners.forEach((listener) => listener({ type: 'conversation-changed', sessionId: SESSION })));
      await act(() => new Promise((resolve) => setTimeout(resolve, 150)));
    },
  };
}

it('typing 30 keys in a conversation of 500 messages draws no message again', async () => {
  const { host, box, type } = await conversationOnScreen(() => 500);
  expect(host.querySelectorAll('ol.messages > li')).toHaveLength(500);
  drawn.rows = 0;
  for (const char of 'bom dia, a entrega sai hoje!!') await type(char);
  expect(box.value).toBe('bom dia, a entrega sai hoje!!');
  expect(drawn.rows).toBe(0);
});

it('a re-read that changed nothing draws nothing; one with a reply draws the reply alone', async () => {
  let count = 500;
  const { host, changed } = await conversationOnScreen(() => count);
  drawn.rows = 0;
  await changed();
  expect(drawn.rows).toBe(0);
  count = 501;
  await changed();
  expect(host.querySelectorAll('ol.messages > li')).toHaveLength(501);
  expect(host.querySelector('ol.messages > li:last-child')?.textContent).toContain('Mensagem 500 da Cláudia');
  expect(drawn.rows).toBe(1);
});
