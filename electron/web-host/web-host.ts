/**
 * The web host: the whole app in a browser tab (`npm run web`, end-to-end tests), for machines
 * where Electron cannot run. One loopback HTTP server serves the built renderer and carries the
 * bridge over a WebSocket (bridge-socket.ts). It never listens beyond 127.0.0.1, answers only to
 * its own Host name, 127.0.0.1:port (a DNS-rebinding page cannot reach it; the bridge checks the
 * Origin against that same name), and the URL it prints carries the
 * per-run key in its fragment, which browsers never send to servers or put in Referer headers.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WEB_BRIDGE_TOKEN_PARAM } from '../../src/console/bridge-contract';
import { BridgeSocket, type BridgeCore } from './bridge-socket';
import { contentSecurityPolicy, serveStatic } from './static-files';

export interface WebHostOptions {
  core: BridgeCore;
  /** The built renderer (dist/renderer). */
  staticDir: string;
  /** 0 (default) picks a free port. */
  port?: number;
}

export interface RunningWebHost {
  /** Open this in the browser: it carries the key in its fragment. */
  url: string;
  origin: string;
  close(): Promise<void>;
}

const HOST = '127.0.0.1';

export async function startWebHost(options: WebHostOptions): Promise<RunningWebHost> {
  const key = randomBytes(24).toString('base64url');
  let origin = '';
  let csp = '';
  const allowedHosts = new Set<string>();
  const bridge = new BridgeSocket({ core: options.core, key, origin: () => origin });
  const hostAllowed = (request: IncomingMessage) => allowedHosts.has(request.headers.host ?? '');

  const server = createServer((request, response) => {
    if (!hostAllowed(request)) {
      response.writeHead(421, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Host não permitido.');
      return;
    }
    serveStatic(options.staticDir, csp, request, response).catch(() => {
      if (!response.headersSent) response.writeHead(500).end();
      else response.destroy();
    });
  });
  server.on('upgrade', (request, socket, head) => {
    if (!hostAllowed(request) || !bridge.handleUpgrade(request, socket, head)) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, HOST, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  origin = `http://${HOST}:${port}`;
  csp = contentSecurityPolicy(`ws://${HOST}:${port}`);
  allowedHosts.add(`${HOST}:${port}`);

  let closing: Promise<void> | null = null;
  return {
    url: `${origin}/#${WEB_BRIDGE_TOKEN_PARAM}=${key}`,
    origin,
    // Once: Ctrl+C and a test's cleanup may both ask.
    close() {
      closing ??= (async () => {
        await bridge.close();
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      })();
      return closing;
    },
  };
}
