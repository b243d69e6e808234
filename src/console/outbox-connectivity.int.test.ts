/**
 * The connectivity indicator hears every request the app makes to HelenaCRM (the client's
 * onExchange), not only the sync engine's own, against the real sandbox:
 *   - the socket keeps dropping and the sync's own reads get no answer, while the agent's sends go
 *     out: the sends' answers keep the desk online (it turned "Conectando…" once the sync's last
 *     answer was a window old, and held the very sends that were going out);
 *   - a send finds no network while the socket still looks up: the desk is offline at once (it
 *     stayed "Online" until the sync's next request, minutes with a live-looking socket), and
 *     comes back by itself when the network does, though the socket never noticed.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { abortReason } from '../api/clock';
import type { BucketLane, Release } from '../api/token-bucket';
import { api, DEMO_LOGINS, readLoginCode, startTestSandbox, type RunningSandbox } from '../../sandbox/testing';
import { CHANNEL } from '../../sandbox/seed';
import { createSwitchableRoute } from '../net/net-route';
import { startConnectProxy, type ConnectProxy } from '../net/testing/connect-proxy';
import { HelenaConsole } from './console';
import type { CoreEvent } from './core-events';
import { realEngines } from './real-engines';
import { MemorySecretStore } from './secret-store';
import { contactNamed, PRICES, rigPerTest, takenConversation, until, untilOnlineWithSocket } from './testing/console-rig';

const rigs = rigPerTest();
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type Connectivity = Extract<CoreEvent, { type: 'connectivity' }>;

function connectivityEvents(events: CoreEvent[], from = 0): Connectivity[] {
  return events.slice(from).filter((e): e is Connectivity => e.type === 'connectivity');
}

function statusOf(events: CoreEvent[], localId: string, status: string, from = 0): Extract<CoreEvent, { type: 'message-status' }> | undefined {
  return events.slice(from).find((e): e is Extract<CoreEvent, { type: 'message-status' }> => e.type === 'message-status' && e.localId === localId && e.status === status);
}

/**
 * The sync's requests (the rate limit's background lane: its passes, its REST checks) wait for a
 * token until released, as they do behind a busy agent and colleagues' desks on the account's
 * budget; the agent's own (sends, commands) go as usual. Returns the release.
 */
function holdSyncRequests(core: HelenaConsole): () => void {
  const bucket = core.requireOpen().client.bucket;
  const acquire = bucket.acquire.bind(bucket);
  const held: Array<() => void> = [];
  let holding = true;
  bucket.acquire = (signal?: AbortSignal, lane: BucketLane = 'agent'): Promise<Release> => {
    if (!holding || lane !== 'background') return acquire(signal, lane);
    return new Promise<Release>((resolve, reject) => {
      signal?.addEventListener('abort', () => reject(abortReason(signal)), { once: true });
      held.push(() => acquire(signal, lane).then(resolve, reject));
    });
  };
  return () => {
    holding = false;
    for (const go of held.splice(0)) go();
  };
}

describe('the outbox and the console commands move the connection state', () => {
  it('a socket that keeps dropping, the sync unanswered, the agent sending every second: online throughout, every message sent', async () => {
    // A 3-s window: an answer keeps the desk online this long after a drop (the sync's poll interval).
    const r = await rigs.start({ realtimeFallbackPollMs: 3_000 });
    await r.login(DEMO_LOGINS.agent);
    const sessionId = await takenConversation(r);
    await r.silence(await contactNamed(r.core, 'vinicius romao'));
    await untilOnlineWithSocket(r.core);
    const release = holdSyncRequests(r.core);
    try {
      const from = r.events.length;
      // The drops as the sync engine says them: the console tells the window fewer (coalesced).
      const said: Connectivity[] = [];
      r.core.requireEngines().sync.on((event) => {
        if (event.type === 'connectivity') said.push(event);
      });
      await api(r.sandbox).put('/control/v1/faults', { dropSockets: true });
      const localIds: string[] = [];
      // Nearly three windows' worth: without the sends' answers the desk would turn 'connecting' 3 s in.
      for (let i = 1; i <= 8; i++) {
        localIds.push((await r.core.invoke('message.sendText', { sessionId, text: `Segue a parte ${i}.` })).localId);
        await sleep(1_000);
      }
      expect(said.filter((e) => e.realtime === 'offline').length).toBeGreaterThan(3);
      expect([...new Set(said.map((e) => e.state))]).toEqual(['online']);
      expect(connectivityEvents(r.events, from).filter((e) => e.state !== 'online')).toEqual([]);
      await until('every message sent', () => localIds.every((id) => statusOf(r.events, id, 'sent', from)), 3_000);
    } finally {
      await api(r.sandbox).put('/control/v1/faults', { dropSockets: false });
      release();
    }
  }, 40_000);

  it('a send that finds no network turns the desk offline at once, the socket still looking up; back by itself with the network, and the message goes', async () => {
    const sandbox: RunningSandbox = await startTestSandbox();
    cleanups.push(() => sandbox.close());
    // A network that can die under an open socket without a word (no FIN, no RST): the socket looks up for ~45 s.
    const proxy: ConnectProxy = await startConnectProxy();
    cleanups.push(() => proxy.stop());
    const route = createSwitchableRoute({ proxyUrl: proxy.url, systemStore: false });
    const core = new HelenaConsole({
      secrets: new MemorySecretStore(),
      prices: PRICES,
      engines: realEngines({ sync: { realtime: { reconnectDelayMs: 50, reconnectDelayMaxMs: 250 }, retryBaseMs: 100, retryCapMs: 500 } }),
      client: { route, retry: { maxAttempts: 1 }, timeoutMs: 2_000 },
    });
    cleanups.push(() => core.close());
    const events: CoreEvent[] = [];
    core.on((event) => events.push(event));
    await core.open({ location: ':memory:', baseUrl: sandbox.url });
    await core.invoke('auth.requestCode', { login: DEMO_LOGINS.agent });
    await core.invoke('auth.verify', { login: DEMO_LOGINS.agent, code: await readLoginCode(sandbox, DEMO_LOGINS.agent) });
    await core.whenSynced();
    const snapshot = async () => (await core.invoke('state.snapshot', {})).connectivity;
    await untilOnlineWithSocket(core);
    const contactId = await contactNamed(core, 'vinicius romao');
    await api(sandbox).put(`/control/v1/contacts/${contactId}/script`, { replyAfterMs: null });
    await api(sandbox).post('/control/v1/inbound', { contactId, text: 'Preciso da segunda via do boleto.', channelId: CHANNEL.official.id });
    const sessionId = await until('in the list', async () => (await core.invoke('conversation.list', {})).find((c) => c.contactId === contactId)?.id);
    await core.invoke('conversation.assume', { sessionId });
    await until('writable', async () => (await core.invoke('conversation.list', {})).find((c) => c.id === sessionId && c.canWrite));

    proxy.blackhole({ newConnections: true });
    const from = events.length;
    const { localId } = await core.invoke('message.sendText', { sessionId, text: 'Segue o boleto.' });
    // The try times out (2 s here) and the message waits in the queue for the connection.
    const failedTry = await until('the try failed', () => events.slice(from).find((e) => e.type === 'message-status' && e.localId === localId && e.status === 'queued' && e.reason));
    expect(await snapshot()).toMatchObject({ state: 'offline', realtime: 'connected' });
    // Told before the try's failure, not at the sync's next request.
    const offlineAt = events.findIndex((e, i) => i >= from && e.type === 'connectivity' && e.state === 'offline');
    expect(offlineAt).toBeGreaterThanOrEqual(from);
    expect(offlineAt).toBeLessThan(events.indexOf(failedTry));

    // The network is back; the open tunnels (the socket's among them) stay dead and the socket still looks up.
    proxy.blackhole({ newConnections: false });
    await until('the message sent', () => statusOf(events, localId, 'sent', from), 25_000);
    await until('online again', async () => (await snapshot()).state === 'online', 5_000);
    expect((await snapshot()).realtime).toBe('connected');
  }, 60_000);
});
