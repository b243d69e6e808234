/**
 * One HTTP exchange with HelenaCRM, done properly: wait for a rate-limit token, send with the
 * bearer token, time out, map failures to HelenaError, retry what may be retried, and parse the
 * answer with its zod schema. HelenaClient describes each endpoint; this does the rest.
 */
import axios, { type AxiosInstance, type AxiosResponse } from 'axios';
import type { z } from 'zod';
import { sleep, systemClock, type Clock } from './clock';
import {
  backoffDelay,
  DEFAULT_RETRY_POLICY,
  LONGEST_RATE_LIMIT_PAUSE_MS,
  mayRepeatUnknownOutcome,
  maxAttemptsFor,
  parseRetryAfter,
  type RetryMode,
  type RetryPolicy,
} from './backoff';
import { HelenaError, isHelenaError, type DetailOf, type NetworkDetail } from './errors';
import { invalidResponseError, mapHttpError, networkError, unparseableResponseError, type ConnectionSite, type RequestInfo } from './error-mapping';
import { DIRECT_ROUTE, type NetRoute } from '../net/net-route';
import { serializeQuery, type QueryParams } from './query';
import { DEFAULT_RATE_LIMIT, TokenBucket, type RateLimitConfig, type Release } from './token-bucket';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** Lines about requests; never given headers, bodies or tokens. */
export interface HelenaLogger {
  debug?(message: string, fields?: Record<string, unknown>): void;
  warn?(message: string, fields?: Record<string, unknown>): void;
}

export interface TransportOptions {
  /** Server root, e.g. `https://api.wts.chat` or a sandbox `http://127.0.0.1:4010`; paths start with /core, /chat, /auth. */
  baseUrl: string;
  /** The agent's bearer token, read before every request (it may change after a new login). */
  getToken: () => string | null;
  /** Used to build a bucket when `bucket` is not given. Default 200 per 5 s. */
  rateLimit?: RateLimitConfig;
  /** The account's shared bucket. Give every client of the same account the same instance. */
  bucket?: TokenBucket;
  retry?: Partial<RetryPolicy>;
  /** Whole-request deadline per attempt (connect to last byte). Default 20 s. */
  timeoutMs?: number;
  logger?: HelenaLogger;
  clock?: Clock;
  /** [0, 1) source for backoff jitter. */
  random?: () => number;
  /** Called on every 401, e.g. to ask the agent to log in again; the call still throws. */
  onUnauthorized?: (error: HelenaError<DetailOf<'unauthorized'>>) => void;
  /**
   * Called after every try that reached HelenaCRM and got an answer: true for a success, false for
   * a server failure (5xx). Lets the app say "HelenaCRM unstable" while it is reachable but failing.
   */
  onServerHealth?: (healthy: boolean) => void;
  /**
   * Called once per request as it ends, retries over: whether HelenaCRM was reached
   * (ExchangeOutcome). The connectivity indicator hears every request the app makes this way,
   * not only the sync engine's own.
   */
  onExchange?: (outcome: ExchangeOutcome) => void;
  /** The proxy and certificates every connection uses (net/net-route.ts). Default: direct, Node's own. */
  route?: NetRoute;
}

export interface RequestSpec<S extends z.ZodType> {
  method: HttpMethod;
  /** Absolute path, already encoded (e.g. `/chat/v2/session/${encodeURIComponent(id)}`). */
  path: string;
  query?: QueryParams;
  body?: unknown;
  schema: S;
  /**
   * Sends the bearer token; without one the call fails at once as `unauthorized`. Default true.
   * `false` (sign-in) also keeps the request off the account's rate-limit bucket.
   */
  auth?: boolean;
  retry: RetryMode;
  /**
   * Worth skipping rather than waiting for: takes a token only if one is free with a spare left
   * for the rest of the app (else fails at once, `rate_limit.skipped`), and tries exactly once,
   * whatever the failure (a 429 still pauses the bucket for everyone).
   */
  bestEffort?: boolean;
  /** Nobody waits on it: the bucket's background lane, behind the agent's requests. */
  background?: boolean;
  signal?: AbortSignal;
}

/** Tokens a best-effort request leaves free for everything else: a tenth of the budget. */
export function bestEffortSpare(bucket: TokenBucket): number {
  return Math.ceil(bucket.max / 10);
}

export const DEFAULT_TIMEOUT_MS = 20_000;
/** With no Retry-After on a 429, pause at least this long. */
const MIN_429_PAUSE_MS = 1_000;

const noRelease: Release = () => undefined;

type Outcome = { ok: true; value: unknown; status: number } | { ok: false; error: HelenaError };

/**
 * What a request's end says of reaching HelenaCRM: an answer of any status (a 4xx or 5xx too: the
 * way is open, HelenaCRM's health is onServerHealth's say), or none at all (refused, reset, timed
 * out, a proxy in the way failing).
 */
export type ExchangeOutcome = { answered: true } | { answered: false; error: HelenaError<NetworkDetail> };

/**
 * The outcome of a request that failed with `error`, or null when it says nothing of the way to
 * HelenaCRM: aborted by the app, never sent (no token, a best-effort request skipped), or a 401,
 * which has its own handling (onUnauthorized, the sync engine's auth-expired).
 */
export function exchangeOutcomeOf(error: unknown): ExchangeOutcome | null {
  if (!isHelenaError(error)) return null;
  if (error.is('network')) return error.detail.cause === 'aborted' ? null : { answered: false, error };
  if (error.is('unauthorized') || error.status === null) return null;
  return { answered: true };
}

export class HelenaTransport {
  readonly bucket: TokenBucket;
  readonly policy: RetryPolicy;
  private readonly http: AxiosInstance;
  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly timeoutMs: number;
  private readonly host: string;
  readonly route: NetRoute;

  constructor(private readonly options: TransportOptions) {
    this.clock = options.clock ?? systemClock;
    this.bucket = options.bucket ?? new TokenBucket(options.rateLimit ?? DEFAULT_RATE_LIMIT, this.clock);
    this.policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    if (!(this.policy.maxAttempts >= 1)) throw new RangeError('retry.maxAttempts must be at least 1');
    this.random = options.random ?? Math.random;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.route = options.route ?? DIRECT_ROUTE;
    this.host = hostOf(options.baseUrl);
    this.http = axios.create({
      baseURL: options.baseUrl.replace(/\/+$/, ''),
      httpAgent: this.route.httpAgent,
      httpsAgent: this.route.httpsAgent,
      // The route decides the proxy; axios's own reading of HTTP(S)_PROXY would tunnel twice or around it.
      proxy: false,
      // Our own deadline (below) covers the whole exchange; axios' is a socket idle timer.
      timeout: 0,
      maxRedirects: 0,
      responseType: 'text',
      transformResponse: [(data: unknown) => data],
      validateStatus: () => true,
      headers: { Accept: 'application/json' },
    });
  }

  /** Read at each failure: the route's proxy may have changed since (net-route.ts SwitchableRoute). */
  private site(): ConnectionSite {
    return { host: this.host, proxy: this.route.proxyHost };
  }

  async request<S extends z.ZodType>(spec: RequestSpec<S>): Promise<z.output<S>> {
    let value: z.output<S>;
    try {
      value = await this.tries(spec);
    } catch (error) {
      const outcome = exchangeOutcomeOf(error);
      if (outcome) this.options.onExchange?.(outcome);
      throw error;
    }
    this.options.onExchange?.({ answered: true });
    return value;
  }

  private async tries<S extends z.ZodType>(spec: RequestSpec<S>): Promise<z.output<S>> {
    const info: RequestInfo = { method: spec.method, path: spec.path };
    const maxAttempts = spec.bestEffort ? 1 : maxAttemptsFor(spec.retry, this.policy);
    for (let attempt = 1; ; attempt++) {
      const token = spec.auth === false ? null : this.options.getToken();
      if (spec.auth !== false && !token) {
        throw new HelenaError({ detail: { kind: 'unauthorized', tokenExpired: false }, status: null, key: 'auth.no_token', ...info });
      }
      // Sign-in is not made with the account's token, so it is not on the account's budget (the
      // sandbox does not count /auth/v1/login/* either): it never waits behind a busy account.
      const release = spec.auth === false ? noRelease : spec.bestEffort ? this.freeToken(info) : await this.bucket.acquire(spec.signal, spec.background ? 'background' : 'agent');
      const started = this.clock.now();
      let outcome: Outcome;
      try {
        outcome = await this.send(spec, token, info);
      } finally {
        release();
      }
      if (outcome.ok) this.options.onServerHealth?.(true);
      else if (outcome.error.is('server')) this.options.onServerHealth?.(false);
      if (outcome.ok) {
        this.options.logger?.debug?.(`helena ${info.method} ${info.path} → ${outcome.status}`, {
          ms: this.clock.now() - started,
          attempt,
        });
        return this.parse(spec.schema, outcome.value, info, outcome.status);
      }
      const error = outcome.error;
      if (error.is('unauthorized')) this.options.onUnauthorized?.(error);
      const waitMs = this.retryWait(error, spec.retry, attempt, maxAttempts, spec.auth !== false);
      if (waitMs === null) {
        this.options.logger?.debug?.(`helena ${info.method} ${info.path} failed: ${error.key}`, { status: error.status, attempt });
        error.attempts = attempt;
        throw error;
      }
      this.options.logger?.warn?.(`helena ${info.method} ${info.path} failed: ${error.key}; retry in ${waitMs} ms`, {
        status: error.status,
        attempt,
      });
      await sleep(this.clock, waitMs, spec.signal);
    }
  }

  /** A best-effort request's token, or the error that skips it (budget short, paused, or others waiting). */
  private freeToken(info: RequestInfo): Release {
    const release = this.bucket.tryAcquire(bestEffortSpare(this.bucket));
    if (release) return release;
    throw new HelenaError({ detail: { kind: 'rate_limited', retryAfterMs: 0 }, status: null, key: 'rate_limit.skipped', ...info });
  }

  /** How long to wait before the next try, or null to give up and throw `error`. */
  private retryWait(error: HelenaError, mode: RetryMode, attempt: number, maxAttempts: number, onAccountBudget: boolean): number | null {
    if (error.is('rate_limited')) {
      // The server did not act on it: safe to repeat in every mode.
      const pauseMs = error.detail.retryAfterMs;
      if (!onAccountBudget) {
        // A sign-in limit is not the account's: wait alone, leave everyone else running.
        return attempt >= maxAttempts || pauseMs > this.policy.maxRetryAfterMs ? null : pauseMs;
      }
      // Everyone on the account waits, not just us.
      this.bucket.pauseFor(Math.min(pauseMs, LONGEST_RATE_LIMIT_PAUSE_MS));
      if (attempt >= maxAttempts || pauseMs > this.policy.maxRetryAfterMs) return null;
      return 0; // the paused bucket does the waiting, in FIFO order with everyone else
    }
    if (attempt >= maxAttempts) return null;
    const backoff = backoffDelay(attempt - 1, this.policy, this.random);
    if (error.is('network')) {
      const cause = error.detail.cause;
      // Aborted; or a proxy wanting a password, which will not give in to a few seconds' wait.
      if (cause === 'aborted' || cause === 'proxy_auth') return null;
      // Refused / unreachable / no DNS / the proxy's refusal: the request never reached the server.
      const neverArrived = cause === 'refused' || cause === 'dns' || cause === 'offline' || cause === 'proxy';
      const serverSaidTimeout = error.status === 408;
      return neverArrived || serverSaidTimeout || mayRepeatUnknownOutcome(mode) ? backoff : null;
    }
    if (error.is('server')) return mayRepeatUnknownOutcome(mode) ? backoff : null;
    return null;
  }

  private async send(spec: RequestSpec<z.ZodType>, token: string | null, info: RequestInfo): Promise<Outcome> {
    const query = spec.query ? serializeQuery(spec.query) : '';
    const url = query ? `${spec.path}?${query}` : spec.path;
    const headers: Record<string, string | false> = {};
    if (token) headers.Authorization = `Bearer ${token}`;
    // Without a body there is no media type to name. `false` matters: axios otherwise labels an
    // empty POST `application/x-www-form-urlencoded`, a body we never send and servers may refuse.
    headers['Content-Type'] = spec.body === undefined ? false : 'application/json';

    const controller = new AbortController();
    let timedOut = false;
    const timer = this.clock.setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, this.timeoutMs);
    const onCallerAbort = (): void => controller.abort();
    spec.signal?.addEventListener('abort', onCallerAbort, { once: true });

    let response: AxiosResponse<unknown>;
    try {
      response = await this.http.request<unknown>({
        method: spec.method,
        url,
        headers,
        data: spec.body === undefined ? undefined : JSON.stringify(spec.body),
        signal: controller.signal,
      });
    } catch (err: unknown) {
      // Only the code is kept: the axios error holds the request config, Authorization included.
      const code = timedOut ? 'ETIMEDOUT' : axios.isAxiosError(err) ? err.code : undefined;
      return { ok: false, error: networkError(code, info, this.site()) };
    } finally {
      this.clock.clearTimeout(timer);
      spec.signal?.removeEventListener('abort', onCallerAbort);
    }

    const status = response.status;
    const text = typeof response.data === 'string' ? response.data : '';
    if (status >= 200 && status < 300) {
      if (text.trim() === '') return { ok: true, value: undefined, status };
      try {
        return { ok: true, value: JSON.parse(text) as unknown, status };
      } catch {
        return { ok: false, error: unparseableResponseError(info, status) };
      }
    }
    let body: unknown = null;
    try {
      body = text ? (JSON.parse(text) as unknown) : null;
    } catch {
      body = null;
    }
    const retryAfterHeader = headerText(response.headers['retry-after']);
    const nowMs = this.clock.now();
    let error = mapHttpError({ status, body, retryAfterHeader, nowMs, token }, info);
    if (error.is('rate_limited') && parseRetryAfter(retryAfterHeader, nowMs) === null) {
      // No (readable) Retry-After: back off on our own, but never hammer.
      const pause = Math.max(MIN_429_PAUSE_MS, backoffDelay(0, this.policy, this.random));
      error = new HelenaError({
        detail: { kind: 'rate_limited', retryAfterMs: pause },
        status,
        key: error.key,
        serverText: error.serverText,
        ...info,
      });
    }
    return { ok: false, error };
  }

  private parse<S extends z.ZodType>(schema: S, value: unknown, info: RequestInfo, status: number): z.output<S> {
    const parsed = schema.safeParse(value);
    if (!parsed.success) throw invalidResponseError(parsed.error, info, status);
    return parsed.data;
  }
}

/** host[:port] of a URL, as messages name it. */
export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url.slice(0, 120);
  }
}

function headerText(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && typeof value[0] === 'string') return value[0];
  return null;
}
