/**
 * Uploading a file with HelenaClient: the upload URL, the PUT of the bytes (never with the token,
 * on the rate budget only when it is HelenaCRM's own origin, retried like any idempotent call)
 * and the save, against scripted servers for the awkward answers and the real sandbox for the
 * whole exchange and the bytes that arrive.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startConversationSandbox, type ConversationSandbox } from '../../sandbox/conversations/test-fixture';
import { HelenaClient } from './helena-client';
import type { HelenaLogger } from './transport';
import { failure } from './testing/failure';
import { startScriptedServer, type ScriptedServer } from './testing/scripted-server';

const TOKEN = 'agt_5ecr3t-T0KEN-never-logged-0123456789';
const SIGNATURE = 'X-Amz-Signature=5ecr3t5ignature';
const FAST_RETRY = { maxAttempts: 4, baseMs: 20, capMs: 80, maxRetryAfterMs: 10_000 };
const PDF = Buffer.from('%PDF-1.4\n% nota fiscal 123\n%%EOF\n');

const servers: ScriptedServer[] = [];
let sandbox: ConversationSandbox | null = null;
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
  await sandbox?.close();
  sandbox = null;
});

async function scripted(script: Parameters<typeof startScriptedServer>[0]): Promise<ScriptedServer> {
  const server = await startScriptedServer(script);
  servers.push(server);
  return server;
}

function clientFor(baseUrl: string, logs: string[] = []): HelenaClient {
  const logger: HelenaLogger = {
    debug: (m, f) => logs.push(`${m} ${JSON.stringify(f)}`),
    warn: (m, f) => logs.push(`${m} ${JSON.stringify(f)}`),
  };
  return new HelenaClient({ baseUrl, getToken: () => TOKEN, retry: FAST_RETRY, timeoutMs: 2_000, logger });
}

describe('uploadFile: the PUT to the upload URL', () => {
  it('sends the bytes with their type and nothing of the account: no token, no cookie, off the rate budget on another host', async () => {
    const api = await scripted(() => ({ status: 200, body: {} }));
    const storage = await scripted(() => ({ status: 200 }));
    const client = clientFor(api.url);
    const before = client.bucket.stats.granted;
    await client.uploadFile(`${storage.url}/bucket/abc?${SIGNATURE}`, PDF, 'application/pdf');
    const [put] = storage.requests;
    expect(put).toMatchObject({ method: 'PUT', path: '/bucket/abc', body: PDF.toString('utf8') });
    expect(put?.query.get('X-Amz-Signature')).toBe('5ecr3t5ignature');
    expect(put?.headers['content-type']).toBe('application/pdf');
    expect(put?.headers['content-length']).toBe(String(PDF.length));
    expect(put?.headers.authorization).toBeUndefined();
    expect(put?.headers.cookie).toBeUndefined();
    expect(JSON.stringify(put?.headers)).not.toContain(TOKEN);
    expect(client.bucket.stats.granted).toBe(before);
    expect(api.requests).toHaveLength(0);
  });

  it('takes a rate-budget token when the upload URL is on HelenaCRM’s own origin, and still sends no token', async () => {
    const api = await scripted(() => ({ status: 200 }));
    const client = clientFor(api.url);
    const before = client.bucket.stats.granted;
    await client.uploadFile(`${api.url}/uploads/v1/slot`, PDF, 'application/pdf');
    expect(client.bucket.stats.granted).toBe(before + 1);
    expect(api.requests[0]?.headers.authorization).toBeUndefined();
  });

  it('tries again after 5xx and a dropped connection (the same PUT is harmless), never after a refusal', async () => {
    const storage = await scripted((_req, i) => (i === 0 ? { status: 503, body: '<Error><Code>SlowDown</Code></Error>' } : i === 1 ? { destroy: true } : { status: 200 }));
    const logs: string[] = [];
    const client = clientFor('http://127.0.0.1:9', logs);
    await client.uploadFile(`${storage.url}/bucket/abc?${SIGNATURE}`, PDF, 'application/pdf');
    expect(storage.requests.map((r) => r.body)).toEqual([PDF.toString('utf8'), PDF.toString('utf8'), PDF.toString('utf8')]);

    storage.setScript(() => ({ status: 403, body: '<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>' }));
    const refused = await failure(client.uploadFile(`${storage.url}/bucket/abc?${SIGNATURE}`, PDF, 'application/pdf'));
    expect(refused.kind).toBe('forbidden');
    expect(refused.path).toBe('/bucket/abc');
    expect(storage.requests).toHaveLength(4);
    // The signature (the URL's credential) and the token appear nowhere.
    for (const text of [JSON.stringify(refused), refused.message, String(refused.stack), ...logs]) {
      expect(text).not.toContain('5ecr3t5ignature');
      expect(text).not.toContain(TOKEN);
    }
  });

  it('refuses an upload URL that would send a customer’s file in clear over the internet, or carries credentials', async () => {
    const client = clientFor('https://api.helena.example');
    for (const url of ['http://storage.example.com/b/1', 'https://user:pw@storage.example.com/b/1', 'ftp://storage.example.com/b/1', 'not a url']) {
      const error = await failure(client.uploadFile(url, PDF, 'application/pdf'));
      expect(error, url).toMatchObject({ kind: 'invalid_response', key: 'upload.url_refused' });
      expect(error.message).toContain('urlUpload');
    }
  });

  it('reports the bytes sent as they go', async () => {
    const storage = await scripted(() => ({ status: 200 }));
    const seen: number[] = [];
    await clientFor('http://127.0.0.1:9').uploadFile(`${storage.url}/b/1`, Buffer.alloc(300_000, 7), 'image/png', { onProgress: (sent) => seen.push(sent) });
    expect(seen.at(-1)).toBe(300_000);
  });
});

describe('the whole upload against the sandbox', () => {
  it('asks for a URL, PUTs the bytes and saves them: HelenaCRM holds exactly the bytes sent', async () => {
    sandbox = await startConversationSandbox();
    const client = new HelenaClient({ baseUrl: sandbox.url, getToken: () => sandbox?.company.agents.ana.token ?? null, retry: FAST_RETRY });
    const slot = await client.requestUploadUrl({ type: 'PDF', name: 'nota fiscal 123.pdf', mimeType: 'application/pdf' });
    // The sandbox refuses an upload that carries an Authorization header: this passing says none was sent.
    await client.uploadFile(slot.urlUpload, PDF, 'application/pdf');
    const saved = await client.saveFile(slot.tempFileId);
    expect(saved).toMatchObject({ name: 'nota fiscal 123.pdf', type: 'PDF', mimeType: 'application/pdf', size: PDF.length });
    const back = await fetch(`${sandbox.url}/control/v1/files/${saved.id}`);
    expect(Buffer.from(await back.arrayBuffer()).equals(PDF)).toBe(true);
  });

  it('saves once when the answer to the save is lost: the retry gets the same file', async () => {
    sandbox = await startConversationSandbox();
    const client = new HelenaClient({ baseUrl: sandbox.url, getToken: () => sandbox?.company.agents.ana.token ?? null, retry: FAST_RETRY });
    const slot = await client.requestUploadUrl({ type: 'UNDEFINED', name: 'boleto.pdf' });
    await sandbox.api('POST', '/control/v1/faults/scripted', null, { method: 'PUT', path: '/uploads/v1', when: 'before' });
    await client.uploadFile(slot.urlUpload, PDF, 'application/pdf');
    await sandbox.api('POST', '/control/v1/faults/scripted', null, { method: 'POST', path: '/core/v2/file', when: 'after' });
    const saved = await client.saveFile(slot.tempFileId);
    const files = await sandbox.api<{ items: Array<{ id: string }> }>('GET', '/control/v1/files', null);
    expect(files.body.items.map((f) => f.id)).toEqual([saved.id]);
    expect(saved.type).toBe('PDF');
  });

  it('refuses a bad request before it leaves: the query names what is wrong', async () => {
    const client = clientFor('http://127.0.0.1:9');
    const error = await failure(client.requestUploadUrl({ type: 'PDF', name: '   ' }));
    expect(error).toMatchObject({ kind: 'validation', key: 'client.validation', status: null });
  });
});
