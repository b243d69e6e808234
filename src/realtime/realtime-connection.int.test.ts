/**
 * RealtimeConnection against a real socket.io server on a free port that records each handshake
 * and sends what a test tells it to (including junk a faulty gateway could send).
 */
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server, type Socket } from 'socket.io';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { REALTIME_PROBE_EVENT } from '../api/helena-dto';
import type { RealtimeMessage } from './payload';
import { RealtimeConnection, type RealtimeAuthError, type RealtimeState } from './realtime-connection';

interface TestServer {
  url: string;
  io: Server;
  handshakes: unknown[];
  sockets: Socket[];
  /** Probes received, answered or not. */
  probes: number;
  /** false: probes get no answer, as on a connection the network left dead. */
  answerProbes: boolean;
  close(): Promise<void>;
}

/** `pollingOnly`: the server refuses the WebSocket transport (400), as a network that blocks the upgrade leaves a client. */
async function startServer(refuse?: { key: string; text: string }, options: { pollingOnly?: boolean } = {}): Promise<TestServer> {
  const http: HttpServer = createServer();
  const io = new Server(http, { path: '/socket.io', ...(options.pollingOnly ? { transports: ['polling'] as const } : {}) });
  const handshakes: unknown[] = [];
  const sockets: Socket[] = [];
  io.use((socket, next) => {
    handshakes.push(socket.handshake.auth);
    if (refuse) return next(Object.assign(new Error(refuse.key), { data: refuse }));
    next();
  });
  io.on('connection', (socket) => {
    sockets.push(socket);
    socket.on(REALTIME_PROBE_EVENT, (ack: () => void) => {
      started.probes++;
      if (started.answerProbes) ack();
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  const started: TestServer = {
    url: `http://127.0.0.1:${port}`,
    io,
    handshakes,
    sockets,
    probes: 0,
    answerProbes: true,
    close: () => new Promise<void>((resolve) => io.close(() => resolve())),
  };
  return started;
}

async function waitFor(check: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

let server: TestServer | null = null;
let connection: RealtimeConnection | null = null;
afterEach(async () => {
  vi.useRealTimers();
  connection?.stop();
  await server?.close();
  server = null;
  connection = null;
});

const contact = {
  id: '00000000-0000-4000-8000-000000000001',
  createdAt: '2025-01-01T00:00:00.000Z',
  updatedAt: '2025-01-01T00:00:00.000Z',
  name: 'Ana',
  phoneNumber: null,
  email: null,
  status: 'ACTIVE',
};

/** A started connection with token-1 that keeps the offset of each event it applies, as the sync engine does. */
function follow(to: TestServer, startOffset: number | null) {
  const seen = { offset: startOffset };
  const received: RealtimeMessage[] = [];
  const states: RealtimeState[] = [];
  const warnings: string[] = [];
  connection = new RealtimeConnection({
    url: to.url,
    getToken: () => 'token-1',
    getOffset: () => seen.offset,
    onMessage: (m) => {
      received.push(m);
      if (m.kind !== 'resync') seen.offset = m.offset;
    },
    onStateChange: (s) => states.push(s),
    logger: { warn: (m) => warnings.push(m) },
    reconnectDelayMs: 20,
    reconnectDelayMaxMs: 50,
  });
  connection.start();
  return { received, states, warnings, offset: () => seen.offset };
}

describe('RealtimeConnection', () => {
  it('sends the current offset on every reconnection and skips unreadable payloads without dropping the socket', async () => {
    server = await startServer();
    const { received, states, warnings, offset } = follow(server, null);
    await waitFor(() => connection?.state === 'connected', 'connected');
    expect(server.handshakes).toEqual([{ token: 'token-1', offset: null }]);

    const socket = server.sockets[0] as Socket;
    socket.emit('event', { eventType: 'CONTACT_NEW', offset: 'x' });
    socket.emit('event', 'lixo');
    socket.emit('event', { eventType: 'CONTACT_NEW', date: contact.createdAt, content: contact, offset: 5 });
    await waitFor(() => received.length === 1, 'the valid event');
    expect(warnings.filter((w) => w.includes('unreadable'))).toHaveLength(2);
    expect(offset()).toBe(5);

    socket.conn.close(); // as a network failure would
    await waitFor(() => server?.handshakes.length === 2 && connection?.state === 'connected', 'reconnected');
    expect(server.handshakes[1]).toEqual({ token: 'token-1', offset: 5 });
    expect(states).toContain('offline');
    expect(states.at(-1)).toBe('connected');
  });

  it('falls back to HTTP long-polling where the WebSocket is refused: same auth and offset on every (re)connection, events flow', async () => {
    server = await startServer(undefined, { pollingOnly: true });
    const { received, states } = follow(server, 3);
    await waitFor(() => connection?.state === 'connected', 'connected');
    // The refused WebSocket is no failure of the connection: it opens on the next transport.
    expect(states).toEqual(['connecting', 'connected']);
    expect(server.handshakes).toEqual([{ token: 'token-1', offset: 3 }]);
    const socket = server.sockets[0] as Socket;
    expect(socket.conn.transport.name).toBe('polling');
    socket.emit('event', { eventType: 'CONTACT_NEW', date: contact.createdAt, content: contact, offset: 5 });
    await waitFor(() => received.length === 1, 'the event');

    socket.conn.close();
    await waitFor(() => server?.handshakes.length === 2 && connection?.state === 'connected', 'reconnected');
    expect(server.handshakes[1]).toEqual({ token: 'token-1', offset: 5 });
  });

  it('reports an expired token at the handshake once and does not retry', async () => {
    server = await startServer({ key: 'auth.token_expired', text: 'Token expired' });
    const errors: RealtimeAuthError[] = [];
    connection = new RealtimeConnection({
      url: server.url,
      getToken: () => 'old',
      getOffset: () => 12,
      onMessage: () => undefined,
      onAuthError: (e) => errors.push(e),
      reconnectDelayMs: 20,
      reconnectDelayMaxMs: 50,
    });
    connection.start();
    await waitFor(() => errors.length > 0, 'auth error');
    expect(errors).toEqual([{ key: 'auth.token_expired', text: 'Token expired', tokenExpired: true }]);
    await new Promise((resolve) => setTimeout(resolve, 150)); // several retry delays
    expect(server.handshakes).toHaveLength(1);
    expect(connection.state).toBe('stopped');
  });

  it('stops on auth_error sent by the server before it ends the socket', async () => {
    server = await startServer();
    const errors: RealtimeAuthError[] = [];
    connection = new RealtimeConnection({
      url: server.url,
      getToken: () => 't',
      getOffset: () => null,
      onMessage: () => undefined,
      onAuthError: (e) => errors.push(e),
      reconnectDelayMs: 20,
    });
    connection.start();
    await waitFor(() => connection?.state === 'connected', 'connected');
    const socket = server.sockets[0] as Socket;
    socket.emit('auth_error', { key: 'auth.token_expired', text: 'expired' });
    socket.disconnect(true);
    await waitFor(() => connection?.state === 'stopped', 'stopped');
    expect(errors).toEqual([{ key: 'auth.token_expired', text: 'expired', tokenExpired: true }]);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(server.handshakes).toHaveLength(1);
  });

  describe('checkNow: the network may have changed', () => {
    /** Connected to a fresh server, with the states it went through from then on. */
    async function connected(probeWaitMinMs = 100, pollingOnly = false): Promise<{ server: TestServer; connection: RealtimeConnection; states: RealtimeState[] }> {
      const started = await startServer(undefined, { pollingOnly });
      server = started;
      const states: RealtimeState[] = [];
      const opened = new RealtimeConnection({
        url: started.url,
        getToken: () => 't',
        getOffset: () => 7,
        onMessage: () => undefined,
        onStateChange: (s) => states.push(s),
        reconnectDelayMs: 20,
        probeWaitMinMs,
      });
      connection = opened;
      opened.start();
      await waitFor(() => opened.state === 'connected', 'connected');
      states.length = 0;
      return { server: started, connection: opened, states };
    }

    it('keeps a quiet socket that answers the probe: no new handshake, no change of state, one probe for two checks', async () => {
      const { server, connection, states } = await connected();
      const [first, second] = await Promise.all([connection.checkNow(0), connection.checkNow(0)]);
      expect([first, second]).toEqual([false, false]);
      expect(server.probes).toBe(1);
      expect(server.handshakes).toHaveLength(1);
      expect(states).toEqual([]);
      expect(connection.state).toBe('connected');
    });

    it('dials a socket again, with the current offset, when the probe gets no answer within its wait', async () => {
      const { server, connection, states } = await connected(150);
      server.answerProbes = false;
      const asked = performance.now();
      expect(await connection.checkNow(0)).toBe(true);
      expect(performance.now() - asked).toBeGreaterThanOrEqual(140);
      await waitFor(() => connection.state === 'connected', 'connected again');
      expect(server.probes).toBe(1);
      expect(server.handshakes).toEqual([
        { token: 't', offset: 7 },
        { token: 't', offset: 7 },
      ]);
      expect(states).toEqual(['connecting', 'connected']);
    });

    it('keeps a socket that sends anything while its probe waits (an answer queued behind a replay)', async () => {
      const { server, connection, states } = await connected(150);
      server.answerProbes = false;
      const checked = connection.checkNow(0);
      await waitFor(() => server.probes === 1, 'the probe');
      (server.sockets[0] as Socket).emit('event', 'anything at all');
      expect(await checked).toBe(false);
      expect(server.handshakes).toHaveLength(1);
      expect(states).toEqual([]);
    });

    it('dials at once, without asking, a socket quiet for longer than engine.io’s ping deadline (a sleep)', async () => {
      const { server, connection } = await connected(1_000);
      // The wall clock jumps as after a sleep; the ping timer that would have called it dead has not run.
      vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 60_000 });
      const asked = performance.now();
      expect(await connection.checkNow(0)).toBe(true);
      expect(performance.now() - asked).toBeLessThan(100);
      vi.useRealTimers();
      await waitFor(() => connection.state === 'connected' && server.handshakes.length === 2, 'connected again');
      expect(server.probes).toBe(0);
    });

    it('over long-polling too: a socket that answers the probe is kept, one that does not is dialled again', async () => {
      const { server, connection, states } = await connected(150, true);
      expect(await connection.checkNow(0)).toBe(false);
      expect(server.probes).toBe(1);
      expect(server.handshakes).toHaveLength(1);
      // The first answer's packet is heard a tick after its ack: heard after the next probe, it would vouch for it.
      await new Promise((resolve) => setTimeout(resolve, 50));
      server.answerProbes = false;
      expect(await connection.checkNow(0)).toBe(true);
      await waitFor(() => connection.state === 'connected' && server.handshakes.length === 2, 'connected again');
      expect(states).toEqual(['connecting', 'connected']);
    });

    it('dials again at once a socket that goes by a proxy no longer chosen, alive or not', async () => {
      const { server, connection } = await connected();
      expect(await connection.checkNow(60_000, { rerouted: true })).toBe(true);
      await waitFor(() => connection.state === 'connected' && server.handshakes.length === 2, 'connected again');
      expect(server.probes).toBe(0);
    });
  });
});
