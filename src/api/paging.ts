/**
 * Walks a paged HelenaCRM list to the end. Yields whole pages (not items) so a caller can report
 * progress from `totalItems` and write each page in one transaction.
 */
import type { Page } from './helena-dto';

export interface FetchAllPagesOptions {
  /** First page to ask for. Default 1. */
  startPage?: number;
  /**
   * Pages requested ahead once the first answer gives `totalPages`. Default 1 (one at a time).
   * The shared rate limiter still bounds the request rate; this only hides round-trip latency.
   */
  concurrency?: number;
  /** Stop after this many pages even if the server says there are more. */
  maxPages?: number;
}

/** `fetchPage(n)` loads page n (1-based); pages are yielded in order. */
export async function* fetchAllPages<T>(
  fetchPage: (pageNumber: number) => Promise<Page<T>>,
  options: FetchAllPagesOptions = {},
): AsyncGenerator<Page<T>, void, undefined> {
  const start = options.startPage ?? 1;
  const maxPages = options.maxPages ?? Infinity;
  const concurrency = Math.max(1, Math.floor(options.concurrency ?? 1));

  const first = await fetchPage(start);
  yield first;
  let fetched = 1;
  if (!hasMore(first) || fetched >= maxPages) return;

  let next = start + 1;
  // Pages up to the first answer's totalPages may be asked for ahead; past it (the list grew, or
  // totalPages was missing) we follow hasMorePages one page at a time.
  const lastKnown = start - 1 + Math.max(1, first.totalPages);
  const inFlight: Promise<Page<T>>[] = [];
  const launch = (): void => {
    while (inFlight.length < concurrency && next <= lastKnown && fetched + inFlight.length < maxPages) {
      inFlight.push(fetchPage(next++));
    }
    if (inFlight.length === 0) inFlight.push(fetchPage(next++));
  };
  try {
    for (;;) {
      launch();
      const page = await (inFlight.shift() as Promise<Page<T>>);
      yield page;
      fetched++;
      if (!hasMore(page) || fetched >= maxPages) return;
    }
  } finally {
    // A consumer that stops early (or a failed page) must not leave unhandled rejections behind.
    for (const pending of inFlight) pending.catch(() => undefined);
  }
}

function hasMore(page: Page<unknown>): boolean {
  return page.hasMorePages && page.items.length > 0;
}
