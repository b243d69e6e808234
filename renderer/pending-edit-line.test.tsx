// @vitest-environment happy-dom
/**
 * A held text whose edit was cut short (the connection failed mid-way: the intent is recorded and
 * the core finishes it by itself) reads as a pending edit — the new text, said to be pending, and
 * the original under it, the one the contact still gets if they reply first — with "Editar" and
 * "Cancelar envio" as the view offers them. An internal note's heading shows the same moment as a
 * message line's time (shownAt), not when it was written.
 */
import { act } from 'react';
import { describe, expect, it, vi } from 'vitest';
import type { MessageView } from '../src/console/results';
import { setLanguage } from './i18n';
import { MessageList } from './screens/MessageList';
import { mountPerTest } from './testing/mount-per-test';

const view = mountPerTest();

function today(hours: number, minutes: number): string {
  const at = new Date();
  at.setHours(hours, minutes, 0, 0);
  return at.toISOString();
}

function message(localId: string, patch: Partial<MessageView>): MessageView {
  return {
    localId, id: `m-${localId}`, kind: 'message', authorName: null, direction: 'FROM_HUB', status: 'SENT', outboxState: null,
    text: `Mensagem ${localId}`, templateId: null, parameters: null, media: null, file: null, failedReason: null, failedReasonEn: null,
    createdAt: today(9, 0), shownAt: today(9, 0), editable: false, textEditable: false, editBlockedBy: null, templateEditable: false, retryable: false,
    cancellable: false, pendingEditText: null, abandonedEditText: null, abandonedEditReason: null, retryingAfter: null, retryingAfterEn: null, ...patch,
  };
}

const held = (patch: Partial<MessageView> = {}) =>
  message('held', {
    status: 'WAIT_REPLY', outboxState: 'waiting_reply', text: 'Segue o boleto de março.', editable: true, textEditable: true, cancellable: true,
    createdAt: today(9, 50), shownAt: today(9, 50), ...patch,
  });

function row(localId: string): HTMLLIElement {
  const index = ['held', 'note'].indexOf(localId);
  const li = view.host.querySelectorAll('li')[index];
  if (!li) throw new Error(`no row ${localId}`);
  return li;
}
const text = (li: Element, testId: string) => li.querySelector(`[data-testid="${testId}"]`)?.textContent ?? null;
const buttons = (li: Element) => [...li.querySelectorAll('button')].map((b) => b.textContent);

describe('a held text whose edit is not finished', () => {
  it('shows the new text as a pending edit, the original under it, and keeps "Editar" and "Cancelar envio"', async () => {
    const onEdit = vi.fn();
    const onCancel = vi.fn();
    const pending = held({ pendingEditText: 'Segue o boleto de abril.' });
    await act(async () => view.root.render(<MessageList messages={[pending]} onEdit={onEdit} onCancel={onCancel} />));

    const li = row('held');
    expect(text(li, 'pending-edit')).toBe('Edição pendente — termina sozinha assim que o HelenaCRM confirmar');
    expect(text(li, 'pending-edit-text')).toBe('Segue o boleto de abril.');
    expect(text(li, 'pending-edit-original')).toBe('Original (é esta que o contato recebe se responder antes): Segue o boleto de março.');
    // The label comes before the new text, the original after it.
    expect([...li.querySelectorAll('p')].map((p) => p.dataset.testid)).toEqual(['pending-edit', 'pending-edit-text', 'pending-edit-original']);
    expect(text(li, 'message-state')).toBe('Aguardando resposta do contato');
    // "Cancelar envio" first, so Shift+Tab from the box meets "Editar" first (MessageList).
    expect(buttons(li)).toEqual(['Cancelar envio', 'Editar']);
    // "Editar" again while pending: the outbox takes a second edit; the screen gets the line to edit.
    await act(async () => [...li.querySelectorAll('button')].find((b) => b.textContent === 'Editar')?.click());
    expect(onEdit).toHaveBeenCalledWith(pending);

    await act(async () => setLanguage('en'));
    expect(text(row('held'), 'pending-edit')).toBe('Edit pending — it finishes by itself once HelenaCRM confirms');
    expect(text(row('held'), 'pending-edit-original')).toBe('Original (the contact gets this one if they reply first): Segue o boleto de março.');
  });

  it('once settled (no pending edit), the line is the plain text again', async () => {
    await act(async () => view.root.render(<MessageList messages={[held({ text: 'Segue o boleto de abril.' })]} onEdit={() => undefined} onCancel={() => undefined} />));
    const li = row('held');
    expect(li.querySelector('[data-testid^="pending-edit"]')).toBeNull();
    expect(li.querySelector('p')?.textContent).toBe('Segue o boleto de abril.');
  });

  it('Ctrl+F still highlights a match in the original', async () => {
    const pending = held({ pendingEditText: 'Segue o boleto de abril.' });
    const find = { matches: [{ localId: 'held', start: 18, end: 23 }], current: 0 };
    await act(async () => view.root.render(<MessageList messages={[pending]} find={find} />));
    expect(row('held').querySelector('[data-testid="pending-edit-original"] mark')?.textContent).toBe('março');
  });
});

describe('an internal note\'s heading', () => {
  it('shows the moment the conversation is ordered by (shownAt), as message lines do', async () => {
    const note = message('note', {
      kind: 'note', authorName: 'Ana Lúcia Souza', status: 'SENT', text: 'Cliente pediu retorno à tarde.',
      // Written at 09:40 on this computer, saved on HelenaCRM at 10:05: the conversation orders it at 10:05.
      createdAt: today(9, 40), shownAt: today(10, 5),
    });
    await act(async () => view.root.render(<MessageList messages={[held(), note]} />));
    expect(text(row('note'), 'note-heading')).toBe('Nota interna · Ana Lúcia Souza · 10:05');
  });
});
