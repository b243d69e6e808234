/**
 * RealtimeConnection against a real socket.io server on a free port that records each handshake
 * and sends what a test tells it to (including junk a faulty gateway could send).
 */
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server, type Socket } from 'socket.io';
import { afterEach, describe, expect, it } from 'vitest';
import type { RealtimeMessage } from './payload';
import { RealtimeConnection, type RealtimeAuthError, type RealtimeState } from './realtime-connection';

interface TestServer {
  url: string;
  io: Server;
  handshakes: unknown[];
  sockets: Socket[];
  close(): Promise<void>;
}

async function startServer(refuse?: { key: string; text: string }): Promise<TestServer> {
  const http: HttpServer = createServer();
  const io = new Server(http, { path: '/socket.io' });
  const handshakes: unknown[] = [];
  const sockets: Socket[] = [];
  io.use((socket, next) => {
    handshakes.push(socket.handshake.auth);
    if (refuse) return next(Object.assign(new Error(refuse.key), { data: refuse }));
    next();
  });
  io.on('connection', (socket) => sockets.push(socket));
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    io,
    handshakes,
    sockets,
    close: () => new Promise<void>((resolve) => io.close(() => resolve())),
  };
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

describe('RealtimeConnection', () => {
  it('sends the current offset on every reconnection and skips unreadable payloads without dropping the socket', async () => {
    server = await startServer();
    let offset: number | null = null;
    const received: RealtimeMessage[] = [];
    const states: RealtimeState[] = [];
    const warnings: string[] = [];
    connection = new RealtimeConnection({
      url: server.url,
      getToken: () => 'token-1',
      getOffset: () => offset,
      onMessage: (m) => {
        received.push(m);
        if (m.kind !== 'resync') offset = m.offset;
      },
      onStateChange: (s) => states.push(s),
      logger: { warn: (m) => warnings.push(m) },
      reconnectDelayMs: 20,
      reconnectDelayMaxMs: 50,
    });
    connection.start();
    await waitFor(() => connection?.state === 'connected', 'connected');
    expect(server.handshakes).toEqual([{ token: 'token-1', offset: null }]);

    const socket = server.sockets[0] as Socket;
    socket.emit('event', { eventType: 'CONTACT_NEW', offset: 'x' });
    socket.emit('event', 'lixo');
    socket.emit('event', { eventType: 'CONTACT_NEW', date: contact.createdAt, content: contact, offset: 5 });
    await waitFor(() => received.length === 1, 'the valid event');
    expect(warnings.filter((w) => w.includes('unreadable'))).toHaveLength(2);
    expect(offset).toBe(5);

    socket.conn.close(); // as a network failure would
    await waitFor(() => server?.handshakes.length === 2 && connection?.state === 'connected', 'reconnected');
    expect(server.handshakes[1]).toEqual({ token: 'token-1', offset: 5 });
    expect(states).toContain('offline');
    expect(states.at(-1)).toBe('connected');
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
});
