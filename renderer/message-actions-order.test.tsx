// @vitest-environment happy-dom
/**
 * On a message not yet sent, Shift+Tab from the message box must meet "Editar" first: Enter there
 * only opens the text in the box (Esc backs out), while Enter on "Cancelar envio" withdraws the
 * message at once. So "Cancelar envio" comes first in the line and "Editar" last (the last stop
 * before the box).
 */
import { act } from 'react';
import { describe, expect, it, vi } from 'vitest';
import type { MessageView } from '../src/console/results';
import { MessageList } from './screens/MessageList';
import { mountPerTest } from './testing/mount-per-test';

const view = mountPerTest();

function queued(patch: Partial<MessageView> = {}): MessageView {
  const at = new Date().toISOString();
  return {
    localId: 'q1', id: null, kind: 'message', authorName: null, direction: 'FROM_HUB', status: 'WAIT_REPLY', outboxState: 'waiting_reply',
    text: 'Segue o boleto de março, com o desconto combinado.', templateId: null, parameters: null, media: null, file: null,
    failedReason: null, failedReasonEn: null, createdAt: at, shownAt: at, editable: true, textEditable: true, editBlockedBy: null, templateEditable: false,
    retryable: false, cancellable: true, pendingEditText: null, abandonedEditText: null, abandonedEditReason: null, retryingAfter: null, retryingAfterEn: null, ...patch,
  };
}

describe('the actions of a message not yet sent', () => {
  it('put "Editar" last, so it is the first stop of Shift+Tab from the box, and "Cancelar envio" before it', async () => {
    const onEdit = vi.fn();
    const onCancel = vi.fn();
    const message = queued();
    await act(async () => view.root.render(<MessageList messages={[message]} onEdit={onEdit} onCancel={onCancel} />));
    const buttons = [...view.host.querySelectorAll('li button')] as HTMLButtonElement[];
    expect(buttons.map((b) => b.textContent)).toEqual(['Cancelar envio', 'Editar']);
    // The last focusable of the line is what Shift+Tab from the box reaches; Enter there edits, never withdraws.
    await act(async () => buttons.at(-1)?.click());
    expect(onEdit).toHaveBeenCalledWith(message);
    expect(onCancel).not.toHaveBeenCalled();
  });
});
