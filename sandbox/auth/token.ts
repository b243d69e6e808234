/**
 * Bearer tokens → the signed-in agent. One function decides for REST (the onRequest hook) and
 * for socket.io (the realtime gateway calls agentFromToken / authenticateToken), so both accept
 * and refuse the same tokens.
 */
import type { SandboxContext } from '../context';
import type { AgentRow } from '../data/directory';
import { requestAgentOf } from '../data/directory';
import type { RequestAgent } from '../request-agent';
import { hashToken } from './login';

export type TokenFailureKey = 'auth.unauthorized' | 'auth.token_expired';

export type TokenCheck = { ok: true; agent: RequestAgent } | { ok: false; key: TokenFailureKey; text: string };

export const MISSING_TOKEN_TEXT = 'Authorization: Bearer <token> is missing or invalid: log in again.';
export const EXPIRED_TOKEN_TEXT = 'The token has expired: log in again.';

/** Checks a token against the tokens table and the sandbox clock; the agent carries its current teams. */
export function authenticateToken(ctx: SandboxContext, token: string | null | undefined): TokenCheck {
  if (!token) return { ok: false, key: 'auth.unauthorized', text: MISSING_TOKEN_TEXT };
  const row = ctx.db
    .prepare<[string], AgentRow & { expires_at: string }>(
      'SELECT a.*, t.expires_at FROM tokens t JOIN agents a ON a.user_id = t.user_id WHERE t.token_hash = ?',
    )
    .get(hashToken(token));
  if (!row) return { ok: false, key: 'auth.unauthorized', text: MISSING_TOKEN_TEXT };
  if (Date.parse(row.expires_at) <= ctx.clock.nowMs()) return { ok: false, key: 'auth.token_expired', text: EXPIRED_TOKEN_TEXT };
  return { ok: true, agent: requestAgentOf(ctx, row) };
}

/** The agent a token belongs to, or null when it is unknown, revoked or expired. */
export function agentFromToken(ctx: SandboxContext, token: string | null | undefined): RequestAgent | null {
  const check = authenticateToken(ctx, token);
  return check.ok ? check.agent : null;
}

/** The token of an `Authorization: Bearer <token>` header (scheme case-insensitive), or null. */
export function bearerTokenOf(header: string | string[] | undefined): string | null {
  const value = Array.isArray(header) ? header[0] : header;
  const match = value ? /^Bearer\s+(\S+)\s*$/i.exec(value) : null;
  return match?.[1] ?? null;
}
