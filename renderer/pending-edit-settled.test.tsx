// @vitest-environment happy-dom
/**
 * An edit of a held text cut short by the connection: the box's refusal says "A conexão caiu
 * durante a edição: o Helena Desk a termina sozinho…". Once the outbox finished the edit (the line
 * no longer reads "Edição pendente") that sentence is no longer true and goes; before, it stayed in
 * red under the delivered text until the agent typed something.
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
const UNSETTLED = 'A conexão caiu durante a edição: o Helena Desk a termina sozinho assim que o HelenaCRM responder.';

function heldLine(text: string, pendingEditText: string | null): MessageView {
  return messageLine({ ...HELD_FOR_REPLY, text, pendingEditText });
}

const view = mountPerTest();

describe('an edit of a held text cut short, then finished by the outbox', () => {
  it('the "A conexão caiu durante a edição" sentence goes once the line is no longer a pending edit', async () => {
    // The core as views.ts builds the line: original, then pending, then the edited text held again.
    let line = heldLine(ORIGINAL, null);
    const invoke = vi.fn((command: string, input: { text?: string }) => {
      if (command === 'conversation.open') return Promise.resolve({ ok: true, value: openedConversation(SESSION, [line], { contactName: 'Vinícius Romão', phone: '+14155550100' }) });
      if (command === 'message.edit') {
        line = heldLine(ORIGINAL, input.text ?? null);
        return Promise.resolve({ ok: false, error: { code: 'edit_pending', message: UNSETTLED } });
      }
      return Promise.resolve({ ok: true, value: {} });
    });
    const { box, emit } = await conversationOnScreen(view, SESSION, invoke, 150);

    await editHeldTo(view, box, EDITED);
    await act(async () => keydown(box, 'Enter'));
    await pause(150);
    expect(view.host.querySelector('[data-testid="pending-edit-text"]')?.textContent).toBe(EDITED);
    expect(view.host.querySelector('[role="alert"]')?.textContent).toContain(UNSETTLED);

    // The connection back, the outbox finishes the edit: the line is the edited text, held again.
    line = heldLine(EDITED, null);
    await act(async () => emit({ type: 'message-status', sessionId: SESSION, messageId: 'm-2', localId: 'local-1', status: 'WAIT_REPLY' }));
    await pause(150);
    expect(view.host.querySelector('[data-testid="pending-edit"]')).toBeNull();
    expect(view.host.textContent).not.toContain('A conexão caiu durante a edição');
  });
});
