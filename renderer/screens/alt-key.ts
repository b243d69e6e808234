/**
 * The conversation's and the desk's Alt+letter shortcuts (Alt+M, G, A, T, C, N, E, H, D). Pure, tested
 * under Node (logic.test.ts).
 */

/** The parts of a KeyboardEvent a shortcut reads. */
export interface ShortcutKey {
  key: string;
  code?: string;
  altKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
}

/**
 * Alt+`letter`, and only Alt (not with Ctrl or Meta). Read by the physical key too: on a Mac,
 * Option+letter types another character ("∂" for D, a dead key for N and E) whose `key` is not the letter.
 */
export function isAltKey(event: ShortcutKey, letter: string): boolean {
  if (!event.altKey || event.ctrlKey || event.metaKey) return false;
  return event.key.toLowerCase() === letter || event.code === `Key${letter.toUpperCase()}`;
}
