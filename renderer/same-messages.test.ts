/** A re-read of a conversation hands back the message objects already drawn wherever nothing in them changed. */
import { describe, expect, it } from 'vitest';
import type { MessageView } from '../src/console/results';
import { keepUnchanged, sameMessage } from './screens/same-messages';

function message(i: number, patch: Partial<MessageView> = {}): MessageView {
  return {
    localId: `local-${i}`, id: `m-${i}`, kind: 'message', authorName: null, direction: 'FROM_HUB', status: 'SENT' as MessageView['status'],
    outboxState: null, text: `Mensagem ${i}`, templateId: null, parameters: null, media: null, file: null, failedReason: null,
    failedReasonEn: null, createdAt: '2026-11-30T10:00:00.000Z', shownAt: '2026-11-30T10:00:00.000Z', editable: false, textEditable: false, editBlockedBy: null, templateEditable: false,
    retryable: false, cancellable: false, retryingAfter: null, retryingAfterEn: null, pendingEditText: null, abandonedEditText: null, abandonedEditReason: null, ...patch,
  };
}

describe('keepUnchanged', () => {
  it('keeps the very same list when a re-read changed nothing', () => {
    const before = [message(1), message(2, { file: { kind: 'document', name: 'boleto.pdf', size: 120_000, mimeType: 'application/pdf' } })];
    const again = [message(1), message(2, { file: { kind: 'document', name: 'boleto.pdf', size: 120_000, mimeType: 'application/pdf' } })];
    expect(keepUnchanged(before, again)).toBe(before);
  });

  it('keeps the unchanged objects and takes the changed and new ones', () => {
    const before = [message(1), message(2), message(3)];
    const next = keepUnchanged(before, [message(1), message(2, { status: 'READ' as MessageView['status'] }), message(3), message(4)]);
    expect(next).not.toBe(before);
    expect(next[0]).toBe(before[0]);
    expect(next[1]).not.toBe(before[1]);
    expect(next[1]?.status).toBe('READ');
    expect(next[2]).toBe(before[2]);
    expect(next.map((m) => m.localId)).toEqual(['local-1', 'local-2', 'local-3', 'local-4']);
  });

  it('sees a change inside a file, a media link or the template parameters', () => {
    expect(sameMessage(message(1, { parameters: { nome: 'Ana' } }), message(1, { parameters: { nome: 'Ana' } }))).toBe(true);
    expect(sameMessage(message(1, { parameters: { nome: 'Ana' } }), message(1, { parameters: { nome: 'Bia' } }))).toBe(false);
    expect(sameMessage(message(1, { media: { kind: 'image', link: 'https://a/1.jpg' } }), message(1, { media: { kind: 'image', link: 'https://a/2.jpg' } }))).toBe(false);
    expect(sameMessage(message(1, { cancellable: true }), message(1))).toBe(false);
  });

  it('a message gone (cancelled and dropped, or the list shifted by one) is a change, in the new order', () => {
    const before = [message(1), message(2), message(3)];
    const next = keepUnchanged(before, [message(2), message(3)]);
    expect(next).not.toBe(before);
    expect(next[0]).toBe(before[1]);
    expect(next[1]).toBe(before[2]);
  });
});
