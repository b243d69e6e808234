/**
 * "Digitando…" for the contact while the agent types a message (conversation.typing). The
 * renderer may call it on every keystroke; the core decides: at most one POST per conversation
 * per TYPING_INTERVAL_MS, only while online, signed in, in a conversation the agent may write in
 * whose window is open. Never queued, never retried, skipped when the account's request budget is
 * short (HelenaClient.sendTyping is best effort), and a failure is swallowed: it is a courtesy,
 * never a reason to bother the agent.
 */
import { isHelenaError } from '../api/errors';
import type { HelenaClient } from '../api/helena-client';
import { canWriteSession, type Viewer } from '../domain/visibility';
import type { CachedSession } from '../store';
import type { TypingResult } from './results';
import { windowSummary } from './views';

/** WhatsApp's indicator lasts about this long on the contact's phone; one request keeps it up. */
export const TYPING_INTERVAL_MS = 8_000;
/** Conversations remembered at most (old entries past the interval are dropped first). */
const MAX_REMEMBERED = 200;

export interface TypingContext {
  session: CachedSession | null;
  viewer: Viewer;
  online: boolean;
  signedIn: boolean;
  now: Date;
  client: HelenaClient;
}

export class TypingThrottle {
  /** When the last request went out, per conversation. */
  private readonly lastSent = new Map<string, number>();

  async typing(sessionId: string, ctx: TypingContext): Promise<TypingResult> {
    const { session } = ctx;
    if (!session || session.status === 'COMPLETED' || !canWriteSession(ctx.viewer, session)) return { sent: false, reason: 'not_writable' };
    if (!windowSummary(session, ctx.now).canSendFreeText) return { sent: false, reason: 'window_closed' };
    if (!ctx.signedIn || !ctx.online) return { sent: false, reason: 'offline' };
    const now = ctx.now.getTime();
    const last = this.lastSent.get(sessionId);
    if (last !== undefined && now - last < TYPING_INTERVAL_MS) return { sent: false, reason: 'throttled' };
    this.remember(sessionId, now);
    try {
      await ctx.client.sendTyping(sessionId);
      return { sent: true, reason: null };
    } catch (error) {
      if (isHelenaError(error, 'rate_limited') && error.key === 'rate_limit.skipped') {
        // Nothing went out: the next keystroke may try again.
        if (last === undefined) this.lastSent.delete(sessionId);
        else this.lastSent.set(sessionId, last);
        return { sent: false, reason: 'busy' };
      }
      // Went out and failed (or may have): not retried; the interval still applies.
      return { sent: false, reason: 'failed' };
    }
  }

  private remember(sessionId: string, now: number): void {
    this.lastSent.delete(sessionId);
    this.lastSent.set(sessionId, now);
    if (this.lastSent.size <= MAX_REMEMBERED) return;
    for (const [key, at] of this.lastSent) {
      if (this.lastSent.size <= MAX_REMEMBERED) break;
      if (now - at >= TYPING_INTERVAL_MS || this.lastSent.size > MAX_REMEMBERED * 2) this.lastSent.delete(key);
    }
  }
}
