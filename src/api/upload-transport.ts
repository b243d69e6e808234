/**
 * The PUT of a file's bytes to the upload URL HelenaCRM hands out (GET /core/v2/file). In
 * production that URL is presigned storage on another host: the URL itself is the credential, so
 * the agent's token is never sent there (nor in any header), and the request is not HelenaCRM's
 * traffic, so it takes no token from the account's rate budget — unless the URL is on HelenaCRM's
 * own origin (a gateway that stores uploads itself may count them), where one token is taken like
 * any other call. A PUT of the same bytes to the same URL is idempotent, so every failure that
 * leaves the outcome unknown is retried, with the client's backoff.
 *
 * Errors name the URL's path only: its query string is where presigned URLs carry their
 * signature, and it must not end up in logs or in what the agent sees.
 */
import axios, { type AxiosInstance, type AxiosResponse } from 'axios';
import { sleep, systemClock, type Clock } from './clock';
import { backoffDelay, DEFAULT_RETRY_POLICY, parseRetryAfter, type RetryPolicy } from './backoff';
import { HelenaError } from './errors';
import { mapHttpError, networkError, type RequestInfo } from './error-mapping';
import { acceptableFileUrl } from './file-url';
import type { TokenBucket } from './token-bucket';
import { hostOf, type HelenaLogger } from './transport';
import { DIRECT_ROUTE, type NetRoute } from '../net/net-route';

export interface UploadTransportOptions {
  /** HelenaCRM's root URL: an upload URL on its origin is HelenaCRM's traffic (and may be plain http, like the sandbox's). */
  baseUrl: string;
  bucket: TokenBucket;
  retry?: Partial<RetryPolicy>;
  /** How long an upload may go without a byte moving before it is given up (and retried). Default 30 s. */
  idleTimeoutMs?: number;
  /** The slowest upload speed waited for, in bytes per second: the whole-PUT deadline follows the size. Default 50 KB/s. */
  minBytesPerSecond?: number;
  logger?: HelenaLogger;
  clock?: Clock;
  random?: () => number;
  /** The client's route: storage hosts are reached through the same proxy, with the same trusted certificates. */
  route?: NetRoute;
}

export interface UploadOptions {
  signal?: AbortSignal;
  /** Bytes sent so far, as they go. */
  onProgress?: (sent: number, total: number) => void;
}

const DEFAULT_IDLE_TIMEOUT_MS = 30_000;
const DEFAULT_MIN_BYTES_PER_SECOND = 50_000;
/** No PUT, however small, gets less than this. */
const MIN_DEADLINE_MS = 20_000;

type Outcome = { ok: true; status: number } | { ok: false; error: HelenaError };

export class UploadTransport {
  private readonly http: AxiosInstance;
  private readonly policy: RetryPolicy;
  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly apiOrigin: string;
  private readonly route: NetRoute;

  constructor(private readonly options: UploadTransportOptions) {
    this.policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.clock = options.clock ?? systemClock;
    this.random = options.random ?? Math.random;
    this.apiOrigin = new URL(options.baseUrl).origin;
    this.route = options.route ?? DIRECT_ROUTE;
    // An instance of its own: no baseURL, no default headers that could carry anything of the account's.
    this.http = axios.create({
      httpAgent: this.route.httpAgent,
      httpsAgent: this.route.httpsAgent,
      proxy: false,
      maxRedirects: 0,
      maxBodyLength: Infinity,
      responseType: 'text',
      transformResponse: [(data: unknown) => data],
      validateStatus: () => true,
    });
  }

  /**
   * The upload URL, checked before any byte goes: https (a file of a customer's never crosses the
   * internet in clear), or HelenaCRM's own origin, or this machine; no user or password in it.
   * Anything else is an answer HelenaCRM should not have given.
   */
  checkedUrl(urlUpload: string): URL {
    const url = acceptableFileUrl(urlUpload, this.apiOrigin);
    if (!url) {
      throw new HelenaError({
        detail: { kind: 'invalid_response', path: 'urlUpload', issue: 'not an https URL' },
        status: null,
        key: 'upload.url_refused',
        serverText: 'urlUpload: not an https URL',
        method: 'GET',
        path: '/core/v2/file',
      });
    }
    return url;
  }

  async put(urlUpload: string, bytes: Uint8Array, contentType: string, options: UploadOptions = {}): Promise<void> {
    const url = this.checkedUrl(urlUpload);
    const info: RequestInfo = { method: 'PUT', path: url.pathname };
    const onApiOrigin = url.origin === this.apiOrigin;
    for (let attempt = 1; ; attempt++) {
      const release = onApiOrigin ? await this.options.bucket.acquire(options.signal) : null;
      let outcome: Outcome;
      try {
        outcome = await this.send(url.href, bytes, contentType, info, options);
      } finally {
        release?.();
      }
      if (outcome.ok) {
        this.options.logger?.debug?.(`upload PUT ${info.path} → ${outcome.status}`, { bytes: bytes.byteLength, attempt });
        return;
      }
      const waitMs = this.retryWait(outcome.error, attempt, onApiOrigin);
      if (waitMs === null) throw outcome.error;
      this.options.logger?.warn?.(`upload PUT ${info.path} failed: ${outcome.error.key}; retry in ${waitMs} ms`, { status: outcome.error.status, attempt });
      await sleep(this.clock, waitMs, options.signal);
    }
  }

  /** The same bytes again are harmless: any failure but a refusal (4xx) or an abort is tried again, within the policy. */
  private retryWait(error: HelenaError, attempt: number, onApiOrigin: boolean): number | null {
    if (attempt >= this.policy.maxAttempts) return null;
    if (error.is('rate_limited')) {
      if (error.detail.retryAfterMs > this.policy.maxRetryAfterMs) return null;
      if (onApiOrigin) this.options.bucket.pauseFor(error.detail.retryAfterMs);
      return Math.max(error.detail.retryAfterMs, backoffDelay(attempt - 1, this.policy, this.random));
    }
    if (error.is('network')) return error.detail.cause === 'aborted' || error.detail.cause === 'proxy_auth' ? null : backoffDelay(attempt - 1, this.policy, this.random);
    if (error.is('server')) return backoffDelay(attempt - 1, this.policy, this.random);
    return null;
  }

  private async send(href: string, bytes: Uint8Array, contentType: string, info: RequestInfo, options: UploadOptions): Promise<Outcome> {
    const deadlineMs = Math.max(MIN_DEADLINE_MS, Math.ceil((bytes.byteLength / (this.options.minBytesPerSecond ?? DEFAULT_MIN_BYTES_PER_SECOND)) * 1000));
    const controller = new AbortController();
    let timedOut = false;
    const timer = this.clock.setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, deadlineMs);
    const onCallerAbort = (): void => controller.abort();
    options.signal?.addEventListener('abort', onCallerAbort, { once: true });
    let response: AxiosResponse<unknown>;
    try {
      response = await this.http.request<unknown>({
        method: 'PUT',
        url: href,
        data: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
        // Exactly these: storage signs over the content type, and nothing of the account goes along.
        headers: { 'Content-Type': contentType, Accept: 'application/json, application/xml, */*' },
        // axios' own timer is a socket idle timer: a stalled upload fails without waiting out the whole deadline.
        timeout: this.options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS,
        signal: controller.signal,
        onUploadProgress: options.onProgress ? (event) => options.onProgress?.(event.loaded, bytes.byteLength) : undefined,
      });
    } catch (err: unknown) {
      const code = timedOut ? 'ETIMEDOUT' : axios.isAxiosError(err) ? err.code : undefined;
      return { ok: false, error: networkError(code, info, { host: hostOf(href), proxy: this.route.proxyHost }) };
    } finally {
      this.clock.clearTimeout(timer);
      options.signal?.removeEventListener('abort', onCallerAbort);
    }
    if (response.status >= 200 && response.status < 300) return { ok: true, status: response.status };
    const text = typeof response.data === 'string' ? response.data : '';
    let body: unknown = null;
    try {
      body = text ? (JSON.parse(text) as unknown) : null;
    } catch {
      // Storage answers XML; its text is of no use to the agent, its status says enough.
      body = null;
    }
    const retryAfter = response.headers['retry-after'];
    const retryAfterHeader = typeof retryAfter === 'string' ? retryAfter : null;
    let error = mapHttpError({ status: response.status, body, retryAfterHeader, nowMs: this.clock.now(), token: null }, info);
    if (error.is('rate_limited') && parseRetryAfter(retryAfterHeader, this.clock.now()) === null) {
      error = new HelenaError({ detail: { kind: 'rate_limited', retryAfterMs: 1_000 }, status: error.status, key: error.key, serverText: error.serverText, ...info });
    }
    return { ok: false, error };
  }
}
