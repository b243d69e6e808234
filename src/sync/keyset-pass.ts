/**
 * Reads a whole list (newest first) by keyset in parallel time slices, so that an item leaving the
 * list while it is read costs no other item its place, and the first sync stays bound by the
 * account's rate limit rather than by round trips.
 *
 * Offset pages shift when an item before them leaves the list (deleted, archived, transferred out
 * of sight): the item crossing the next page's start is never read, and the delta cursor has
 * passed it. A keyset page (`UpdatedAt.Before` = where the slice got to, always page 1 of what is
 * left) does not move when items leave. One keyset walk is one request at a time, so the range is
 * cut into slices walked side by side: the first page's `totalItems` gives the size, and a few
 * single-item pages at evenly spaced offsets give the slices' boundary instants. Those offsets may
 * be a little off when the list moves meanwhile; that only makes the slices unequal.
 *
 * Neither the OpenAPI nor HelenaCRM's docs say whether `.Before`/`.After` are strict, nor how
 * items of the same instant are ordered, nor the timestamps' precision, so every bound is chosen
 * to hold either way, at whole milliseconds, at the cost of items read twice (harmless: the store
 * keeps the newest version of each id):
 *   - a slice reads `After` = its lower boundary − 1 ms, and `Before` = one past the oldest
 *     millisecond it has (≤ that millisecond, or one more), so items sharing the oldest instant of a
 *     page are never skipped by a strict `Before`;
 *   - a page that brings nothing older than that millisecond means the millisecond holds a page or
 *     more of items (a bulk import sets thousands to one instant): that millisecond alone (±1 ms) is
 *     read by offset, and read again if its count fell meanwhile, then the walk goes on below it;
 *   - a page that brings only what is already read means the server's `Before` is inclusive: the
 *     bound steps down a millisecond.
 * An item edited during the pass moves to now, past every bound: it is read only if the newest
 * slice has not begun, and otherwise arrives by realtime and the next delta, as before (the delta
 * cursor is taken from every list at the pull's start: pulls.ts pullStartCursor).
 *
 * The plan (boundaries and where each slice got to) is what PassProgress keeps, so a pass cut
 * short continues in every slice from its last page written.
 */
import { setMaxListeners } from 'node:events';
import { z } from 'zod';
import type { Page } from '../api/helena-dto';

export const KEYSET_PAGE_SIZE = 100;
/** Fewer items than this per slice and slicing costs more probes than it saves. */
const MIN_SLICE_ITEMS = 1_000;
/** A millisecond read by offset whose count fell while it was read is read again, up to this often. */
const TIE_READS = 3;

const SliceState = z.object({
  /** The slice's `UpdatedAt.After` (null: the list's own lower bound, if any). */
  after: z.string().nullable(),
  /** The next page's `UpdatedAt.Before`, in epoch ms (null: unbounded, the newest slice's start). */
  bound: z.number().nullable(),
  /** Every item of this slice at or after this epoch ms has been read (null: none yet). */
  complete: z.number().nullable(),
  done: z.boolean(),
});
type SliceState = z.infer<typeof SliceState>;

export const KeysetPlan = z.object({
  /** The newest updatedAt on the pass's first page: the delta cursor only when every list was empty at the pull's start (pulls.ts). */
  newest: z.string().nullable(),
  /** The list's size when the pass began (progress total). */
  total: z.number().int().min(0),
  /** Items written when the plan was last saved, a few read twice included (progress after a resume). */
  read: z.number().int().min(0),
  slices: z.array(SliceState),
});
export type KeysetPlan = z.infer<typeof KeysetPlan>;

export interface RangeQuery {
  updatedAfter?: string;
  updatedBefore?: string;
  pageNumber: number;
  pageSize: number;
}

export interface KeysetPassOptions<T> {
  /** The list's own lower bound (a delta's cursor, the 30-day window), or none. */
  updatedAfter?: string;
  /** Slices walked side by side (the pass's page concurrency). */
  concurrency: number;
  /** Where a pass cut short got to (PassProgress), or null to plan afresh. */
  resume: KeysetPlan | null;
  /**
   * The list's first page (firstPageQuery), already read by the caller for the pull's start
   * (pulls.ts pullStartCursor): a fresh plan starts from it instead of asking for it again. Ignored on a resume.
   */
  first?: Page<T> | null;
  /** One page, newest first, of the list within the range. */
  fetch: (query: RangeQuery, signal: AbortSignal) => Promise<Page<T>>;
  /**
   * Stores a page's items. `plan` already counts them: save it in the same write (or, buffering,
   * with the batch that holds them). Called with no items when only the plan moved.
   */
  write: (items: T[], plan: KeysetPlan) => void;
  progress: (done: number, total: number) => void;
  signal: AbortSignal;
}

interface Dated {
  id: string;
  updatedAt: string;
}

const iso = (ms: number): string => new Date(ms).toISOString();

function oldestMs(items: readonly Dated[]): number {
  let oldest = Infinity;
  for (const item of items) {
    const ms = Date.parse(item.updatedAt);
    if (!Number.isNaN(ms) && ms < oldest) oldest = ms;
  }
  return oldest;
}

function newestOfPage(items: readonly Dated[]): string | null {
  let newest: string | null = null;
  for (const item of items) if (newest === null || item.updatedAt > newest) newest = item.updatedAt;
  return newest;
}

/** The first page a fresh pass reads: the newest KEYSET_PAGE_SIZE items of the list since `updatedAfter`. */
export function firstPageQuery(updatedAfter: string | undefined): RangeQuery {
  return { ...(updatedAfter === undefined ? {} : { updatedAfter }), pageNumber: 1, pageSize: KEYSET_PAGE_SIZE };
}

/** Reads the list; returns the plan it ended with. */
export async function runKeysetPass<T extends Dated>(options: KeysetPassOptions<T>): Promise<KeysetPlan> {
  const { fetch, write } = options;
  // One slice failing stops the others before they write again: the pass is retried as a whole.
  const stop = new AbortController();
  const signal = AbortSignal.any([options.signal, stop.signal]);
  // Every request in flight listens on it (the planning probes and the slices, ~16 each at once):
  // past Node's default of 10 it warns of a leak that is not one.
  setMaxListeners(4 * Math.max(16, options.concurrency), signal);
  let plan: KeysetPlan;
  let first: Page<T> | null = null;

  // Items written, boundaries and re-read milliseconds included (about one per page, ~1 %): counted,
  // not collected — a set of every id read would keep a million id strings alive through a first
  // sync, for a progress bar.
  const publish = (items: T[]): void => {
    plan.read += items.length;
    write(items, plan);
    options.progress(Math.min(plan.read, plan.total), plan.total);
  };

  if (options.resume) {
    plan = options.resume;
  } else {
    first = options.first ?? (await fetch(firstPageQuery(options.updatedAfter), signal));
    plan = { newest: newestOfPage(first.items), total: first.totalItems, read: 0, slices: await planSlices(options, first, signal) };
  }

  const walkSlice = async (slice: SliceState, page: Page<T> | null): Promise<void> => {
    while (!slice.done) {
      const current =
        page ??
        (await fetch(
          {
            updatedAfter: slice.after ?? undefined,
            updatedBefore: slice.bound === null ? undefined : iso(slice.bound),
            pageNumber: 1,
            pageSize: KEYSET_PAGE_SIZE,
          },
          signal,
        ));
      page = null;
      if (stop.signal.aborted) return;
      const oldest = oldestMs(current.items);
      const complete = slice.complete ?? Infinity;
      if (current.items.length === 0 || !current.hasMorePages || !Number.isFinite(oldest)) {
        slice.done = true;
        publish(current.items);
      } else if (oldest >= complete) {
        // Only items already read: `Before` includes its bound here, so ask below it.
        slice.bound = (slice.bound ?? complete) - 1;
        publish(current.items);
      } else if (oldest === complete - 1) {
        // A page or more of one millisecond: read it by offset, then go on below it.
        publish(current.items);
        await readMillisecond(oldest);
        if (stop.signal.aborted) return;
        slice.complete = oldest;
        slice.bound = oldest;
        publish([]);
      } else {
        // Everything newer than the page's oldest millisecond is read; that one is read again next.
        slice.complete = oldest + 1;
        slice.bound = oldest + 1;
        publish(current.items);
      }
    }
  };

  const tieConcurrency = Math.max(1, Math.floor(options.concurrency / Math.max(1, plan.slices.filter((s) => !s.done).length)));
  const readMillisecond = async (ms: number): Promise<void> => {
    const range = { updatedAfter: iso(ms - 1), updatedBefore: iso(ms + 1) };
    for (let attempt = 1; ; attempt++) {
      let startTotal: number | null = null;
      let lowestTotal = Infinity;
      let pageNumber = 0;
      // Offset pages of a closed range; kept in order so a resume re-reads the millisecond whole.
      const pages: Promise<Page<T>>[] = [];
      const ask = (): void => {
        const p = fetch({ ...range, pageNumber: ++pageNumber, pageSize: KEYSET_PAGE_SIZE }, signal);
        p.catch(() => undefined);
        pages.push(p);
      };
      ask();
      for (let i = 0; i < pages.length; i++) {
        const p = await (pages[i] as Promise<Page<T>>);
        if (stop.signal.aborted) return;
        startTotal ??= p.totalItems;
        lowestTotal = Math.min(lowestTotal, p.totalItems);
        const lastPage = Math.ceil(startTotal / KEYSET_PAGE_SIZE);
        while (pages.length < Math.min(lastPage, i + 1 + tieConcurrency)) ask();
        publish(p.items);
        if (p.items.length === 0 || !p.hasMorePages) break;
        if (i + 1 === pages.length) ask();
      }
      // Items only leave an instant in the past (deleted, or edited to now): a count that fell
      // while it was read by offset may have cost one of them its place.
      if (lowestTotal >= (startTotal ?? 0) || attempt >= TIE_READS) return;
    }
  };

  // The first failure is the pass's; the others are the aborts it caused.
  let failure: { error: unknown } | null = null;
  await Promise.all(
    plan.slices.map((slice, i) =>
      walkSlice(slice, i === 0 ? first : null).catch((error: unknown) => {
        failure ??= { error };
        stop.abort();
      }),
    ),
  );
  if (failure) throw (failure as { error: unknown }).error;
  options.progress(plan.total, plan.total);
  return plan;
}

/** The slices, newest first: boundaries from single-item pages at evenly spaced offsets. */
async function planSlices<T extends Dated>(options: KeysetPassOptions<T>, first: Page<T>, signal: AbortSignal): Promise<SliceState[]> {
  const total = first.totalItems;
  const count = Math.max(1, Math.min(Math.floor(options.concurrency), Math.floor(total / MIN_SLICE_ITEMS)));
  const offsets = Array.from({ length: count - 1 }, (_, i) => Math.floor(((i + 1) * total) / count));
  const probes = await Promise.all(
    offsets.map((offset) => options.fetch({ updatedAfter: options.updatedAfter, pageNumber: offset + 1, pageSize: 1 }, signal)),
  );
  // Strictly decreasing: probes landing in one millisecond (a bulk import) make one slice.
  const bounds: number[] = [];
  for (const probe of probes) {
    const ms = oldestMs(probe.items);
    const last = bounds.at(-1) ?? Infinity;
    if (Number.isFinite(ms) && ms < last) bounds.push(ms);
  }
  return [null, ...bounds].map((upper, i) => {
    const lower = bounds[i];
    return {
      after: lower === undefined ? (options.updatedAfter ?? null) : iso(lower - 1),
      bound: upper,
      complete: upper,
      done: false,
    };
  });
}
