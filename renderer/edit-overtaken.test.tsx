// @vitest-environment happy-dom
/**
 * The agent is editing a text still waiting for the contact's reply, and the reply comes (or the
 * connection returns) first: the original goes out and the edit can no longer be saved. The box
 * leaves "Editando a mensagem na fila" but keeps the new text, as a message of its own, and says the
 * contact got the earlier one. Before, the box stayed in the edit, Enter was refused ("já foi
 * enviada") and Esc — the only way out — threw the new text away.
 */
import { act } from 'react';
import { describe, expect, it, vi } from 'vitest';
import type { MessageView } from '../src/console/results';
import { HELD_FOR_REPLY, conversationOnScreen, editHeldTo, messageLine, openedConversation } from './testing/conversation';
import { keydown, pause } from './testing/input';
import { mountPerTest } from './testing/mount-per-test';

const SESSION = '7cfa9dd0-fa2d-492d-9d3b-5d2b8e0a1c02';
const ORIGINAL = 'Segue o boleto de março.';
const EDITED = 'Segue o boleto de abril.';

function line(held: boolean): MessageView {
  return messageLine({ text: ORIGINAL, ...(held ? HELD_FOR_REPLY : { status: 'DELIVERED', outboxState: 'sent' }) });
}

const view = mountPerTest();

describe('an edit overtaken by the message going out', () => {
  it('leaves the edit, keeps the new text in the box as a new message, and says the contact got the earlier one', async () => {
    let held = true;
    const invoke = vi.fn((command: string) => {
      if (command === 'conversation.open') return Promise.resolve({ ok: true, value: openedConversation(SESSION, [line(held)], { contactName: 'Vinícius Romão', phone: '+5562984455667' }) });
      return Promise.resolve({ ok: true, value: {} });
    });
    const { box, emit } = await conversationOnScreen(view, SESSION, invoke, 150);

    await editHeldTo(view, box, EDITED);
    expect(view.host.textContent).toContain('Editando a mensagem na fila');

    // The contact replies: HelenaCRM releases the original.
    held = false;
    await act(async () => emit({ type: 'message-status', sessionId: SESSION, messageId: 'm-1', localId: 'local-1', status: 'DELIVERED' }));
    await pause(150);

    expect(view.host.textContent).not.toContain('Editando a mensagem na fila');
    expect(box.value).toBe(EDITED);
    expect(view.host.querySelector('[role="alert"]')?.textContent).toContain('A mensagem saiu antes que a edição fosse salva');
    // Enter now sends the new text as a message of its own, not as an edit.
    await act(async () => keydown(box, 'Enter'));
    await pause(150);
    expect(invoke).toHaveBeenCalledWith('message.sendText', { sessionId: SESSION, text: EDITED });
    expect(invoke).not.toHaveBeenCalledWith('message.edit', expect.anything());
  });
});
