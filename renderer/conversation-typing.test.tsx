// @vitest-environment happy-dom
/**
 * An agent typing fast in a long conversation: a key changes the box, not the messages above it,
 * so no message is drawn again; a re-read that brings nothing new draws none either, and one that
 * brings a reply draws that reply alone. Counted by the rows' time stamps (each drawn row formats
 * its time once), since a redrawn row looks the same on screen: only the agent's keys feel it.
 */
import { act } from 'react';
import { expect, it, vi } from 'vitest';
import type { MessageView } from '../src/console/results';
import { messageBox, messageLine, openedConversation, showConversation } from './testing/conversation';
import { installBridge } from './testing/fake-bridge';
import { fillBox, pause } from './testing/input';
import { mountPerTest } from './testing/mount-per-test';

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

const SESSION = '7cfa9dd0-fa2d-492d-9d3b-5d2b8e0a1c01';

function message(i: number): MessageView {
  const at = new Date(Date.UTC(2026, 10, 30, 10, 0, i)).toISOString();
  return messageLine({ localId: `local-${i}`, id: `m-${i}`, direction: 'TO_HUB', status: 'DELIVERED', text: `Mensagem ${i} da Cláudia`, createdAt: at });
}

const view = mountPerTest();

/** The core as the screen sees it: every read answers with new objects, as the bridge's JSON does. */
async function conversationOnScreen(count: () => number) {
  const invoke = vi.fn((command: string) => {
    if (command === 'conversation.open') {
      const messages = Array.from({ length: count() }, (_, i) => message(i));
      return Promise.resolve({ ok: true, value: openedConversation(SESSION, messages, { contactName: 'Cláudia Assunção', window: { canSendFreeText: true, expiresAt: null } }) });
    }
    return Promise.resolve({ ok: true, value: {} });
  });
  const { emit } = installBridge(invoke);
  await showConversation(view, SESSION);
  const box = messageBox(view);
  return {
    host: view.host,
    box,
    invoke,
    /** One key: the box's value grows by `char`, as the browser's input event says. */
    type: (char: string) => act(() => fillBox(box, box.value + char)),
    /** The core says the conversation changed; the screen re-reads it (after its 100 ms pause). */
    changed: async () => {
      await act(async () => emit({ type: 'conversation-changed', sessionId: SESSION }));
      await pause(150);
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
