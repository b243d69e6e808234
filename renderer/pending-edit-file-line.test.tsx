// @vitest-environment happy-dom
/**
 * A file HelenaCRM holds for the reply, whose caption edit was cut short, reads as a held text's
 * pending edit does: the file, "Edição pendente", the new caption, and the original caption under
 * it — "sem legenda" when it went with none (not a template's placeholder). A held audio, which the
 * view never offers for editing (no caption on audio), shows only "Cancelar envio".
 */
import { act } from 'react';
import { describe, expect, it } from 'vitest';
import type { MessageView } from '../src/console/results';
import { setLanguage } from './i18n';
import { MessageList } from './screens/MessageList';
import { mountPerTest } from './testing/mount-per-test';

const view = mountPerTest();

function heldFile(localId: string, patch: Partial<MessageView>): MessageView {
  const at = new Date();
  at.setHours(9, 50, 0, 0);
  return {
    localId, id: `m-${localId}`, kind: 'message', authorName: null, direction: 'FROM_HUB', status: 'WAIT_REPLY', outboxState: 'waiting_reply',
    text: 'Segue o boleto de março.', templateId: null, parameters: null, media: null,
    file: { kind: 'document', name: 'boleto-marco.pdf', size: 120_400, mimeType: 'application/pdf' },
    failedReason: null, failedReasonEn: null, createdAt: at.toISOString(), shownAt: at.toISOString(), editable: true, textEditable: true, editBlockedBy: null,
    templateEditable: false, retryable: false, cancellable: true, pendingEditText: null, abandonedEditText: null, abandonedEditReason: null, retryingAfter: null, retryingAfterEn: null, ...patch,
  };
}

const rows = () => [...view.host.querySelectorAll('li')];
const text = (li: Element, testId: string) => li.querySelector(`[data-testid="${testId}"]`)?.textContent ?? null;
const buttons = (li: Element) => [...li.querySelectorAll('button')].map((b) => b.textContent);

describe('a held file whose caption edit is not finished', () => {
  it('shows the file, the new caption as pending and the original caption (or "sem legenda") under it', async () => {
    await act(async () => setLanguage('pt-BR'));
    const captioned = heldFile('a', { pendingEditText: 'Segue o boleto de abril.' });
    const bare = heldFile('b', { text: null, pendingEditText: 'Segue o comprovante.', file: { kind: 'image', name: 'comprovante.png', size: 80_000, mimeType: 'image/png' } });
    const audio = heldFile('c', { text: null, textEditable: false, file: { kind: 'audio', name: 'recado.ogg', size: 4_006, mimeType: 'audio/ogg' } });
    await act(async () => view.root.render(<MessageList messages={[captioned, bare, audio]} onEdit={() => undefined} onCancel={() => undefined} />));

    const [a, b, c] = rows();
    if (!a || !b || !c) throw new Error('three rows expected');
    expect(text(a, 'message-file')).toBe('📎 boleto-marco.pdf · 120 KB');
    expect(text(a, 'pending-edit')).toBe('Edição pendente — termina sozinha assim que o HelenaCRM confirmar');
    expect(text(a, 'pending-edit-text')).toBe('Segue o boleto de abril.');
    expect(text(a, 'pending-edit-original')).toBe('Original (é esta que o contato recebe se responder antes): Segue o boleto de março.');
    expect(buttons(a)).toEqual(['Cancelar envio', 'Editar legenda']);
    expect(text(b, 'pending-edit-text')).toBe('Segue o comprovante.');
    expect(text(b, 'pending-edit-original')).toBe('Original (é esta que o contato recebe se responder antes): sem legenda');
    expect(buttons(c)).toEqual(['Cancelar envio']);

    await act(async () => setLanguage('en'));
    expect(text(rows()[1] ?? b, 'pending-edit-original')).toBe('Original (the contact gets this one if they reply first): no caption');
    await act(async () => setLanguage('pt-BR'));
  });
});
