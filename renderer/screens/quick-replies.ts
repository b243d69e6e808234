/**
 * Quick replies in the message box: typing "/" and a few letters at the start of a word lists the
 * replies whose alias or name fits; choosing one puts its text in place of what was typed and
 * selects the first {{parameter}} still to fill, so the agent types straight over it.
 */
import type { QuickReply } from '../../src/console/results';
import { fold } from '../../src/domain/fold';

/** A {{parameter}} the agent has not filled yet. */
export const UNFILLED = /\{\{\s*[^{}]+?\s*\}\}/;

export interface SlashQuery {
  /** Where the "/" is. */
  start: number;
  /** What follows it up to the caret. */
  query: string;
}

/** The "/word" being typed just before the caret, if any ("/" at the start of the box or after a space). */
export function slashQuery(text: string, caret: number): SlashQuery | null {
  const match = /(?:^|\s)\/([\p{L}\p{N}_-]*)$/u.exec(text.slice(0, caret));
  if (!match) return null;
  const query = match[1] ?? '';
  return { start: caret - query.length - 1, query };
}

/** Replies whose alias starts with the query first, then those whose alias or name contains it. */
export function matchReplies(replies: readonly QuickReply[], query: string): QuickReply[] {
  const q = fold(query);
  const starts: QuickReply[] = [];
  const contains: QuickReply[] = [];
  for (const reply of replies) {
    const alias = fold(reply.alias ?? '');
    if (alias.startsWith(q)) starts.push(reply);
    else if (alias.includes(q) || fold(reply.name ?? '').includes(q)) contains.push(reply);
  }
  return [...starts, ...contains];
}

/** The box's text with the reply in place of "/query", and what to select next (the first unfilled parameter, else the caret after the reply). */
export function insertReply(text: string, slash: SlashQuery, replyText: string): { text: string; selection: [number, number] } {
  const end = slash.start + 1 + slash.query.length;
  const next = text.slice(0, slash.start) + replyText + text.slice(end);
  const unfilled = UNFILLED.exec(replyText);
  if (unfilled) {
    const at = slash.start + unfilled.index;
    return { text: next, selection: [at, at + unfilled[0].length] };
  }
  const caret = slash.start + replyText.length;
  return { text: next, selection: [caret, caret] };
}
