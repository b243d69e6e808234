/**
 * file.fetch through the console against the demo sandbox behind the TCP proxy: a contact's photo
 * arrives by sync with its metadata, its bytes come from the public link and then from the disk
 * cache with the network cut; and the link rules hold against a host of our own making: it never
 * sees the token, plain http to another machine is refused, more than 16 MB is refused (announced
 * or counted), a stalled host times out, and bytes that are not the image they claim are not shown.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { CHANNEL } from '../../sandbox/seed';
import { DEMO_LOGINS } from '../../sandbox/testing';
import { DownloadError, DownloadTransport } from '../api/download-transport';
import type { MessageDTO } from '../api/helena-dto';
import { MAX_ATTACHMENT_BYTES } from '../domain/attachments';
import { refusalOf } from './testing/refusal';
import { connectivity, contactNamed, nextEvent, startConsoleRig, until, type ConsoleRig } from './testing/console-rig';

let rig: ConsoleRig | null = null;
let host: Server | null = null;
afterEach(async () => {
  await rig?.close();
  rig = null;
  if (host) await new Promise((resolve) => host?.close(resolve));
  host = null;
});

const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), Buffer.from(`JFIF\0${'pix '.repeat(30_000)}`), Buffer.from([0xff, 0xd9])]);
const PDF = Buffer.from('%PDF-1.4\n% comprovante\n%%EOF\n');

/** A file host of our own: what it answers per path, and the headers of every request it got. */
async function fileHost(routes: Record<string, (res: import('node:http').ServerResponse) => void>): Promise<{ url: string; seen: IncomingHttpHeaders[] }> {
  const seen: IncomingHttpHeaders[] = [];
  host = createServer((req, res) => {
    seen.push(req.headers);
    const route = routes[req.url ?? ''];
    if (route) route(res);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => host?.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(host.address() as AddressInfo).port}`, seen };
}

/** A TO_HUB message carrying a file at `link`, written into the console's cache as sync would. */
function receivedAt(r: ConsoleRig, sessionId: string, link: string, file: { name: string; mimeType: string; size?: number }): string {
  const id = crypto.randomUUID();
  const dto = {
    id, sessionId, direction: 'TO_HUB', type: 'DOCUMENT', status: 'DELIVERED', text: null, templateId: null, refId: null, fileId: null, failedReason: null,
    createdAt: new Date().toISOString(), updatedAt: new Date().toISOString(),
    details: { waitReply: false, file: { id: crypto.randomUUID(), publicUrl: link, ...file } },
  } as MessageDTO;
  r.core.requireOpen().store.messages.upsertMessages([dto]);
  return id;
}

/** Ana's conversation with a contact who wrote first: returns the session and the contact. */
async function conversation(r: ConsoleRig): Promise<{ sessionId: string; contactId: string }> {
  const contactId = await contactNamed(r.core, 'vinicius romao');
  const replied = nextEvent(r.core, 'contact-replied', (e) => e.contactId === contactId);
  await r.inbound(contactId, 'Boa tarde, vou mandar o comprovante.', CHANNEL.official.id);
  const { sessionId } = await replied;
  await r.core.invoke('conversation.assume', { sessionId });
  return { sessionId, contactId };
}

describe('a file the contact sent, fetched through the console', () => {
  it('syncs with its metadata, downloads with progress, and opens again from the disk cache with the network cut', async () => {
    rig = await startConsoleRig();
    const r = rig;
    await r.login(DEMO_LOGINS.agent);
    await until('online', async () => (await connectivity(r.core)) === 'online');
    const { sessionId, contactId } = await conversation(r);

    // Through the proxy, as a file's link is on the origin HelenaCRM was reached at.
    const sent = await fetch(`${r.proxy.url}/control/v1/inbound`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ contactId, text: 'Segue o comprovante', file: { name: 'comprovante.jpg', mimeType: 'image/jpeg', data: JPEG.toString('base64') } }),
    });
    expect(sent.status).toBe(200);
    const shown = await until('the photo in the conversation', async () =>
      (await r.core.invoke('conversation.open', { sessionId })).messages.find((m) => m.direction === 'TO_HUB' && m.file !== null),
    );
    expect(shown).toMatchObject({ text: 'Segue o comprovante', file: { kind: 'image', name: 'comprovante.jpg', size: JPEG.length, mimeType: 'image/jpeg' } });
    expect(r.core.requireOpen().store.messages.get(shown.localId)?.file?.downloadUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/files\/v1\/[0-9a-f-]{36}\?download=1$/);

    const started = Date.now();
    const first = await r.core.invoke('file.fetch', { localId: shown.localId });
    const firstMs = Date.now() - started;
    expect(first).toMatchObject({ name: 'comprovante.jpg', mimeType: 'image/jpeg', size: JPEG.length, preview: true, cached: false, notice: null });
    expect(Buffer.from(first.data, 'base64').equals(JPEG)).toBe(true);
    expect(r.events.filter((e) => e.type === 'download-progress' && e.localId === shown.localId).at(-1)).toMatchObject({ received: JPEG.length, total: JPEG.length });

    r.proxy.setMode('down');
    await until('offline', async () => (await connectivity(r.core)) === 'offline');
    const again = Date.now();
    const second = await r.core.invoke('file.fetch', { localId: shown.localId });
    const secondMs = Date.now() - again;
    expect(second).toMatchObject({ cached: true, preview: true, size: JPEG.length });
    expect(Buffer.from(second.data, 'base64').equals(JPEG)).toBe(true);
    console.info(`file.fetch of ${JPEG.length} bytes: ${firstMs} ms from the sandbox, ${secondMs} ms from the disk cache (offline)`);
  });

  it('never offers the token to a file host, refuses links it must not follow and more than 16 MB, and shows only real images', async () => {
    rig = await startConsoleRig();
    const r = rig;
    await r.login(DEMO_LOGINS.agent);
    const { sessionId } = await conversation(r);
    const files = await fileHost({
      '/comprovante.pdf': (res) => res.writeHead(200, { 'content-type': 'application/pdf' }).end(PDF),
      '/fake.jpg': (res) => res.writeHead(200, { 'content-type': 'image/jpeg' }).end(PDF),
      '/huge-announced': (res) => res.writeHead(200, { 'content-length': String(MAX_ATTACHMENT_BYTES + 1) }).end(),
      '/huge-chunked': (res) => {
        res.writeHead(200, { 'content-type': 'application/pdf' });
        const chunk = Buffer.alloc(1_000_000, 0x41);
        for (let i = 0; i < 17; i++) res.write(chunk);
        res.end();
      },
      '/moved': (res) => res.writeHead(302, { location: 'http://example.com/x.pdf' }).end(),
    });

    const pdf = await r.core.invoke('file.fetch', { localId: receivedAt(r, sessionId, `${files.url}/comprovante.pdf`, { name: 'comprovante.pdf', mimeType: 'application/pdf' }) });
    expect(pdf).toMatchObject({ name: 'comprovante.pdf', mimeType: 'application/pdf', preview: false });
    expect(Buffer.from(pdf.data, 'base64').equals(PDF)).toBe(true);

    // A PDF that claims to be a photo is offered to save, as a plain binary, never shown.
    const fake = await r.core.invoke('file.fetch', { localId: receivedAt(r, sessionId, `${files.url}/fake.jpg`, { name: 'foto.jpg', mimeType: 'image/jpeg' }) });
    expect(fake).toMatchObject({ preview: false, mimeType: 'application/octet-stream' });

    for (const path of ['/huge-announced', '/huge-chunked']) {
      const refused = await refusalOf(r.core.invoke('file.fetch', { localId: receivedAt(r, sessionId, `${files.url}${path}`, { name: 'grande.pdf', mimeType: 'application/pdf' }) }));
      expect(refused.message, path).toMatch(/mais que os 16 MB/);
      expect(refused.messageEn).toMatch(/more than the 16 MB/);
    }
    // Declared bigger than the cap: refused without asking.
    const requestsBefore = files.seen.length;
    const declared = await refusalOf(r.core.invoke('file.fetch', { localId: receivedAt(r, sessionId, `${files.url}/comprovante.pdf`, { name: 'x.pdf', mimeType: 'application/pdf', size: 40_000_000 }) }));
    expect(declared.message).toContain('40 MB');
    expect(files.seen.length).toBe(requestsBefore);

    const moved = await refusalOf(r.core.invoke('file.fetch', { localId: receivedAt(r, sessionId, `${files.url}/moved`, { name: 'x.pdf', mimeType: 'application/pdf' }) }));
    expect(moved.message).toContain('recusou o download');

    // Plain http to another machine: refused before any request (the name does not even resolve).
    const clear = await refusalOf(r.core.invoke('file.fetch', { localId: receivedAt(r, sessionId, 'http://files.example.com/comprovante.pdf', { name: 'c.pdf', mimeType: 'application/pdf' }) }));
    expect(clear).toMatchObject({ code: 'not_allowed' });
    expect(clear.message).toContain('não é https');
    expect(clear.messageEn).toContain('not https');

    const gone = await refusalOf(r.core.invoke('file.fetch', { localId: receivedAt(r, sessionId, `${files.url}/nothing`, { name: 'c.pdf', mimeType: 'application/pdf' }) }));
    expect(gone.message).toContain('não está mais disponível');

    expect(files.seen.length).toBeGreaterThan(0);
    for (const headers of files.seen) {
      expect(headers.authorization).toBeUndefined();
      expect(headers.cookie).toBeUndefined();
    }
  });
});

describe('the download transport', () => {
  it('gives up on a host that stops sending, and says so', async () => {
    const files = await fileHost({
      '/stalled': (res) => {
        res.writeHead(200, { 'content-length': '1000' });
        res.write(Buffer.alloc(10));
      },
    });
    const transport = new DownloadTransport({ baseUrl: 'https://helena.example', idleTimeoutMs: 200 });
    const started = Date.now();
    const error = await transport.get(`${files.url}/stalled`, { maxBytes: 10_000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DownloadError);
    expect((error as DownloadError).reason).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(3_000);
  });
});
