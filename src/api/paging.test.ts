import { describe, expect, it } from 'vitest';
import type { Page } from './helena-dto';
import { fetchAllPages } from './paging';

function pageOf(n: number, total: number, size: number): Page<number> {
  const totalPages = Math.ceil(total / size);
  const items = Array.from({ length: Math.max(0, Math.min(size, total - (n - 1) * size)) }, (_, i) => (n - 1) * size + i);
  return { pageNumber: n, pageSize: size, totalItems: total, totalPages, hasMorePages: n < totalPages, items };
}

async function collect<T>(it: AsyncIterable<Page<T>>): Promise<{ pages: number[]; items: T[] }> {
  const pages: number[] = [];
  const items: T[] = [];
  for await (const p of it) {
    pages.push(p.pageNumber);
    items.push(...p.items);
  }
  return { pages, items };
}

describe('fetchAllPages', () => {
  it('walks every page in order and stops when hasMorePages is false', async () => {
    const asked: number[] = [];
    const { pages, items } = await collect(fetchAllPages(async (n) => (asked.push(n), pageOf(n, 250, 100))));
    expect(pages).toEqual([1, 2, 3]);
    expect(items).toEqual(Array.from({ length: 250 }, (_, i) => i));
    expect(asked).toEqual([1, 2, 3]);
  });

  it('keeps several pages in flight when asked, still yielding in order', async () => {
    let inFlight = 0;
    let peak = 0;
    const fetch = async (n: number): Promise<Page<number>> => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((r) => setTimeout(r, (7 - n) * 3)); // later pages answer sooner
      inFlight--;
      return pageOf(n, 600, 100);
    };
    const { pages } = await collect(fetchAllPages(fetch, { concurrency: 3 }));
    expect(pages).toEqual([1, 2, 3, 4, 5, 6]);
    expect(peak).toBe(3);
  });

  it('resumes at a later page without asking for pages past the end of the list', async () => {
    const asked: number[] = [];
    const { pages } = await collect(fetchAllPages(async (n) => (asked.push(n), pageOf(n, 600, 100)), { startPage: 4, concurrency: 8 }));
    expect(pages).toEqual([4, 5, 6]);
    expect(asked.sort((a, b) => a - b)).toEqual([4, 5, 6]);
  });

  it('follows hasMorePages past the first totalPages when the list grows', async () => {
    const { pages } = await collect(fetchAllPages(async (n) => pageOf(n, n === 1 ? 200 : 300, 100), { concurrency: 2 }));
    expect(pages).toEqual([1, 2, 3]);
  });

  it('stops on an empty page even if the server claims more, and honours maxPages', async () => {
    const liar = async (n: number): Promise<Page<number>> => ({ ...pageOf(n, 100, 100), hasMorePages: true, items: n > 2 ? [] : [n] });
    expect((await collect(fetchAllPages(liar))).pages).toEqual([1, 2, 3]);
    expect((await collect(fetchAllPages(async (n) => pageOf(n, 1000, 10), { maxPages: 4, concurrency: 3 }))).pages).toEqual([1, 2, 3, 4]);
  });

  it('passes a failure through to the consumer', async () => {
    const failing = async (n: number): Promise<Page<number>> => {
      if (n === 2) throw new Error('offline');
      return pageOf(n, 300, 100);
    };
    await expect(collect(fetchAllPages(failing))).rejects.toThrow('offline');
  });

  it('a page ahead that fails while an earlier one is awaited is not an unhandled rejection (in the core process it would be a crash)', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown): void => void unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const fetch = async (n: number): Promise<Page<number>> => {
        // Page 2 answers late; page 3 fails meanwhile (the network dropped), before anyone awaits it.
        if (n === 2) await new Promise((r) => setTimeout(r, 30));
        if (n === 3) throw new Error('offline');
        return pageOf(n, 500, 100);
      };
      const pages: number[] = [];
      const walk = async (): Promise<void> => {
        for await (const page of fetchAllPages(fetch, { concurrency: 3 })) {
          pages.push(page.pageNumber);
          // The consumer takes its time with each page (a store write).
          await new Promise((r) => setTimeout(r, 10));
        }
      };
      await expect(walk()).rejects.toThrow('offline');
      expect(pages).toEqual([1, 2]);
      await new Promise((r) => setTimeout(r, 20));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});
