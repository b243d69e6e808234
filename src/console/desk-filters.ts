/**
 * The desk's views of the conversation list, as agents sort their work. The core applies them
 * over every conversation the agent may see (desk.view) and counts each; the renderer names them.
 */
import { fold } from '../domain/fold';
import type { ConversationSummary } from './results';

export const FILTERS = ['all', 'mine', 'queue', 'waiting'] as const;
export type ConversationFilter = (typeof FILTERS)[number];

export function matchesFilter(filter: ConversationFilter, c: Pick<ConversationSummary, 'userId' | 'status' | 'window'>, myUserId: string | null): boolean {
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

/**
 * The desk's quick find: every word typed starts a word of the contact's name (accents and case
 * optional), or the digits typed appear in it (a conversation titled with a number), or the text
 * appears in the last message.
 */
export function matchesQuery(c: Pick<ConversationSummary, 'contactName' | 'lastMessageText'>, query: string): boolean {
  const words = fold(query).split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const name = fold(c.contactName ?? '');
  const nameWords = name.split(/[^\p{L}\p{N}]+/u);
  if (words.every((w) => nameWords.some((n) => n.startsWith(w)))) return true;
  const digits = query.replace(/\D+/g, '');
  if (digits.length >= 3 && name.replace(/\D+/g, '').includes(digits)) return true;
  return fold(c.lastMessageText ?? '').includes(fold(query.trim()));
}
