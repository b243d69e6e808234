/**
 * Turns what came back (an HTTP error answer, a socket failure, a body zod refused) into a
 * HelenaError. Reads both HelenaCRM error bodies: `InternalException`
 * ({error, key, text, details, httpStatusCode}) and RFC 7807 `ProblemDetails`
 * ({type, title, status, detail, instance, …extensions}) of the /chat/v1/send/* family,
 * including ASP.NET's validation flavour (`errors: {Field: ["message"]}`).
 */
import type { z } from 'zod';
import { InternalException, ProblemDetails } from './helena-dto';
import { certificateFlawOf, PROXY_AUTH, PROXY_REFUSED, PROXY_UNREACHABLE } from '../net/net-failures';
import { HelenaError, type HelenaErrorDetail, type NetworkCause, type NetworkDetail, type PlainNetworkCause } from './errors';
import { parseRetryAfter } from './backoff';

/** WhatsApp Cloud API: "Re-engagement message" (more than 24 h since the customer last replied). */
export const WINDOW_CLOSED_CODE = 131047;
export const WINDOW_CLOSED_KEY = 'whatsapp.131047';
export const TOKEN_EXPIRED_KEY = 'auth.token_expired';

export interface RequestInfo {
  method: string;
  /** Path without query. */
  path: string;
}

/** What the server's error body says, whichever shape it had. */
export interface ErrorBodyInfo {
  key: string | null;
  text: string | null;
  fields: string[];
  windowClosed: boolean;
}

const MAX_SEARCH_DEPTH = 6;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** True when a `code`/`errorCode` of 131047 or the key `whatsapp.131047` appears anywhere in the body. */
function mentionsWindowClosed(value: unknown, depth = 0): boolean {
  if (depth > MAX_SEARCH_DEPTH) return false;
  if (typeof value === 'string') return value === WINDOW_CLOSED_KEY || value.endsWith(`/${WINDOW_CLOSED_KEY}`);
  if (Array.isArray(value)) return value.some((v) => mentionsWindowClosed(v, depth + 1));
  if (!isRecord(value)) return false;
  for (const [k, v] of Object.entries(value)) {
    if (/^(code|errorCode|error_code)$/i.test(k) && (v === WINDOW_CLOSED_CODE || v === String(WINDOW_CLOSED_CODE))) return true;
    if (mentionsWindowClosed(v, depth + 1)) return true;
  }
  return false;
}

const FIELD_PROPS = ['field', 'fieldName', 'property', 'propertyName', 'param', 'name', 'path'] as const;

/** Is this an ASP.NET ValidationProblemDetails `errors` map ({"Text": ["The Text field is required."]})? */
function isModelStateMap(value: Record<string, unknown>): boolean {
  const entries = Object.values(value);
  return entries.length > 0 && entries.every((v) => Array.isArray(v) && v.every((m) => typeof m === 'string'));
}

/**
 * Field names from the usual places: {field}, {fields: [name | {field}]}, arrays of
 * {field|propertyName, message}, ASP.NET `errors` maps, and a details object under `errors`.
 */
function fieldsOf(value: unknown, depth = 0): string[] {
  if (depth > 3 || value === null || value === undefined) return [];
  if (Array.isArray(value)) return value.flatMap((v) => fieldsOf(v, depth + 1));
  if (!isRecord(value)) return [];
  const out: string[] = [];
  for (const prop of FIELD_PROPS) {
    const v = value[prop];
    if (typeof v === 'string' && v !== '') {
      out.push(v);
      break;
    }
    if (prop === 'path' && Array.isArray(v) && v.length > 0) {
      out.push(v.join('.'));
      break;
    }
  }
  if (Array.isArray(value.fields)) {
    for (const f of value.fields) {
      if (typeof f === 'string' && f !== '') out.push(f);
      else out.push(...fieldsOf(f, depth + 1));
    }
  }
  const errors = value.errors;
  if (isRecord(errors)) out.push(...(isModelStateMap(errors) ? Object.keys(errors) : fieldsOf(errors, depth + 1)));
  else if (Array.isArray(errors)) out.push(...fieldsOf(errors, depth + 1));
  return out;
}

function firstErrorMessage(errors: unknown): string | null {
  if (!isRecord(errors)) return null;
  for (const messages of Object.values(errors)) {
    if (typeof messages === 'string') return messages;
    if (Array.isArray(messages) && typeof messages[0] === 'string') return messages[0];
  }
  return null;
}

function keyFromProblemType(type: string | null | undefined): string | null {
  if (!type) return null;
  const last = type.split('/').pop();
  return last && /^[a-z0-9_]+(\.[a-z0-9_]+)+$/i.test(last) ? last : null;
}

function stringProp(body: Record<string, unknown>, name: string): string | null {
  const v = body[name];
  return typeof v === 'string' && v !== '' ? v : null;
}

/** Reads either error body shape; tolerant of anything else (HTML from a proxy, empty body). */
export function readErrorBody(body: unknown): ErrorBodyInfo {
  const windowClosed = mentionsWindowClosed(body);
  const internal = InternalException.safeParse(body);
  if (internal.success) {
    const { key, text, details } = internal.data;
    return { key, text, fields: unique(fieldsOf(details)), windowClosed };
  }
  if (isRecord(body)) {
    const problem = ProblemDetails.safeParse(body);
    if (problem.success && ('title' in body || 'detail' in body || 'type' in body || 'status' in body)) {
      const p = problem.data;
      const key = stringProp(body, 'key') ?? keyFromProblemType(p.type);
      const text = p.detail ?? firstErrorMessage(body.errors) ?? p.title ?? null;
      return { key, text, fields: unique(fieldsOf(body)), windowClosed };
    }
    // Loose object: take what we recognise.
    return {
      key: stringProp(body, 'key'),
      text: stringProp(body, 'text') ?? stringProp(body, 'message') ?? stringProp(body, 'detail'),
      fields: unique(fieldsOf(body)),
      windowClosed,
    };
  }
  return { key: null, text: null, fields: [], windowClosed };
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

/** Removes every occurrence of `secret` (the bearer token) from text that may end up in an error. */
export function redact(text: string | null, secret: string | null): string | null {
  if (text === null || !secret) return text;
  return text.split(secret).join('[redacted]');
}

export interface HttpFailure {
  status: number;
  body: unknown;
  retryAfterHeader: string | null;
  nowMs: number;
  /** Only used to scrub it from server text; never stored. */
  token: string | null;
}

function detailFor(status: number, info: ErrorBodyInfo, retryAfterMs: number | null): HelenaErrorDetail {
  if (info.windowClosed || info.key === WINDOW_CLOSED_KEY) return { kind: 'window_closed' };
  if (status === 401) return { kind: 'unauthorized', tokenExpired: info.key === TOKEN_EXPIRED_KEY };
  if (status === 403) return { kind: 'forbidden' };
  if (status === 404 || status === 410) return { kind: 'not_found' };
  if (status === 409) return { kind: 'conflict' };
  if (status === 429) return { kind: 'rate_limited', retryAfterMs: retryAfterMs ?? 0 };
  if (status === 408) return { kind: 'network', cause: 'timeout' };
  // Only a proxy answers 407 (one in the way that the route does not know of, since the route's own refusals never get here).
  if (status === 407) return { kind: 'network', cause: 'proxy_auth' };
  if (status >= 400 && status < 500) return { kind: 'validation', fields: info.fields };
  return { kind: 'server' };
}

const DEFAULT_KEYS: Record<HelenaErrorDetail['kind'], string> = {
  unauthorized: 'auth.unauthorized',
  forbidden: 'http.forbidden',
  not_found: 'http.not_found',
  rate_limited: 'http.rate_limited',
  window_closed: WINDOW_CLOSED_KEY,
  validation: 'validation.invalid',
  conflict: 'http.conflict',
  network: 'network.timeout',
  server: 'http.server_error',
  invalid_response: 'response.invalid',
};

export function mapHttpError(failure: HttpFailure, request: RequestInfo): HelenaError {
  const info = readErrorBody(failure.body);
  const retryAfterMs = parseRetryAfter(failure.retryAfterHeader, failure.nowMs);
  const detail = detailFor(failure.status, info, retryAfterMs);
  const serverText = redact(info.text, failure.token);
  return new HelenaError({
    detail,
    status: failure.status,
    key: info.key ?? (detail.kind === 'server' ? `http.${failure.status}` : detail.kind === 'network' ? `network.${detail.cause}` : DEFAULT_KEYS[detail.kind]),
    serverText,
    method: request.method,
    path: request.path,
  });
}

/** Node/axios error codes → why the network failed (proxy and certificate codes: net/net-failures.ts). */
export function networkCauseOf(code: string | undefined): NetworkCause {
  if (certificateFlawOf(code)) return 'certificate';
  switch (code) {
    case PROXY_UNREACHABLE:
    case PROXY_REFUSED:
      return 'proxy';
    case PROXY_AUTH:
      return 'proxy_auth';
    case 'ECONNREFUSED':
      return 'refused';
    case 'ECONNRESET':
    case 'EPIPE':
    case 'ERR_BAD_RESPONSE':
    case 'UND_ERR_SOCKET':
      return 'reset';
    case 'ETIMEDOUT':
    case 'ECONNABORTED':
    case 'ESOCKETTIMEDOUT':
      return 'timeout';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'dns';
    case 'ERR_CANCELED':
      return 'aborted';
    case 'ENETUNREACH':
    case 'EHOSTUNREACH':
    case 'ENETDOWN':
    case 'ERR_NETWORK':
      return 'offline';
    default:
      return 'other';
  }
}

/** Where a connection went, to name it in the sentence: the server's host, and the proxy's when there is one. */
export interface ConnectionSite {
  /** host[:port] of the server asked (HelenaCRM, a file host). */
  host: string;
  /** host:port of the proxy every connection goes through, or null when direct. */
  proxy: string | null;
}

/** The detail for a failure `code` at `site`; a proxy code with no proxy known (cannot happen) reads as a plain failure. */
export function networkDetail(code: string | undefined, site: ConnectionSite | null): NetworkDetail {
  const cause = networkCauseOf(code);
  const flaw = certificateFlawOf(code);
  if (cause === 'certificate' && flaw && site) return { kind: 'network', cause, host: site.host, flaw };
  if (cause === 'proxy' && site?.proxy) return { kind: 'network', cause, proxy: site.proxy };
  if (cause === 'proxy_auth') return { kind: 'network', cause };
  return { kind: 'network', cause: isPlain(cause) ? cause : 'other' };
}

function isPlain(cause: NetworkCause): cause is PlainNetworkCause {
  return cause !== 'proxy' && cause !== 'proxy_auth' && cause !== 'certificate';
}

export function networkError(code: string | undefined, request: RequestInfo, site: ConnectionSite | null = null): HelenaError {
  const detail = networkDetail(code, site);
  return new HelenaError({ detail, status: null, key: `network.${detail.cause}`, method: request.method, path: request.path });
}

/** A body that does not match its schema: names the first bad field (e.g. `items.3.updatedAt`). */
export function invalidResponseError(error: z.ZodError, request: RequestInfo, status: number): HelenaError {
  const issue = error.issues[0];
  const path = issue ? issue.path.map(String).join('.') : '';
  const what = issue ? issue.message : 'invalid';
  return new HelenaError({
    detail: { kind: 'invalid_response', path, issue: what },
    status,
    key: 'response.invalid',
    serverText: `${path || '(body)'}: ${what}`,
    method: request.method,
    path: request.path,
  });
}

/** The answer was not JSON at all. */
export function unparseableResponseError(request: RequestInfo, status: number): HelenaError {
  return new HelenaError({
    detail: { kind: 'invalid_response', path: '', issue: 'body is not JSON' },
    status,
    key: 'response.not_json',
    method: request.method,
    path: request.path,
  });
}
