/**
 * A network that lets HTTPS through but refuses WebSockets (a corporate proxy or firewall, as
 * many call centres have), against the real sandbox behind a real CONNECT proxy that answers 403
 * to what it refuses (connect-proxy.ts refuseRealtime):
 *   - WebSocket refused, long-polling allowed: the socket falls back to HTTP long-polling through
 *     the same proxy, events arrive live, the outbox sends, the status bar says "Online";
 *   - the socket refused altogether: REST still works, so the outbox sends, replies arrive by a
 *     delta sync every few seconds (here 400 ms), the status bar says online without realtime,
 *     and the polling stops as soon as the socket gets through.
 * Each logs its measures ([medida]): Enter → the message on HelenaCRM, the contact's reply → the core.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CHANNEL } from '../../sandbox/seed';
import { api, DEMO_LOGINS, readLoginCode, startTestSandbox, type RunningSandbox } from '../../sandbox/testing';
import { createSwitchableRoute } from '../net/net-route';
import { startConnectProxy, type ConnectProxy } from '../net/testing/connect-proxy';
import { AppConsole } from './app-core';
import type { CoreEvent } from './core-events';
import { realEngines } from './real-engines';
import { MemorySecretStore } from './secret-store';
import { contactNamed, followScreen, nextEvent, PRICES, until } from './testing/console-rig';

const POLL_MS = 400;

let sandbox: RunningSandbox;
const proxies: ConnectProxy[] = [];
const desks: Array<{ core: AppConsole; dataDir: string }> = [];

beforeAll(async () => {
  // Each desk keeps the account's limit with a budget of its own; the sandbox, shared by the file's
  // tests, would count the previous test's desk against the next one within the same 5 s.
  sandbox = await startTestSandbox({ rateLimit: { max: 2_000, windowMs: 5_000 } });
});
afterAll(async () => {
  await sandbox.close();
});
afterEach(async () => {
  for (const desk of desks.splice(0)) {
    await desk.core.close();
    rmSync(desk.dataDir, { recursive: true, force: true });
  }
  for (const proxy of proxies.splice(0)) await proxy.stop();
});

interface Desk {
  core: AppConsole;
  events: CoreEvent[];
}

/** Ana's desk through `proxy`, signed in and past its first sync (not waiting for the socket). */
async function openDesk(proxy: ConnectProxy, connectTimeoutMs?: number): Promise<Desk> {
  const route = createSwitchableRoute({ proxyUrl: proxy.url, systemStore: false });
  const core = new AppConsole(
    {
      secrets: new MemorySecretStore(),
      prices: PRICES,
      engines: realEngines({ sync: { realtime: { reconnectDelayMs: 50, reconnectDelayMaxMs: 250, ...(connectTimeoutMs ? { connectTimeoutMs } : {}) }, retryBaseMs: 100, retryCapMs: 500, realtimeFallbackPollMs: POLL_MS } }),
      client: { route, retry: { maxAttempts: 1 }, timeoutMs: 3_000 },
    },
    route,
  );
  const dataDir = mkdtempSync(join(tmpdir(), 'helena-ws-blocked-'));
  desks.push({ core, dataDir });
  const events: CoreEvent[] = [];
  core.on((event) => events.push(event));
  await core.open({ location: dataDir, baseUrl: sandbox.url });
  await core.invoke('auth.requestCode', { login: DEMO_LOGINS.agent });
  await core.invoke('auth.verify', { login: DEMO_LOGINS.agent, code: await readLoginCode(sandbox, DEMO_LOGINS.agent) });
  await core.whenSynced();
  return { core, events };
}

/** Ana's desk behind a proxy that refuses every realtime request, once it is online without realtime. */
async function deskWithoutSocket(): Promise<{ proxy: ConnectProxy; desk: Desk }> {
  const proxy = await startConnectProxy();
  proxies.push(proxy);
  proxy.refuseRealtime('socket');
  const desk = await openDesk(proxy);
  await until('online without realtime', async () => {
    const c = await connectivityOf(desk.core);
    return c.state === 'online' && c.realtime !== 'connected';
  }, 3_000);
  return { proxy, desk };
}

async function connectivityOf(core: AppConsole): Promise<{ state: string; realtime: string }> {
  return (await core.invoke('state.snapshot', {})).connectivity;
}

/**
 * A contact writes to Ana's team and she takes the conversation (an open window). A sync is asked
 * for by hand, so this works whether or not anything would bring it on its own.
 */
async function openConversation(desk: Desk, name: string): Promise<{ sessionId: string; contactId: string }> {
  const contactId = await contactNamed(desk.core, name);
  await api(sandbox).put(`/control/v1/contacts/${contactId}/script`, { replyAfterMs: null });
  await api(sandbox).post('/control/v1/inbound', { contactId, text: 'Oi, preciso de ajuda.', channelId: CHANNEL.official.id });
  const sessionId = await until('in the list', async () => {
    await desk.core.invoke('sync.now', {});
    return (await desk.core.invoke('conversation.list', {})).find((c) => c.contactId === contactId)?.id;
  });
  await desk.core.invoke('conversation.assume', { sessionId });
  await until('writable', async () => {
    await desk.core.invoke('sync.now', {});
    return (await desk.core.invoke('conversation.list', {})).find((c) => c.id === sessionId && c.canWrite);
  });
  return { sessionId, contactId };
}

/** Enter → HelenaCRM has the message (the outbox's 'sent': HelenaCRM answered the send), in ms; fails past `timeoutMs`. */
async function sendTook(desk: Desk, sessionId: string, text: string, timeoutMs: number): Promise<number> {
  const started = performance.now();
  const queued = await desk.core.invoke('message.sendText', { sessionId, text });
  await nextEvent(desk.core, 'message-status', (e) => e.localId === queued.localId && e.status === 'sent', timeoutMs);
  return performance.now() - started;
}

/** The contact writes → the core tells of it ('contact-replied': the tray), in ms; fails past `timeoutMs`. */
async function replyTook(desk: Desk, contactId: string, text: string, timeoutMs: number): Promise<number> {
  const heard = nextEvent(desk.core, 'contact-replied', (e) => e.contactId === contactId && e.text === text, timeoutMs);
  const started = performance.now();
  await api(sandbox).post('/control/v1/inbound', { contactId, text, channelId: CHANNEL.official.id });
  await heard;
  return performance.now() - started;
}

describe('a network that lets HTTPS through but refuses WebSockets', () => {
  it('WebSocket refused: the socket goes by HTTP long-polling through the same proxy, live, and the desk is online', async () => {
    const proxy = await startConnectProxy();
    proxies.push(proxy);
    proxy.refuseRealtime('websocket');
    const desk = await openDesk(proxy);
    await until('online with realtime', async () => {
      const c = await connectivityOf(desk.core);
      return c.state === 'online' && c.realtime === 'connected';
    }, 5_000);
    expect(proxy.refusedSocketRequests.length).toBeGreaterThan(0);
    expect(proxy.requests.some((line) => /^GET \/socket\.io\/\?.*transport=polling/.test(line))).toBe(true);

    const { sessionId, contactId } = await openConversation(desk, 'vinicius romao');
    const sentMs = await sendTook(desk, sessionId, 'Segue o boleto.', 5_000);
    const replyMs = await replyTook(desk, contactId, 'Recebi, obrigado!', 3_000);
    console.info(`[medida] WebSocket recusado, long-polling: Enter → no HelenaCRM ${Math.round(sentMs)} ms; resposta do contato → no core ${Math.round(replyMs)} ms`);
    // Live, not by a delta sync: well under the poll's interval.
    expect(replyMs).toBeLessThan(POLL_MS);
  });

  it('the socket refused altogether: messages go out, replies come by a delta every few seconds, the status says so, and the polling stops once the socket gets through', async () => {
    // Not "Conectando…" for ever: online (REST works), without realtime.
    const { proxy, desk } = await deskWithoutSocket();

    const { sessionId, contactId } = await openConversation(desk, 'sebastiao magalhaes');
    const sentMs = await sendTook(desk, sessionId, 'Segue o boleto.', 5_000);
    const replyMs = await replyTook(desk, contactId, 'Recebi, obrigado!', 3 * POLL_MS + 2_000);
    console.info(`[medida] socket recusado (só REST), consulta a cada ${POLL_MS} ms: Enter → no HelenaCRM ${Math.round(sentMs)} ms; resposta do contato → no core ${Math.round(replyMs)} ms`);
    // Once HelenaCRM answered, the socket's retries (several a second here) never bring "Conectando…" back.
    const states = desk.events.flatMap((e) => (e.type === 'connectivity' ? [e.state] : []));
    expect(states.indexOf('online')).toBeGreaterThanOrEqual(0);
    expect(states.slice(states.indexOf('online'))).not.toContain('connecting');

    // Each poll is a routine delta: the open-list comparison (the whole open list, a request per
    // 100 open conversations) stays on its own schedule.
    const mark = proxy.requests.length;
    await new Promise((resolve) => setTimeout(resolve, 4 * POLL_MS));
    const rest = proxy.requests.slice(mark).filter((line) => !line.includes(' /socket.io/'));
    // A poll reads the conversations changed since its cursor in one request (its first page is its start).
    const polls = rest.filter((line) => line.startsWith('GET /chat/v2/session?') && line.includes('UpdatedAt.After=')).length;
    expect(polls).toBeGreaterThanOrEqual(2);
    expect(rest.filter((line) => line.startsWith('GET /chat/v2/session?') && !line.includes('UpdatedAt.After='))).toEqual([]);
    console.info(`[medida] socket recusado: ${polls} consultas em ${4 * POLL_MS} ms, ${(rest.length / polls).toFixed(1)} requisições REST cada (demo)`);
    // The way opens: the socket connects, and the deltas on a timer stop.
    proxy.refuseRealtime('none');
    await until('online with realtime', async () => {
      const c = await connectivityOf(desk.core);
      return c.state === 'online' && c.realtime === 'connected';
    }, 5_000);
    const deltas = (): number => desk.events.filter((e) => e.type === 'sync-finished' && e.phase === 'delta').length;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    const before = deltas();
    await new Promise((resolve) => setTimeout(resolve, 3 * POLL_MS));
    expect(deltas()).toBe(before);
  });

  it('the socket refused altogether: a reply shows in the conversation the agent has open, not only in the tray and the desk', async () => {
    const { desk } = await deskWithoutSocket();
    const { sessionId, contactId } = await openConversation(desk, 'sebastiao magalhaes');
    const screen = await followScreen(desk.core, sessionId);
    try {
      await api(sandbox).post('/control/v1/inbound', { contactId, text: 'Ainda aguardo.', channelId: CHANNEL.official.id });
      // A delta brings the conversation moved on; the screen's read then fetches its message.
      await until('the reply on the open screen', () => screen.latest.messages.some((m) => m.text === 'Ainda aguardo.'), 3 * POLL_MS + 3_000);
    } finally {
      screen.close();
    }
  });

  it('a proxy that swallows the WebSocket upgrade (no refusal, no answer): after the opening times out, the socket comes up by long-polling', async () => {
    const proxy = await startConnectProxy();
    proxies.push(proxy);
    proxy.hangWebsocket();
    const desk = await openDesk(proxy, 1_000);
    await until('online with realtime', async () => {
      const c = await connectivityOf(desk.core);
      return c.state === 'online' && c.realtime === 'connected';
    }, 6_000);
    expect(proxy.requests.some((line) => line.includes('transport=polling'))).toBe(true);
  });
});
