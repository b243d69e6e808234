import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { openStore, type Store } from '../store';
import { PASS_MAX_AGE_MS, PassProgress, newestOf } from './pass-progress';

let store: Store | null = null;
afterEach(() => {
  store?.close();
  store = null;
});

const Position = z.object({ bound: z.number() });

describe('PassProgress', () => {
  it('starts with no position, then with the one last saved, until the pass finishes', () => {
    store = openStore({ location: ':memory:' });
    const query = JSON.stringify({ status: 'ACTIVE', updatedAfter: null });
    const fresh = new PassProgress(store, 'contacts:ACTIVE', query, Position);
    expect(fresh.position).toBeNull();
    fresh.save({ bound: 1_000 });
    const resumed = new PassProgress(store, 'contacts:ACTIVE', query, Position);
    expect(resumed.position).toEqual({ bound: 1_000 });
    resumed.finish();
    expect(new PassProgress(store, 'contacts:ACTIVE', query, Position).position).toBeNull();
  });

  it('ignores progress made on another query, too old, unreadable, or of another shape', () => {
    store = openStore({ location: ':memory:' });
    const s = store;
    let now = Date.parse('2026-11-30T10:00:00.000Z');
    const clock = (): number => now;
    new PassProgress(s, 'sessions', 'cursor A', Position, clock).save({ bound: 7 });
    // The cursor moved (another delta): progress through the old list means nothing.
    expect(new PassProgress(s, 'sessions', 'cursor B', Position, clock).position).toBeNull();
    expect(new PassProgress(s, 'sessions', 'cursor A', Position, clock).position).toEqual({ bound: 7 });
    now += PASS_MAX_AGE_MS + 1;
    expect(new PassProgress(s, 'sessions', 'cursor A', Position, clock).position).toBeNull();
    s.syncState.set('pass:sessions', '{not json');
    expect(new PassProgress(s, 'sessions', 'cursor A', Position, clock).position).toBeNull();
    // Progress an older version saved (a page count) is not a position this version can use.
    s.syncState.set('pass:sessions', JSON.stringify({ query: 'cursor A', pagesDone: 7, newest: null, savedAt: new Date(now).toISOString() }));
    expect(new PassProgress(s, 'sessions', 'cursor A', Position, clock).position).toBeNull();
  });

  it('newestOf picks the later instant, either side missing', () => {
    expect(newestOf(null, '2026-01-01T00:00:00.000Z')).toBe('2026-01-01T00:00:00.000Z');
    expect(newestOf('2026-02-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')).toBe('2026-02-01T00:00:00.000Z');
    expect(newestOf(undefined, null)).toBeNull();
  });
});
