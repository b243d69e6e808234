// @vitest-environment happy-dom
/**
 * A start acknowledged while the agent types in the conversation's find bar (Ctrl+F) leaves the
 * keys there: the conversation's key changes from the start's to the session's, but it is the same
 * conversation, and the rest of the word must not go into the message box (an Enter would send it).
 */
import { act } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { conversationOnScreen, messageLine, openedConversation, openWindow } from './testing/conversation';
import { keydown, pause } from './testing/input';
import { mountPerTest } from './testing/mount-per-test';

const START = 'start:local-1';
const SESSION = '7cfa9dd0-fa2d-492d-9d3b-5d2b8e0a1c02';
const view = mountPerTest();

describe('a start acknowledged while the find bar has the keys', () => {
  it('keeps the focus in the find bar', async () => {
    let acknowledged = false;
    const invoke = vi.fn((command: string) => {
      if (command === 'conversation.open') {
        const key = acknowledged ? SESSION : START;
        return Promise.resolve({ ok: true, value: openedConversation(key, [messageLine({ text: 'Olá, tudo bem?' })], { contactName: 'Vinícius Romão', phone: '+5562984455667', window: openWindow() }) });
      }
      return Promise.resolve({ ok: true, value: {} });
    });
    const { box, emit } = await conversationOnScreen(view, START, invoke, 150);
    expect(document.activeElement).toBe(box);
    await act(async () => keydown(box, 'f', { ctrlKey: true }));
    await pause(50);
    const find = view.host.querySelector<HTMLInputElement>('#find-in-conversation');
    expect(find).not.toBeNull();
    expect(document.activeElement).toBe(find);
    acknowledged = true;
    await act(async () => emit({ type: 'message-status', sessionId: SESSION, messageId: 'm-1', localId: 'local-1', status: 'SENT' }));
    await pause(150);
    // The screen followed the start to its session (the key changed under it).
    expect(invoke).toHaveBeenCalledWith('conversation.open', { sessionId: SESSION });
    expect(document.activeElement).toBe(find);
  });
});
