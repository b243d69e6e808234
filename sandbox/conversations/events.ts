/**
 * Appends conversation events to the event log with the audience of the session they concern.
 * Callers run these inside the transaction of the change, as the last step, so a failed request
 * logs nothing and the content is the state the change left behind.
 */
import type { WebhookEventType } from '../../src/api/helena-dto';
import type { SandboxContext } from '../context';
import type { SessionAudience } from '../event-log';
import { toMessageDTO, toSessionDTO } from './dto';
import { repoOf, type SessionRow } from './repo';

type SessionEventType = Extract<WebhookEventType, 'SESSION_NEW' | 'SESSION_UPDATE' | 'SESSION_COMPLETE'>;
type MessageEventType = Extract<WebhookEventType, 'MESSAGE_SENT' | 'MESSAGE_RECEIVED' | 'MESSAGE_UPDATED'>;

export function audienceOf(session: Pick<SessionRow, 'department_id' | 'user_id'>): SessionAudience {
  return { kind: 'session', departmentId: session.department_id, userId: session.user_id };
}

/**
 * `before`: the session as it was, when this change may have moved it to other teams or agents; the
 * event then also reaches those who saw it before (their lists drop it), but not its messages.
 */
export function emitSessionEvent(
  ctx: SandboxContext,
  eventType: SessionEventType,
  sessionId: string,
  before?: Pick<SessionRow, 'department_id' | 'user_id'>,
): void {
  const session = repoOf(ctx).sessionById.get(sessionId);
  if (!session) throw new Error(`session ${sessionId} vanished inside its own transaction`);
  const audience = audienceOf(session);
  const moved = before !== undefined && (before.department_id !== session.department_id || before.user_id !== session.user_id);
  ctx.events.append(eventType, toSessionDTO(ctx, session), moved ? { ...audience, formerly: { departmentId: before.department_id, userId: before.user_id } } : audience);
}

export function emitMessageEvent(ctx: SandboxContext, eventType: MessageEventType, messageId: string): void {
  const repo = repoOf(ctx);
  const message = repo.messageById.get(messageId);
  if (!message) throw new Error(`message ${messageId} vanished inside its own transaction`);
  const session = repo.sessionById.get(message.session_id);
  if (!session) throw new Error(`session ${message.session_id} of message ${messageId} is missing`);
  ctx.events.append(eventType, toMessageDTO(message), audienceOf(session));
}
