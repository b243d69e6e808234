// @vitest-environment happy-dom
/**
 * A fast agent presses Enter and goes straight on typing the next message. Offline the core answers
 * in tens to hundreds of ms; the box used to be emptied when that answer came, eating the first
 * letters typed meanwhile ("rascunho" became "scunho"). Only the text that went leaves the box.
 */
import { act } from 'react';
import { describe, expect, it, vi } from 'vitest';
import type { HelenaBridge } from '../src/console/bridge-contract';
import type { OpenedConversation } from '../src/console/results';
import { mountPerTest } from './testing/mount-per-test';
import { ConversationScreen, leftAfterSend } from './screens/ConversationScreen';
import { useAppStore } from './state/app-store';

const SESSION = '7cfa9dd0-fa2d-492d-9d3b-5d2b8e0a1c02';

function opened(): OpenedConversation {
  return {
    conversationKey: SESSION,
    conversation: {
      id: SESSION, contactId: 'c1', contactName: 'Fábio Guimarães', status: 'IN_PROGRESS', canWrite: true, unreadCount: 0, pendingStart: null,
      window: { canSendFreeText: true, expiresAt: new Date(Date.now() + 3_600_000).toISOString() },
    },
    contact: { id: 'c1', name: 'Fábio Guimarães', phone: '+5519993344556', email: null, tags: [], annotation: null, fields: [] },
    messages: [],
    draft: null,
    noteDraft: null,
  } as unknown as OpenedConversation;
}

const view = mountPerTest();
const settle = () => act(async () => new Promise((resolve) => setTimeout(resolve, 20)));

describe('keys typed while a message is being handed to the core', () => {
  it('stay in the box: only the text that was sent leaves it, and what stays is the draft', async () => {
    let answer: (value: { ok: true; value: object }) => void = () => undefined;
    const invoke = vi.fn((command: string) => {
      if (command === 'conversation.open') return Promise.resolve({ ok: true, value: opened() });
      if (command === 'message.sendText') return new Promise((resolve) => (answer = resolve));
      return Promise.resolve({ ok: true, value: {} });
    });
    useAppStore.setState({ bridge: { invoke, onEvent: () => () => undefined } as unknown as HelenaBridge });
    await act(async () => view.root.render(<ConversationScreen conversationKey={SESSION} onBack={() => undefined} onTransferred={() => undefined} />));
    await settle();
    const box = view.host.querySelector('textarea') as HTMLTextAreaElement;
    const setValue = Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value')?.set;
    const type = (value: string) =>
      act(async () => {
        setValue?.call(box, value);
        box.dispatchEvent(new Event('input', { bubbles: true }));
      });

    await type('Na fila 1');
    await act(async () => box.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true })));
    // The core has not answered yet: the agent already types the next one.
    await type('Na fila 1ra');
    await act(async () => answer({ ok: true, value: {} }));
    await settle();

    expect(invoke).toHaveBeenCalledWith('message.sendText', { sessionId: SESSION, text: 'Na fila 1' });
    expect(box.value).toBe('ra');
    await act(async () => new Promise((resolve) => setTimeout(resolve, 500)));
    expect(invoke).toHaveBeenLastCalledWith('draft.save', { conversationKey: SESSION, kind: 'message', text: 'ra' });
  });

  it('leftAfterSend: the rest after the sent text; a box changed otherwise is kept whole', () => {
    expect(leftAfterSend('Oi', 'Oi')).toBe('');
    expect(leftAfterSend('Oi', 'Oitudo')).toBe('tudo');
    expect(leftAfterSend('Oi', 'Novo texto')).toBe('Novo texto');
  });
});
