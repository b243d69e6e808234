/**
 * A realtime socket that a gateway or proxy ends as soon as it connects (the sandbox's dropSockets
 * fault), while REST answers: the desk stays 'online' (the outbox sends, the status bar does not say
 * "Conectando…"), and only a REST that falls silent turns it to 'connecting'.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { HelenaClient } from '../api';
import { ContactPage } from '../api/helena-dto';
import type { CoreEvent } from '../console/core-events';
import { startTcpProxy } from '../outbox/testing/tcp-proxy';
import { openStore } from '../store';
import { DEMO_LOGINS, loginAs, startTestSandbox } from '../../sandbox/testing';
import { SyncEngine } from './sync-engine';
import { startHarness, waitFor, type Harness } from './test-harness';

let h: Harness | null = null;
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  // A request held by the latency fault would keep the sandbox from closing.
  await h?.control.put('/control/v1/faults', { latencyMs: 0, dropSockets: false });
  await h?.close();
  h = null;
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Connectivity = Extract<CoreEvent, { type: 'connectivity' }> & { at: number };

/**
 * Signed in, first sync done, the socket connected and an event received (with an offset to replay
 * from, a reconnection costs no delta sync: REST is asked only by the engine's own checks).
 */
async function connectedDesk(windowMs: number): Promise<{ harness: Harness; seen: Connectivity[]; meCalls: () => number; contactId: string }> {
  h = await startHarness({ engine: { realtimeFallbackPollMs: windowMs, directoryCheckMs: 60 * 60_000, sightCheckMs: 60 * 60_000 } });
  const harness = h;
  const seen: Connectivity[] = [];
  harness.engine.on((e) => {
    if (e.type === 'connectivity') seen.push({ ...e, at: Date.now() });
  });
  let me = 0;
  const client = harness.client as unknown as { me: (...args: unknown[]) => unknown };
  const original = client.me.bind(harness.client);
  client.me = (...args: unknown[]) => {
    me++;
    return original(...args);
  };
  await harness.engine.start();
  await waitFor(() => harness.engine.realtimeStatus === 'connected', 'realtime connected');
  const contact = ContactPage.parse((await harness.http.get('/core/v1/contact?PageSize=5')).body).items[0];
  if (!contact) throw new Error('no contact on the server');
  await harness.control.post('/control/v1/inbound', { contactId: contact.id, text: 'antes das quedas' });
  await waitFor(() => harness.store.syncState.realtimeOffset() !== null, 'an event received');
  return { harness, seen, meCalls: () => me, contactId: contact.id };
}

describe('SyncEngine × sandbox: a socket that keeps dropping', () => {
  it('compares the open list once for the whole flapping, not at every fallback poll', async () => {
    // 1-s polls: the flapping lasts until three of them have run.
    const { harness } = await connectedDesk(1_000);
    const reads: Array<Record<string, unknown>> = [];
    const client = harness.client as unknown as { listSessions: (...args: unknown[]) => unknown };
    const original = client.listSessions.bind(harness.client);
    client.listSessions = (...args: unknown[]) => {
      reads.push(args[0] as Record<string, unknown>);
      return original(...args);
    };
    await harness.engine.syncNow();
    const before = reads.length;
    const deltas = harness.engine.stats.syncs.delta;
    await harness.control.put('/control/v1/faults', { dropSockets: true });
    await waitFor(() => harness.engine.stats.syncs.delta - deltas >= 3, 'three fallback polls while the socket flaps', 15_000);
    // The comparison pages the whole open list by page number, with no UpdatedAt.After.
    const comparisons = reads.slice(before).filter((p) => p.pageNumber === 1 && p.updatedAfter === undefined && p.contactId === undefined).length;
    expect(comparisons).toBe(1);
  }, 40_000);

  it('stays online while REST answers, asking REST about twice a window, not at every drop', async () => {
    // A 6-s window (the fallback poll's interval) so the test outlives it: the answer from before the
    // drops must be renewed, or the desk would turn 'connecting' once it is 6 s old. (A shorter one
    // puts the poll at the window's very end and leaves the renewal too little room on a busy CPU.)
    const { harness, seen, meCalls } = await connectedDesk(6_000);
    await harness.engine.syncNow();
    const since = Date.now();
    const meBefore = meCalls();
    await harness.control.put('/control/v1/faults', { dropSockets: true });
    await sleep(7_000);

    const after = seen.filter((e) => e.at >= since);
    const drops = after.filter((e) => e.realtime === 'offline').length;
    expect(drops).toBeGreaterThan(5);
    expect(after.filter((e) => e.state !== 'online')).toEqual([]);
    // Through the drops, the status bar's "replies by polling" case: online without the socket.
    expect(after.some((e) => e.state === 'online' && e.realtime !== 'connected')).toBe(true);
    // REST renewed before the window ran out, by the poll (5 s after the first drop) and a check
    // once the answer is half a window old: a few requests, not one per drop.
    expect(meCalls() - meBefore).toBeGreaterThanOrEqual(1);
    expect(meCalls() - meBefore).toBeLessThanOrEqual(4);
  }, 20_000);

  it('brings a reply written meanwhile by the poll, within its interval: each brief connection does not put it off', async () => {
    // The socket comes back every 50–200 ms (reconnectDelayMs): if each connection put the poll off, it would never come.
    const pollMs = 1_500;
    const { harness, seen, contactId } = await connectedDesk(pollMs);
    const since = Date.now();
    await harness.control.put('/control/v1/faults', { dropSockets: true });
    await waitFor(() => seen.filter((e) => e.at >= since && e.realtime === 'connected').length >= 2, 'the socket back and dropped again');
    const told = harness.replies.length;
    const sent = await harness.control.post<{ session: { id: string } }>('/control/v1/inbound', { contactId, text: 'durante as quedas' });
    await waitFor(() => harness.replies.slice(told).includes(sent.body.session.id), 'the reply told', pollMs + 2_000);
  }, 20_000);

  it('turns connecting once REST, silent since the drops began, last answered a window ago', async () => {
    const windowMs = 2_000;
    const { harness, seen } = await connectedDesk(windowMs);
    const askedAt = Date.now();
    await harness.engine.syncNow();
    const answeredBy = Date.now();
    // REST answers nothing from now on (held a minute); the socket handshake is not slowed.
    await harness.control.put('/control/v1/faults', { latencyMs: 60_000 });
    await harness.control.put('/control/v1/faults', { dropSockets: true });
    await waitFor(() => seen.some((e) => e.at >= answeredBy && e.state === 'connecting'), "'connecting'", windowMs + 3_000);

    const after = seen.filter((e) => e.at >= answeredBy);
    const firstConnecting = after.find((e) => e.state === 'connecting') as Connectivity;
    // Online on the recent answer first, then 'connecting' once it is a window old: not before, not much later.
    expect(after[0]).toMatchObject({ state: 'online', realtime: 'offline' });
    expect(firstConnecting.at - askedAt).toBeGreaterThanOrEqual(windowMs);
    expect(firstConnecting.at - answeredBy).toBeLessThan(windowMs + 1_500);
    expect(after.some((e) => e.state === 'offline')).toBe(false);
  }, 20_000);

  it('while REST answers, says each change of the socket once: the reason it dropped is not news of its own', async () => {
    // Redials wait 1.5–4.5 s (0.5–1.5 × 3 s), so REST answers, with nothing else in flight, while the socket is down.
    h = await startHarness({
      engine: { realtime: { reconnectDelayMs: 3_000, reconnectDelayMaxMs: 3_000 }, realtimeFallbackPollMs: 60_000, directoryCheckMs: 60 * 60_000, sightCheckMs: 60 * 60_000 },
    });
    const harness = h;
    const seen: Connectivity[] = [];
    harness.engine.on((e) => {
      if (e.type === 'connectivity') seen.push({ ...e, at: Date.now() });
    });
    await harness.engine.start();
    await waitFor(() => harness.engine.realtimeStatus === 'connected', 'realtime connected');
    await harness.engine.syncNow();
    const since = seen.length;
    for (let drop = 1; drop <= 2; drop++) {
      // The sandbox ends the connected socket as a network would (socket.io says 'transport close'), once.
      await harness.control.put('/control/v1/faults', { dropSockets: true });
      await harness.control.put('/control/v1/faults', { dropSockets: false });
      await waitFor(() => harness.engine.realtimeStatus === 'offline', `drop ${drop}`);
      // REST answers while the socket waits to redial: the desk was online and stays so, nothing to say.
      await harness.engine.syncNow();
      await waitFor(() => seen.slice(since).filter((e) => e.realtime === 'connected').length === drop, `back after drop ${drop}`, 6_000);
    }
    const said = seen.slice(since).map((e) => `${e.state}/${e.realtime}`);
    expect(said).toEqual(['online/offline', 'online/connecting', 'online/connected', 'online/offline', 'online/connecting', 'online/connected']);
    // The socket's own words ride on the event that says it dropped (the log's), not on one of their own.
    expect(seen[since]?.detail).toBe('transport close');
  }, 30_000);

  it('a network gone right after an answer: the first dial that fails ends the answer\'s say, then REST failing is offline', async () => {
    // REST and the socket both through a proxy that can cut them, as the office network would.
    const sandbox = await startTestSandbox();
    cleanups.push(() => sandbox.close());
    const { token } = await loginAs(sandbox, DEMO_LOGINS.admin);
    const proxy = await startTcpProxy(sandbox.url);
    cleanups.push(() => proxy.close());
    const store = openStore({ location: ':memory:' });
    cleanups.push(() => store.close());
    const client = new HelenaClient({ baseUrl: proxy.url, getToken: () => token, retry: { baseMs: 20, capMs: 200 } });
    cleanups.push(() => client.bucket.close());
    const engine = new SyncEngine({ store, client, url: proxy.url, getToken: () => token, realtime: { reconnectDelayMs: 50, reconnectDelayMaxMs: 200 }, retryBaseMs: 100, retryCapMs: 500 });
    cleanups.push(() => engine.stop());
    const seen: Connectivity[] = [];
    engine.on((e) => {
      if (e.type === 'connectivity') seen.push({ ...e, at: Date.now() });
    });
    await engine.start();
    await waitFor(() => engine.realtimeStatus === 'connected', 'realtime connected');
    await engine.syncNow();

    const since = Date.now();
    proxy.setMode('down');
    await waitFor(() => seen.some((e) => e.at >= since && e.state === 'offline'), "'offline'", 5_000);
    const states = seen.filter((e) => e.at >= since).map((e) => e.state).filter((state, i, all) => state !== all[i - 1]);
    // Online on the answer of a moment ago, only until the socket fails to dial again.
    expect(states).toEqual(['online', 'connecting', 'offline']);
  }, 20_000);
});
