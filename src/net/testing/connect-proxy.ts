/**
 * A real HTTP proxy for the tests (the `proxy` package: CONNECT tunnels, Basic proxy auth), on
 * 127.0.0.1, that records what it was asked: each CONNECT's target, and the first line of every
 * HTTP request that went through a tunnel (the targets here speak plain http, so the proxy can see
 * which was REST, the socket, an upload). It can be stopped and started again on the same port, as
 * a proxy that goes down and comes back.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
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
  /** Listens again on the same port. */
  start(): Promise<void>;
}

export interface ConnectProxyOptions {
  /** Requires Basic proxy credentials (answers 407 without them). */
  credentials?: { user: string; password: string };
}

const REQUEST_LINE = /^[A-Z]+ \/\S* HTTP\/1\.[01]$/;

export async function startConnectProxy(options: ConnectProxyOptions = {}): Promise<ConnectProxy> {
  const connects: string[] = [];
  const refused: string[] = [];
  const requests: string[] = [];
  const expected = options.credentials ? `Basic ${Buffer.from(`${options.credentials.user}:${options.credentials.password}`).toString('base64')}` : null;
  let port = 0;
  let server: ReturnType<typeof createProxy> | null = null;
  const sockets = new Set<Socket>();

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
    });
    // After the library's own listener, which has paused the socket: ours does not start it flowing.
    proxy.on('connect', (req: IncomingMessage, socket: Socket) => {
      connects.push(req.url ?? '');
      socket.on('data', (chunk: Buffer) => {
        const line = chunk.toString('latin1').split('\r\n', 1)[0] ?? '';
        if (REQUEST_LINE.test(line)) requests.push(line);
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
    async stop() {
      const current = server;
      server = null;
      if (!current) return;
      const closed = new Promise<void>((resolve) => current.close(() => resolve()));
      // Ended rather than destroyed: the end travels through each tunnel to the target (the
      // library pipes it on, and has no other way to drop its side), so the server is not left
      // holding connections nobody will close. What does not close by itself is cut.
      for (const socket of sockets) socket.end();
      const deadline = Date.now() + 500;
      while (sockets.size > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
      for (const socket of sockets) socket.destroy();
      await closed;
    },
    start: listen,
  };
}
