/**
 * HELENA_CA_FILE for real, on the Node the tests run on (20, which cannot read the OS store): a
 * company root CA and a certificate for 127.0.0.1 it signed are made with the openssl CLI at test
 * time, an HTTPS server answers with that certificate, and the core's client and the setup
 * screen's probe refuse it with the certificate sentence until the root is given through
 * HELENA_CA_FILE — directly, and inside a proxy's CONNECT tunnel, where TLS inspection happens.
 */
import { execFileSync } from 'node:child_process';
import { failure } from '../api/testing/failure';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HelenaClient } from '../api/helena-client';
import { AppConfigError, extraCaFrom } from '../console/app-config';
import { probeServer } from '../server-setup/server-probe';
import { createNetRoute } from './net-route';
import { startConnectProxy, type ConnectProxy } from './testing/connect-proxy';
import { buildTrust, CaFileError, readCaFile } from './trust';

const OPENSSL = '/usr/bin/openssl';
let dir: string;
let caFile: string;
let server: Server;
let serverUrl: string;
let proxy: ConnectProxy;

function openssl(...args: string[]): void {
  execFileSync(OPENSSL, args, { cwd: dir, stdio: 'ignore' });
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'helena-ca-'));
  // The company's root, as IT would export it, and the certificate a TLS-inspecting proxy (or an
  // internal HelenaCRM gateway) shows, signed by it, for the address the app dials.
  openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=Helena Teste Raiz Corporativa',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign');
  openssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=127.0.0.1');
  writeFileSync(path.join(dir, 'server.ext'), 'subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n');
  openssl('x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.pem', '-days', '1', '-extfile', 'server.ext');
  caFile = path.join(dir, 'ca.pem');

  // Answers like HelenaCRM: /auth/v1/me without a token is 401 with its error body; a code request is accepted.
  server = createServer({ key: readFileSync(path.join(dir, 'server.key')), cert: readFileSync(path.join(dir, 'server.pem')) }, (request, response) => {
    if (request.url === '/auth/v1/me') {
      response.writeHead(401, { 'Content-Type': 'application/json' }).end(JSON.stringify({ error: true, key: 'auth.unauthorized', text: 'Unauthorized', isUnsolvableError: false, httpStatusCode: 'Unauthorized' }));
      return;
    }
    response.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ expiresAt: new Date(Date.now() + 600_000).toISOString(), channel: 'email' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  serverUrl = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  proxy = await startConnectProxy();
}, 20_000);

afterAll(async () => {
  await proxy.stop();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  rmSync(dir, { recursive: true, force: true });
});

const clientVia = (route: ReturnType<typeof createNetRoute>) => new HelenaClient({ baseUrl: serverUrl, getToken: () => null, route, retry: { maxAttempts: 1 } });

describe.runIf(existsSync(OPENSSL))('HELENA_CA_FILE: the company’s certificate authority', () => {
  it('without it the company-signed server is refused with the certificate sentence; with it, it is HelenaCRM', async () => {
    const host = new URL(serverUrl).host;
    const bare = createNetRoute({ proxyUrl: null, systemStore: false });
    const refused = await failure(clientVia(bare).requestLoginCode('ana@empresa.com.br'));
    expect(refused.detail).toEqual({ kind: 'network', cause: 'certificate', host, flaw: 'untrusted' });
    expect(refused.message).toBe(
      `O certificado de segurança de ${host} não é confiável, então o Helena Desk não envia seu login nem suas mensagens para lá. Confira o endereço; se estiver certo, avise o suporte de TI.`,
    );
    expect(await probeServer(serverUrl, { route: bare })).toEqual({ ok: false, problem: 'certificate', flaw: 'untrusted' });

    const extraCa = extraCaFrom(caFile);
    expect(extraCa).toBe(`${readFileSync(caFile, 'utf8').trim()}\n`);
    const trusted = createNetRoute({ proxyUrl: null, extraCa, systemStore: false });
    expect(trusted.describe).toBe('direto (sem proxy); certificados: Node + HELENA_CA_FILE (1)');
    await expect(clientVia(trusted).requestLoginCode('ana@empresa.com.br')).resolves.toMatchObject({ channel: 'email' });
    expect(await probeServer(serverUrl, { route: trusted })).toEqual({ ok: true });
    // Added to Node's list, not in its place: a public site's chain still verifies (the context holds both).
    expect(tls.rootCertificates.length).toBeGreaterThan(100);
  });

  it('inside a proxy’s tunnel too (TLS inspection): the CA reaches the TLS to the server, not only the proxy', async () => {
    const before = proxy.connects.length;
    const bare = createNetRoute({ proxyUrl: proxy.url, systemStore: false });
    const refused = await failure(clientVia(bare).requestLoginCode('ana@empresa.com.br'));
    expect(refused.detail).toMatchObject({ kind: 'network', cause: 'certificate', flaw: 'untrusted' });

    const trusted = createNetRoute({ proxyUrl: proxy.url, extraCa: readCaFile(caFile), systemStore: false });
    await expect(clientVia(trusted).requestLoginCode('ana@empresa.com.br')).resolves.toMatchObject({ channel: 'email' });
    expect(await probeServer(serverUrl, { route: trusted })).toEqual({ ok: true });
    // Refused, then trusted (the probe may reuse that kept-alive tunnel): all to the server, none around the proxy.
    const tunnels = proxy.connects.slice(before);
    expect(tunnels.length).toBeGreaterThanOrEqual(2);
    expect(new Set(tunnels)).toEqual(new Set([new URL(serverUrl).host]));
  });

  it('a file that cannot serve is refused at start with what to do', () => {
    expect(() => readCaFile(path.join(dir, 'nao-existe.pem'))).toThrow(new CaFileError(
      `HELENA_CA_FILE aponta para ${path.join(dir, 'nao-existe.pem')}, que não pôde ser lido (o arquivo não existe). Corrija o caminho do arquivo de certificados da empresa ou tire a variável.`,
    ));
    // A DER export (binary), not the Base-64 one.
    openssl('x509', '-in', 'ca.pem', '-outform', 'DER', '-out', 'ca.cer');
    expect(() => readCaFile(path.join(dir, 'ca.cer'))).toThrow(/nenhum certificado no formato PEM.*Base-64/);
    const pem = readFileSync(caFile, 'utf8');
    writeFileSync(path.join(dir, 'damaged.pem'), pem.replace(/^(-----BEGIN CERTIFICATE-----\n)(.{10})/m, '$1AAAAAAAAAA'));
    expect(() => readCaFile(path.join(dir, 'damaged.pem'))).toThrow(/nº 1 .*danificado/);
    // The shells get it as a configuration error: a dialog and no start, as for a bad HELENA_URL.
    expect(() => extraCaFrom(path.join(dir, 'ca.cer'))).toThrow(AppConfigError);
    expect(extraCaFrom(undefined)).toBeNull();
    expect(extraCaFrom('  ')).toBeNull();
  });

  it('on a Node that cannot read the OS store (20) nothing is added unless asked; where it can, the store is added', () => {
    const canRead = typeof (tls as unknown as { getCACertificates?: unknown }).getCACertificates === 'function';
    const trust = buildTrust({ extraCa: null });
    if (canRead) expect(trust.added[0]).toMatch(/^repositório do sistema \(\d+\)$/);
    else expect(trust).toEqual({ secureContext: null, added: [] });
  });
});
