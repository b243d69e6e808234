import { afterEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../store';
import { PASS_MAX_AGE_MS, PassProgress, newestOf } from './pass-progress';

let store: Store | null = null;
afterEach(() => {
  store?.close();
  store = null;
});

describe('PassProgress', () => {
  it('starts at page 1, then at the last page written (read again) once a pass has saved progress', () => {
    store = openStore({ location: ':memory:' });
    const query = JSON.stringify({ status: 'ACTIVE', updatedAfter: null });
    const fresh = new PassProgress(store, 'contacts:ACTIVE', query);
    expect([fresh.startPage, fresh.pagesBehind, fresh.newestBefore]).toEqual([1, 0, null]);
    fresh.save(10, '2026-11-30T10:00:00.000Z');
    const resumed = new PassProgress(store, 'contacts:ACTIVE', query);
    expect([resumed.startPage, resumed.pagesBehind, resumed.newestBefore]).toEqual([10, 9, '2026-11-30T10:00:00.000Z']);
    resumed.finish();
    expect(new PassProgress(store, 'contacts:ACTIVE', query).startPage).toBe(1);
  });

  it('ignores progress made on another query, too old, or unreadable', () => {
    store = openStore({ location: ':memory:' });
    const s = store;
    let now = Date.parse('2026-11-30T10:00:00.000Z');
    const clock = (): number => now;
    new PassProgress(s, 'sessions', 'cursor A', clock).save(7, null);
    // The cursor moved (another delta): progress through the old list means nothing.
    expect(new PassProgress(s, 'sessions', 'cursor B', clock).startPage).toBe(1);
    expect(new PassProgress(s, 'sessions', 'cursor A', clock).startPage).toBe(7);
    now += PASS_MAX_AGE_MS + 1;
    expect(new PassProgress(s, 'sessions', 'cursor A', clock).startPage).toBe(1);
    s.syncState.set('pass:sessions', '{not json');
    expect(new PassProgress(s, 'sessions', 'cursor A', clock).startPage).toBe(1);
  });

  it('newestOf picks the later instant, either side missing', () => {
    expect(newestOf(null, '2026-01-01T00:00:00.000Z')).toBe('2026-01-01T00:00:00.000Z');
    expect(newestOf('2026-02-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')).toBe('2026-02-01T00:00:00.000Z');
    expect(newestOf(undefined, null)).toBeNull();
  });
});
