/**
 * Who may see and who may write in a conversation (ARCHITECTURE.md, "Visibility").
 * Shared by the console (to filter its cache) and the sandbox (to enforce it), so both agree.
 */
export type Profile = 'Admin' | 'Agent' | 'RestrictedAgent';

export interface Viewer {
  userId: string;
  profile: Profile;
  /** Teams (departments) the agent belongs to. */
  departmentIds: readonly string[];
}

export interface SessionScope {
  departmentId: string | null;
  /** The agent who started or took the conversation. */
  userId: string | null;
}

/** An admin sees everything; an agent sees their teams' conversations and their own; a restricted agent only their own. */
export function canSeeSession(viewer: Viewer, session: SessionScope): boolean {
  if (viewer.profile === 'Admin') return true;
  if (session.userId !== null && session.userId === viewer.userId) return true;
  if (viewer.profile === 'RestrictedAgent') return false;
  return session.departmentId !== null && viewer.departmentIds.includes(session.departmentId);
}

/**
 * Names what a viewer sees: two viewers with the same key see the same conversations (every admin
 * sees all of them). Another agent signing in on the machine, or a change of teams, gives another key.
 */
export function visibilityKey(viewer: Viewer): string {
  if (viewer.profile === 'Admin') return 'all';
  if (viewer.profile === 'RestrictedAgent') return `own:${viewer.userId}`;
  return `agent:${viewer.userId}:${[...viewer.departmentIds].sort().join(',')}`;
}

/** A user writes only in conversations they started or took. */
export function canWriteSession(viewer: Viewer, session: SessionScope): boolean {
  return session.userId !== null && session.userId === viewer.userId;
}
