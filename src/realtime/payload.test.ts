import { describe, expect, it } from 'vitest';
import { parseRealtimePayload } from './payload';

const contact = {
  id: '00000000-0000-4000-8000-000000000001',
  createdAt: '2025-01-01T00:00:00.000Z',
  updatedAt: '2025-01-01T00:00:00.000Z',
  name: 'Ana',
  phoneNumber: null,
  email: null,
  status: 'ACTIVE',
};

describe('parseRealtimePayload', () => {
  it('reads an event with its DTO', () => {
    const parsed = parseRealtimePayload({ eventType: 'CONTACT_UPDATE', date: contact.updatedAt, content: contact, offset: 3 });
    expect(parsed).toMatchObject({ ok: true, message: { kind: 'contact', offset: 3, contact: { name: 'Ana' } } });
  });

  it('keeps the previousOffset of an event when the gateway sends one', () => {
    const parsed = parseRealtimePayload({ eventType: 'CONTACT_UPDATE', date: contact.updatedAt, content: contact, offset: 9, previousOffset: 4 });
    expect(parsed).toMatchObject({ ok: true, message: { kind: 'contact', offset: 9, previousOffset: 4 } });
    const plain = parseRealtimePayload({ eventType: 'CONTACT_UPDATE', date: contact.updatedAt, content: contact, offset: 9 });
    expect(plain.ok && 'previousOffset' in plain.message).toBe(false);
  });

  it('reads the OFFSET watermark', () => {
    expect(parseRealtimePayload({ eventType: 'OFFSET', offset: 50, previousOffset: 9 })).toEqual({
      ok: true,
      message: { kind: 'watermark', offset: 50, previousOffset: 9 },
    });
    expect(parseRealtimePayload({ eventType: 'OFFSET', offset: 50 }).ok).toBe(false);
  });

  it('reads RESYNC_REQUIRED', () => {
    expect(parseRealtimePayload({ eventType: 'RESYNC_REQUIRED', offset: 42 })).toEqual({ ok: true, message: { kind: 'resync', offset: 42 } });
  });

  it('keeps the offset of an event whose content is not the expected DTO', () => {
    const parsed = parseRealtimePayload({ eventType: 'SESSION_UPDATE', date: contact.updatedAt, content: contact, offset: 9 });
    expect(parsed).toMatchObject({ ok: true, message: { kind: 'unreadable', offset: 9, eventType: 'SESSION_UPDATE' } });
  });

  it.each([null, 'texto', 42, {}, { eventType: 'NOPE', date: contact.updatedAt, content: {}, offset: 1 }, { eventType: 'CONTACT_NEW', content: contact, offset: -1, date: contact.updatedAt }])(
    'refuses %j without throwing',
    (raw) => {
      expect(parseRealtimePayload(raw).ok).toBe(false);
    },
  );
});
