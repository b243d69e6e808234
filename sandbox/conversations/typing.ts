/**
 * POST /chat/v1/send/typing: "digitando…" for the contact. HelenaCRM shows it on CloudAPI channels
 * and accepts it without effect on others; either way nothing is stored and no event goes out.
 * The sandbox keeps what it received in memory, so tests (GET /control/v1/typing) can count it.
 */
import type { SandboxContext } from '../context';
import type { Viewer } from '../../src/domain/visibility';
import { channelFamilyOf } from '../../src/domain/channels';
import { assertCanWrite, loadVisibleSession } from './access';

export interface TypingRecord {
  sessionId: string;
  userId: string;
  at: string;
  /** False on a channel where HelenaCRM accepts it without effect (not the official API). */
  shown: boolean;
}

const MAX_KEPT = 1_000;
const received = new WeakMap<SandboxContext, TypingRecord[]>();

export function typingReceived(ctx: SandboxContext): readonly TypingRecord[] {
  return received.get(ctx) ?? [];
}

/** The conversation must be one the agent sees (404 otherwise) and may write in (403). */
export function sendTyping(ctx: SandboxContext, agent: Viewer, sessionId: string): TypingRecord {
  const session = loadVisibleSession(ctx, agent, sessionId);
  assertCanWrite(agent, session);
  const record: TypingRecord = {
    sessionId: session.id,
    userId: agent.userId,
    at: ctx.clock.iso(),
    shown: channelFamilyOf(session.channel_type) === 'official',
  };
  const list = received.get(ctx) ?? [];
  list.push(record);
  if (list.length > MAX_KEPT) list.splice(0, list.length - MAX_KEPT);
  received.set(ctx, list);
  return record;
}
