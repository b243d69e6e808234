/**
 * The desk's views of the conversation list, as agents sort their work. The core applies them
 * over every conversation the agent may see (desk.view) and counts each; the renderer names them.
 */
import { fold } from '../domain/fold';
import { nationalCandidates } from '../store/contact-keys';
import type { ConversationSummary } from './results';

export const FILTERS = ['all', 'mine', 'queue', 'waiting'] as const;
export type ConversationFilter = (typeof FILTERS)[number];

/** What a view reads of a conversation: of its window, the state alone. */
export type FilterTarget = Pick<ConversationSummary, 'userId' | 'status'> & {
  window: Pick<ConversationSummary['window'], 'state'>;
} & Partial<Pick<ConversationSummary, 'pendingStart' | 'startFailed'>>;

export function matchesFilter(filter: ConversationFilter, c: FilterTarget, myUserId: string | null): boolean {
  switch (filter) {
    case 'all':
      return true;
    case 'mine':
      return myUserId !== null && c.userId === myUserId && c.status !== 'COMPLETED';
    case 'queue':
      // Waiting in the team's queue for someone to take it.
      return c.status === 'PENDING' && c.userId === null;
    case 'waiting':
      // Started by us; the contact has not written yet (free text waits for them). A start that
      // failed never reached them: nothing to wait for, the agent has to act.
      return c.window.state === 'not_started' && c.status !== 'COMPLETED' && !c.startFailed && c.pendingStart?.state !== 'failed';
  }
}

/** What the quick find reads of a conversation: its name, last message and contact's national number. */
export interface QueryTarget {
  contactName: string | null;
  lastMessageText: string | null;
  /** The contact's number without the country code (contact-keys.ts phoneKeys), digits only; null when unknown. */
  contactNational?: string | null;
}

/**
 * The desk's quick find, compiled once per query (the desk runs it over every open conversation on
 * each keystroke): every word typed starts a word of the contact's name (accents and case
 * optional), or the digits typed appear in the contact's number as the contact search reads them
 * ("76655", "81997766554", "(81) 99776-6554", "+55 81 99776-6554"), or in the name (a conversation
 * titled with a number), or the text appears in the last message. Null for an empty query.
 */
export function deskQuery(query: string): ((c: QueryTarget) => boolean) | null {
  const words = fold(query).split(/\s+/).filter(Boolean);
  if (words.length === 0) return null;
  const text = query.trim();
  const foldedText = fold(text);
  const digits = query.replace(/\D+/g, '');
  // Fewer than 3 digits would find half the desk; the contact search asks for as many.
  const nationals = digits.length >= 3 ? nationalCandidates(text, digits) : [];
  return (c) => {
    const { folded: name, words: nameWords } = nameOf(c.contactName ?? '');
    if (words.every((w) => nameWords.some((n) => n.startsWith(w)))) return true;
    if (nationals.length > 0) {
      const national = c.contactNational;
      if (national && nationals.some((n) => national.includes(n))) return true;
      if (name.replace(/\D+/g, '').includes(digits)) return true;
    }
    return remembered(foldedMessages, c.lastMessageText ?? '', fold).includes(foldedText);
  };
}

/**
 * Folded names (and their words) and last messages, remembered across keystrokes: the find runs
 * over every open conversation on each one (20,000 at a supervisor's), and these texts rarely
 * change. Bounded: emptied when full.
 */
const REMEMBERED_TEXTS = 100_000;
const foldedNames = new Map<string, { folded: string; words: string[] }>();
const foldedMessages = new Map<string, string>();

function nameOf(name: string): { folded: string; words: string[] } {
  return remembered(foldedNames, name, (text) => {
    const folded = fold(text);
    return { folded, words: folded.split(/[^\p{L}\p{N}]+/u) };
  });
}

function remembered<T>(memory: Map<string, T>, text: string, make: (text: string) => T): T {
  let value = memory.get(text);
  if (value === undefined) {
    if (memory.size >= REMEMBERED_TEXTS) memory.clear();
    value = make(text);
    memory.set(text, value);
  }
  return value;
}

export function matchesQuery(c: QueryTarget, query: string): boolean {
  return deskQuery(query)?.(c) ?? true;
}
