/**
 * What the outbox does with a failed send: try again later (with capped, jittered backoff), hold
 * a free text until the contact replies (131047), pause everything until the agent logs in again
 * (the token expired), or give up and show the agent why.
 */
import { backoffDelay, isHelenaError, LONGEST_RATE_LIMIT_PAUSE_MS } from '../api';
import { failureText, type FailureReason } from '../api/failure-messages';
import { AttachmentMissingError } from './attachment-files';

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

/**
 * `reason` is the pt-BR sentence stored and shown as today; `code` says the same as a code of the
 * catalog api/failure-messages.ts, stored beside it so the view can give it
 * in English. Null only for a HelenaError whose message was written by hand.
 */
export type FailureDecision = (
  | { action: 'retry'; delayMs: number }
  | { action: 'hold' }
  /** Not the message's fault: the token expired. Nothing is retried until the next login; nothing fails. */
  | { action: 'pause' }
  | { action: 'fail'; retryable: boolean }
) & { reason: string; code: FailureReason | null };

const UNKNOWN_FAILURE: FailureReason = { code: 'unknown', values: {} };
const AUTH_PAUSE: FailureReason = { code: 'auth_paused', values: {} };

/** A reason from the catalog: its pt-BR sentence and its code. */
export function coded(reason: FailureReason): { reason: string; code: FailureReason } {
  return { reason: failureText(reason), code: reason };
}

/**
 * The longest wait decideFailure ever sets. A next try due later than this from now was timed by a
 * clock that has since been put back (Windows syncing after a wake, the agent fixing the date).
 */
export function longestWaitMs(policy: OutboxRetryPolicy): number {
  return Math.max(policy.capMs, policy.baseMs / 4, LONGEST_RATE_LIMIT_PAUSE_MS);
}

/**
 * `attempts` counts tries so far (≥ 1). Retryable: network, 5xx, 429 (at least its Retry-After).
 * An expired or revoked token pauses the outbox instead: retrying with it cannot succeed.
 */
export function decideFailure(error: unknown, attempts: number, policy: OutboxRetryPolicy, random: () => number = Math.random): FailureDecision {
  // Trying again cannot bring the bytes back: the agent attaches the file again.
  if (error instanceof AttachmentMissingError) return { action: 'fail', retryable: false, ...coded({ code: 'attachment_missing', values: {} }) };
  if (!isHelenaError(error)) return { action: 'fail', retryable: true, ...coded(UNKNOWN_FAILURE) };
  const why = { reason: error.message, code: error.reason };
  if (error.is('window_closed')) return { action: 'hold', ...why };
  if (error.kind === 'unauthorized') return { action: 'pause', ...coded(AUTH_PAUSE) };
  if (error.retryable) {
    if (attempts >= policy.maxAttempts) return { action: 'fail', retryable: true, ...why };
    let delayMs = Math.max(policy.baseMs / 4, backoffDelay(attempts - 1, policy, random));
    if (error.is('rate_limited')) delayMs = Math.max(delayMs, Math.min(error.detail.retryAfterMs, LONGEST_RATE_LIMIT_PAUSE_MS));
    return { action: 'retry', delayMs: Math.round(delayMs), ...why };
  }
  if (error.kind === 'conflict' && error.serverText) return { action: 'fail', retryable: false, ...coded({ code: 'conflict_text', values: { serverText: error.serverText } }) };
  return { action: 'fail', retryable: false, ...why };
}
