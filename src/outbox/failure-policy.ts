/**
 * What the outbox does with a failed send: try again later (with capped, jittered backoff), hold
 * a free text until the contact replies (131047), pause everything until the agent logs in again
 * (the token expired), or give up and show the agent why.
 */
import { backoffDelay, HelenaError, isHelenaError } from '../api';

export interface OutboxRetryPolicy {
  /** Upper bound of the first wait. */
  baseMs: number;
  /** No wait exceeds this. */
  capMs: number;
  /** After this many attempts a retryable failure becomes 'failed' (retryable), for the agent to retry. */
  maxAttempts: number;
}

/** The client already retries a few times within a call; these waits cover longer outages. */
export const DEFAULT_OUTBOX_RETRY: OutboxRetryPolicy = { baseMs: 2_000, capMs: 5 * 60_000, maxAttempts: 50 };

export type FailureDecision =
  | { action: 'retry'; delayMs: number; reason: string }
  | { action: 'hold'; reason: string }
  /** Not the message's fault: the token expired. Nothing is retried until the next login; nothing fails. */
  | { action: 'pause'; reason: string }
  | { action: 'fail'; retryable: boolean; reason: string };

const UNKNOWN_FAILURE = 'Falha inesperada ao enviar a mensagem. Tente novamente.';
export const AUTH_PAUSE = 'Sua sessão no HelenaCRM expirou: a mensagem sai assim que você entrar de novo.';

/**
 * `attempts` counts tries so far (≥ 1). Retryable: network, 5xx, 429 (at least its Retry-After).
 * An expired or revoked token pauses the outbox instead: retrying with it cannot succeed.
 */
export function decideFailure(error: unknown, attempts: number, policy: OutboxRetryPolicy, random: () => number = Math.random): FailureDecision {
  if (!isHelenaError(error)) return { action: 'fail', retryable: true, reason: UNKNOWN_FAILURE };
  if (error.is('window_closed')) return { action: 'hold', reason: error.message };
  if (error.kind === 'unauthorized') return { action: 'pause', reason: AUTH_PAUSE };
  if (error.retryable) {
    if (attempts >= policy.maxAttempts) return { action: 'fail', retryable: true, reason: error.message };
    let delayMs = Math.max(policy.baseMs / 4, backoffDelay(attempts - 1, policy, random));
    if (error.is('rate_limited')) delayMs = Math.max(delayMs, error.detail.retryAfterMs);
    return { action: 'retry', delayMs: Math.round(delayMs), reason: error.message };
  }
  return { action: 'fail', retryable: false, reason: reasonOf(error) };
}

function reasonOf(error: HelenaError): string {
  if (error.kind === 'conflict' && error.serverText) return `Conflito no HelenaCRM: ${error.serverText}`;
  return error.message;
}
