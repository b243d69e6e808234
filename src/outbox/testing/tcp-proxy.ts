/**
 * A TCP proxy in front of the sandbox for outbox tests: 'pass' forwards both ways, 'down' resets
 * every connection (the network is gone), 'hold' forwards requests but never delivers the answers
 * (the server acted, the client never hears back: the instant a crash must survive).
 * throttle(bytesPerSecond) slows what the client sends (an upload on a call center's slow line),
 * in any mode; null lifts it. holdAnswersTo(pattern) holds, in 'pass', only the answers to requests
 * whose request line ("POST /chat/v1/send/text HTTP/1.1") matches: the line where reads answer and
 * sends time out. A connection that carried one delivers nothing more (the client drops it at its
 * deadline anyway); null lifts it for new requests.
 */
import { createServer, connect, type Socket, type AddressInfo } from 'node:net';

export type ProxyMode = 'pass' | 'down' | 'hold';

export interface TcpProxy {
  url: string;
  setMode(mode: ProxyMode): void;
  throttle(bytesPerSecond: number | null): void;
  holdAnswersTo(pattern: RegExp | null): void;
  close(): Promise<void>;
}

export async function startTcpProxy(targetUrl: string): Promise<TcpProxy> {
  const target = new URL(targetUrl);
  let mode: ProxyMode = 'pass';
  let rate: number | null = null;
  let holdPattern: RegExp | null = null;
  const open = new Set<Socket>();
  const server = createServer((client) => {
    if (mode === 'down') {
      client.destroy();
      return;
    }
    const upstream = connect(Number(target.port), target.hostname);
    open.add(client);
    open.add(upstream);
    let holding = mode === 'hold';
    client.on('data', (chunk) => {
      // A request's first chunk starts with its request line (a body's chunk never looks like one).
      if (holdPattern?.test(chunk.toString('latin1', 0, Math.min(chunk.length, 512)))) holding = true;
      upstream.write(chunk);
      if (rate === null) return;
      // Read no more until this chunk's share of a second has passed: TCP's backpressure slows the sender.
      client.pause();
      setTimeout(() => client.resume(), Math.ceil((chunk.length / rate) * 1000)).unref();
    });
    upstream.on('data', (chunk) => {
      if (!holding) client.write(chunk);
    });
    const end = () => {
      client.destroy();
      upstream.destroy();
      open.delete(client);
      open.delete(upstream);
    };
    client.on('close', end);
    upstream.on('close', end);
    client.on('error', end);
    upstream.on('error', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    setMode(next) {
      mode = next;
      // Keep-alive connections would otherwise carry on in the old mode.
      for (const socket of open) socket.destroy();
      open.clear();
    },
    throttle(bytesPerSecond) {
      rate = bytesPerSecond;
    },
    holdAnswersTo(pattern) {
      holdPattern = pattern;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of open) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
