/**
 * HelenaCRM's rate limit: options.rateLimit.max requests per options.rateLimit.windowMs per
 * account (200 per 5 s by default). The sandbox serves one company, so every token shares one
 * bucket. Counted over /core, /chat and the authenticated /auth routes (me, logout). Sign-in
 * (/auth/v1/login/*) is anonymous, so it is not the account's traffic: counting it would let
 * anyone without a token drain the company's budget, and the client (src/api/token-bucket.ts)
 * does not count it either, so the two agree on what fills the window. Wrong codes are limited by
 * MAX_CODE_ATTEMPTS instead. /control is never limited.
 *
 * Sliding window (a log of the accepted requests' times): no burst of 2×max across a window
 * edge, as a fixed window would allow. Real time, not the sandbox clock: moving the clock
 * forward to expire windows must not empty (or fill) the bucket. Refused requests are not
 * counted, so a client that waits Retry-After seconds gets through. Limits are read live from
 * ctx.options, so a test or the control API may change them while the server runs.
 */
import type { FastifyInstance } from 'fastify';
import type { SandboxContext } from './context';
import { ApiError, sendApiError } from './http-errors';
import { pathOf } from './paths';

export const RATE_LIMIT_KEY = 'rate_limit.exceeded';

export class SlidingWindowLimiter {
  /** Times (ms) of accepted requests, oldest first; a ring would do, but max is small (hundreds). */
  private readonly accepted: number[] = [];
  private head = 0;

  constructor(private readonly limits: () => { max: number; windowMs: number }) {}

  /** Takes one slot; returns 0 when accepted, else how many ms until a slot frees. */
  take(nowMs: number): number {
    const { max, windowMs } = this.limits();
    while (this.head < this.accepted.length && this.accepted[this.head]! <= nowMs - windowMs) this.head++;
    if (this.head > 1024) {
      this.accepted.splice(0, this.head);
      this.head = 0;
    }
    const inWindow = this.accepted.length - this.head;
    if (inWindow < max) {
      this.accepted.push(nowMs);
      return 0;
    }
    // The slot frees when the oldest request that still keeps the window full leaves it.
    const freeing = this.accepted[this.accepted.length - max] ?? nowMs;
    return Math.max(1, freeing + windowMs - nowMs);
  }
}

export function isOnAccountBudget(path: string): boolean {
  if (/^\/auth\/v1\/login(\/|$)/.test(path)) return false;
  return /^\/(core|chat|auth)(\/|$)/.test(path);
}

export function registerRateLimit(app: FastifyInstance, ctx: SandboxContext): void {
  const limiter = new SlidingWindowLimiter(() => ctx.options.rateLimit);
  app.addHook('onRequest', async (request, reply) => {
    const path = pathOf(request.url);
    if (!isOnAccountBudget(path)) return;
    const waitMs = limiter.take(Date.now());
    if (waitMs === 0) return;
    const retryAfter = Math.max(1, Math.ceil(waitMs / 1000));
    const { max, windowMs } = ctx.options.rateLimit;
    const err = new ApiError(429, RATE_LIMIT_KEY, `Too many requests: at most ${max} per ${windowMs} ms per account. Retry in ${retryAfter} s.`, {
      retryAfterSeconds: retryAfter,
      limit: max,
      windowMs,
    });
    reply.header('Retry-After', String(retryAfter));
    return sendApiError(reply, err, path, ctx.clock.iso());
  });
}
