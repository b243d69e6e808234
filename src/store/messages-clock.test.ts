/**
 * A message this app sent, marked locally (the outbox's guess that a reply released it, a cancel
 * HelenaCRM confirmed) while this computer's clock runs ahead of HelenaCRM's: HelenaCRM's later
 * versions of it carry its own, "earlier", times and must still win over the local guess.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MessageDTO } from '../api/helena-dto';
import { openStore, type Store } from './store';
import { uuid } from './test-fixtures';

const SERVER_NOW = Date.parse('2024-05-01T12:00:00.000Z');
const AHEAD_MS = 3 * 60_000;

let store: Store;
beforeEach(() => {
  store = openStore({ location: ':memory:', now: () => new Date(SERVER_NOW + AHEAD_MS).toISOString() });
});
afterEach(() => store.close());

describe('local marks on a message HelenaCRM has, with the local clock ahead', () => {
  it('a status set here does not make HelenaCRM’s later failure look stale', () => {
    const sessionId = uuid();
    const localId = uuid();
    const refId = uuid();
    store.messages.insertLocal({ localId, refId, conversationKey: sessionId, sessionId, text: 'Segue o boleto.', templateId: null, parameters: null, createdAt: new Date(SERVER_NOW + AHEAD_MS).toISOString() });
    const held: MessageDTO = {
      id: uuid(), createdAt: new Date(SERVER_NOW).toISOString(), updatedAt: new Date(SERVER_NOW).toISOString(), type: 'TEXT', sessionId, templateId: null,
      direction: 'FROM_HUB', status: 'WAIT_REPLY', text: 'Segue o boleto.', refId, details: { waitReply: true }, failedReason: null,
    };
    store.messages.upsertMessages([held]);
    // The contact replied: the outbox marks what HelenaCRM held as sent, by this computer's clock.
    store.messages.setStatus(localId, 'SENT');
    // Seconds later by HelenaCRM's clock, WhatsApp could not deliver it.
    store.messages.upsertMessages([{ ...held, status: 'FAILED', updatedAt: new Date(SERVER_NOW + 5_000).toISOString(), details: { waitReply: false }, failedReason: 'Número não possui WhatsApp' }]);
    expect(store.messages.get(localId)).toMatchObject({ status: 'FAILED', failedReason: 'Número não possui WhatsApp' });
  });

  it('a status set on a message HelenaCRM does not have yet is still stamped by the local clock', () => {
    const localId = uuid();
    store.messages.insertLocal({ localId, refId: uuid(), conversationKey: 'start:x', sessionId: null, text: 'Oi', templateId: null, parameters: null, createdAt: '2024-05-01T11:00:00.000Z' });
    store.messages.setStatus(localId, 'CANCELLED');
    expect(store.messages.get(localId)?.updatedAt).toBe(new Date(SERVER_NOW + AHEAD_MS).toISOString());
  });
});
