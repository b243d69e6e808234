/** Realtime events into the cache: once by offset, offset and change together, the right UI events. */
import { beforeEach, describe, expect, it } from 'vitest';
import type { MessageDTO, SessionDTO } from '../api/helena-dto';
import type { CoreEvent } from '../console/core-events';
import { openStore, type Store } from '../store';
import { contactDto, sessionDto, uuid } from '../store/test-fixtures';
import { parseRealtimePayload } from '../realtime/payload';
import { EventApplier, type ContactReply } from './event-applier';

let store: Store;
let events: CoreEvent[];
let replies: ContactReply[];
let applier: EventApplier;

const contact = contactDto({ name: 'Conceição Araújo', phoneNumber: '+5511987654321' });

function session(overrides: Partial<SessionDTO> = {}): SessionDTO {
  return sessionDto({ id: '10000000-0000-4000-8000-000000000001', contactId: contact.id, ...overrides });
}

function message(overrides: Partial<MessageDTO> = {}): MessageDTO {
  return {
    id: uuid(),
    createdAt: '2025-01-01T10:05:00.000Z',
    updatedAt: '2025-01-01T10:05:00.000Z',
    type: 'TEXT',
    sessionId: session().id,
    templateId: null,
    direction: 'TO_HUB',
    status: 'SAVED',
    text: 'Oi!',
    refId: null,
    details: { waitReply: false },
    failedReason: null,
    ...overrides,
  };
}

const at = '2025-01-01T10:05:00.000Z';

beforeEach(() => {
  store = openStore({ location: ':memory:' });
  store.contacts.upsertContacts([contact]);
  events = [];
  replies = [];
  applier = new EventApplier(store, { emit: (e) => events.push(e), onContactReplied: (r) => replies.push(r) });
});

describe('EventApplier', () => {
  it('applies an event once: a replayed offset changes nothing and says nothing', () => {
    const first = applier.apply({ kind: 'session', eventType: 'SESSION_NEW', offset: 7, date: at, session: session() });
    expect(first).toEqual({ kind: 'applied', gap: false });
    expect(store.syncState.realtimeOffset()).toBe(7);
    expect(events).toEqual([{ type: 'conversation-changed', sessionId: session().id }]);

    const newer = session({ lastMessageText: 'nunca aplicado', updatedAt: '2025-01-02T00:00:00.000Z' });
    expect(applier.apply({ kind: 'session', eventType: 'SESSION_UPDATE', offset: 7, date: at, session: newer })).toEqual({ kind: 'duplicate' });
    expect(applier.apply({ kind: 'session', eventType: 'SESSION_UPDATE', offset: 3, date: at, session: newer })).toEqual({ kind: 'duplicate' });
    expect(store.sessions.get(session().id)?.lastMessageText).toBeNull();
    expect(events).toHaveLength(1);
  });

  it('reports a gap when offsets between the stored one and the event never arrived', () => {
    applier.apply({ kind: 'contact', eventType: 'CONTACT_UPDATE', offset: 1, date: at, contact });
    const outcome = applier.apply({ kind: 'session', eventType: 'SESSION_NEW', offset: 5, date: at, session: session() });
    expect(outcome).toEqual({ kind: 'applied', gap: true });
    expect(store.syncState.realtimeOffset()).toBe(5);
  });

  it("with previousOffset, a jump over other teams' events is no gap; a sent event never applied is", () => {
    applier.apply({ kind: 'contact', eventType: 'CONTACT_UPDATE', offset: 1, date: at, contact });
    // Offsets 2–9 were other teams' conversations: the gateway says the previous thing it sent was 1.
    const skipped = applier.apply({ kind: 'session', eventType: 'SESSION_NEW', offset: 10, previousOffset: 1, date: at, session: session() });
    expect(skipped).toEqual({ kind: 'applied', gap: false });
    // Event 12 was sent (previousOffset says so) but never applied here.
    const lost = applier.apply({ kind: 'contact', eventType: 'CONTACT_UPDATE', offset: 15, previousOffset: 12, date: at, contact });
    expect(lost).toEqual({ kind: 'applied', gap: true });
    expect(store.syncState.realtimeOffset()).toBe(15);
  });

  it('a stored offset past previousOffset (learnt from RESYNC_REQUIRED) is no gap', () => {
    store.syncState.advanceRealtimeOffset(40);
    const outcome = applier.apply({ kind: 'contact', eventType: 'CONTACT_UPDATE', offset: 45, previousOffset: 30, date: at, contact });
    expect(outcome).toEqual({ kind: 'applied', gap: false });
  });

  it('an OFFSET watermark moves the stored offset without touching the cache, and is checked like an event', () => {
    applier.apply({ kind: 'contact', eventType: 'CONTACT_UPDATE', offset: 3, date: at, contact });
    events.length = 0;
    expect(applier.apply({ kind: 'watermark', offset: 20, previousOffset: 3 })).toEqual({ kind: 'advanced', gap: false });
    expect(store.syncState.realtimeOffset()).toBe(20);
    expect(applier.apply({ kind: 'watermark', offset: 20, previousOffset: 3 })).toEqual({ kind: 'duplicate' });
    expect(applier.apply({ kind: 'watermark', offset: 30, previousOffset: 25 })).toEqual({ kind: 'advanced', gap: true });
    expect(store.syncState.realtimeOffset()).toBe(30);
    expect(events).toEqual([]);
  });

  it('a contact message updates the cache, moves the contact up and raises contact-replied with its name', () => {
    applier.apply({ kind: 'session', eventType: 'SESSION_NEW', offset: 1, date: at, session: session() });
    const dto = message({ text: 'Quero comprar' });
    applier.apply({ kind: 'message', eventType: 'MESSAGE_RECEIVED', offset: 2, date: at, message: dto });
    expect(store.messages.getByServerId(dto.id)?.text).toBe('Quero comprar');
    expect(store.contacts.get(contact.id)?.lastActivityAt).toBe(dto.createdAt);
    const reply = { sessionId: session().id, contactId: contact.id, contactName: 'Conceição Araújo', text: 'Quero comprar' };
    expect(events).toContainEqual({ type: 'contact-replied', ...reply });
    expect(events).toContainEqual({ type: 'message-status', sessionId: session().id, messageId: dto.id, localId: null, status: 'SAVED' });
    expect(replies).toEqual([reply]);
  });

  it('a reply only a sync page tells of is told once, also when its realtime event comes after the page', () => {
    store.transaction(() => applier.writeSessions([session()]))();
    const later = '2025-01-01T10:07:00.000Z';
    const page = session({ lastMessageIn: later, lastMessageText: 'Pode ser amanhã?', updatedAt: later });
    store.transaction(() => applier.writeSessions([page]))();
    const reply = { sessionId: session().id, contactId: contact.id, contactName: 'Conceição Araújo', text: 'Pode ser amanhã?' };
    expect(replies).toEqual([reply]);
    // The same page again, and the event of the message itself arriving late: nothing more.
    store.transaction(() => applier.writeSessions([page]))();
    applier.apply({ kind: 'message', eventType: 'MESSAGE_RECEIVED', offset: 9, date: later, message: message({ text: 'Pode ser amanhã?', createdAt: later, updatedAt: later }) });
    expect(replies).toEqual([reply]);
    // A realtime session event never infers one (its message is an event of its own).
    const realtimeOnly = session({ lastMessageIn: '2025-01-01T10:09:00.000Z', updatedAt: '2025-01-01T10:09:00.000Z' });
    applier.apply({ kind: 'session', eventType: 'SESSION_UPDATE', offset: 10, date: later, session: realtimeOnly });
    expect(replies).toEqual([reply]);
  });

  it('a reply a first sync page saw but did not tell is still told when its realtime event comes', () => {
    store.transaction(() => applier.writeSessions([session()]))();
    const later = '2025-01-01T10:07:00.000Z';
    // A first sync (a resumed one, or a row realtime brought meanwhile) writes the page and announces nothing.
    store.transaction(() => applier.writeSessions([session({ lastMessageIn: later, lastMessageText: 'Pode ser amanhã?', updatedAt: later })]));
    expect(replies).toEqual([]);
    applier.apply({ kind: 'message', eventType: 'MESSAGE_RECEIVED', offset: 9, date: later, message: message({ text: 'Pode ser amanhã?', createdAt: later, updatedAt: later }) });
    expect(replies).toEqual([{ sessionId: session().id, contactId: contact.id, contactName: 'Conceição Araújo', text: 'Pode ser amanhã?' }]);
  });

  it('a reply in a conversation a sync page shows completed since is not told: nothing is left to answer there', () => {
    store.transaction(() => applier.writeSessions([session()]))();
    const later = '2025-01-01T10:07:00.000Z';
    store.transaction(() => applier.writeSessions([session({ status: 'COMPLETED', lastMessageIn: later, lastMessageText: 'Obrigada, resolvido', updatedAt: '2025-01-01T10:09:00.000Z' })]))();
    expect(replies).toEqual([]);
  });

  it('a missed reply after which the agent\'s side wrote last is told without putting the agent\'s words in the contact\'s mouth', () => {
    store.transaction(() => applier.writeSessions([session()]))();
    const later = '2025-01-01T10:07:00.000Z';
    // The reply released the text HelenaCRM held for it: the conversation's last text is the agent's.
    store.transaction(() => applier.writeSessions([session({ lastMessageIn: later, lastMessageOut: later, lastMessageText: 'Segue o boleto.', updatedAt: later })]))();
    expect(replies).toEqual([{ sessionId: session().id, contactId: contact.id, contactName: 'Conceição Araújo', text: '' }]);
  });

  describe('a reply whose contact is not cached yet (a first sync brings contacts after conversations)', () => {
    const zuleica = { name: 'Zuleica Barros', phonenumber: '+5562984455667' };
    const stranger = '10000000-0000-4000-8000-0000000000c9';
    const replyIn = (sessionOverrides: Partial<SessionDTO>): ContactReply[] => {
      // The session as a list page read with ContactDetails; its contact not in the cache.
      store.transaction(() => applier.writeSessions([session({ contactId: stranger, ...sessionOverrides })]))();
      applier.apply({ kind: 'message', eventType: 'MESSAGE_RECEIVED', offset: 2, date: at, message: message({ text: 'Oi' }) });
      return replies;
    };

    it('names the contact HelenaCRM embedded in the session, not its title', () => {
      expect(replyIn({ title: 'Lead do site', contactDetails: zuleica }).map((r) => r.contactName)).toEqual(['Zuleica Barros']);
    });

    it('with no name, reads its number as agents do', () => {
      expect(replyIn({ contactDetails: { name: null, phonenumber: '+5562984455667' } }).map((r) => r.contactName)).toEqual(['(62) 98445-5667']);
    });

    it('once the contact is cached, names it from there (renamed since)', () => {
      store.contacts.upsertContacts([contactDto({ id: stranger, name: 'Zuleica Barros Lima', phoneNumber: '+5562984455667' })]);
      expect(replyIn({ contactDetails: zuleica }).map((r) => r.contactName)).toEqual(['Zuleica Barros Lima']);
    });

    it('a reply a sync page tells of names the contact the page embedded', () => {
      store.transaction(() => applier.writeSessions([session({ contactId: stranger })]))();
      const later = '2025-01-01T10:07:00.000Z';
      store.transaction(() => applier.writeSessions([session({ contactId: stranger, lastMessageIn: later, lastMessageText: 'Pode ser amanhã?', updatedAt: later, contactDetails: zuleica })]))();
      expect(replies.map((r) => r.contactName)).toEqual(['Zuleica Barros']);
    });
  });

  it("merges the server's copy of our own send into the local message by refId and names its local id", () => {
    const refId = '30000000-0000-4000-8000-000000000001';
    store.messages.insertLocal({
      localId: 'local-1',
      refId,
      conversationKey: session().id,
      sessionId: session().id,
      text: 'Olá',
      templateId: null,
      parameters: null,
      createdAt: at,
    });
    const dto = message({ direction: 'FROM_HUB', status: 'DELIVERED', refId, text: 'Olá', failedReason: null });
    applier.apply({ kind: 'message', eventType: 'MESSAGE_UPDATED', offset: 1, date: at, message: dto });
    expect(store.messages.get('local-1')).toMatchObject({ id: dto.id, status: 'DELIVERED' });
    expect(events).toEqual([{ type: 'message-status', sessionId: session().id, messageId: dto.id, localId: 'local-1', status: 'DELIVERED' }]);
    expect(replies).toEqual([]);
  });

  it('stores an internal note as a note: never a contact reply, also when a gateway sends it as a message event', () => {
    store.sessions.upsertSessions([session()]);
    const note = message({ type: 'NOTE', direction: 'FROM_HUB', status: 'SAVED', text: 'Cliente VIP.', userId: uuid() });
    expect(applier.apply({ kind: 'note', eventType: 'SESSION_NOTE_NEW', offset: 1, date: at, note })).toEqual({ kind: 'applied', gap: false });
    expect(store.messages.getByServerId(note.id)).toMatchObject({ type: 'NOTE', text: 'Cliente VIP.', userId: note.userId });
    expect(events).toEqual([{ type: 'message-status', sessionId: session().id, messageId: note.id, localId: null, status: 'SAVED' }]);
    // A gateway without the note event: a NOTE on MESSAGE_RECEIVED is still a note, and nobody wrote back.
    const asMessage = message({ type: 'NOTE', direction: 'TO_HUB', text: 'Nota vinda como mensagem.' });
    applier.apply({ kind: 'message', eventType: 'MESSAGE_RECEIVED', offset: 2, date: at, message: asMessage });
    expect(store.messages.getByServerId(asMessage.id)?.type).toBe('NOTE');
    expect(replies).toEqual([]);
    expect(events.some((e) => e.type === 'contact-replied')).toBe(false);
    expect(store.contacts.get(contact.id)?.lastActivityAt ?? null).toBeNull();
  });

  it('records the offset of an unreadable event without touching the cache', () => {
    const outcome = applier.apply({ kind: 'unreadable', eventType: 'SESSION_UPDATE', offset: 1, date: at, reason: 'content.id: bad' });
    expect(outcome).toEqual({ kind: 'unreadable', gap: false });
    expect(store.syncState.realtimeOffset()).toBe(1);
    expect(events).toEqual([]);
  });

  it('orders versions by instant, however the gateway writes it (fraction digits trimmed, an offset from UTC)', () => {
    // As a .NET gateway writes them: "…07.2Z" is 200 ms, before "…07.25Z"; compared as text it is the later.
    const wire = (offset: number, eventType: string, content: unknown): void => {
      const parsed = parseRealtimePayload({ eventType, date: at, offset, content });
      if (!parsed.ok) throw new Error(parsed.reason);
      applier.apply(parsed.message);
    };
    const sent = message({ direction: 'FROM_HUB', status: 'SENT', createdAt: '2025-01-01T10:05:07.2Z', updatedAt: '2025-01-01T10:05:07.2Z' });
    wire(1, 'MESSAGE_SENT', sent);
    wire(2, 'MESSAGE_UPDATED', { ...sent, status: 'DELIVERED', updatedAt: '2025-01-01T10:05:07.25Z' });
    expect(store.messages.getByServerId(sent.id)?.status).toBe('DELIVERED');

    wire(3, 'SESSION_UPDATE', session({ lastMessageText: 'antes', updatedAt: '2025-01-01T10:05:07.9Z' }));
    // 07:05:08 in Brasília is 10:05:08 UTC: the later version.
    wire(4, 'SESSION_UPDATE', session({ lastMessageText: 'depois', updatedAt: '2025-01-01T07:05:08-03:00' }));
    expect(store.sessions.get(session().id)?.lastMessageText).toBe('depois');
    expect(store.sessions.get(session().id)?.updatedAt).toBe('2025-01-01T10:05:08.000Z');
  });

  it('writes nothing, not even the offset, when the change fails', () => {
    const broken = { ...session(), status: undefined } as unknown as SessionDTO;
    expect(() => applier.apply({ kind: 'session', eventType: 'SESSION_NEW', offset: 4, date: at, session: broken })).toThrow();
    expect(store.syncState.realtimeOffset()).toBeNull();
    expect(events).toEqual([]);
  });
});
