/**
 * Assign (take), transfer, complete and change the status of a conversation. Each answers the
 * updated SessionDTO and emits SESSION_UPDATE (SESSION_COMPLETE when completed).
 */
import { AssignBody, ChangeStatusBody, CompleteBody, TransferBody, type SessionStatus } from '../../src/api/helena-dto';
import type { z } from 'zod';
import type { SandboxContext } from '../context';
import { ApiError } from '../http-errors';
import type { RequestAgent } from '../request-agent';
import { assertCanManage, isMemberOf, loadVisibleSession } from './access';
import { emitMessageEvent, emitSessionEvent } from './events';
import { repoOf, type SessionWithChannel } from './repo';
import { windowStatusOf } from './window';

/** Why held messages fail when their conversation ends before the contact replied. */
export const COMPLETED_BEFORE_REPLY = 'Conversa concluída antes da resposta do contato';

function statusForOwner(ctx: SandboxContext, session: SessionWithChannel, userId: string | null): SessionStatus {
  if (userId === null) return 'PENDING';
  const window = windowStatusOf(session.channel_type, session.last_message_in, ctx.clock.nowMs());
  // Taken before the contact ever replied: still a started (active) conversation waiting for the window.
  return window === 'NOT_STARTED' && session.status === 'STARTED' ? 'STARTED' : 'IN_PROGRESS';
}

function assertAgentInTeam(ctx: SandboxContext, userId: string, departmentId: string | null, field: string): void {
  const agent = repoOf(ctx).agentByUserId.get(userId);
  if (!agent) throw new ApiError(400, 'agent.not_found', `Field "${field}": agent not found.`, { field });
  if (agent.profile !== 'Admin' && departmentId !== null && !isMemberOf(ctx, userId, departmentId)) {
    throw new ApiError(400, 'agent.not_in_department', `Field "${field}": the agent is not in the conversation's team.`, { field });
  }
}

function save(ctx: SandboxContext, session: SessionWithChannel, changes: Partial<SessionWithChannel>, eventType: 'SESSION_UPDATE' | 'SESSION_COMPLETE') {
  return ctx.db.transaction(() => {
    const repo = repoOf(ctx);
    const updated = { ...session, ...changes, updated_at: ctx.clock.iso() };
    repo.updateSession.run(updated);
    const failed: string[] = [];
    if (eventType === 'SESSION_COMPLETE') {
      // Held messages could never be released now (a reply opens a new conversation): they fail, visibly.
      for (const held of repo.heldMessagesOf.all(session.id)) {
        repo.updateMessage.run({ ...held, status: 'FAILED', failed_reason: COMPLETED_BEFORE_REPLY, updated_at: updated.updated_at });
        failed.push(held.id);
      }
    }
    emitSessionEvent(ctx, eventType, session.id, session);
    for (const messageId of failed) emitMessageEvent(ctx, 'MESSAGE_UPDATED', messageId);
    const row = repo.sessionById.get(session.id);
    if (!row) throw new Error('session vanished');
    return row;
  })();
}

function assertNotCompleted(session: SessionWithChannel): void {
  if (session.status === 'COMPLETED') {
    throw new ApiError(409, 'session.completed', 'This conversation is completed.', { sessionId: session.id });
  }
}

export function assignSession(ctx: SandboxContext, agent: RequestAgent, id: string, body: z.infer<typeof AssignBody>): SessionWithChannel {
  const session = loadVisibleSession(ctx, agent, id);
  assertCanManage(ctx, agent, session);
  assertNotCompleted(session);
  assertAgentInTeam(ctx, body.userId, session.department_id, 'userId');
  return save(ctx, session, { user_id: body.userId, status: statusForOwner(ctx, session, body.userId) }, 'SESSION_UPDATE');
}

export function transferSession(ctx: SandboxContext, agent: RequestAgent, id: string, body: z.infer<typeof TransferBody>): SessionWithChannel {
  const session = loadVisibleSession(ctx, agent, id);
  assertCanManage(ctx, agent, session);
  assertNotCompleted(session);
  if (body.type === 'DEPARTMENT') {
    if (!body.newDepartmentId) throw new ApiError(400, 'validation.field_required', 'Field "newDepartmentId" is required for a DEPARTMENT transfer.', { field: 'newDepartmentId' });
    if (!repoOf(ctx).departmentById.get(body.newDepartmentId)) {
      throw new ApiError(400, 'department.not_found', 'Field "newDepartmentId": team not found.', { field: 'newDepartmentId' });
    }
    // A transfer to a team puts the conversation back in that team's queue, unless a user is named too.
    const userId = body.newUserId ?? null;
    if (userId !== null) assertAgentInTeam(ctx, userId, body.newDepartmentId, 'newUserId');
    return save(ctx, session, { department_id: body.newDepartmentId, user_id: userId, status: statusForOwner(ctx, session, userId) }, 'SESSION_UPDATE');
  }
  if (!body.newUserId) throw new ApiError(400, 'validation.field_required', 'Field "newUserId" is required for a USER transfer.', { field: 'newUserId' });
  const departmentId = body.newDepartmentId ?? session.department_id;
  assertAgentInTeam(ctx, body.newUserId, departmentId, 'newUserId');
  return save(ctx, session, { department_id: departmentId, user_id: body.newUserId, status: statusForOwner(ctx, session, body.newUserId) }, 'SESSION_UPDATE');
}

export function completeSession(ctx: SandboxContext, agent: RequestAgent, id: string, _body: z.infer<typeof CompleteBody>): SessionWithChannel {
  const session = loadVisibleSession(ctx, agent, id);
  assertCanManage(ctx, agent, session);
  assertNotCompleted(session);
  return save(ctx, session, { status: 'COMPLETED', end_at: ctx.clock.iso() }, 'SESSION_COMPLETE');
}

export function changeSessionStatus(ctx: SandboxContext, agent: RequestAgent, id: string, body: z.infer<typeof ChangeStatusBody>): SessionWithChannel {
  const session = loadVisibleSession(ctx, agent, id);
  assertCanManage(ctx, agent, session);
  if (body.newStatus === 'UNDEFINED') throw new ApiError(400, 'validation.invalid_field', 'Field "newStatus": UNDEFINED cannot be set.', { field: 'newStatus' });
  if (body.newStatus === 'COMPLETED') return completeSession(ctx, agent, id, {});
  if (session.status === 'COMPLETED') {
    const other = repoOf(ctx).openSessionOf.get(session.contact_id ?? '', session.channel_id);
    if (other) {
      throw new ApiError(409, 'session.other_open', 'The contact already has another open conversation on this channel.', { sessionId: other.id });
    }
  }
  if (body.newStatus === 'IN_PROGRESS' && session.user_id === null) {
    throw new ApiError(409, 'session.unassigned', 'Assign the conversation to an agent before setting it IN_PROGRESS.', { field: 'newStatus' });
  }
  return save(ctx, session, { status: body.newStatus, end_at: null }, 'SESSION_UPDATE');
}
