import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LONGEST_RATE_LIMIT_PAUSE_MS } from './backoff';
import { TokenBucket, type Release } from './token-bucket';
import { maxInAnyWindow } from './testing/scripted-server';

describe('TokenBucket', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 1_000_000 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('hands out max tokens at once and makes the next caller wait a full window after a release', async () => {
    const bucket = new TokenBucket({ max: 3, windowMs: 1_000 });
    const releases = await Promise.all([bucket.acquire(), bucket.acquire(), bucket.acquire()]);
    let fourth = false;
    const p = bucket.acquire().then((r) => {
      fourth = true;
      return r;
    });
    await vi.advanceTimersByTimeAsync(5_000);
    expect(fourth).toBe(false); // every token still in flight: nothing comes back by itself

    await vi.advanceTimersByTimeAsync(100);
    releases[0]?.();
    await vi.advanceTimersByTimeAsync(999);
    expect(fourth).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(fourth).toBe(true);
    (await p)();
  });

  it('serves waiters first come, first served', async () => {
    const bucket = new TokenBucket({ max: 1, windowMs: 100 });
    const order: number[] = [];
    const all = [0, 1, 2, 3, 4].map((i) =>
      bucket.acquire().then((release) => {
        order.push(i);
        release();
      }),
    );
    await vi.advanceTimersByTimeAsync(1_000);
    await Promise.all(all);
    expect(order).toEqual([0, 1, 2, 3, 4]);
  });

  it('never lets more than max requests start in any window, whatever the request durations', async () => {
    const bucket = new TokenBucket({ max: 10, windowMs: 500 });
    const grants: number[] = [];
    let seed = 7;
    const rand = (): number => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    const work = Array.from({ length: 120 }, async () => {
      const release = await bucket.acquire();
      grants.push(Date.now());
      await new Promise((r) => setTimeout(r, Math.floor(rand() * 80)));
      release();
    });
    await vi.advanceTimersByTimeAsync(20_000);
    await Promise.all(work);
    expect(grants).toHaveLength(120);
    expect(maxInAnyWindow(grants, 500)).toBe(10);
    // And it does not dawdle: 120 requests at 10 per ~(500 ms + request time) take about 12 windows.
    const span = (grants.at(-1) as number) - (grants[0] as number);
    expect(span).toBeLessThan(11 * (500 + 80));
  });

  it('a pause (429) stops every caller until it ends, even with tokens to spare', async () => {
    const bucket = new TokenBucket({ max: 5, windowMs: 1_000 });
    bucket.pauseFor(2_000);
    bucket.pauseFor(500); // a shorter pause never shortens the longer one
    let got = false;
    const p = bucket.acquire().then((r) => {
      got = true;
      return r;
    });
    await vi.advanceTimersByTimeAsync(1_999);
    expect(got).toBe(false);
    expect(bucket.stats.pausedUntil).toBeGreaterThan(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(got).toBe(true);
    (await p)();
  });

  it('an aborted waiter leaves the queue and the next one gets the token', async () => {
    const bucket = new TokenBucket({ max: 1, windowMs: 100 });
    const first = await bucket.acquire();
    const controller = new AbortController();
    const aborted = bucket.acquire(controller.signal);
    const next = bucket.acquire();
    controller.abort(new Error('gave up'));
    await expect(aborted).rejects.toThrow('gave up');
    first();
    await vi.advanceTimersByTimeAsync(100);
    const release: Release = await next;
    expect(bucket.stats.inFlight).toBe(1);
    release();
  });

  it('release is idempotent: a double release does not mint a token', async () => {
    const bucket = new TokenBucket({ max: 1, windowMs: 100 });
    const r = await bucket.acquire();
    r();
    r();
    expect(bucket.stats.available).toBe(0);
    await vi.advanceTimersByTimeAsync(100);
    expect(bucket.stats.available).toBe(1);
  });

  it('close rejects everyone waiting', async () => {
    const bucket = new TokenBucket({ max: 1, windowMs: 100 });
    await bucket.acquire();
    const waiting = bucket.acquire();
    bucket.close(new Error('signed out'));
    await expect(waiting).rejects.toThrow('signed out');
  });

  it('tryAcquire answers at once: a token while more than `spare` are free, else null, and never jumps a queue or a pause', async () => {
    const bucket = new TokenBucket({ max: 3, windowMs: 100 });
    const held = [await bucket.acquire()];
    // Two free, one spare kept: one best-effort token, then none.
    const best = bucket.tryAcquire(1);
    expect(best).not.toBeNull();
    expect(bucket.tryAcquire(1)).toBeNull();
    expect(bucket.stats).toMatchObject({ inFlight: 2, available: 1, granted: 2 });
    best?.();
    await vi.advanceTimersByTimeAsync(100);
    // Someone waiting for a token comes first, even with tokens free for them soon.
    const last = await bucket.acquire();
    const more = await bucket.acquire();
    const waiting = bucket.acquire();
    expect(bucket.tryAcquire()).toBeNull();
    more();
    await vi.advanceTimersByTimeAsync(100);
    (await waiting)();
    last();
    held[0]?.();
    await vi.advanceTimersByTimeAsync(100);
    expect(bucket.stats.available).toBe(3);
    // A 429's pause holds best-effort calls too; after it, a token again.
    bucket.pauseFor(500);
    expect(bucket.tryAcquire()).toBeNull();
    await vi.advanceTimersByTimeAsync(500);
    const after = bucket.tryAcquire();
    expect(after).not.toBeNull();
    after?.();
    expect(bucket.stats.waiting).toBe(0);
  });

  it("the agent's lane goes ahead of background waiters, and background requests leave the reserve to it", async () => {
    const bucket = new TokenBucket({ max: 40, windowMs: 1_000 });
    expect(bucket.reserve).toBe(1);
    // A sync pass takes what it may: all but the reserve.
    const sync = await Promise.all(Array.from({ length: 39 }, () => bucket.acquire(undefined, 'background')));
    let queuedSync = false;
    const next = bucket.acquire(undefined, 'background').then((r) => {
      queuedSync = true;
      return r;
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(queuedSync).toBe(false);
    // The agent's send finds the reserved token at once, ahead of the waiting page.
    const send = await bucket.acquire();
    expect(bucket.stats).toMatchObject({ inFlight: 40, available: 0, waiting: 1 });
    // Another send waits for the first token back, and gets it before the page queued earlier.
    const order: string[] = [];
    void next.then(() => order.push('sync'));
    const second = bucket.acquire().then((r) => {
      order.push('send');
      return r;
    });
    for (const release of sync.slice(0, 2)) release();
    send();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(order).toEqual(['send', 'sync']);
    (await second)();
    (await next)();
    for (const release of sync.slice(2)) release();
  });

  it('background waiters are served once tokens past the reserve come back, never more than max in any window', async () => {
    const bucket = new TokenBucket({ max: 8, windowMs: 500 });
    const grants: number[] = [];
    const work = Array.from({ length: 40 }, async (_, i) => {
      const release = await bucket.acquire(undefined, i % 5 === 0 ? 'agent' : 'background');
      grants.push(Date.now());
      await new Promise((r) => setTimeout(r, 10));
      release();
    });
    await vi.advanceTimersByTimeAsync(10_000);
    await Promise.all(work);
    expect(grants).toHaveLength(40);
    expect(maxInAnyWindow(grants, 500)).toBeLessThanOrEqual(8);
  });

  it('a clock put back (Windows syncing it after a wake) stretches neither a 429 pause nor the wait for used tokens by the difference', async () => {
    const bucket = new TokenBucket({ max: 2, windowMs: 1_000 });
    const used = await Promise.all([bucket.acquire(), bucket.acquire()]);
    for (const release of used) release();
    vi.setSystemTime(Date.now() - 60 * 60_000);
    let token = false;
    const next = bucket.acquire().then((release) => {
      token = true;
      return release;
    });
    await vi.advanceTimersByTimeAsync(1_000);
    expect(token).toBe(true);
    (await next)();

    bucket.pauseFor(2_000);
    vi.setSystemTime(Date.now() - 60 * 60_000);
    let afterPause = false;
    const waiting = bucket.acquire().then((release) => {
      afterPause = true;
      return release;
    });
    // The 429 asked for 2 s: an hour and 2 s by the clock put right.
    await vi.advanceTimersByTimeAsync(2_000);
    expect(afterPause).toBe(true);
    (await waiting)();
    expect(bucket.stats.pausedUntil).toBe(0);

    // A pause set when the clock was already wrong: never longer than the cap, however it reads.
    bucket.pauseUntil(Date.now() + 2 * 60 * 60_000);
    let capped = false;
    const late = bucket.acquire().then((release) => {
      capped = true;
      return release;
    });
    await vi.advanceTimersByTimeAsync(LONGEST_RATE_LIMIT_PAUSE_MS);
    expect(capped).toBe(true);
    (await late)();
  });

  it('refuses a nonsensical configuration', () => {
    expect(() => new TokenBucket({ max: 0, windowMs: 100 })).toThrow(RangeError);
    expect(() => new TokenBucket({ max: 1, windowMs: 0 })).toThrow(RangeError);
  });
});
