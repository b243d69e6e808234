/**
 * A real HTTP proxy for the tests (the `proxy` package: CONNECT tunnels, Basic proxy auth), on
 * 127.0.0.1, that records what it was asked: each CONNECT's target, and the first line of every
 * HTTP request that went through a tunnel (the targets here speak plain http, so the proxy can see
 * which was REST, the socket, an upload). It can be stopped and started again on the same port, as
 * a proxy that goes down and comes back.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Readable } from 'node:stream';
import { createProxy } from 'proxy';

export interface ConnectProxy {
  /** http://127.0.0.1:port (no credentials). */
  readonly url: string;
  readonly port: number;
  /** CONNECT targets, in order ("127.0.0.1:4010"). */
  readonly connects: string[];
  /** CONNECTs refused for want of credentials. */
  readonly refused: string[];
  /** First lines of the requests seen inside tunnels ("GET /socket.io/?EIO=4&transport=websocket HTTP/1.1"). */
  readonly requests: string[];
  /** Stops listening and cuts every tunnel. */
  stop(): Promise<void>;
  /**
   * The network under the tunnels dies without a word, as after a sleep or a move to another
   * network: nothing more crosses the tunnels open now, in either direction, and nothing closes
   * them (no FIN, no RST) — the client's socket looks alive. With `newConnections`, later
   * connections are swallowed the same way (a proxy this computer can no longer reach); without,
   * they work. stop() still ends them all.
   */
  blackhole(options?: { newConnections?: boolean }): void;
  /** Listens again on the same port. */
  start(): Promise<void>;
  /**
   * From now on, requests to the realtime socket are answered 403 and their tunnel closed, as a
   * firewall or a TLS-inspecting proxy that allows HTTPS does: 'websocket' refuses the WebSocket
   * upgrade only (long-polling gets through), 'socket' every request under /socket.io/, 'none'
   * lets everything through again. Counted in `refusedSocketRequests`.
   */
  refuseRealtime(which: 'websocket' | 'socket' | 'none'): void;
  /** From now on a WebSocket upgrade is never answered (a proxy that buffers or drops it): no error, no reply. */
  hangWebsocket(): void;
  /** First lines of the requests refused by refuseRealtime. */
  readonly refusedSocketRequests: string[];
}

export interface ConnectProxyOptions {
  /** Requires Basic proxy credentials (answers 407 without them). */
  credentials?: { user: string; password: string };
}

const REQUEST_LINE = /^[A-Z]+ \/\S* HTTP\/1\.[01]$/;
const REFUSED_REALTIME = {
  websocket: /^GET \/socket\.io\/\S*[?&]transport=websocket/,
  socket: /^[A-Z]+ \/socket\.io\//,
} as const;

export async function startConnectProxy(options: ConnectProxyOptions = {}): Promise<ConnectProxy> {
  const connects: string[] = [];
  const refused: string[] = [];
  const requests: string[] = [];
  const refusedSocketRequests: string[] = [];
  let refuse: RegExp | null = null;
  let hangWebsocket = false;
  const expected = options.credentials ? `Basic ${Buffer.from(`${options.credentials.user}:${options.credentials.password}`).toString('base64')}` : null;
  let port = 0;
  let server: ReturnType<typeof createProxy> | null = null;
  const sockets = new Set<Socket>();
  let swallowNew = false;
  /** The connection to the target behind each tunnel (the library pipes it into the client's socket). */
  const targets = new WeakMap<Socket, Readable>();
  const swallowed = new Set<Socket>();
  /** Reads nothing more from the client and writes nothing to it; ends and closes are swallowed too. */
  const swallow = (socket: Socket): void => {
    swallowed.add(socket);
    socket.pause();
    socket.removeAllListeners('data');
    const silent = socket as unknown as { write: () => boolean; end: () => Socket };
    silent.write = () => true;
    silent.end = () => socket;
  };

  const listen = async (): Promise<void> => {
    const proxy = createProxy(createServer());
    if (expected) {
      proxy.authenticate = (req: IncomingMessage) => {
        const ok = req.headers['proxy-authorization'] === expected;
        if (!ok) refused.push(req.url ?? '');
        return ok;
      };
    }
    proxy.on('connection', (socket: Socket) => {
      sockets.add(socket);
      socket.once('close', () => sockets.delete(socket));
      socket.on('pipe', (target: Readable) => targets.set(socket, target));
      if (swallowNew) swallow(socket);
    });
    // After the library's own listener, which has paused the socket: ours does not start it flowing.
    proxy.on('connect', (req: IncomingMessage, socket: Socket) => {
      connects.push(req.url ?? '');
      socket.on('data', (chunk: Buffer) => {
        const line = chunk.toString('latin1').split('\r\n', 1)[0] ?? '';
        if (!REQUEST_LINE.test(line)) return;
        requests.push(line);
        if (hangWebsocket && REFUSED_REALTIME.websocket.test(line)) {
          swallow(socket);
          return;
        }
        if (refuse?.test(line)) {
          refusedSocketRequests.push(line);
          // The target gets nothing more and sends nothing back; the client reads the refusal.
          targets.get(socket)?.destroy();
          socket.end('HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain\r\nContent-Length: 28\r\nConnection: close\r\n\r\nBlocked by the proxy policy.');
        }
      });
    });
    await new Promise<void>((resolve, reject) => {
      proxy.once('error', reject);
      proxy.listen(port, '127.0.0.1', () => resolve());
    });
    port = (proxy.address() as AddressInfo).port;
    server = proxy;
  };

  await listen();
  return {
    get url() {
      return `http://127.0.0.1:${port}`;
    },
    get port() {
      return port;
    },
    connects,
    refused,
    requests,
    refusedSocketRequests,
    refuseRealtime(which) {
      refuse = which === 'none' ? null : REFUSED_REALTIME[which];
    },
    hangWebsocket() {
      hangWebsocket = true;
    },
    async stop() {
      const current = server;
      server = null;
      if (!current) return;
      const closed = new Promise<void>((resolve) => current.close(() => resolve()));
      // Ended rather than destroyed: the end travels through each tunnel to the target (the
      // library pipes it on, and has no other way to drop its side), so the server is not left
      // holding connections nobody will close. What does not close by itself is cut.
      swallowNew = false;
      // A swallowed end never reaches the target: its side is cut here, or the server would hold it open.
      for (const socket of swallowed) targets.get(socket)?.destroy();
      swallowed.clear();
      for (const socket of sockets) socket.end();
      const deadline = Date.now() + 500;
      while (sockets.size > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
      for (const socket of sockets) socket.destroy();
      await closed;
    },
    start: listen,
    blackhole(options = {}) {
      for (const socket of sockets) swallow(socket);
      swallowNew = options.newConnections ?? false;
    },
  };
}
