/**
 * The desk lists every open conversation and every contact's name on each keystroke, so the repos
 * answer those from memory between writes (sessions-repo list by statuses, contacts-repo
 * namesAndNumbers). What must hold: every write is seen by the next read, as if nothing were kept.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from './store';
import { contactDto, sessionDto, uuid } from './test-fixtures';

const OPEN = ['STARTED', 'PENDING', 'IN_PROGRESS'] as const;
let store: Store;
beforeEach(() => {
  store = openStore({ location: ':memory:' });
});
afterEach(() => store.close());

function openIds(): string[] {
  return store.sessions.list({ statuses: [...OPEN] }).map((s) => s.id);
}

describe('open conversations listed from memory', () => {
  it('sees every write: a new one, a status change, a read mark, a removal', () => {
    const a = uuid();
    const b = uuid();
    store.sessions.upsertSessions([sessionDto({ id: a, status: 'IN_PROGRESS', unreadCount: 2, updatedAt: '2025-01-01T10:00:00.000Z' })]);
    expect(openIds()).toEqual([a]);
    store.sessions.upsertSessions([sessionDto({ id: b, status: 'PENDING', updatedAt: '2025-01-01T11:00:00.000Z' })]);
    expect(openIds()).toEqual([b, a]);
    store.sessions.markRead(a);
    expect(store.sessions.list({ statuses: [...OPEN] }).find((s) => s.id === a)?.unreadCount).toBe(0);
    store.sessions.upsertSessions([sessionDto({ id: b, status: 'COMPLETED', updatedAt: '2025-01-01T12:00:00.000Z' })]);
    expect(openIds()).toEqual([a]);
    expect(store.sessions.list({ statuses: ['COMPLETED'] }).map((s) => s.id)).toEqual([b]);
    const [cached] = store.sessions.list({ statuses: [...OPEN] });
    store.sessions.removeIfUnchanged(a, cached?.updatedAt ?? '');
    expect(openIds()).toEqual([]);
  });

  it('hands out copies no caller can change for the next one', () => {
    store.sessions.upsertSessions([sessionDto({ id: uuid(), status: 'IN_PROGRESS', unreadCount: 3 })]);
    const first = store.sessions.list({ statuses: [...OPEN] });
    first.pop();
    expect(openIds()).toHaveLength(1);
    const [session] = store.sessions.list({ statuses: [...OPEN] });
    expect(() => Object.assign(session ?? {}, { unreadCount: 0 })).toThrow(TypeError);
    expect(store.sessions.list({ statuses: [...OPEN] })[0]?.unreadCount).toBe(3);
  });

  it('keeps nothing read inside a transaction that is rolled back', () => {
    const id = uuid();
    expect(() =>
      store.transaction(() => {
        store.sessions.upsertSessions([sessionDto({ id, status: 'IN_PROGRESS' })]);
        expect(openIds()).toEqual([id]);
        throw new Error('rolled back');
      }),
    ).toThrow('rolled back');
    expect(openIds()).toEqual([]);
  });
});

describe("contacts' names and numbers from memory", () => {
  it('sees a rename, a new number, a deletion, and a contact that arrives after it was asked for', () => {
    const maria = contactDto({ name: 'Maria', phoneNumber: '+5511987654321', updatedAt: '2025-01-01T10:00:00.000Z' });
    const later = contactDto({ name: 'Ulisses', phoneNumber: '+5581997766554' });
    store.contacts.upsertContacts([maria]);
    expect(store.contacts.namesAndNumbers([maria.id, later.id]).get(maria.id)?.name).toBe('Maria');
    expect(store.contacts.namesAndNumbers([later.id]).has(later.id)).toBe(false);
    store.contacts.upsertContacts([{ ...maria, name: 'Maria Aparecida', phoneNumber: '+5511912345678', updatedAt: '2025-01-02T10:00:00.000Z' }, later]);
    const names = store.contacts.namesAndNumbers([maria.id, later.id]);
    expect(names.get(maria.id)).toEqual({ name: 'Maria Aparecida', phoneNumber: '+5511912345678', national: '11912345678' });
    expect(names.get(later.id)?.name).toBe('Ulisses');
    store.contacts.delete(maria.id);
    expect(store.contacts.namesAndNumbers([maria.id]).has(maria.id)).toBe(false);
  });

  it('keeps nothing read inside a transaction that is rolled back', () => {
    const maria = contactDto({ name: 'Maria' });
    expect(() =>
      store.transaction(() => {
        store.contacts.upsertContacts([maria]);
        expect(store.contacts.namesAndNumbers([maria.id]).get(maria.id)?.name).toBe('Maria');
        throw new Error('rolled back');
      }),
    ).toThrow('rolled back');
    expect(store.contacts.namesAndNumbers([maria.id]).has(maria.id)).toBe(false);
  });
});
