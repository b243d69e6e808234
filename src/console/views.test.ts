/**
 * What a conversation is called when its contact is not in the cache: a first sync brings the
 * conversations before the contacts, and a conversation the contact started, opened meanwhile,
 * read "Novo atendimento" for want of any name.
 */
import { describe, expect, it } from 'vitest';
import type { CachedSession } from '../store';
import { conversationNameOf } from './views';

const session = (overrides: Partial<CachedSession> = {}): CachedSession => ({
  id: '00000000-0000-4000-8000-000000000001',
  contactId: '00000000-0000-4000-8000-000000000002',
  channelId: '00000000-0000-4000-8000-000000000003',
  channelType: 'CLOUDAPI_WHATSAPP',
  departmentId: null,
  userId: null,
  status: 'PENDING',
  windowStatus: 'ACTIVE',
  unreadCount: 1,
  lastMessageText: 'Oi',
  lastMessageIn: '2026-12-01T06:00:00.000Z',
  lastMessageOut: null,
  lastInteractionAt: null,
  title: null,
  number: null,
  origin: null,
  type: 'INDIVIDUAL',
  startAt: null,
  endAt: null,
  createdAt: '2026-12-01T06:00:00.000Z',
  updatedAt: '2026-12-01T06:00:00.000Z',
  embeddedContactName: null,
  embeddedContactPhone: null,
  ...overrides,
});

describe('a conversation whose contact the cache does not hold yet', () => {
  it('is called by the number HelenaCRM gives with the session, as the desk shows numbers', () => {
    expect(conversationNameOf(session({ number: '+5562984455667' }), null)).toBe('(62) 98445-5667');
  });

  it('keeps the contact’s name, then the session’s title, before any number', () => {
    expect(conversationNameOf(session({ number: '+5562984455667', title: 'Vinícius' }), null)).toBe('Vinícius');
    expect(conversationNameOf(session({ number: '+5562984455667' }), { name: 'Vinícius Romão', phoneNumber: '+5562984455667' })).toBe('Vinícius Romão');
    expect(conversationNameOf(session({ number: '+5511900000000' }), { name: null, phoneNumber: '+5562984455667' })).toBe('(62) 98445-5667');
  });

  it('is called by the contact HelenaCRM embedded in the session (its name, else its number)', () => {
    expect(conversationNameOf(session({ embeddedContactName: 'Zuleica Barros', embeddedContactPhone: '+5562984455667', title: 'Outro' }), null)).toBe('Zuleica Barros');
    expect(conversationNameOf(session({ embeddedContactPhone: '+5562984455667', number: '+5511900000000' }), null)).toBe('(62) 98445-5667');
  });

  it('takes the cached contact over the embedded one, which may be older (renamed since)', () => {
    const embedded = session({ embeddedContactName: 'Zuleica Barros', embeddedContactPhone: '+5562984455667' });
    expect(conversationNameOf(embedded, { name: 'Zuleica Barros Lima', phoneNumber: '+5562984455667' })).toBe('Zuleica Barros Lima');
    expect(conversationNameOf(embedded, { name: null, phoneNumber: '+5521977775566' })).toBe('(21) 97777-5566');
  });

  it('has no name when nothing tells one (the screen then says the contact is still syncing)', () => {
    expect(conversationNameOf(session(), null)).toBeNull();
  });
});
