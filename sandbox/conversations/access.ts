/**
 * Who may see, write in and manage a conversation. Seeing and writing follow
 * src/domain/visibility.ts (shared with the console). A conversation the agent may not see
 * answers 404, exactly like one that does not exist, so ids of other teams' conversations leak
 * nothing; a visible one the agent may not write in answers 403.
 */
import { canSeeSession, canWriteSession, type SessionScope, type Viewer } from '../../src/domain/visibility';
import type { SandboxContext } from '../context';
import { ApiError } from '../http-errors';
import { repoOf, type SessionRow, type SessionWithChannel } from './repo';

export function scopeOf(session: Pick<SessionRow, 'department_id' | 'user_id'>): SessionScope {
  return { departmentId: session.department_id, userId: session.user_id };
}

export function sessionNotFound(id: string): ApiError {
  return new ApiError(404, 'session.not_found', `Session ${id} not found.`, { id });
}

export function loadVisibleSession(ctx: SandboxContext, viewer: Viewer, id: string): SessionWithChannel {
  const session = repoOf(ctx).sessionById.get(id);
  if (!session || !canSeeSession(viewer, scopeOf(session))) throw sessionNotFound(id);
  return session;
}

export function assertCanWrite(viewer: Viewer, session: SessionRow): void {
  if (!canWriteSession(viewer, scopeOf(session))) {
    throw new ApiError(
      403,
      'session.not_owner',
      'Only the agent who started or took this conversation can write in it; take it first (PUT /chat/v1/session/{id}/assignee).',
      { sessionId: session.id, userId: session.user_id },
    );
  }
}

export function isSupervisorOf(ctx: SandboxContext, userId: string, departmentId: string | null): boolean {
  if (departmentId === null) return false;
  return repoOf(ctx).membership.get(departmentId, userId)?.is_supervisor === 1;
}

/**
 * Assign, transfer, complete and change status: an admin, the owner, a supervisor of the
 * conversation's team, or anyone who sees an unassigned conversation (taking it from the queue).
 */
export function assertCanManage(ctx: SandboxContext, viewer: Viewer, session: SessionRow): void {
  const allowed =
    viewer.profile === 'Admin' ||
    session.user_id === viewer.userId ||
    (session.user_id === null && canSeeSession(viewer, scopeOf(session))) ||
    isSupervisorOf(ctx, viewer.userId, session.department_id);
  if (!allowed) {
    throw new ApiError(403, 'session.forbidden', 'This conversation belongs to another agent; only they, a supervisor of its team or an admin can change it.', {
      sessionId: session.id,
      userId: session.user_id,
    });
  }
}

export function isMemberOf(ctx: SandboxContext, userId: string, departmentId: string): boolean {
  return repoOf(ctx).membership.get(departmentId, userId) !== undefined;
}
