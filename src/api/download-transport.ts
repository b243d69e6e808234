/**
 * The GET of a file a contact sent, from its public link (PublicFileDTO publicUrlDownload or
 * publicUrl). Those links are their own credential and usually on a storage host, not HelenaCRM:
 * the request carries no Authorization, no cookie, nothing of the account (an instance of its own,
 * no defaults), and goes only where file-url.ts allows. Redirects are followed by hand, at most
 * MAX_REDIRECTS, each target checked by the same rules and never from https down to http: storage
 * and CDN links commonly answer 302 to a signed URL, and refusing those would hide every file a
 * contact sends; axios's own following would skip the checks. The bytes are counted as they come and the transfer is cut the moment they
 * pass the cap, whatever Content-Length claimed. Errors name the URL's path only: presigned links
 * carry their signature in the query.
 */
import type { IncomingMessage } from 'node:http';
import axios, { type AxiosInstance } from 'axios';
import { systemClock, type Clock } from './clock';
import { acceptableFileUrl } from './file-url';
import type { HelenaLogger } from './transport';
import { DIRECT_ROUTE, type NetRoute } from '../net/net-route';

export type DownloadFailure =
  /** Not a link the core follows (file-url.ts). */
  | 'url_refused'
  /** More bytes than the cap, announced or counted. */
  | 'too_big'
  /** 404 / 410: the file is gone (an expired link, a removed file). */
  | 'gone'
  /** Another refusal (401, 403, a redirect the rules do not follow, too many redirects): the link does not give the file. */
  | 'refused'
  /** 5xx. */
  | 'server'
  /** No connection, a reset, a refused port, an unknown name. */
  | 'network'
  /** Nothing moved for the idle time, or the whole transfer passed its deadline. */
  | 'timeout'
  | 'aborted';

export class DownloadError extends Error {
  override readonly name = 'DownloadError';
  constructor(
    readonly reason: DownloadFailure,
    readonly status: number | null,
    /** The URL's path only, for logs. */
    readonly path: string,
  ) {
    super(`download ${path}: ${reason}${status !== null ? ` (${status})` : ''}`);
  }
}

export interface DownloadTransportOptions {
  /** HelenaCRM's root URL: a link on its origin may be plain http (the sandbox). */
  baseUrl: string;
  /** How long the transfer may go without a byte arriving. Default 30 s. */
  idleTimeoutMs?: number;
  /** The slowest speed waited for, in bytes per second, over the cap: the whole-transfer deadline. Default 50 KB/s. */
  minBytesPerSecond?: number;
  logger?: HelenaLogger;
  clock?: Clock;
  /** The client's route: file hosts are reached through the same proxy, with the same trusted certificates. */
  route?: NetRoute;
}

export interface DownloadOptions {
  /** Refused beyond this many bytes. */
  maxBytes: number;
  signal?: AbortSignal;
  /** Bytes received so far, and the total when the server said it. */
  onProgress?: (received: number, total: number | null) => void;
}

export interface Downloaded {
  bytes: Buffer;
  /** What the server called it (Content-Type), lower-cased, without parameters. */
  contentType: string | null;
}

const DEFAULT_IDLE_TIMEOUT_MS = 30_000;
export const MAX_REDIRECTS = 3;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const DEFAULT_MIN_BYTES_PER_SECOND = 50_000;
const MIN_DEADLINE_MS = 20_000;

export class DownloadTransport {
  private readonly http: AxiosInstance;
  private readonly apiOrigin: string;
  private readonly clock: Clock;

  constructor(private readonly options: DownloadTransportOptions) {
    this.apiOrigin = new URL(options.baseUrl).origin;
    this.clock = options.clock ?? systemClock;
    const route = options.route ?? DIRECT_ROUTE;
    this.http = axios.create({
      httpAgent: route.httpAgent,
      httpsAgent: route.httpsAgent,
      maxRedirects: 0,
      proxy: false,
      responseType: 'stream',
      decompress: true,
      validateStatus: () => true,
    });
  }

  /** The link, checked before any request goes. */
  checkedUrl(link: string): URL {
    const url = acceptableFileUrl(link, this.apiOrigin);
    if (!url) throw new DownloadError('url_refused', null, pathOf(link));
    return url;
  }

  async get(link: string, options: DownloadOptions): Promise<Downloaded> {
    const url = this.checkedUrl(link);
    const path = url.pathname;
    const controller = new AbortController();
    let ended: DownloadFailure | null = null;
    const stop = (reason: DownloadFailure): void => {
      ended ??= reason;
      controller.abort();
    };
    const deadlineMs = Math.max(MIN_DEADLINE_MS, Math.ceil((options.maxBytes / (this.options.minBytesPerSecond ?? DEFAULT_MIN_BYTES_PER_SECOND)) * 1000));
    const deadline = this.clock.setTimeout(() => stop('timeout'), deadlineMs);
    const idleMs = this.options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS;
    let idle = this.clock.setTimeout(() => stop('timeout'), idleMs);
    const poke = (): void => {
      this.clock.clearTimeout(idle);
      idle = this.clock.setTimeout(() => stop('timeout'), idleMs);
    };
    const onCallerAbort = (): void => stop('aborted');
    if (options.signal?.aborted) stop('aborted');
    options.signal?.addEventListener('abort', onCallerAbort, { once: true });
    try {
      let current = url;
      let response = await this.request(current, controller.signal);
      for (let hop = 0; REDIRECTS.has(response.status); hop++) {
        response.data.destroy();
        const next = hop < MAX_REDIRECTS ? this.redirectTarget(current, response.headers.location) : null;
        if (!next) throw new DownloadError('refused', response.status, current.pathname);
        poke();
        current = next;
        response = await this.request(current, controller.signal);
      }
      poke();
      const stream = response.data;
      if (response.status < 200 || response.status >= 300) {
        stream.destroy();
        throw new DownloadError(statusFailure(response.status), response.status, path);
      }
      const announced = Number(response.headers['content-length']);
      const total = Number.isFinite(announced) && announced >= 0 ? announced : null;
      if (total !== null && total > options.maxBytes) {
        stream.destroy();
        throw new DownloadError('too_big', response.status, path);
      }
      const bytes = await this.collect(stream, options, total, poke, () => stop('too_big'));
      const type = response.headers['content-type'];
      this.options.logger?.debug?.(`download GET ${path} → ${response.status}`, { bytes: bytes.length });
      return { bytes, contentType: typeof type === 'string' ? (type.split(';')[0]?.trim().toLowerCase() ?? null) : null };
    } catch (err: unknown) {
      if (err instanceof DownloadError && ended === null) throw err;
      const reason: DownloadFailure = ended ?? 'network';
      this.options.logger?.warn?.(`download GET ${path} failed: ${reason}`, { code: axios.isAxiosError(err) ? err.code : undefined });
      throw new DownloadError(reason, null, path);
    } finally {
      this.clock.clearTimeout(deadline);
      this.clock.clearTimeout(idle);
      options.signal?.removeEventListener('abort', onCallerAbort);
    }
  }

  private request(url: URL, signal: AbortSignal) {
    return this.http.request<IncomingMessage>({
      method: 'GET',
      url: url.href,
      // Exactly these: nothing of the account goes to a file host.
      headers: { Accept: '*/*' },
      signal,
    });
  }

  /** Where a redirect leads, when the rules let the core follow it there; never https to http. */
  private redirectTarget(from: URL, location: unknown): URL | null {
    if (typeof location !== 'string' || location === '') return null;
    let target: URL;
    try {
      target = new URL(location, from);
    } catch {
      return null;
    }
    if (from.protocol === 'https:' && target.protocol !== 'https:') return null;
    return acceptableFileUrl(target.href, this.apiOrigin);
  }

  private collect(stream: IncomingMessage, options: DownloadOptions, total: number | null, poke: () => void, overCap: () => void): Promise<Buffer> {
    return new Promise<Buffer>((resolve, reject) => {
      const chunks: Buffer[] = [];
      let received = 0;
      stream.on('data', (chunk: Buffer) => {
        received += chunk.length;
        if (received > options.maxBytes) {
          overCap();
          stream.destroy();
          return;
        }
        chunks.push(chunk);
        poke();
        options.onProgress?.(received, total);
      });
      stream.once('end', () => resolve(Buffer.concat(chunks, received)));
      stream.once('error', reject);
      stream.once('close', () => {
        if (!stream.readableEnded) reject(new Error('stream closed early'));
      });
    });
  }
}

function statusFailure(status: number): DownloadFailure {
  if (status === 404 || status === 410) return 'gone';
  if (status >= 500) return 'server';
  return 'refused';
}

function pathOf(link: string): string {
  try {
    return new URL(link).pathname;
  } catch {
    return '(not a URL)';
  }
}
