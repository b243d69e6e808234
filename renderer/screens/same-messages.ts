/**
 * A conversation is read again on every event about it (a reply, a status, a note): the core
 * answers with every message as a new object, though at most a few changed. Handing React the
 * objects it already drew, where nothing in them changed, lets each message's row skip its render,
 * and a read that changed nothing keeps the very same list (the list skips too). Pure, tested under
 * Node (same-messages.test.ts).
 */
import type { MessageView } from '../../src/console/results';

/** One level deep: the file, the media and the template parameters are small flat objects. */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  const aKeys = Object.keys(a);
  if (aKeys.length !== Object.keys(b).length) return false;
  return aKeys.every((key) => Object.is((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]));
}

export function sameMessage(a: MessageView, b: MessageView): boolean {
  if (a === b) return true;
  const keys = Object.keys(a) as Array<keyof MessageView>;
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((key) => sameValue(a[key], b[key]));
}

/** `next`, with each message unchanged since `previous` replaced by the object already drawn; `previous` itself when nothing changed. */
export function keepUnchanged(previous: MessageView[] | undefined, next: MessageView[]): MessageView[] {
  if (!previous || previous.length === 0) return next;
  const before = new Map(previous.map((m) => [m.localId, m]));
  let changed = previous.length !== next.length;
  const kept = next.map((m, i) => {
    const old = before.get(m.localId);
    if (old && sameMessage(old, m)) {
      if (previous[i] !== old) changed = true;
      return old;
    }
    changed = true;
    return m;
  });
  return changed ? kept : previous;
}
