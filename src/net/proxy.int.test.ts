/**
 * The core behind a corporate proxy, for real: the sandbox HelenaCRM, a real CONNECT proxy (the
 * `proxy` package) in front of it on 127.0.0.1, and the console with the real engines routed
 * through it (createNetRoute). Login, sync, a send, a file each way and the realtime socket all go
 * through the proxy, which sees every tunnel; a proxy that goes away is named in the agent's
 * message and the app recovers when it is back; a proxy that wants a password says so, and works
 * with the credentials in the proxy URL.
 */
import { mkdtempSync } from 'node:fs';
import { failure } from '../api/testing/failure';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { api, DEMO_LOGINS, readLoginCode, startTestSandbox, type RunningSandbox } from '../../sandbox/testing';
import { CHANNEL, TEAM } from '../../sandbox/seed';
import { HelenaClient } from '../api/helena-client';
import { HelenaConsole } from '../console/console';
import type { CoreEvent } from '../console/core-events';
import { realEngines } from '../console/real-engines';
import { MemorySecretStore } from '../console/secret-store';
import { contactNamed, nextEvent, until } from '../console/testing/console-rig';
import { probeServer } from '../server-setup/server-probe';
import { createNetRoute, type NetRoute } from './net-route';
import { startConnectProxy, type ConnectProxy } from './testing/connect-proxy';

let sandbox: RunningSandbox;
const closers: Array<() => Promise<void>> = [];

beforeAll(async () => {
  sandbox = await startTestSandbox();
});
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});
afterAll(async () => {
  await sandbox.close();
});

async function proxyFor(options: Parameters<typeof startConnectProxy>[0] = {}): Promise<ConnectProxy> {
  const proxy = await startConnectProxy(options);
  closers.push(() => proxy.stop());
  return proxy;
}

/** A route as the shell builds one; the OS store is left out so the test means the same on every Node. */
function routeVia(proxyUrl: string | null): NetRoute {
  return createNetRoute({ proxyUrl, systemStore: false });
}

async function openConsole(route: NetRoute): Promise<{ core: HelenaConsole; events: CoreEvent[] }> {
  const core = new HelenaConsole({
    secrets: new MemorySecretStore(),
    prices: {},
    engines: realEngines({ sync: { realtime: { reconnectDelayMs: 50, reconnectDelayMaxMs: 250 }, retryBaseMs: 100, retryCapMs: 500 } }),
    client: { route, retry: { maxAttempts: 1 }, timeoutMs: 3_000 },
  });
  const events: CoreEvent[] = [];
  core.on((event) => events.push(event));
  await core.open({ location: mkdtempSync(join(tmpdir(), 'helena-proxy-')), baseUrl: sandbox.url });
  closers.push(() => core.close());
  return { core, events };
}

async function login(core: HelenaConsole): Promise<void> {
  await core.invoke('auth.requestCode', { login: DEMO_LOGINS.agent });
  await core.invoke('auth.verify', { login: DEMO_LOGINS.agent, code: await readLoginCode(sandbox, DEMO_LOGINS.agent) });
  await core.whenSynced();
}

const snapshot = (core: HelenaConsole) => core.invoke('state.snapshot', {});
const target = () => new URL(sandbox.url).host;

describe('HelenaCRM through a corporate proxy', () => {
  it('login, sync, a send, a file each way and realtime events all go through the proxy’s tunnels', async () => {
    const proxy = await proxyFor();
    const { core } = await openConsole(routeVia(proxy.url));
    await login(core);
    await until('online, socket included', async () => {
      const { connectivity } = await snapshot(core);
      return connectivity.state === 'online' && connectivity.realtime === 'connected' && connectivity.detail === undefined;
    });

    // A contact writes: the event reaches the desk over the socket, through the proxy.
    const contactId = await contactNamed(core, 'vinicius romao');
    const replied = nextEvent(core, 'contact-replied', (e) => e.contactId === contactId);
    await api(sandbox).post('/control/v1/inbound', {
      contactId,
      text: 'Segue o comprovante',
      channelId: CHANNEL.official.id,
      file: { name: 'comprovante.txt', mimeType: 'text/plain', data: Buffer.from('pago em 10/11').toString('base64') },
    });
    const { sessionId } = await replied;
    await until('in the list', async () => (await core.invoke('conversation.list', {})).find((c) => c.id === sessionId));
    await core.invoke('conversation.assume', { sessionId });

    const text = await core.invoke('message.sendText', { sessionId, text: 'Recebido, obrigada!' });
    const pdf = Buffer.from(`%PDF-1.4\n${'recibo '.repeat(2_000)}\n%%EOF\n`);
    const file = await core.invoke('message.sendFile', { sessionId, name: 'recibo.pdf', mimeType: 'application/pdf', size: pdf.length, data: pdf.toString('base64') });
    await until('both sent', async () => {
      const messages = (await core.invoke('conversation.open', { sessionId })).messages;
      return [text.localId, file.localId].every((id) => messages.find((m) => m.localId === id)?.outboxState === 'sent');
    });
    const received = await until('the contact’s file', async () =>
      (await core.invoke('conversation.open', { sessionId })).messages.find((m) => m.direction === 'TO_HUB' && m.file !== null),
    );
    const fetched = await core.invoke('file.fetch', { localId: received.localId });
    expect(Buffer.from(fetched.data, 'base64').toString()).toBe('pago em 10/11');

    // Every connection was a tunnel to HelenaCRM, and each kind of traffic went through one.
    expect(proxy.connects.length).toBeGreaterThan(0);
    expect(new Set(proxy.connects)).toEqual(new Set([target()]));
    const seen = (pattern: RegExp) => proxy.requests.some((line) => pattern.test(line));
    expect(seen(/^POST \/auth\/v1\/login\/code /)).toBe(true);
    expect(seen(/^GET \/core\/v1\/contact\?/)).toBe(true);
    expect(seen(/^GET \/socket\.io\/\?.*transport=websocket/)).toBe(true);
    expect(seen(/^POST \/chat\/v1\/session\/[^/]+\/message /)).toBe(true);
    expect(seen(/^PUT \/uploads\/v1\//)).toBe(true);
    expect(seen(/^GET \/files\/v1\//)).toBe(true);
  });

  it('proxy down: the agent is told which proxy failed and what to do; everything comes back with it', async () => {
    const proxy = await proxyFor();
    const { core, events } = await openConsole(routeVia(proxy.url));
    await login(core);
    await until('online', async () => (await snapshot(core)).connectivity.realtime === 'connected');
    // The socket's attempts as the sync engine says them: the console tells the window fewer (coalesced).
    const engineSaid: CoreEvent[] = [];
    core.requireEngines().sync.on((event) => engineSaid.push(event));

    await proxy.stop();
    // The socket's tunnel went with it; the desk says offline before the agent tries anything.
    await until('realtime offline', async () => (await snapshot(core)).connectivity.realtime !== 'connected');
    const refused = await core.handle('auth.requestCode', { login: DEMO_LOGINS.admin });
    expect(refused).toEqual({
      ok: false,
      error: {
        code: 'api.network',
        message: `Não foi possível conectar ao HelenaCRM pelo proxy 127.0.0.1:${proxy.port}. Confira a configuração de proxy do computador ou avise a TI.`,
      },
    });
    await core.handle('sync.now', {});
    await until('offline, said to be the proxy', () => events.some((e) => e.type === 'connectivity' && e.state === 'offline' && e.detail === 'network.proxy'));
    // The socket keeps redialling (every 250 ms here): the reason stays said through its attempts.
    const said = engineSaid.findIndex((e) => e.type === 'connectivity' && e.detail === 'network.proxy');
    await until('a redial after it', () => engineSaid.slice(said + 1).some((e) => e.type === 'connectivity' && e.realtime === 'connecting'));
    expect(engineSaid.slice(said).filter((e) => e.type === 'connectivity' && e.state === 'offline' && e.detail !== 'network.proxy')).toEqual([]);
    const told = events.findIndex((e) => e.type === 'connectivity' && e.detail === 'network.proxy');
    expect(events.slice(told).filter((e) => e.type === 'connectivity' && e.state === 'offline' && e.detail !== 'network.proxy')).toEqual([]);
    // A window opened now reads the reason from the snapshot (the status bar says "avise a TI").
    expect((await snapshot(core)).connectivity).toMatchObject({ state: 'offline', detail: 'network.proxy' });
    // Typed meanwhile: kept, sent when the proxy is back.
    const contactId = await contactNamed(core, 'sebastiao magalhaes');
    const queued = await core.invoke('conversation.start', { contactId, channelId: CHANNEL.qr.id, teamId: TEAM.vendas.id, text: 'Bom dia! Posso ajudar?' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await snapshot(core)).outbox).toMatchObject({ queued: 1, sent: 0, failed: 0 });

    const before = proxy.connects.length;
    await proxy.start();
    await until('online again, socket included', async () => {
      const { connectivity } = await snapshot(core);
      return connectivity.state === 'online' && connectivity.realtime === 'connected' && connectivity.detail === undefined;
    });
    await core.invoke('sync.now', {});
    const sent = await until('the queued start sent', async () => {
      const { outbox } = await snapshot(core);
      return outbox.sent === 1 ? outbox : null;
    });
    expect(sent).toMatchObject({ queued: 0, sending: 0, failed: 0 });
    expect(queued.state).toBe('queued');
    expect(proxy.connects.length).toBeGreaterThan(before);
  });

  it('a proxy that wants a password: said once, no retries; with user:password in the proxy URL it works, and the password is never shown', async () => {
    const password = 's3nh@ secreta';
    const proxy = await proxyFor({ credentials: { user: 'ana.souza', password } });
    const client = (route: NetRoute) => new HelenaClient({ baseUrl: sandbox.url, getToken: () => null, route, retry: { maxAttempts: 3, baseMs: 10, capMs: 20 } });

    const denied = await failure(client(routeVia(proxy.url)).requestLoginCode(DEMO_LOGINS.agent));
    expect(denied.detail).toEqual({ kind: 'network', cause: 'proxy_auth' });
    expect(denied.message).toMatch(/^O proxy da rede pediu usuário e senha .*Isso não se resolve sozinho: avise a TI/);
    expect(denied.retryable).toBe(true); // queued messages go out by themselves once IT fixes it
    expect(proxy.refused).toHaveLength(1); // not repeated within the call
    expect(await probeServer(sandbox.url, { route: routeVia(proxy.url) })).toEqual({ ok: false, problem: 'proxy_auth' });

    const withCredentials = `http://ana.souza:${encodeURIComponent(password)}@127.0.0.1:${proxy.port}`;
    const route = routeVia(withCredentials);
    expect(route.describe).toBe(`pelo proxy http://***@127.0.0.1:${proxy.port}`);
    expect(route.proxyHost).toBe(`127.0.0.1:${proxy.port}`);
    await expect(client(route).requestLoginCode(DEMO_LOGINS.agent)).resolves.toMatchObject({ channel: 'email' });
    expect(await probeServer(sandbox.url, { route })).toEqual({ ok: true });

    // A wrong password reads the same, and no message or log field carries it.
    const wrong = await failure(client(routeVia(`http://ana.souza:errada@127.0.0.1:${proxy.port}`)).requestLoginCode(DEMO_LOGINS.agent));
    expect(wrong.detail).toEqual({ kind: 'network', cause: 'proxy_auth' });
    expect(JSON.stringify(wrong)).not.toMatch(/errada|s3nh/);
  });

  it('the setup screen’s probe names the proxy when it is down', async () => {
    const proxy = await proxyFor();
    // As main.ts probes: a route of its own for each address checked.
    expect(await probeServer(sandbox.url, { route: routeVia(proxy.url) })).toEqual({ ok: true });
    await proxy.stop();
    expect(await probeServer(sandbox.url, { route: routeVia(proxy.url) })).toEqual({ ok: false, problem: 'proxy', proxy: `127.0.0.1:${proxy.port}` });
  });
});
