/**
 * The signed-in agent as visibility rules see them (domain/visibility.ts): the console filters its
 * cache with it, and sync keys what it pulled by it, since HelenaCRM lists each agent only the
 * conversations they may see.
 */
import { visibilityKey, type Profile, type Viewer } from '../domain/visibility';
import type { SignedInAgent, Store } from '../store';

function profileOf(profile: string | null): Profile {
  // An unknown profile gets the narrowest view: it is safer to hide a conversation than to leak one.
  return profile === 'Admin' || profile === 'Agent' ? profile : 'RestrictedAgent';
}

export function viewerOf(agent: SignedInAgent, store: Store): Viewer {
  const teams = new Set(agent.departments.map((d) => d.departmentId));
  for (const team of store.directory.teamsOfUser(agent.userId)) teams.add(team.id);
  return { userId: agent.userId, profile: profileOf(agent.profile), departmentIds: [...teams] };
}

/** What the signed-in agent may see, as a key ('none' before the directory is known). */
export function signedInScope(store: Store): string {
  const me = store.directory.me();
  return me ? visibilityKey(viewerOf(me, store)) : 'none';
}
