/**
 * Why a held line offers no "Editar": HelenaCRM holds a later text of the conversation too and
 * releases them in order (held-edit.ts heldBehindLater), so the line says so (editBlockedBy) rather
 * than leave the agent to think editing is broken — and only where the agent could otherwise edit.
 */
import { describe, expect, it } from 'vitest';
import type { CachedMessage, OutboxEntry } from '../store';
import { messageView } from './views';

const AT = '2026-11-30T10:00:00.000Z';
const NO_AUTHORS = new Map<string, string>();

function held(patch: { kind?: OutboxEntry['kind']; message?: Partial<CachedMessage>; entry?: Partial<OutboxEntry> } = {}): [CachedMessage, OutboxEntry] {
  const message: CachedMessage = {
    localId: 'l1', id: 'm1', refId: 'r1', sessionId: 's1', conversationKey: 's1', direction: 'FROM_HUB', type: 'TEXT',
    status: 'WAIT_REPLY', text: 'Segue o boleto de março.', templateId: null, parameters: null, media: null, file: null, waitReply: true,
    failedReason: null, failedReasonCode: null, categoryName: null, cost: null, userId: 'u1', createdAt: AT, updatedAt: AT, sentAt: null,
    ...patch.message,
  };
  const kind = patch.kind ?? 'text';
  const entry = {
    seq: 1, localId: 'l1', refId: 'r1', conversationKey: 's1', kind, state: 'waiting_reply', payload: { kind, body: { text: message.text, refId: 'r1' } },
    attempts: 1, nextAttemptAt: null, lastError: null, lastErrorCode: null, retryable: null, fileId: null, sendStartedAt: AT, createdAt: AT, updatedAt: AT,
    ...patch.entry,
  } as OutboxEntry;
  return [message, entry];
}

describe('a held line with a later one held behind it', () => {
  it('is not editable, and says it is the order that keeps it so', () => {
    expect(messageView(...held(), NO_AUTHORS, true)).toMatchObject({ textEditable: false, editBlockedBy: 'later_held', cancellable: true });
  });

  it('a file held behind a later one: its caption is blocked the same way', () => {
    const [message, entry] = held({ kind: 'file', message: { type: 'DOCUMENT', file: { name: 'boleto.pdf', size: 1200, mimeType: 'application/pdf' } } });
    expect(messageView(message, entry, NO_AUTHORS, true)).toMatchObject({ textEditable: false, editBlockedBy: 'later_held' });
  });

  it('the newest held line is editable, with nothing to explain', () => {
    expect(messageView(...held(), NO_AUTHORS, false)).toMatchObject({ textEditable: true, editBlockedBy: null });
  });

  it('says nothing where there was nothing to edit anyway: a held audio, a held template', () => {
    const audio = held({ kind: 'file', message: { type: 'AUDIO', text: null, file: { name: 'recado.ogg', size: 4000, mimeType: 'audio/ogg' } } });
    expect(messageView(audio[0], audio[1], NO_AUTHORS, true)).toMatchObject({ textEditable: false, editBlockedBy: null });
    const template = held({ kind: 'template', message: { templateId: 't1' } });
    expect(messageView(template[0], template[1], NO_AUTHORS, true)).toMatchObject({ textEditable: false, editBlockedBy: null });
  });

  it('says nothing once the line is no longer held (released by the reply)', () => {
    const [message, entry] = held({ message: { status: 'SENT', waitReply: false, sentAt: AT }, entry: { state: 'sent' } });
    expect(messageView(message, entry, NO_AUTHORS, true)).toMatchObject({ textEditable: false, editBlockedBy: null });
  });
});
