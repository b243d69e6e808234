/**
 * The renderer is served from app://helena/ rather than file://: a file:// page may read any file
 * the user can, and every file:// page shares one origin. A privileged standard scheme gives the
 * app its own origin, and every answer carries the CSP, so it holds even if index.html lacks it.
 */
import { readFile, realpath } from 'node:fs/promises';
import path from 'node:path';

export const APP_SCHEME = 'app';
export const APP_HOST = 'helena';
/** Every page and frame of the app starts with this; the IPC sender check relies on it. */
export const APP_ORIGIN_PREFIX = `${APP_SCHEME}://${APP_HOST}/`;
export const APP_START_URL = `${APP_ORIGIN_PREFIX}index.html`;

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  // blob: for the photos and voice notes contacts send, handed over by the core as bytes (never a remote URL).
  "img-src 'self' data: blob:",
  "media-src blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
].join('; ');

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

/** The privileges app:// needs; registered before `ready` (Electron refuses it later). */
export const APP_SCHEME_PRIVILEGES = {
  scheme: APP_SCHEME,
  // standard: real origin and relative URLs; secure: treated like https (no mixed-content downgrade).
  // corsEnabled stays off: it would let any origin read app:// without an ACAO check, and our
  // module scripts are same-origin. One registerSchemesAsPrivileged call only: a second replaces the first.
  privileges: { standard: true, secure: true, supportFetchAPI: true },
} as const;

function securityHeaders(contentType: string): Headers {
  return new Headers({
    'Content-Type': contentType,
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-cache',
  });
}

function refusal(status: 400 | 403 | 404 | 405, text: string): Response {
  return new Response(text, { status, headers: securityHeaders('text/plain; charset=utf-8') });
}

function isInside(root: string, candidate: string): boolean {
  const relative = path.relative(root, candidate);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

/**
 * A `protocol.handle` handler serving files of `rootDir` (dist/renderer). Anything that would leave
 * the folder — `..`, encoded slashes, symlinks pointing out, another host — is refused.
 */
export function createAppProtocolHandler(rootDir: string): (request: Request) => Promise<Response> {
  const root = path.resolve(rootDir);
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return refusal(405, 'Method not allowed');
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return refusal(400, 'Bad request');
    }
    if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return refusal(403, 'Forbidden');
    // Checked on the raw path too: URL parsing folds plain `..`, but `%2e%2e%2f` or `..%5c` only show up once decoded.
    if (/(^|[/\\])\.\.([/\\]|$)/.test(url.pathname)) return refusal(403, 'Forbidden');
    let decoded: string;
    try {
      decoded = decodeURIComponent(url.pathname);
    } catch {
      return refusal(400, 'Bad request');
    }
    if (decoded.includes('\0') || /(^|[/\\])\.\.([/\\]|$)/.test(decoded)) return refusal(403, 'Forbidden');
    const relative = decoded === '/' ? 'index.html' : decoded.replace(/^[/\\]+/, '');
    const target = path.resolve(root, relative);
    if (!isInside(root, target)) return refusal(403, 'Forbidden');
    let body: Buffer;
    try {
      const [realRoot, real] = await Promise.all([realpath(root), realpath(target)]);
      if (!isInside(realRoot, real)) return refusal(403, 'Forbidden');
      body = await readFile(real);
    } catch {
      return refusal(404, 'Not found');
    }
    const type = CONTENT_TYPES[path.extname(target).toLowerCase()] ?? 'application/octet-stream';
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), { status: 200, headers: securityHeaders(type) });
  };
}
