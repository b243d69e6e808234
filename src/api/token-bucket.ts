/**
 * The account's request budget, shared by everything in the app that talks to HelenaCRM
 * (sync, outbox, console): one instance per account, handed to every HelenaClient. Sign-in
 * requests (`auth: false`) are not the account's traffic and do not take tokens; the sandbox's
 * limiter does not count them either, so both sides count the same requests.
 *
 * HelenaCRM allows `max` requests per `windowMs` (200 per 5 s) and answers 429 past it. A classic
 * refill-at-a-rate bucket can let through up to 2×max in one window (a full bucket plus a window
 * of refills), so this one is stricter: a token comes back `windowMs` after the request that took
 * it has *finished* (see `Release`). The server sees each request arrive after the client took the
 * token and before the client saw the answer, so in any window of `windowMs` on the server's clock
 * at most `max` requests can arrive, whatever the network latency. The cost is one round-trip per
 * token cycle, a fraction of a percent at 5 s windows.
 *
 * Callers never fail for lack of a token: they wait, first come first served within their lane
 * (`tryAcquire` is the exception: it answers at once, for calls worth skipping rather than waiting
 * for). A 429 pauses the bucket for everyone until the server's Retry-After has passed.
 *
 * Two lanes. What the agent waits on (a send, a command) is the 'agent' lane; sync's passes are
 * 'background'. An agent waiter goes ahead of every background one, and background requests leave
 * the last few tokens of the window (`reserve`) to the agent: a sync that reads a long list at the
 * account's full rate would otherwise hold a text behind a whole window of its pages. Both lanes
 * count against the same `max`, so together they never exceed the account's limit.
 */
import { LONGEST_RATE_LIMIT_PAUSE_MS } from './backoff';
import { abortReason, systemClock, type Clock } from './clock';

export interface RateLimitConfig {
  /** Requests allowed per window. */
  max: number;
  windowMs: number;
}

export const DEFAULT_RATE_LIMIT: RateLimitConfig = { max: 200, windowMs: 5_000 };

/** Gives the token back; it becomes usable again `windowMs` later. Idempotent. */
export type Release = () => void;

export type BucketLane = 'agent' | 'background';

interface Waiter {
  resolve: (release: Release) => void;
  reject: (err: Error) => void;
  signal: AbortSignal | undefined;
  onAbort: (() => void) | undefined;
}

export interface TokenBucketStats {
  max: number;
  windowMs: number;
  /** Tokens taken by requests that have not finished yet. */
  inFlight: number;
  /** Tokens usable right now (ignoring a pause). */
  available: number;
  waiting: number;
  /** Epoch ms until which no token is handed out (429), or 0. */
  pausedUntil: number;
  /** Tokens handed out since the bucket was made. */
  granted: number;
}

export class TokenBucket {
  readonly max: number;
  readonly windowMs: number;
  private inFlight = 0;
  /** When each recently released token becomes usable again; ascending. */
  private returns: number[] = [];
  private waiters: Waiter[] = [];
  private background: Waiter[] = [];
  /** Tokens background requests leave for the agent's: a small share, so a long sync is barely slower. */
  readonly reserve: number;
  /** -Infinity: no pause. */
  private pausedUntilMs = -Infinity;
  /** The clock's last reading: one lower than it tells that the clock was put back. */
  private lastNow: number;
  private timer: unknown = null;
  private timerAt = Infinity;
  private grantedCount = 0;

  constructor(
    config: RateLimitConfig = DEFAULT_RATE_LIMIT,
    private readonly clock: Clock = systemClock,
  ) {
    if (!Number.isInteger(config.max) || config.max < 1) throw new RangeError(`rateLimit.max must be a positive integer, got ${config.max}`);
    if (!(config.windowMs > 0)) throw new RangeError(`rateLimit.windowMs must be positive, got ${config.windowMs}`);
    this.max = config.max;
    this.windowMs = config.windowMs;
    this.reserve = Math.min(config.max - 1, Math.ceil(config.max / 40));
    this.lastNow = clock.now();
  }

  /**
   * Waits (FIFO within `lane`, the agent's lane first) for a token. Call the returned `Release`
   * when the request has finished, success or not.
   */
  acquire(signal?: AbortSignal, lane: BucketLane = 'agent'): Promise<Release> {
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    const queue = lane === 'agent' ? this.waiters : this.background;
    return new Promise<Release>((resolve, reject) => {
      const waiter: Waiter = { resolve, reject, signal, onAbort: undefined };
      if (signal) {
        waiter.onAbort = () => {
          const i = queue.indexOf(waiter);
          if (i >= 0) queue.splice(i, 1);
          reject(abortReason(signal));
          this.pump();
        };
        signal.addEventListener('abort', waiter.onAbort, { once: true });
      }
      queue.push(waiter);
      this.pump();
    });
  }

  /**
   * A token now, or null, never waiting: for best-effort calls (the contact's "digitando…") that
   * must never delay real work. Null while paused by a 429, while anyone is waiting, or unless more
   * than `spare` tokens are usable, so the last `spare` tokens stay for the requests that matter.
   */
  tryAcquire(spare = 0): Release | null {
    const now = this.clock.now();
    this.settle(now);
    if (now < this.pausedUntilMs || this.waiting() > 0 || this.available() <= spare) return null;
    return this.grant();
  }

  /** Stops handing out tokens until `epochMs` (a 429's Retry-After). Never shortens an existing pause. */
  pauseUntil(epochMs: number): void {
    this.settle(this.clock.now());
    if (epochMs <= this.pausedUntilMs) return;
    this.pausedUntilMs = epochMs;
    this.pump();
  }

  pauseFor(ms: number): void {
    this.pauseUntil(this.clock.now() + ms);
  }

  get stats(): TokenBucketStats {
    const now = this.clock.now();
    this.settle(now);
    return {
      max: this.max,
      windowMs: this.windowMs,
      inFlight: this.inFlight,
      available: this.available(),
      waiting: this.waiting(),
      pausedUntil: this.pausedUntilMs > now ? this.pausedUntilMs : 0,
      granted: this.grantedCount,
    };
  }

  /** Rejects every waiter and stops the timer (the account signed out or the app is closing). */
  close(reason: Error = new Error('rate limiter closed')): void {
    this.cancelTimer();
    const waiters = [...this.waiters, ...this.background];
    this.waiters = [];
    this.background = [];
    for (const w of waiters) {
      if (w.onAbort) w.signal?.removeEventListener('abort', w.onAbort);
      w.reject(reason);
    }
  }

  private waiting(): number {
    return this.waiters.length + this.background.length;
  }

  private available(): number {
    return this.max - this.inFlight - this.returns.length;
  }

  /** Brings the bookkeeping to `now`: the tokens whose window is over come back. */
  private settle(now: number): void {
    // The wall clock put back (Windows syncing it after a wake, the agent fixing the date) would
    // stretch a pause, and keep the tokens used just before, by the difference: an hour back froze
    // sync and every send for an hour. Both move back with the clock, and neither may end later
    // than it could have been set to (the time between two readings is not known).
    const back = this.lastNow - now;
    this.lastNow = now;
    if (back > 0) {
      this.pausedUntilMs -= back;
      for (let i = 0; i < this.returns.length; i++) this.returns[i] = (this.returns[i] as number) - back;
    }
    this.pausedUntilMs = Math.min(this.pausedUntilMs, now + LONGEST_RATE_LIMIT_PAUSE_MS);
    for (let i = this.returns.length - 1; i >= 0 && (this.returns[i] as number) > now + this.windowMs; i--) this.returns[i] = now + this.windowMs;
    let n = 0;
    while (n < this.returns.length && (this.returns[n] as number) <= now) n++;
    if (n > 0) this.returns.splice(0, n);
  }

  private pump(): void {
    const now = this.clock.now();
    this.settle(now);
    if (now >= this.pausedUntilMs) {
      this.serve(this.waiters, 0);
      if (this.waiters.length === 0) this.serve(this.background, this.reserve);
    }
    this.schedule(now);
  }

  private serve(queue: Waiter[], leave: number): void {
    while (queue.length > 0 && this.available() > leave) {
      const waiter = queue.shift() as Waiter;
      if (waiter.onAbort) waiter.signal?.removeEventListener('abort', waiter.onAbort);
      waiter.resolve(this.grant());
    }
  }

  private grant(): Release {
    this.inFlight++;
    this.grantedCount++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.inFlight--;
      const now = this.clock.now();
      // The tokens already back move with a clock put back before this one joins them.
      this.settle(now);
      this.returns.push(now + this.windowMs);
      // Out-of-order clocks (fake clocks in tests) must not break the ascending order.
      const n = this.returns.length;
      if (n > 1 && (this.returns[n - 2] as number) > (this.returns[n - 1] as number)) this.returns.sort((a, b) => a - b);
      this.pump();
    };
  }

  /** Arms one timer for the next moment a waiter could be served. */
  private schedule(now: number): void {
    if (this.waiting() === 0) {
      this.cancelTimer();
      return;
    }
    // The head waiter's lane decides what it needs: any token, or more than the reserve.
    const needs = this.waiters.length > 0 ? 0 : this.reserve;
    let at = Infinity;
    if (now < this.pausedUntilMs) at = this.pausedUntilMs;
    else if (this.available() <= needs && this.returns.length > 0) at = this.returns[0] as number;
    // else: every token is in flight; the next Release pumps.
    if (at === this.timerAt) return;
    this.cancelTimer();
    if (at === Infinity) return;
    this.timerAt = at;
    this.timer = this.clock.setTimeout(() => {
      this.timer = null;
      this.timerAt = Infinity;
      this.pump();
    }, at - now);
  }

  private cancelTimer(): void {
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
    this.timerAt = Infinity;
  }
}
