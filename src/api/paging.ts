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
  // Pages up to the first answer's totalPages (the whole list's, wherever we started) may be asked
  // for ahead; past it (the list grew, or totalPages was missing) we follow hasMorePages one page
  // at a time.
  const lastKnown = Math.max(start, first.totalPages);
  const inFlight: Promise<Page<T>>[] = [];
  const ask = (pageNumber: number): void => {
    const page = fetchPage(pageNumber);
    // A page ahead can fail (the network dropped) while the consumer still holds an earlier one:
    // unhandled for that while, its rejection would end the process. It is still thrown, in
    // order, when its turn comes.
    page.catch(() => undefined);
    inFlight.push(page);
  };
  const launch = (): void => {
    while (inFlight.length < concurrency && next <= lastKnown && fetched + inFlight.length < maxPages) ask(next++);
    if (inFlight.length === 0) ask(next++);
  };
  for (;;) {
    launch();
    const page = await (inFlight.shift() as Promise<Page<T>>);
    yield page;
    fetched++;
    if (!hasMore(page) || fetched >= maxPages) return;
  }
}

function hasMore(page: Page<unknown>): boolean {
  return page.hasMorePages && page.items.length > 0;
}
