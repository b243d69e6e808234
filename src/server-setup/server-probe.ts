/**
 * Is there a HelenaCRM at this address? One request the sandbox and a HelenaCRM gateway both answer
 * without a token: `GET /auth/v1/me` with no Authorization, which HelenaCRM refuses with 401 and its
 * own error body (InternalException). That body is what tells HelenaCRM apart from any other web
 * server, and /auth/v1 is the login the next screen needs, so a server that passes can sign the
 * agent in. Sent with axios through the route the core will use (net/net-route.ts: the same proxy,
 * the same trusted certificates, the same TLS checks): a server the probe reaches is one the core reaches.
 */
import axios, { isAxiosError } from 'axios';
import { networkCauseOf } from '../api/error-mapping';
import type { PlainNetworkCause } from '../api/errors';
import { InternalException } from '../api/helena-dto';
import { certificateFlawOf, PROXY_AUTH, PROXY_REFUSED, PROXY_UNREACHABLE, type CertificateFlaw } from '../net/net-failures';
import { DIRECT_ROUTE, type NetRoute } from '../net/net-route';

export type { CertificateFlaw };

export const PROBE_PATH = '/auth/v1/me';
const DEFAULT_TIMEOUT_MS = 10_000;
/** An error body is a few hundred bytes; a site's home page answered instead need not be read whole. */
const MAX_BODY_BYTES = 64 * 1024;

export type ProbeOutcome =
  | { ok: true }
  /** Nothing answered: refused, no such name, timed out, no network. */
  | { ok: false; problem: 'no_answer'; cause: PlainNetworkCause }
  /** Something answered over TLS with a certificate the core would refuse too. */
  | { ok: false; problem: 'certificate'; flaw: CertificateFlaw }
  /** The proxy (`proxy`: host:port) could not be reached or would not open the way. */
  | { ok: false; problem: 'proxy'; proxy: string }
  /** The proxy asked for a user and password it was not given (407). */
  | { ok: false; problem: 'proxy_auth' }
  /** Answered, but with a server error (a gateway whose HelenaCRM is down, say): worth a later try. */
  | { ok: false; problem: 'server_error'; status: number }
  /** Answered, and not as HelenaCRM does (a web site, another API, a redirect, not TLS at all). */
  | { ok: false; problem: 'not_helena'; status: number | null };

export interface ProbeOptions {
  timeoutMs?: number;
  /** The proxy and certificates the core will use for this server (the shell builds it). Default: direct. */
  route?: NetRoute;
}

/** TLS spoken to something that does not speak it (https:// to a plain-http port): it answered, just not as HelenaCRM. */
const NOT_TLS_CODES = new Set(['EPROTO', 'ERR_SSL_WRONG_VERSION_NUMBER', 'ERR_SSL_PACKET_LENGTH_TOO_LONG']);

export async function probeServer(serverUrl: string, options: ProbeOptions = {}): Promise<ProbeOutcome> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const route = options.route ?? DIRECT_ROUTE;
  try {
    const response = await axios.get<string>(`${serverUrl}${PROBE_PATH}`, {
      httpAgent: route.httpAgent,
      httpsAgent: route.httpsAgent,
      proxy: false,
      signal: controller.signal,
      maxRedirects: 0,
      maxContentLength: MAX_BODY_BYTES,
      responseType: 'text',
      transformResponse: [(data: unknown) => data],
      validateStatus: () => true,
      headers: { Accept: 'application/json' },
    });
    return judgeAnswer(response.status, response.data);
  } catch (error) {
    if (timedOut) return { ok: false, problem: 'no_answer', cause: 'timeout' };
    const code = isAxiosError(error) ? error.code : (error as { code?: unknown } | null)?.code;
    const name = typeof code === 'string' ? code : undefined;
    const flaw = certificateFlawOf(name);
    if (flaw) return { ok: false, problem: 'certificate', flaw };
    if (name === PROXY_AUTH) return { ok: false, problem: 'proxy_auth' };
    if ((name === PROXY_UNREACHABLE || name === PROXY_REFUSED) && route.proxyHost) return { ok: false, problem: 'proxy', proxy: route.proxyHost };
    if (name && NOT_TLS_CODES.has(name)) return { ok: false, problem: 'not_helena', status: null };
    if (name === 'ERR_BAD_RESPONSE' || name === 'ERR_FR_MAX_BODY_LENGTH_EXCEEDED') return { ok: false, problem: 'not_helena', status: null };
    const cause = networkCauseOf(name);
    return { ok: false, problem: 'no_answer', cause: cause === 'proxy' || cause === 'proxy_auth' || cause === 'certificate' ? 'other' : cause };
  } finally {
    clearTimeout(timer);
  }
}

function judgeAnswer(status: number, body: unknown): ProbeOutcome {
  if (status === 401 && isHelenaErrorBody(body)) return { ok: true };
  // A proxy in the way that the route does not know of (its own refusals never get here).
  if (status === 407) return { ok: false, problem: 'proxy_auth' };
  if (status >= 500) return { ok: false, problem: 'server_error', status };
  return { ok: false, problem: 'not_helena', status };
}

function isHelenaErrorBody(body: unknown): boolean {
  if (typeof body !== 'string') return false;
  try {
    return InternalException.safeParse(JSON.parse(body)).success;
  } catch {
    return false;
  }
}
