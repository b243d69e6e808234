/**
 * What a message line says of an edit not made, from the text the outbox row kept
 * (held-edit.ts abandonedEditOf): given up, while the original is still held (then too late); too late (the
 * reply released the original before a try in the background), on the line that now reads sent;
 * refused or unconfirmed (a try in the background), whatever the line reads.
 */
import { describe, expect, it } from 'vitest';
import type { QuickSendBody } from '../api/helena-dto';
import type { CachedMessage, OutboxEntry } from '../store';
import { messageView } from './views';

const AT = '2026-11-30T10:00:00.000Z';
const ORIGINAL = 'Segue o boleto de março.';
const EDITED = 'Segue o boleto de abril.';

function line(held: boolean, abandonedEdit: { text: string; reason?: 'too_late' | 'refused' | 'unconfirmed' }): [CachedMessage, OutboxEntry] {
  const message: CachedMessage = {
    localId: 'l1', id: 'm1', refId: 'r1', sessionId: 's1', conversationKey: 's1', direction: 'FROM_HUB', type: 'TEXT',
    status: held ? 'WAIT_REPLY' : 'SENT', text: ORIGINAL, templateId: null, parameters: null, media: null, file: null, waitReply: held,
    failedReason: null, failedReasonCode: null, categoryName: null, cost: null, userId: 'u1', createdAt: AT, updatedAt: AT, sentAt: held ? null : AT,
  };
  // The kept edit rides in the payload beside the send body (stripped by the body's zod parse).
  const body = { text: ORIGINAL, refId: 'r1', abandonedEdit } as QuickSendBody;
  const entry: OutboxEntry = {
    seq: 1, localId: 'l1', refId: 'r1', conversationKey: 's1', kind: 'text', state: held ? 'waiting_reply' : 'sent', payload: { kind: 'text', body },
    attempts: 1, nextAttemptAt: null, lastError: null, lastErrorCode: null, retryable: null, fileId: null, sendStartedAt: AT, createdAt: AT, updatedAt: AT,
  };
  return [message, entry];
}

describe('an edit not made, on its message line', () => {
  it('too late: said on the sent line, with the text typed', () => {
    expect(messageView(...line(false, { text: EDITED, reason: 'too_late' }))).toMatchObject({
      outboxState: 'sent', text: ORIGINAL, abandonedEditText: EDITED, abandonedEditReason: 'too_late', textEditable: false,
    });
  });

  it('given up: said while the original is held; once the reply released it, too late, the text still there', () => {
    expect(messageView(...line(true, { text: EDITED }))).toMatchObject({ abandonedEditText: EDITED, abandonedEditReason: 'given_up' });
    expect(messageView(...line(false, { text: EDITED }))).toMatchObject({ outboxState: 'sent', abandonedEditText: EDITED, abandonedEditReason: 'too_late' });
  });

  it('given up, then cancelled by the agent: nothing more to say', () => {
    const [message, entry] = line(true, { text: EDITED });
    expect(messageView({ ...message, status: 'DELETED', waitReply: false }, { ...entry, state: 'cancelled' })).toMatchObject({ abandonedEditText: null, abandonedEditReason: null });
  });

  it('refused or unconfirmed: said while held and after the original went, or the text typed would vanish with the reply', () => {
    for (const reason of ['refused', 'unconfirmed'] as const) {
      for (const held of [true, false]) {
        expect(messageView(...line(held, { text: EDITED, reason }))).toMatchObject({ text: ORIGINAL, abandonedEditText: EDITED, abandonedEditReason: reason });
      }
    }
  });
});
