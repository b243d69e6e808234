// @vitest-environment happy-dom
/**
 * The conversation screen around an edit of a held text that the connection cut short: the core
 * refuses it ("A conexão caiu durante a edição…") but keeps it recorded, and no event follows until
 * it is finished. The screen re-reads the conversation on that refusal, so the line shows the
 * pending edit at once; "Editar" again starts from the pending text, the one the agent last chose.
 */
import { act } from 'react';
import { describe, expect, it, vi } from 'vitest';
import type { MessageView } from '../src/console/results';
import { HELD_FOR_REPLY, buttonNamed, conversationOnScreen, messageLine, openedConversation } from './testing/conversation';
import { fillBox, keydown, pause } from './testing/input';
import { mountPerTest } from './testing/mount-per-test';

const SESSION = '7cfa9dd0-fa2d-492d-9d3b-5d2b8e0a1c02';
const ORIGINAL = 'Segue o boleto de março.';
const EDITED = 'Segue o boleto de abril.';
const UNSETTLED = 'A conexão caiu durante a edição: o Helena Desk a termina sozinho assim que o HelenaCRM responder.';

function heldLine(pendingEditText: string | null): MessageView {
  return messageLine({ ...HELD_FOR_REPLY, text: ORIGINAL, pendingEditText });
}

const view = mountPerTest();

describe('an edit of a held text cut short', () => {
  it('the refusal is shown and the line re-read at once: the pending edit shows; "Editar" again starts from it', async () => {
    // The core: the edit is refused as unsettled, but from then on the line carries it (as views.ts builds it).
    let pending: string | null = null;
    const invoke = vi.fn((command: string, input: { text?: string }) => {
      if (command === 'conversation.open') return Promise.resolve({ ok: true, value: openedConversation(SESSION, [heldLine(pending)], { contactName: 'Sebastião Magalhães', phone: '+14155550100' }) });
      if (command === 'message.edit') {
        pending = input.text ?? null;
        return Promise.resolve({ ok: false, error: { code: 'edit_pending', message: UNSETTLED } });
      }
      return Promise.resolve({ ok: true, value: {} });
    });
    const { box } = await conversationOnScreen(view, SESSION, invoke, 20);

    await act(async () => buttonNamed(view, 'Editar')?.click());
    expect(box.value).toBe(ORIGINAL);
    await act(async () => fillBox(box, EDITED));
    await act(async () => keydown(box, 'Enter'));
    await pause(20);

    expect(invoke).toHaveBeenCalledWith('message.edit', { localId: 'local-1', text: EDITED });
    expect(view.host.textContent).toContain(UNSETTLED);
    // No event comes from the core for it: the screen's own re-read shows it.
    expect(view.host.querySelector('[data-testid="pending-edit-text"]')?.textContent).toBe(EDITED);
    expect(view.host.querySelector('[data-testid="pending-edit-original"]')?.textContent).toContain(ORIGINAL);

    // The edit is recorded: the box leaves it (no edit mode left over, the box empty for the next message).
    expect(box.value).toBe('');
    expect(view.host.textContent).not.toContain('Editando a mensagem');
    // "Editar" again: the box holds the pending text, not the original.
    await act(async () => buttonNamed(view, 'Editar')?.click());
    expect(box.value).toBe(EDITED);
  });
});
