/**
 * Every failure of a HelenaCRM call, as one error class with a `kind` the rest of the app switches
 * on (outbox: retry or hold; sync: log in again; console: show `message` to the agent).
 *
 * `message` is pt-BR and written for an agent; `reason` says the same as a code of the
 * catalog (api/failure-messages.ts), which has it in English too. The server's own text
 * (English + key) is kept in `serverText`/`key` for logs and support. These errors are built by hand from plain data, never
 * wrapped around an axios error: axios errors carry the request config, and with it the
 * Authorization header. Nothing here may ever hold the bearer token.
 */
import type { CertificateFlaw } from '../net/net-failures';
import { failureText, type FailureReason } from './failure-messages';

/** Why nothing was heard from the server, where the cause needs nothing more to be said. */
export type PlainNetworkCause = 'offline' | 'refused' | 'reset' | 'timeout' | 'dns' | 'aborted' | 'other';

/**
 * A network failure: plain, or one that names where it happened — the proxy every connection goes
 * through (unreachable or refusing: `proxy`; wanting a user and password: `proxy_auth`), or the
 * server whose certificate this computer does not trust (`certificate`).
 */
export type NetworkDetail =
  | { kind: 'network'; cause: PlainNetworkCause }
  | { kind: 'network'; cause: 'proxy'; proxy: string }
  | { kind: 'network'; cause: 'proxy_auth' }
  | { kind: 'network'; cause: 'certificate'; host: string; flaw: CertificateFlaw };

export type NetworkCause = NetworkDetail['cause'];

export type HelenaErrorDetail =
  | { kind: 'unauthorized'; tokenExpired: boolean }
  | { kind: 'forbidden' }
  | { kind: 'not_found' }
  | { kind: 'rate_limited'; retryAfterMs: number }
  | { kind: 'window_closed' }
  | { kind: 'validation'; fields: string[] }
  | { kind: 'conflict' }
  | NetworkDetail
  | { kind: 'server' }
  | { kind: 'invalid_response'; path: string; issue: string };

export type HelenaErrorKind = HelenaErrorDetail['kind'];
export type DetailOf<K extends HelenaErrorKind> = Extract<HelenaErrorDetail, { kind: K }>;

export interface HelenaErrorInit<D extends HelenaErrorDetail = HelenaErrorDetail> {
  detail: D;
  /** HTTP status, or null when no answer came (network) or before sending. */
  status: number | null;
  /** Stable machine key: the server's (`auth.token_expired`, `whatsapp.131047`) or ours (`network.refused`). */
  key: string;
  /** The server's own text, when it sent one. */
  serverText?: string | null;
  method?: string;
  /** Request path without the query string. */
  path?: string;
  /** Overrides the default pt-BR message for the kind (the error then has no `reason`). */
  message?: string;
}

export class HelenaError<D extends HelenaErrorDetail = HelenaErrorDetail> extends Error {
  override readonly name = 'HelenaError';
  readonly kind: D['kind'];
  readonly detail: D;
  readonly status: number | null;
  readonly key: string;
  readonly serverText: string | null;
  readonly method: string | null;
  readonly path: string | null;
  /** What `message` says, as a code and values (English beside pt-BR); null when the message was given by hand. */
  readonly reason: FailureReason | null;
  /**
   * Requests the call made, its retries included (set by the transport as it gives up). More than
   * one: an earlier one may have reached HelenaCRM even though this last answer is a refusal.
   */
  attempts = 1;

  constructor(init: HelenaErrorInit<D>) {
    const reason = init.message === undefined ? agentReason(init.detail, init.serverText ?? null) : null;
    super(reason ? failureText(reason) : (init.message ?? ''));
    this.reason = reason;
    this.kind = init.detail.kind;
    this.detail = init.detail;
    this.status = init.status;
    this.key = init.key;
    this.serverText = init.serverText ?? null;
    this.method = init.method ?? null;
    this.path = init.path ?? null;
  }

  /**
   * Worth trying again later without any change by the agent (offline, server trouble, throttled).
   * A proxy asking for a password counts: nothing the agent does fixes it, but IT may, and queued
   * messages should then go out by themselves; the client does not repeat it within a call.
   */
  get retryable(): boolean {
    return this.kind === 'network' || this.kind === 'server' || this.kind === 'rate_limited';
  }

  is<K extends HelenaErrorKind>(kind: K): this is HelenaError<DetailOf<K>> {
    return this.kind === kind;
  }

  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      kind: this.kind,
      message: this.message,
      status: this.status,
      key: this.key,
      serverText: this.serverText,
      method: this.method,
      path: this.path,
      detail: this.detail,
    };
  }
}

export function isHelenaError(err: unknown): err is HelenaError;
export function isHelenaError<K extends HelenaErrorKind>(err: unknown, kind: K): err is HelenaError<DetailOf<K>>;
export function isHelenaError(err: unknown, kind?: HelenaErrorKind): boolean {
  return err instanceof HelenaError && (kind === undefined || err.kind === kind);
}

export const OFFLINE_MESSAGE = failureText({ code: 'network', values: {} });

function seconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}

/** Why, as a stable code and values: the sentences are in the catalog api/failure-messages.ts, pt-BR and en. */
export function agentReason(detail: HelenaErrorDetail, serverText: string | null): FailureReason {
  switch (detail.kind) {
    case 'unauthorized':
      return { code: detail.tokenExpired ? 'unauthorized_expired' : 'unauthorized', values: {} };
    case 'rate_limited':
      return { code: 'rate_limited', values: { seconds: seconds(detail.retryAfterMs) } };
    case 'validation': {
      const fields = detail.fields.join(', ');
      if (fields !== '') return serverText ? { code: 'validation_fields_text', values: { fields, serverText } } : { code: 'validation_fields', values: { fields } };
      return serverText ? { code: 'validation_text', values: { serverText } } : { code: 'validation', values: {} };
    }
    case 'network':
      switch (detail.cause) {
        case 'timeout':
          return { code: 'network_timeout', values: {} };
        case 'proxy':
          return { code: 'proxy_unreachable', values: { host: detail.proxy } };
        case 'proxy_auth':
          return { code: 'proxy_auth', values: {} };
        case 'certificate':
          return { code: `certificate_${detail.flaw}`, values: { host: detail.host } };
        default:
          return { code: 'network', values: {} };
      }
    case 'invalid_response':
      return detail.path ? { code: 'invalid_response', values: { path: detail.path } } : { code: 'invalid_response_body', values: {} };
    case 'forbidden':
    case 'not_found':
    case 'window_closed':
    case 'conflict':
    case 'server':
      return { code: detail.kind, values: {} };
  }
}

/** The sentence an agent reads (pt-BR). */
export function agentMessage(detail: HelenaErrorDetail, serverText: string | null): string {
  return failureText(agentReason(detail, serverText));
}
