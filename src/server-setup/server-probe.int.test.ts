/**
 * The probe against real servers on this machine: the sandbox (HelenaCRM's paths and error bodies),
 * a plain web server, a closed port, a server that never answers, and a TLS server whose
 * certificate the core would refuse. Nothing here leaves 127.0.0.1.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type RequestListener, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSandbox, type RunningSandbox } from '../../sandbox/testing';
import { probeServer, PROBE_PATH } from './server-probe';

let sandbox: RunningSandbox;
const servers: Server[] = [];

async function listen(server: Server): Promise<string> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const plain = (handler: RequestListener) => listen(createServer(handler));

beforeAll(async () => {
  sandbox = await startTestSandbox();
});
afterAll(async () => {
  await sandbox.close();
  for (const server of servers) {
    server.closeAllConnections();
    server.close();
  }
});

describe('probeServer', () => {
  it('the sandbox is HelenaCRM: /auth/v1/me without a token answers 401 in HelenaCRM’s error shape', async () => {
    expect(await probeServer(sandbox.url)).toEqual({ ok: true });
  });

  it('a web server that answers something else is not HelenaCRM, whatever its status', async () => {
    const paths: string[] = [];
    const site = await plain((request, response) => {
      paths.push(request.url ?? '');
      response.writeHead(200, { 'Content-Type': 'text/html' }).end('<html>Bem-vindo</html>');
    });
    expect(await probeServer(site)).toEqual({ ok: false, problem: 'not_helena', status: 200 });
    expect(paths).toEqual([PROBE_PATH]);
    // A 401 alone is not enough: it must be HelenaCRM's body.
    const otherApi = await plain((_request, response) => response.writeHead(401, { 'Content-Type': 'application/json' }).end('{"message":"Unauthorized"}'));
    expect(await probeServer(otherApi)).toEqual({ ok: false, problem: 'not_helena', status: 401 });
    // A redirect (to a login page, say) is not followed: the root typed is not HelenaCRM's.
    const redirects = await plain((_request, response) => response.writeHead(302, { Location: 'https://example.com/login' }).end());
    expect(await probeServer(redirects)).toEqual({ ok: false, problem: 'not_helena', status: 302 });
  });

  it('a server error is worth a later try, not "not HelenaCRM"', async () => {
    const down = await plain((_request, response) => response.writeHead(502).end('Bad Gateway'));
    expect(await probeServer(down)).toEqual({ ok: false, problem: 'server_error', status: 502 });
  });

  it('a closed port is no answer (refused)', async () => {
    const gone = createServer();
    const url = await listen(gone);
    await new Promise<void>((resolve) => gone.close(() => resolve()));
    expect(await probeServer(url)).toEqual({ ok: false, problem: 'no_answer', cause: 'refused' });
  });

  it('a server that accepts and never answers is no answer (timeout), within the time given', async () => {
    const silent = await plain(() => {
      /* holds the request open */
    });
    const started = Date.now();
    expect(await probeServer(silent, { timeoutMs: 300 })).toEqual({ ok: false, problem: 'no_answer', cause: 'timeout' });
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it('https:// to a plain-http port answered, just not as HelenaCRM', async () => {
    expect(await probeServer(sandbox.url.replace('http://', 'https://'))).toEqual({ ok: false, problem: 'not_helena', status: null });
  });

  it.runIf(existsSync('/usr/bin/openssl'))('a self-signed certificate is refused as the core would refuse it', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'helena-probe-tls-'));
    try {
      const key = path.join(dir, 'key.pem');
      const cert = path.join(dir, 'cert.pem');
      execFileSync('/usr/bin/openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=localhost'], { stdio: 'ignore' });
      const tls = createHttpsServer({ key: readFileSync(key), cert: readFileSync(cert) }, (_request, response) => response.writeHead(401).end('{}'));
      const url = (await listen(tls)).replace('http://127.0.0.1', 'https://localhost');
      expect(await probeServer(url)).toEqual({ ok: false, problem: 'certificate', flaw: 'self_signed' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
