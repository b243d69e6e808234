/**
 * Where a paged pull got to, kept in the cache so that an interrupted pull continues instead of
 * starting over. A first sync of a big account takes minutes at the rate limit, and a network
 * that drops for more than a few seconds fails it (the client's retries give up): started over
 * each time, it might never finish on a flaky line. Closing the app mid-sync resumes the same way.
 *
 * Resuming reads the last page written again: newest first, a change made meanwhile moves items
 * towards the front (read twice, harmless), and one that leaves the list moves the rest back one
 * place: re-reading a page covers up to a page's worth of those.
 */
import { z } from 'zod';
import type { Store } from '../store';

const PassState = z.object({
  /** The list asked for (filters and cursor): progress on another query means nothing. */
  query: z.string(),
  pagesDone: z.number().int().min(0),
  newest: z.string().nullable(),
  savedAt: z.string(),
});
type PassState = z.infer<typeof PassState>;

/** Older progress is dropped: by then enough has moved that reading the list again is safer. */
export const PASS_MAX_AGE_MS = 6 * 60 * 60 * 1000;

export class PassProgress {
  private readonly key: string;
  private readonly saved: PassState | null;

  constructor(
    private readonly store: Store,
    name: string,
    private readonly query: string,
    private readonly now: () => number = Date.now,
  ) {
    this.key = `pass:${name}`;
    this.saved = this.read();
  }

  /** The page to ask for first: the last one written before an interruption, or 1. */
  get startPage(): number {
    return Math.max(1, this.saved?.pagesDone ?? 1);
  }

  /** Pages of the list already behind us (for progress counts). */
  get pagesBehind(): number {
    return this.startPage - 1;
  }

  /** The newest updatedAt written before the interruption (part of the cursor this pass ends at). */
  get newestBefore(): string | null {
    return this.saved?.newest ?? null;
  }

  /** Records that pages 1..pagesDone are in the cache; call in the transaction that wrote them. */
  save(pagesDone: number, newest: string | null): void {
    const state: PassState = { query: this.query, pagesDone, newest, savedAt: new Date(this.now()).toISOString() };
    this.store.syncState.set(this.key, JSON.stringify(state));
  }

  /** The pass is complete: the next one starts from page 1. */
  finish(): void {
    this.store.syncState.delete(this.key);
  }

  private read(): PassState | null {
    const raw = this.store.syncState.get(this.key);
    if (raw === null) return null;
    let parsed: PassState;
    try {
      const result = PassState.safeParse(JSON.parse(raw));
      if (!result.success) return null;
      parsed = result.data;
    } catch {
      return null;
    }
    const age = this.now() - Date.parse(parsed.savedAt);
    if (parsed.query !== this.query || !(age >= 0 && age <= PASS_MAX_AGE_MS)) return null;
    return parsed;
  }
}

/** The later of two ISO instants (either may be missing). */
export function newestOf(a: string | null | undefined, b: string | null | undefined): string | null {
  if (!a) return b ?? null;
  if (!b) return a;
  return a > b ? a : b;
}
