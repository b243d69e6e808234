/**
 * The order a conversation reads in (migrations/016-message-order.ts): when each message went or
 * arrived, held ones last in the order they were written; its newest page comes from the index.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MessageDTO } from '../api/helena-dto';
import { openStore, type Store } from './store';
import { uuid } from './test-fixtures';

let store: Store;
beforeEach(() => {
  store = openStore({ location: ':memory:' });
});
afterEach(() => store.close());

const at = (minute: number, ms = 0): string => new Date(Date.UTC(2024, 4, 1, 12, minute, 0, ms)).toISOString();

function serverMessage(sessionId: string, fields: Partial<MessageDTO> & Pick<MessageDTO, 'text' | 'createdAt'>): MessageDTO {
  return {
    id: uuid(), updatedAt: fields.createdAt, type: 'TEXT', sessionId, templateId: null, direction: 'TO_HUB', status: 'DELIVERED',
    refId: null, details: { waitReply: false }, failedReason: null, timestamp: fields.createdAt, ...fields,
  };
}

function texts(sessionId: string, limit?: number): (string | null)[] {
  return store.messages.listByConversation(sessionId, limit).map((m) => m.text);
}

describe('the order of a conversation', () => {
  it('puts a text HelenaCRM held for the reply after that reply once released, and held texts last while held', () => {
    const sessionId = uuid();
    store.messages.upsertMessages([serverMessage(sessionId, { text: 'Olá, tudo bem?', createdAt: at(0) })]);
    const held = serverMessage(sessionId, {
      text: 'Segue o boleto.', createdAt: at(1), direction: 'FROM_HUB', status: 'WAIT_REPLY', timestamp: null, details: { waitReply: true },
    });
    store.messages.upsertMessages([held]);
    // Written at 12:01 but not gone: below the reply that comes at 12:05.
    store.messages.upsertMessages([serverMessage(sessionId, { text: 'Pode mandar', createdAt: at(5) })]);
    expect(texts(sessionId)).toEqual(['Olá, tudo bem?', 'Pode mandar', 'Segue o boleto.']);
    // Released just after the reply: HelenaCRM's timestamp says when it went.
    store.messages.upsertMessages([{ ...held, status: 'SENT', updatedAt: at(5, 1), timestamp: at(5, 1) }]);
    expect(texts(sessionId)).toEqual(['Olá, tudo bem?', 'Pode mandar', 'Segue o boleto.']);
    // A later version without a timestamp keeps the one known.
    store.messages.upsertMessages([{ ...held, status: 'DELIVERED', updatedAt: at(6), timestamp: null }]);
    expect(texts(sessionId)).toEqual(['Olá, tudo bem?', 'Pode mandar', 'Segue o boleto.']);
    expect(store.messages.digests([sessionId]).get(sessionId)).toEqual({ count: 3, lastText: 'Segue o boleto.' });
  });

  it('places a text that leaves this computer after everything already in the conversation, until HelenaCRM says when it went', () => {
    const sessionId = uuid();
    const localId = uuid();
    // Written offline at 12:01 by a computer whose clock is far behind; the contact wrote at 12:05 (HelenaCRM's clock).
    store.messages.insertLocal({ localId, refId: uuid(), conversationKey: sessionId, sessionId, text: 'Segue o boleto.', templateId: null, parameters: null, createdAt: at(1) });
    store.messages.insertLocal({ localId: uuid(), refId: uuid(), conversationKey: sessionId, sessionId, text: 'E o contrato.', templateId: null, parameters: null, createdAt: at(2) });
    const reply = serverMessage(sessionId, { text: 'Pode mandar', createdAt: '2999-01-01T00:00:00.000Z' });
    store.messages.upsertMessages([reply]);
    expect(texts(sessionId)).toEqual(['Pode mandar', 'Segue o boleto.', 'E o contrato.']);
    // The outbox hands the first to HelenaCRM (its acknowledgement sets the status): it went after the reply.
    store.db.prepare("UPDATE messages SET id = ?, status = 'SENT' WHERE local_id = ?").run(uuid(), localId);
    expect(store.messages.get(localId)?.sentAt).toBe('2999-01-01T00:00:00.001Z');
    expect(texts(sessionId)).toEqual(['Pode mandar', 'Segue o boleto.', 'E o contrato.']);
  });

  it('takes HelenaCRM’s time of the send, not this computer’s clock, when the acknowledgement comes', () => {
    const sessionId = uuid();
    const localId = uuid();
    store.messages.upsertMessages([serverMessage(sessionId, { text: 'Qual o prazo?', createdAt: at(5) })]);
    // This computer runs an hour ahead: written "at 13:06".
    store.messages.insertLocal({ localId, refId: uuid(), conversationKey: sessionId, sessionId, text: '3 dias úteis.', templateId: null, parameters: null, createdAt: at(66) });
    // HelenaCRM took it at 12:06 by its clock; the contact writes again at 12:10.
    store.db.prepare("UPDATE messages SET id = ?, status = 'SENT', updated_at = ? WHERE local_id = ?").run(uuid(), at(6), localId);
    expect(store.messages.get(localId)?.sentAt).toBe(at(6));
    store.messages.upsertMessages([serverMessage(sessionId, { text: 'Obrigado!', createdAt: at(10) })]);
    expect(texts(sessionId)).toEqual(['Qual o prazo?', '3 dias úteis.', 'Obrigado!']);
  });

  it('leaves a message that fails or is cancelled where it was written', () => {
    const sessionId = uuid();
    const localId = uuid();
    store.messages.insertLocal({ localId, refId: uuid(), conversationKey: sessionId, sessionId, text: 'Oi', templateId: null, parameters: null, createdAt: at(1) });
    store.messages.upsertMessages([serverMessage(sessionId, { text: 'Pode mandar', createdAt: at(5) })]);
    store.messages.setStatus(localId, 'FAILED', 'Sem conexão');
    expect(store.messages.get(localId)?.sentAt).toBeNull();
    expect(texts(sessionId)).toEqual(['Oi', 'Pode mandar']);
  });

  it('hands back the newest page, oldest first, read from the index without sorting the conversation', () => {
    const sessionId = uuid();
    store.messages.upsertMessages(Array.from({ length: 30 }, (_, i) => serverMessage(sessionId, { text: `m${i}`, createdAt: at(i) })));
    expect(texts(sessionId, 3)).toEqual(['m27', 'm28', 'm29']);
    const plan = store.db
      .prepare<[string, number], { detail: string }>(`EXPLAIN QUERY PLAN ${listSql(store)}`)
      .all(sessionId, 3)
      .map((r) => r.detail);
    expect(plan.some((d) => d.includes('USING INDEX messages_conversation_order'))).toBe(true);
    // The only sort is of the page itself (the outer query), never of the conversation's rows.
    expect(plan.filter((d) => d.includes('TEMP B-TREE'))).toHaveLength(1);
  });
});

/** The repo's newest-page statement, as prepared (better-sqlite3 exposes a statement's source). */
function listSql(s: Store): string {
  const statement = (s.messages as unknown as { byConversation: { source: string } }).byConversation;
  return statement.source;
}
