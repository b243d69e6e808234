/**
 * Ctrl+F in a conversation ("Buscar na conversa"): which words of the loaded messages and notes
 * match what the agent typed, accents and case aside (fold.ts), which one is current, and the
 * pieces each text is drawn in. Nothing is filtered out: the matches are highlighted. Pure, tested
 * under Node (find-in-conversation.test.ts).
 */
import type { ShortcutKey } from './alt-key';
import { fold } from '../../src/domain/fold';

export interface FindMatch {
  /** The message (or note) it is in. */
  localId: string;
  /** Where in the message's text, in its own characters (UTF-16 units), end excluded. */
  start: number;
  end: number;
}

export interface TextPiece {
  text: string;
  /** Part of a match; `current` for the one Enter / Shift+Enter went to. */
  match: boolean;
  current: boolean;
}

/** Ctrl+F (⌘F on a Mac), without Alt or Shift. */
export function isFindShortcut(event: ShortcutKey & { shiftKey?: boolean }): boolean {
  if (!(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey) return false;
  return event.key.toLowerCase() === 'f' || event.code === 'KeyF';
}

/**
 * The text folded, with where each folded unit came from: a folded character may be shorter or
 * longer than the original ("É" decomposed, "İ" lower-cased), so indexes are mapped back.
 */
function foldWithMap(text: string): { folded: string; from: number[] } {
  let folded = '';
  const from: number[] = [];
  let index = 0;
  for (const char of text) {
    const piece = fold(char);
    folded += piece;
    for (let i = 0; i < piece.length; i++) from.push(index);
    index += char.length;
  }
  from.push(index);
  return { folded, from };
}

/** Every match of `query` in the messages' texts, in the order they read (a blank query finds nothing). */
export function findMatches(messages: ReadonlyArray<{ localId: string; text: string | null }>, query: string): FindMatch[] {
  const needle = fold(query.trim());
  if (needle === '') return [];
  const matches: FindMatch[] = [];
  for (const m of messages) {
    if (!m.text) continue;
    const { folded, from } = foldWithMap(m.text);
    for (let at = folded.indexOf(needle); at >= 0; at = folded.indexOf(needle, at + needle.length)) {
      const start = from[at] as number;
      // It ends where the next character begins (so an accent written as its own mark is in it).
      const last = from[at + needle.length - 1] as number;
      let k = at + needle.length;
      while ((from[k] as number) <= last) k++;
      const end = from[k] as number;
      matches.push({ localId: m.localId, start, end });
    }
  }
  return matches;
}

/** Enter: the next match, Shift+Enter: the previous one, round the ends; -1 when there is none. */
export function stepMatch(current: number, total: number, backwards: boolean): number {
  if (total <= 0) return -1;
  if (current < 0 || current >= total) return backwards ? total - 1 : 0;
  return (current + (backwards ? total - 1 : 1)) % total;
}

/** The current match after the messages changed (a reload): the same place if it is still there, else the nearest. */
export function keepCurrent(current: number, total: number): number {
  if (total <= 0) return -1;
  return Math.min(Math.max(current, 0), total - 1);
}

/** "2 de 5": the current match, counted from 1, and how many; null while nothing is being sought. */
export function findCount(query: string, current: number, total: number): { current: number; total: number } | null {
  if (query.trim() === '') return null;
  return { current: total === 0 ? 0 : current + 1, total };
}

/** One message's text cut at its matches, for drawing (`current`: index of the current match in `matches`, all messages). */
export function textPieces(text: string, localId: string, matches: readonly FindMatch[], current: number): TextPiece[] {
  const pieces: TextPiece[] = [];
  let at = 0;
  matches.forEach((m, i) => {
    if (m.localId !== localId || m.start < at) return;
    if (m.start > at) pieces.push({ text: text.slice(at, m.start), match: false, current: false });
    pieces.push({ text: text.slice(m.start, m.end), match: true, current: i === current });
    at = m.end;
  });
  if (at < text.length || pieces.length === 0) pieces.push({ text: text.slice(at), match: false, current: false });
  return pieces;
}
