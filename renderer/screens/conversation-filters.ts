/** The desk's views of the conversation list, as agents sort their work. */
import type { ConversationSummary } from '../../src/console/results';

export const FILTERS = ['all', 'mine', 'queue', 'waiting'] as const;
export type ConversationFilter = (typeof FILTERS)[number];

export function matchesFilter(filter: ConversationFilter, c: ConversationSummary, myUserId: string | null): boolean {
  switch (filter) {
    case 'all':
      return true;
    case 'mine':
      return myUserId !== null && c.userId === myUserId && c.status !== 'COMPLETED';
    case 'queue':
      // Waiting in the team's queue for someone to take it.
      return c.status === 'PENDING' && c.userId === null;
    case 'waiting':
      // Started by us; the contact has not written yet (free text waits for them).
      return c.window.state === 'not_started' && c.status !== 'COMPLETED';
  }
}
