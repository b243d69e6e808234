/**
 * Appends conversation events to the event log with the audience of the session they concern.
 * Callers run these inside the transaction of the change, as the last step, so a failed request
 * logs nothing and the content is the state the change left behind.
 */
import type { WebhookEventType } from '../../src/api/helena-dto';
import type { SandboxContext } from '../context';
import type { EventAudience } from '../event-log';
import { toMessageDTO, toSessionDTO } from './dto';
import { repoOf, type SessionRow } from './repo';

type SessionEventType = Extract<WebhookEventType, 'SESSION_NEW' | 'SESSION_UPDATE' | 'SESSION_COMPLETE'>;
type MessageEventType = Extract<WebhookEventType, 'MESSAGE_SENT' | 'MESSAGE_RECEIVED' | 'MESSAGE_UPDATED'>;

export function audienceOf(session: Pick<SessionRow, 'department_id' | 'user_id'>): EventAudience {
  return { kind: 'session', departmentId: session.department_id, userId: session.user_id };
}

export function emitSessionEvent(ctx: SandboxContext, eventType: SessionEventType, sessionId: string): void {
  const session = repoOf(ctx).sessionById.get(sessionId);
  if (!session) throw new Error(`session ${sessionId} vanished inside its own transaction`);
  ctx.events.append(eventType, toSessionDTO(ctx, session), audienceOf(session));
}

export function emitMessageEvent(ctx: SandboxContext, eventType: MessageEventType, messageId: string): void {
  const repo = repoOf(ctx);
  const message = repo.messageById.get(messageId);
  if (!message) throw new Error(`message ${messageId} vanished inside its own transaction`);
  const session = repo.sessionById.get(message.session_id);
  if (!session) throw new Error(`session ${message.session_id} of message ${messageId} is missing`);
  ctx.events.append(eventType, toMessageDTO(message), audienceOf(session));
}
