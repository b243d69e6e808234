import { describe, expect, it } from 'vitest';
import { backoffDelay, maxAttemptsFor, parseRetryAfter, DEFAULT_RETRY_POLICY } from './backoff';

describe('backoffDelay (full jitter, capped)', () => {
  const policy = { baseMs: 100, capMs: 1_000 };

  it('grows exponentially up to the cap', () => {
    const top = (): number => 0.999999;
    expect([0, 1, 2, 3, 4, 5, 10].map((n) => backoffDelay(n, policy, top))).toEqual([99, 199, 399, 799, 999, 999, 999]);
  });

  it('spreads waits from zero to the ceiling', () => {
    expect(backoffDelay(3, policy, () => 0)).toBe(0);
    expect(backoffDelay(3, policy, () => 0.5)).toBe(400);
    const samples = Array.from({ length: 1_000 }, () => backoffDelay(2, policy));
    expect(Math.min(...samples)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...samples)).toBeLessThan(400);
    expect(new Set(samples).size).toBeGreaterThan(100);
  });

  it('never exceeds the cap even for huge attempt numbers', () => {
    expect(backoffDelay(5_000, policy, () => 0.999999)).toBe(999);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2025-03-01T12:00:00Z');
  it('reads delta-seconds', () => {
    expect(parseRetryAfter('3', now)).toBe(3_000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
    expect(parseRetryAfter('1.5', now)).toBe(1_500);
  });
  it('reads an HTTP date relative to now', () => {
    expect(parseRetryAfter('Sat, 01 Mar 2025 12:00:07 GMT', now)).toBe(7_000);
    expect(parseRetryAfter('Sat, 01 Mar 2025 11:00:00 GMT', now)).toBe(0);
  });
  it('ignores what it cannot read', () => {
    expect(parseRetryAfter(null, now)).toBeNull();
    expect(parseRetryAfter('', now)).toBeNull();
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter('-5', now)).toBeNull();
  });
});

describe('maxAttemptsFor', () => {
  it('limits the login-code request to one retry', () => {
    expect(maxAttemptsFor('once', DEFAULT_RETRY_POLICY)).toBe(2);
    expect(maxAttemptsFor('once', { ...DEFAULT_RETRY_POLICY, maxAttempts: 1 })).toBe(1);
    expect(maxAttemptsFor('idempotent', DEFAULT_RETRY_POLICY)).toBe(DEFAULT_RETRY_POLICY.maxAttempts);
  });
});
