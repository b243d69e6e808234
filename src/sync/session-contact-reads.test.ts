/** Which realtime conversations are read with their contact, and how often (session-contact-reads.ts). */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SessionDTO } from '../api/helena-dto';
import { openStore, type Store } from '../store';
import { contactDto, sessionDto, uuid } from '../store/test-fixtures';
import { SessionContactReads } from './session-contact-reads';

const DELAY = 100;
let store: Store;
let reads: string[];
/** What HelenaCRM answers the next read with: a session (written), or a failure. */
let answer: (sessionId: string) => SessionDTO | Error;
let contactReads: SessionContactReads;

function unnamed(): SessionDTO {
  return sessionDto({ id: uuid(), contactId: uuid(), updatedAt: '2025-01-01T10:00:00.000Z' });
}

function embedding(s: SessionDTO, name: string | null): SessionDTO {
  return { ...s, contactDetails: { id: s.contactId, name, phonenumber: null, status: 'ACTIVE' } };
}

beforeEach(() => {
  vi.useFakeTimers();
  store = openStore({ location: ':memory:' });
  reads = [];
  answer = () => new Error('not scripted');
  contactReads = new SessionContactReads({
    store,
    delayMs: DELAY,
    readWithContact: async (sessionId) => {
      reads.push(sessionId);
      const got = answer(sessionId);
      if (got instanceof Error) throw got;
      store.sessions.upsertSessions([got]);
    },
  });
});

afterEach(() => {
  contactReads.stop();
  store.close();
  vi.useRealTimers();
});

async function settle(): Promise<void> {
  await vi.advanceTimersByTimeAsync(DELAY + 1);
}

describe('SessionContactReads', () => {
  it('reads an unnamed conversation once, a moment later, however many events it has', async () => {
    const s = unnamed();
    store.sessions.upsertSessions([s]);
    answer = () => embedding(s, 'Ulisses Prado');
    contactReads.ask(s.id);
    contactReads.ask(s.id);
    expect(reads).toEqual([]);
    await settle();
    contactReads.ask(s.id);
    await settle();
    expect(reads).toEqual([s.id]);
    expect(store.sessions.get(s.id)?.embeddedContactName).toBe('Ulisses Prado');
  });

  it('asks nothing for one named meanwhile, one whose contact is cached, or one with no contact', async () => {
    const started = unnamed();
    const cachedContact = contactDto({ name: 'Zuleica Barros' });
    store.contacts.upsertContacts([cachedContact]);
    const known = sessionDto({ id: uuid(), contactId: cachedContact.id });
    const none = sessionDto({ id: uuid(), contactId: null });
    store.sessions.upsertSessions([started, known, none]);
    for (const s of [started, known, none]) contactReads.ask(s.id);
    // Named before its turn (the outbox's read after a start, the agent opening it).
    store.sessions.upsertSessions([embedding({ ...started, updatedAt: '2025-01-01T10:01:00.000Z' }, 'Ulisses Prado')]);
    await settle();
    expect(reads).toEqual([]);
  });

  it('does not ask again once answered, even when HelenaCRM embedded nothing', async () => {
    const s = unnamed();
    store.sessions.upsertSessions([s]);
    answer = () => s;
    contactReads.ask(s.id);
    await settle();
    contactReads.ask(s.id);
    await settle();
    expect(reads).toEqual([s.id]);
  });

  it('asks again at the next event after a failed read', async () => {
    const s = unnamed();
    store.sessions.upsertSessions([s]);
    contactReads.ask(s.id);
    await settle();
    answer = () => embedding(s, 'Ulisses Prado');
    contactReads.ask(s.id);
    await settle();
    expect(reads).toEqual([s.id, s.id]);
    expect(store.sessions.get(s.id)?.embeddedContactName).toBe('Ulisses Prado');
  });

  it('asks nothing once stopped, not even what was waiting its turn', async () => {
    const s = unnamed();
    store.sessions.upsertSessions([s]);
    contactReads.ask(s.id);
    contactReads.stop();
    contactReads.ask(s.id);
    await settle();
    expect(reads).toEqual([]);
  });
});
