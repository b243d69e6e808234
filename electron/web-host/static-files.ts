/**
 * Serves the built renderer (dist/renderer) to the browser tab: GET only, no path outside the
 * folder, and the same strict CSP the Electron window gets, with the bridge's WebSocket as the one
 * place scripts may connect to.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
};

export function contentSecurityPolicy(bridgeOrigin: string): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    // blob: for the photos and voice notes contacts send, handed over by the core as bytes (never a remote URL).
    "img-src 'self' data: blob:",
    "media-src blob:",
    `connect-src 'self' ${bridgeOrigin}`,
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'none'",
  ].join('; ');
}

/** The file a URL path names inside root, or null when it would leave root. */
export function fileFor(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const base = resolve(root);
  const target = resolve(join(base, normalize(decoded === '/' ? '/index.html' : decoded)));
  return target === base || target.startsWith(base + sep) ? target : null;
}

export async function serveStatic(root: string, csp: string, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const headers = {
    'Content-Security-Policy': csp,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
  };
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.writeHead(405, { ...headers, Allow: 'GET, HEAD' }).end();
    return;
  }
  const path = fileFor(root, new URL(request.url ?? '/', 'http://localhost').pathname);
  const info = path ? await stat(path).catch(() => null) : null;
  if (!path || !info?.isFile()) {
    response.writeHead(404, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' }).end('Não encontrado.');
    return;
  }
  const type = TYPES[extname(path)] ?? 'application/octet-stream';
  response.writeHead(200, {
    ...headers,
    'Content-Type': type,
    'Content-Length': info.size,
    // Built assets carry a content hash in their names; the page itself must always be fresh.
    'Cache-Control': type.startsWith('text/html') ? 'no-store' : 'public, max-age=31536000, immutable',
  });
  if (request.method === 'HEAD') {
    response.end();
    return;
  }
  createReadStream(path).pipe(response);
}
