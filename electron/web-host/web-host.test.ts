/**
 * The web host's guarantees, over real HTTP and WebSocket on a free loopback port: only the page
 * it serves, holding the run's key, can drive the console; frames are checked before the console
 * sees them; answers reach the caller that asked; events reach every open tab; static files never
 * leave the renderer folder and carry the CSP.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { WEB_BRIDGE_MAX_FRAME_BYTES, type BridgeEvent, type ServerFrame } from '../../src/console/bridge-contract';
import { MAX_ATTACHMENT_BYTES } from '../../src/domain/attachments';
import type { HandleResult } from '../../src/console/console';
import type { BridgeCore } from './bridge-socket';
import { startWebHost, type RunningWebHost } from './web-host';

class StandInCore implements BridgeCore {
  readonly calls: Array<{ command: unknown; input: unknown }> = [];
  private readonly listeners = new Set<(event: BridgeEvent) => void>();
  handle(command: unknown, input: unknown): Promise<HandleResult> {
    this.calls.push({ command, input });
    return Promise.resolve({ ok: true, value: { echo: command } });
  }
  on(listener: (event: BridgeEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  emit(event: BridgeEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}

let root: string;
let core: StandInCore;
let host: RunningWebHost;

beforeEach(async () => {
  root = mkdtempSync(join(tmpdir(), 'helena-web-host-'));
  mkdirSync(join(root, 'dist'));
  writeFileSync(join(root, 'dist', 'index.html'), '<!doctype html><title>Helena Desk</title>');
  writeFileSync(join(root, 'secret.txt'), 'outside the renderer');
  core = new StandInCore();
  host = await startWebHost({ core, staticDir: join(root, 'dist') });
});
afterEach(async () => {
  await host.close();
  rmSync(root, { recursive: true, force: true });
});

const keyOf = (h: RunningWebHost) => new URL(h.url).hash.replace('#key=', '');
const wsUrl = (key: string) => `${host.origin.replace('http', 'ws')}/bridge?key=${encodeURIComponent(key)}`;

/** origin null: no Origin header at all (a non-browser client). */
function connect(key: string, origin: string | null = host.origin): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(wsUrl(key), origin === null ? {} : { origin });
    socket.once('open', () => resolve(socket));
    socket.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    socket.once('error', reject);
  });
}

function nextFrame(socket: WebSocket): Promise<ServerFrame> {
  return new Promise((resolve) => socket.once('message', (data: WebSocket.RawData) => resolve(JSON.parse(String(data)) as ServerFrame)));
}

function get(path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  const url = new URL(host.origin);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path, method, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('web host bridge', () => {
  it('answers a command from the page holding the key, with the id it was asked under', async () => {
    const socket = await connect(keyOf(host));
    socket.send(JSON.stringify({ type: 'invoke', id: 7, command: 'state.snapshot', input: {} }));
    expect(await nextFrame(socket)).toEqual({ type: 'result', id: 7, result: { ok: true, value: { echo: 'state.snapshot' } } });
    expect(core.calls).toEqual([{ command: 'state.snapshot', input: {} }]);
    socket.close();
  });

  it('refuses a wrong key, a missing Origin and another site’s Origin before any command', async () => {
    await expect(connect('not-the-key')).rejects.toThrow('HTTP 403');
    await expect(connect(keyOf(host), null)).rejects.toThrow('HTTP 403');
    await expect(connect(keyOf(host), 'https://evil.example')).rejects.toThrow('HTTP 403');
    expect(core.calls).toEqual([]);
  });

  it('answers only to its own host name, so a DNS-rebinding page cannot read it', async () => {
    const port = new URL(host.origin).port;
    expect((await get('/', { Host: `evil.example:${port}` })).status).toBe(421);
    expect((await get('/', { Host: `127.0.0.1:${port}` })).status).toBe(200);
  });

  it('checks every frame before the console sees it', async () => {
    const socket = await connect(keyOf(host));
    socket.send(JSON.stringify({ type: 'invoke', id: 1, command: 'state.snapshot', input: {}, extra: true }));
    const refused = await nextFrame(socket);
    expect(refused).toMatchObject({ type: 'result', id: 1, result: { ok: false, error: { code: 'invalid_input' } } });
    socket.send('not json');
    socket.send(JSON.stringify({ type: 'invoke', id: 2, command: 'x'.repeat(65), input: {} }));
    expect(await nextFrame(socket)).toMatchObject({ id: 2, result: { ok: false } });
    expect(core.calls).toEqual([]);
    socket.close();
  });

  it('carries the largest file the app sends, and closes a connection that sends a larger frame', async () => {
    const socket = await connect(keyOf(host));
    // message.sendFile with a 16 MB file: ~21 MB of base64 in one frame reaches the console whole.
    const data = Buffer.alloc(MAX_ATTACHMENT_BYTES, 0x25).toString('base64');
    const input = { sessionId: '0f8fad5b-d9cb-469f-a165-70867728950e', name: 'contrato-assinado.pdf', mimeType: 'application/pdf', size: MAX_ATTACHMENT_BYTES, data, caption: 'Segue o contrato.' };
    socket.send(JSON.stringify({ type: 'invoke', id: 1, command: 'message.sendFile', input }));
    expect(await nextFrame(socket)).toMatchObject({ type: 'result', id: 1, result: { ok: true } });
    expect((core.calls[0]?.input as { data: string }).data).toHaveLength(data.length);

    const closed = new Promise<number>((resolve) => socket.once('close', (code: number) => resolve(code)));
    socket.send(JSON.stringify({ type: 'invoke', id: 2, command: 'message.sendText', input: { text: 'a'.repeat(WEB_BRIDGE_MAX_FRAME_BYTES) } }));
    expect(await closed).toBe(1009);
    expect(core.calls).toHaveLength(1);
  });

  it('sends core events to every open tab', async () => {
    const [a, b] = await Promise.all([connect(keyOf(host)), connect(keyOf(host))]);
    const frames = Promise.all([nextFrame(a), nextFrame(b)]);
    core.emit({ type: 'contacts-changed' });
    expect(await frames).toEqual([
      { type: 'event', event: { type: 'contacts-changed' } },
      { type: 'event', event: { type: 'contacts-changed' } },
    ]);
    a.close();
    b.close();
  });
});

describe('web host static files', () => {
  it('serves the renderer with a CSP that allows scripts from itself and the bridge socket only', async () => {
    const page = await get('/');
    expect(page.status).toBe(200);
    expect(page.body).toContain('Helena Desk');
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain(`connect-src 'self' ${host.origin.replace('http', 'ws')}`);
    expect(csp).toContain("frame-ancestors 'none'");
    // The voice notes contacts send play from blob: URLs, and from nowhere else.
    expect(csp).toContain('media-src blob:;');
    expect(page.headers['x-content-type-options']).toBe('nosniff');
  });

  it('never serves a file outside the renderer folder, and only GET', async () => {
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt', '/%2e%2e%5csecret.txt']) {
      const answer = await get(path);
      expect(answer.status, path).toBe(404);
      expect(answer.body).not.toContain('outside the renderer');
    }
    expect((await get('/', {}, 'POST')).status).toBe(405);
  });
});
