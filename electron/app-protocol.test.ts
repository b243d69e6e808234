import { mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_START_URL, CONTENT_SECURITY_POLICY, createAppProtocolHandler } from './app-protocol';

describe('app:// protocol handler', () => {
  let base: string;
  let root: string;
  let handler: (request: Request) => Promise<Response>;

  beforeAll(() => {
    base = mkdtempSync(path.join(tmpdir(), 'helena-protocol-'));
    root = path.join(base, 'renderer');
    mkdirSync(path.join(root, 'assets'), { recursive: true });
    writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>Helena</title>');
    writeFileSync(path.join(root, 'assets', 'app.js'), 'console.log(1)');
    // A sibling folder whose name starts like the root: a prefix check would let it through.
    mkdirSync(path.join(base, 'renderer-secret'));
    writeFileSync(path.join(base, 'renderer-secret', 'token.txt'), 'SECRET');
    writeFileSync(path.join(base, 'outside.txt'), 'SECRET');
    symlinkSync(path.join(base, 'outside.txt'), path.join(root, 'link.txt'));
    handler = createAppProtocolHandler(root);
  });
  afterAll(() => rmSync(base, { recursive: true, force: true }));

  const get = (url: string): Promise<Response> => handler(new Request(url));

  it('serves index.html with the strict CSP and nosniff', async () => {
    const response = await get(APP_START_URL);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('<title>Helena</title>');
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(CONTENT_SECURITY_POLICY).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; media-src blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'",
    );
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('serves the root as index.html and assets with their type', async () => {
    expect(await (await get('app://helena/')).text()).toContain('Helena');
    const js = await get('app://helena/assets/app.js');
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(js.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
  });

  it.each([
    'app://helena/../outside.txt',
    'app://helena/assets/../../outside.txt',
    'app://helena/%2e%2e/outside.txt',
    'app://helena/..%2foutside.txt',
    'app://helena/..%2Frenderer-secret%2Ftoken.txt',
    'app://helena/assets%2f..%2f..%2foutside.txt',
    'app://helena/..%5coutside.txt',
    'app://helena/%2e%2e%5c%2e%2e%5coutside.txt',
  ])('refuses traversal: %s', async (url) => {
    const response = await get(url);
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(await response.text()).not.toContain('SECRET');
  });

  it('refuses a symlink that points out of the folder', async () => {
    const response = await get('app://helena/link.txt');
    expect(response.status).toBe(403);
    expect(await response.text()).not.toContain('SECRET');
  });

  it('refuses other hosts, other methods and missing files', async () => {
    expect((await get('app://evil/index.html')).status).toBe(403);
    expect((await handler(new Request(APP_START_URL, { method: 'POST', body: 'x' }))).status).toBe(405);
    expect((await get('app://helena/nope.js')).status).toBe(404);
  });
});
