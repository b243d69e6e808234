/**
 * Agent login (sandbox extension, /auth/v1): an email or phone number receives a one-time
 * 6-digit code; the code buys a token. Codes and tokens expire on the sandbox clock (so tests
 * expire them by moving the clock). Only the sha256 of a token is stored.
 */
import { createHash, randomBytes, randomInt } from 'node:crypto';
import { normalisePhone } from '../../src/domain/phone';
import type { SandboxContext } from '../context';
import type { AgentRow } from '../data/directory';

export type LoginChannel = 'email' | 'sms';

export interface NormalisedLogin {
  /** Lower-cased email or E.164 phone: what login_codes.login holds. */
  login: string;
  channel: LoginChannel;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** Wrong codes allowed per login before its outstanding codes are burned (a new one must be asked for). */
export const MAX_CODE_ATTEMPTS = 5;

/** An email (any case) or a phone in any format; null when it is neither. */
export function normaliseLogin(raw: string): NormalisedLogin | null {
  const trimmed = raw.trim();
  if (trimmed.includes('@')) return EMAIL.test(trimmed) ? { login: trimmed.toLowerCase(), channel: 'email' } : null;
  const phone = normalisePhone(trimmed);
  return phone ? { login: phone.e164, channel: 'sms' } : null;
}

export function findAgentByLogin(ctx: SandboxContext, login: NormalisedLogin): AgentRow | undefined {
  const sql = login.channel === 'email' ? 'SELECT * FROM agents WHERE email = ? COLLATE NOCASE' : 'SELECT * FROM agents WHERE phone = ?';
  return ctx.db.prepare<[string], AgentRow>(sql).get(login.login);
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export interface IssuedCode {
  expiresAt: string;
  /** The code, or null when nobody has this login (the answer is the same either way). */
  code: string | null;
}

/** Stores a fresh code for the login's agent (if any) and logs it. */
export function issueLoginCode(ctx: SandboxContext, login: NormalisedLogin): IssuedCode {
  const now = ctx.clock.nowMs();
  const expiresAt = new Date(now + ctx.options.codeTtlMs).toISOString();
  const agent = findAgentByLogin(ctx, login);
  if (!agent) {
    ctx.log(`código de acesso pedido para ${login.login}: nenhum usuário com esse login (nenhum código gerado)`);
    return { expiresAt, code: null };
  }
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  ctx.db
    .prepare('INSERT INTO login_codes (login, user_id, code, expires_at, used, created_at) VALUES (?, ?, ?, ?, 0, ?)')
    .run(login.login, agent.user_id, code, expiresAt, new Date(now).toISOString());
  attemptsOf(ctx).delete(login.login);
  ctx.log(`código de acesso de ${agent.name} (${login.login}): ${code} (válido até ${expiresAt})`);
  return { expiresAt, code };
}

// Wrong attempts per login, per sandbox (keyed by the context so that servers in one test process stay apart).
const attemptsByCtx = new WeakMap<SandboxContext, Map<string, number>>();
function attemptsOf(ctx: SandboxContext): Map<string, number> {
  let map = attemptsByCtx.get(ctx);
  if (!map) {
    map = new Map();
    attemptsByCtx.set(ctx, map);
  }
  return map;
}

export type VerifyResult =
  | { ok: true; agent: AgentRow; token: string; expiresAt: string }
  | { ok: false; key: 'auth.code_invalid' | 'auth.code_expired'; text: string };

interface CodeRow {
  rowid: number;
  user_id: string;
  expires_at: string;
}

/** Checks a code and, when it is good, marks it used and issues a token. Call inside a transaction. */
export function verifyLoginCode(ctx: SandboxContext, login: NormalisedLogin, code: string): VerifyResult {
  const invalid: VerifyResult = { ok: false, key: 'auth.code_invalid', text: 'Wrong or already used code: ask for a new one.' };
  const agent = findAgentByLogin(ctx, login);
  if (!agent) return invalid;
  const row = ctx.db
    .prepare<[string, string, string], CodeRow>(
      'SELECT rowid, user_id, expires_at FROM login_codes WHERE login = ? AND code = ? AND used = 0 AND user_id = ? ORDER BY created_at DESC LIMIT 1',
    )
    .get(login.login, code, agent.user_id);
  if (!row) {
    const map = attemptsOf(ctx);
    const failures = (map.get(login.login) ?? 0) + 1;
    map.set(login.login, failures);
    if (failures >= MAX_CODE_ATTEMPTS) {
      ctx.db.prepare('UPDATE login_codes SET used = 1 WHERE login = ? AND used = 0').run(login.login);
      map.delete(login.login);
    }
    return invalid;
  }
  const now = ctx.clock.nowMs();
  if (Date.parse(row.expires_at) <= now) {
    return { ok: false, key: 'auth.code_expired', text: 'The code has expired: ask for a new one.' };
  }
  ctx.db.prepare('UPDATE login_codes SET used = 1 WHERE rowid = ?').run(row.rowid);
  attemptsOf(ctx).delete(login.login);
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now + ctx.options.tokenTtlMs).toISOString();
  ctx.db
    .prepare('INSERT INTO tokens (token_hash, user_id, expires_at, created_at) VALUES (?, ?, ?, ?)')
    .run(hashToken(token), agent.user_id, expiresAt, new Date(now).toISOString());
  return { ok: true, agent, token, expiresAt };
}

/** The latest code issued for a login (control API, tests). */
export function latestLoginCode(ctx: SandboxContext, login: NormalisedLogin): { code: string; expiresAt: string; used: boolean } | undefined {
  const row = ctx.db
    .prepare<[string], { code: string; expires_at: string; used: number }>(
      'SELECT code, expires_at, used FROM login_codes WHERE login = ? ORDER BY created_at DESC, rowid DESC LIMIT 1',
    )
    .get(login.login);
  return row ? { code: row.code, expiresAt: row.expires_at, used: row.used === 1 } : undefined;
}

export function revokeToken(ctx: SandboxContext, token: string): void {
  ctx.db.prepare('DELETE FROM tokens WHERE token_hash = ?').run(hashToken(token));
}
