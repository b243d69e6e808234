import { describe, expect, it } from 'vitest';
import type { Page } from '../api/helena-dto';
import { runKeysetPass, type KeysetPlan, type RangeQuery } from './keyset-pass';

interface Item {
  id: string;
  updatedAt: string;
}

/**
 * A list as a server might page it: newest first, ties in an order of its own, and `.After` /
 * `.Before` strict or inclusive (the OpenAPI says neither).
 */
function fakeList(items: Item[], bounds: { afterInclusive: boolean; beforeInclusive: boolean }) {
  const list = [...items];
  let requests = 0;
  const fetch = async (q: RangeQuery): Promise<Page<Item>> => {
    requests++;
    if (requests > 5_000) throw new Error('the pass does not end');
    const ms = (i: Item) => Date.parse(i.updatedAt);
    const after = q.updatedAfter === undefined ? -Infinity : Date.parse(q.updatedAfter);
    const before = q.updatedBefore === undefined ? Infinity : Date.parse(q.updatedBefore);
    const within = list
      .filter((i) => (bounds.afterInclusive ? ms(i) >= after : ms(i) > after) && (bounds.beforeInclusive ? ms(i) <= before : ms(i) < before))
      .sort((a, b) => ms(b) - ms(a) || (a.id < b.id ? 1 : -1));
    const start = (q.pageNumber - 1) * q.pageSize;
    const pageItems = within.slice(start, start + q.pageSize);
    await Promise.resolve();
    return {
      items: pageItems,
      pageNumber: q.pageNumber,
      pageSize: q.pageSize,
      totalItems: within.length,
      totalPages: Math.ceil(within.length / q.pageSize),
      hasMorePages: start + q.pageSize < within.length,
    } as Page<Item>;
  };
  return { list, fetch, requests: () => requests };
}

const at = (ms: number) => new Date(Date.UTC(2026, 0, 1) + ms).toISOString();

/** ~5,000 items: mostly distinct instants, some a few to a millisecond, and two bulk imports of 350 and 1,200. */
function items(): Item[] {
  const out: Item[] = [];
  let n = 0;
  const add = (ms: number) => out.push({ id: `c${String(n++).padStart(5, '0')}`, updatedAt: at(ms) });
  for (let i = 0; i < 3_000; i++) add(i * 10);
  for (let i = 0; i < 250; i++) for (let k = 0; k < 1 + (i % 4); k++) add(30_000 + i * 3);
  for (let i = 0; i < 350; i++) add(12_340);
  for (let i = 0; i < 1_200; i++) add(29_990);
  return out;
}

const combos = [
  { afterInclusive: true, beforeInclusive: false },
  { afterInclusive: false, beforeInclusive: false },
  { afterInclusive: true, beforeInclusive: true },
  { afterInclusive: false, beforeInclusive: true },
];

describe('runKeysetPass', () => {
  it.each(combos)('reads every item whatever the bounds mean (after inclusive: $afterInclusive, before inclusive: $beforeInclusive)', async (bounds) => {
    for (const concurrency of [1, 4, 16]) {
      const all = items();
      const server = fakeList(all, bounds);
      const read = new Set<string>();
      const plan = await runKeysetPass<Item>({
        concurrency,
        resume: null,
        fetch: server.fetch,
        write: (page) => page.forEach((i) => read.add(i.id)),
        progress: () => undefined,
        signal: new AbortController().signal,
      });
      expect(all.filter((i) => !read.has(i.id)).map((i) => i.id), `concurrency ${concurrency}`).toEqual([]);
      expect(plan.newest).toBe(all.map((i) => i.updatedAt).sort().at(-1));
      expect(plan.slices.every((s) => s.done)).toBe(true);
      // Close to one request per hundred items: the bulk imports are not read over and over.
      expect(server.requests(), `concurrency ${concurrency}`).toBeLessThan(all.length / 100 + 3 * concurrency + 30);
    }
  });

  it.each(combos)('loses nothing when items leave the list while it is read ($afterInclusive, $beforeInclusive)', async (bounds) => {
    const all = items();
    const server = fakeList(all, bounds);
    const read = new Set<string>();
    let pages = 0;
    await runKeysetPass<Item>({
      concurrency: 4,
      resume: null,
      fetch: server.fetch,
      write: (page) => {
        page.forEach((i) => read.add(i.id));
        // Every third page, one item already read leaves the list.
        const gone = page[0];
        if (++pages % 3 === 0 && gone) server.list.splice(server.list.indexOf(gone), 1);
      },
      progress: () => undefined,
      signal: new AbortController().signal,
    });
    expect(server.list.filter((i) => !read.has(i.id)).map((i) => i.id)).toEqual([]);
  });

  it('a pass cut short resumes from its saved plan without reading from the top again', async () => {
    const all = items();
    const server = fakeList(all, { afterInclusive: true, beforeInclusive: false });
    const read = new Set<string>();
    let saved: KeysetPlan | null = null;
    const failing = { fetch: server.fetch, calls: 0 };
    const broken = (q: RangeQuery): Promise<Page<Item>> => (++failing.calls > 25 ? Promise.reject(new Error('rede caiu')) : failing.fetch(q));
    await expect(
      runKeysetPass<Item>({
        concurrency: 4,
        resume: null,
        fetch: broken,
        write: (page, plan) => {
          page.forEach((i) => read.add(i.id));
          saved = JSON.parse(JSON.stringify(plan)) as KeysetPlan;
        },
        progress: () => undefined,
        signal: new AbortController().signal,
      }),
    ).rejects.toThrow('rede caiu');
    const readBefore = new Set(read);
    expect(readBefore.size).toBeGreaterThan(1_000);
    const again: string[] = [];
    const progress: number[] = [];
    const plan = await runKeysetPass<Item>({
      concurrency: 4,
      resume: saved,
      fetch: server.fetch,
      write: (page) => page.forEach((i) => (readBefore.has(i.id) ? again.push(i.id) : read.add(i.id))),
      progress: (done) => progress.push(done),
      signal: new AbortController().signal,
    });
    expect(all.filter((i) => !read.has(i.id))).toEqual([]);
    // Each slice reads again only the oldest millisecond of its last page (and a bulk import it was in).
    expect(again.length).toBeLessThan(4 * 5 + 350);
    expect(plan.read).toBeGreaterThanOrEqual(all.length);
    // The bar ends full, and never showed more than the list holds.
    expect(progress.at(-1)).toBe(plan.total);
    expect(Math.max(...progress)).toBeLessThanOrEqual(plan.total);
  });
});
