/**
 * When to try a failed request again, and how long to wait first.
 *
 * Delays use "full jitter" (AWS architecture blog, "Exponential Backoff and Jitter"): a uniform
 * random wait between 0 and min(cap, base × 2^attempt), so that many clients that failed
 * together do not come back together.
 */

export interface RetryPolicy {
  /** Total tries including the first; 1 disables retries. */
  maxAttempts: number;
  /** Upper bound of the first retry's wait. */
  baseMs: number;
  /** No single wait exceeds this. */
  capMs: number;
  /**
   * A 429 whose Retry-After is longer than this is not waited out inside the call: the caller gets
   * `rate_limited` at once (the shared bucket still stays paused for that long, up to
   * LONGEST_RATE_LIMIT_PAUSE_MS).
   */
  maxRetryAfterMs: number;
}

/**
 * The longest a 429 holds the account's requests, whatever its Retry-After: a proxy or a WAF in
 * front of HelenaCRM may answer "an hour" (or an HTTP date read against a PC clock that is behind),
 * and taken at its word that froze sync and every send until then, and a queued text past restarts.
 * Asking again after this costs one request, answered by another 429 if the wait was meant.
 */
export const LONGEST_RATE_LIMIT_PAUSE_MS = 5 * 60_000;

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 5,
  baseMs: 300,
  capMs: 15_000,
  maxRetryAfterMs: 60_000,
};

/** Wait before retry number `retry` (0 = the first retry). `random` returns [0, 1). */
export function backoffDelay(retry: number, policy: Pick<RetryPolicy, 'baseMs' | 'capMs'>, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** Math.max(0, retry));
  return Math.floor(random() * ceiling);
}

/**
 * Retry-After as milliseconds from `nowMs`: delta-seconds ("120", "1.5") or an HTTP date.
 * Unparseable or absent → null; a date in the past → 0.
 */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | null {
  if (value === null || value === undefined) return null;
  const text = value.trim();
  if (text === '') return null;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  // HTTP-date (IMF-fixdate) always names the weekday and month; this rejects "-5" and friends.
  if (!/[a-z]{3}/i.test(text)) return null;
  const date = Date.parse(text);
  if (Number.isNaN(date)) return null;
  return Math.max(0, date - nowMs);
}

/**
 * How freely a request may be sent again after a failure that leaves its fate unknown (5xx,
 * connection reset, timeout: the server may have acted on it).
 * - `idempotent`: GET, PUT, DELETE and read-only POSTs (filter): repeating changes nothing.
 * - `deduped`: a POST carrying a client `refId`; the server answers the first result again.
 * - `once`: may be repeated once at most, whatever the failure (login code: each try texts the agent).
 * - `never`: a POST the server cannot recognise twice (contact create, code verify).
 * Failures where the server certainly did not act (429, 408, connection refused) are retried in
 * every mode, within the mode's attempt limit.
 */
export type RetryMode = 'idempotent' | 'deduped' | 'once' | 'never';

export function maxAttemptsFor(mode: RetryMode, policy: RetryPolicy): number {
  return mode === 'once' ? Math.min(2, policy.maxAttempts) : policy.maxAttempts;
}

export function mayRepeatUnknownOutcome(mode: RetryMode): boolean {
  return mode !== 'never';
}
