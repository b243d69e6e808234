/**
 * After a sign-out nothing reports reachability any more: a server error on the logout request
 * itself must not tell the login screen 'instável' from the last session's 'online'.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { HelenaConsole } from './console';
import type { CoreEvent } from './core-events';
import { MemorySecretStore } from './secret-store';
import { fakeEngines, seededCacheDir } from './test-support';

const PRICES = { UTILITY: { BR: { amount: 0.008, currency: 'USD' } } };
const TOKEN = 'tok_' + 'x'.repeat(40);

let server: Server;
let core: HelenaConsole;
let engines: ReturnType<typeof fakeEngines>;
const logoutRequests: string[] = [];

beforeEach(async () => {
  // HelenaCRM answering everything but the logout, which fails with a 503.
  server = createServer((req, res) => {
    if (req.url?.startsWith('/auth/v1/logout')) {
      logoutRequests.push(req.url);
      res.writeHead(503).end();
    } else res.writeHead(404, { 'content-type': 'application/json' }).end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  engines = fakeEngines();
  core = new HelenaConsole({ secrets: new MemorySecretStore(TOKEN), prices: PRICES, engines: engines.factory, client: { retry: { maxAttempts: 1 } } });
  await core.open({ location: seededCacheDir(), baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
});
afterEach(async () => {
  await core.close();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

it('a 503 on the logout request leaves the signed-out screen offline, not instável', async () => {
  const sync = engines.built[0]?.sync;
  if (!sync) throw new Error('engines not built');
  sync.emit({ type: 'connectivity', state: 'online', realtime: 'connected' });
  expect(core.connectivityState().state).toBe('online');
  const told: Array<Extract<CoreEvent, { type: 'connectivity' }>> = [];
  core.on((event) => {
    if (event.type === 'connectivity') told.push(event);
  });

  await core.logout();

  expect(logoutRequests).toHaveLength(1);
  expect(core.connectivityState().state).toBe('offline');
  expect(told.filter((event) => event.state !== 'offline')).toEqual([]);
});
