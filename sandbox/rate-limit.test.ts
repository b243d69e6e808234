import { describe, expect, it } from 'vitest';
import { SlidingWindowLimiter } from './rate-limit';

describe('SlidingWindowLimiter', () => {
  it('accepts max requests in any window and says when the next slot frees', () => {
    const limiter = new SlidingWindowLimiter(() => ({ max: 3, windowMs: 1000 }));
    expect([0, 100, 200].map((t) => limiter.take(t))).toEqual([0, 0, 0]);
    expect(limiter.take(500)).toBe(500); // the request at 0 leaves the window at 1000
    expect(limiter.take(1000)).toBe(0);
    expect(limiter.take(1050)).toBe(50); // now the one at 100 must leave
  });

  it('has no burst across a window edge (unlike a fixed window)', () => {
    const limiter = new SlidingWindowLimiter(() => ({ max: 2, windowMs: 1000 }));
    expect(limiter.take(900)).toBe(0);
    expect(limiter.take(950)).toBe(0);
    expect(limiter.take(1001)).toBeGreaterThan(0);
    expect(limiter.take(1901)).toBe(0);
  });

  it('does not count refused requests', () => {
    const limiter = new SlidingWindowLimiter(() => ({ max: 1, windowMs: 1000 }));
    expect(limiter.take(0)).toBe(0);
    for (let t = 1; t < 1000; t += 100) expect(limiter.take(t)).toBeGreaterThan(0);
    expect(limiter.take(1000)).toBe(0);
  });
});
