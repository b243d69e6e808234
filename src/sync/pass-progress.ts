/**
 * Where a paged pull got to, kept in the cache so that an interrupted pull continues instead of
 * starting over. A first sync of a big account takes minutes at the rate limit, and a network
 * that drops for more than a few seconds fails it (the client's retries give up): started over
 * each time, it might never finish on a flaky line. Closing the app mid-sync resumes the same way.
 *
 * What is kept is the pass's position as its reader defines it (keyset-pass.ts: each slice's
 * bound), validated with the reader's schema: a position that no longer parses starts the list
 * again, as does one saved for another query or too long ago.
 */
import { z } from 'zod';
import type { Store } from '../store';

const PassState = z.object({
  /** The list asked for (filters and cursor): progress on another query means nothing. */
  query: z.string(),
  position: z.unknown(),
  savedAt: z.string(),
});
type PassState = z.infer<typeof PassState>;

/** Older progress is dropped: by then enough has moved that reading the list again is safer. */
export const PASS_MAX_AGE_MS = 6 * 60 * 60 * 1000;

export class PassProgress<P> {
  private readonly key: string;
  /** Where the interrupted pass got to, or null to start the list afresh. */
  readonly position: P | null;

  constructor(
    private readonly store: Store,
    name: string,
    private readonly query: string,
    private readonly schema: z.ZodType<P>,
    private readonly now: () => number = Date.now,
  ) {
    this.key = `pass:${name}`;
    this.position = this.read();
  }

  /** Records the pass's position; call in the transaction that wrote what it counts. */
  save(position: P): void {
    const state: PassState = { query: this.query, position, savedAt: new Date(this.now()).toISOString() };
    this.store.syncState.set(this.key, JSON.stringify(state));
  }

  /** The pass is complete: the next one starts from the top. */
  finish(): void {
    this.store.syncState.delete(this.key);
  }

  private read(): P | null {
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
    const position = this.schema.safeParse(parsed.position);
    return position.success ? position.data : null;
  }
}

/** The later of two ISO instants (either may be missing). */
export function newestOf(a: string | null | undefined, b: string | null | undefined): string | null {
  if (!a) return b ?? null;
  if (!b) return a;
  return a > b ? a : b;
}
