import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DownloadError, DownloadTransport, MAX_REDIRECTS } from './download-transport';

const RECEIPT = Buffer.from('%PDF-1.4 comprovante '.repeat(200));
let server: Server;
let base: string;
const seen: Array<{ path: string; headers: IncomingHttpHeaders }> = [];

beforeEach(async () => {
  seen.length = 0;
  server = createServer((request, response) => {
    const path = request.url ?? '/';
    seen.push({ path, headers: request.headers });
    if (path === '/files/receipt.pdf') return response.writeHead(200, { 'Content-Type': 'application/pdf' }).end(RECEIPT);
    // A storage link answering with a signed URL elsewhere, as CDNs do.
    if (path === '/short/r') return response.writeHead(302, { Location: '/files/receipt.pdf?sig=secret' }).end();
    if (path.startsWith('/files/receipt.pdf?')) return response.writeHead(200, { 'Content-Type': 'application/pdf' }).end(RECEIPT);
    if (path.startsWith('/loop/')) return response.writeHead(302, { Location: `/loop/${Number(path.slice(6)) + 1}` }).end();
    if (path === '/away') return response.writeHead(301, { Location: 'http://files.example.invalid/receipt.pdf' }).end();
    if (path === '/big') {
      // No Content-Length: the cap is found by counting.
      response.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Transfer-Encoding': 'chunked' });
      for (let i = 0; i < 10; i++) response.write(Buffer.alloc(1000, 1));
      return response.end();
    }
    response.writeHead(404).end();
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterEach(async () => {
  server.closeAllConnections();
  await new Promise<void>((done) => server.close(() => done()));
});

// HelenaCRM lives elsewhere: the file host is not its origin, as in production.
const transport = () => new DownloadTransport({ baseUrl: 'https://api.helena.example' });
const failure = (promise: Promise<unknown>) => promise.then(() => null, (error: unknown) => error as DownloadError);

describe('DownloadTransport', () => {
  it('gets the bytes with nothing of the account in the request', async () => {
    const got = await transport().get(`${base}/files/receipt.pdf`, { maxBytes: 1_000_000 });
    expect(got.bytes.equals(RECEIPT)).toBe(true);
    expect(got.contentType).toBe('application/pdf');
    expect(seen[0]?.headers.authorization).toBeUndefined();
    expect(seen[0]?.headers.cookie).toBeUndefined();
  });

  it('follows a redirect to a signed link the rules allow, still bare', async () => {
    const got = await transport().get(`${base}/short/r`, { maxBytes: 1_000_000 });
    expect(got.bytes.equals(RECEIPT)).toBe(true);
    expect(seen.map((s) => s.path)).toEqual(['/short/r', '/files/receipt.pdf?sig=secret']);
    expect(seen.every((s) => s.headers.authorization === undefined)).toBe(true);
  });

  it(`stops after ${MAX_REDIRECTS} redirects, and never follows one to plain http on a foreign host`, async () => {
    const loop = await failure(transport().get(`${base}/loop/0`, { maxBytes: 1_000 }));
    expect(loop).toMatchObject({ reason: 'refused', status: 302 });
    expect(seen).toHaveLength(MAX_REDIRECTS + 1);
    seen.length = 0;
    const away = await failure(transport().get(`${base}/away`, { maxBytes: 1_000 }));
    expect(away).toMatchObject({ reason: 'refused', status: 301 });
    expect(seen.map((s) => s.path)).toEqual(['/away']);
  });

  it('cuts a transfer the moment it passes the cap, whatever the headers said; a missing file is gone', async () => {
    expect(await failure(transport().get(`${base}/big`, { maxBytes: 5_000 }))).toMatchObject({ reason: 'too_big' });
    expect(await failure(transport().get(`${base}/nothing`, { maxBytes: 5_000 }))).toMatchObject({ reason: 'gone', status: 404 });
    expect(await failure(transport().get('http://files.example.invalid/x.pdf', { maxBytes: 5_000 }))).toMatchObject({ reason: 'url_refused' });
  });
});
