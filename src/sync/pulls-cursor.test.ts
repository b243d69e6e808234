/**
 * The delta cursor of a pull made of several lists (sessions: open then completed;
 * contacts' delta: ACTIVE, ARCHIVED, BLOCKED) is the newest updatedAt of ANY list's first page.
 * The later list's first page is read minutes after the earlier one's: it can hold an updatedAt
 * newer than an item of the earlier list that was edited (moved to "now", past every bound of its
 * pass) meanwhile. That item was never read, and the cursor has passed it.
 */
import { describe, expect, it } from 'vitest';
import type { HelenaClient } from '../api';
import type { Page, SessionDTO } from '../api/helena-dto';
import type { ListSessionsParams } from '../api/requests';
import { openStore } from '../store';
import { sessionDto } from '../store/test-fixtures';
import { EventApplier } from './event-applier';
import { pullSessions, type PullContext } from './pulls';

const hex = (n: number) => n.toString(16).padStart(12, '0');
const sid = (n: number) => `10000000-0000-4000-8000-${hex(n)}`;

function session(n: number, updatedMs: number, status: SessionDTO['status']): SessionDTO {
  const at = new Date(updatedMs).toISOString();
  return sessionDto({ id: sid(n), createdAt: at, updatedAt: at, status });
}

describe('pullSessions cursor across its lists', () => {
  it('an open conversation edited during the open pass is read by the next delta even when the completed list has something newer', async () => {
    const base = Date.now() - 2 * 60 * 60 * 1000;
    const server = new Map<string, SessionDTO>();
    for (let i = 0; i < 150; i++) server.set(sid(i), session(i, base + i * 1_000, 'IN_PROGRESS'));
    server.set(sid(900), session(900, base - 60 * 60 * 1000, 'COMPLETED'));

    let firstOpenPageServed = false;
    const listSessions = async (params: ListSessionsParams): Promise<Page<SessionDTO>> => {
      // Sandbox semantics: .After inclusive, .Before exclusive.
      const after = params.updatedAfter ? new Date(params.updatedAfter).getTime() : -Infinity;
      const before = params.updatedBefore ? new Date(params.updatedBefore).getTime() : Infinity;
      const within = [...server.values()]
        .filter((s) => (params.status ? params.status.includes(s.status) : true))
        .filter((s) => Date.parse(s.updatedAt) >= after && Date.parse(s.updatedAt) < before)
        .sort((a, b) => Date.parse(b.updatedAt) - Date.parse(a.updatedAt));
      const pageSize = params.pageSize ?? 100;
      const start = ((params.pageNumber ?? 1) - 1) * pageSize;
      const page = {
        items: within.slice(start, start + pageSize),
        pageNumber: params.pageNumber ?? 1,
        pageSize,
        totalItems: within.length,
        totalPages: Math.ceil(within.length / pageSize),
        hasMorePages: start + pageSize < within.length,
      };
      const isOpenList = params.status?.includes('IN_PROGRESS') === true;
      // The open pass's own first page (not the single-item look at the lists' start).
      if (isOpenList && !firstOpenPageServed && params.updatedBefore === undefined && pageSize > 1) {
        firstOpenPageServed = true;
        // While the open pass runs: the contact writes in conversation 0 (not read yet: page 2),
        // so it moves to "now"; a colleague completes conversation 149 a little later.
        server.set(sid(0), session(0, base + 1_000_000, 'IN_PROGRESS'));
        server.set(sid(149), session(149, base + 2_000_000, 'COMPLETED'));
      }
      await Promise.resolve();
      return page as Page<SessionDTO>;
    };

    const store = openStore({ location: ':memory:' });
    const ctx = (phase: 'first' | 'delta'): PullContext => ({
      client: { listSessions } as unknown as HelenaClient,
      store,
      applier: new EventApplier(store, { emit: () => undefined }),
      phase,
      pageConcurrency: 4,
      contactBatchSize: 1_000,
      signal: new AbortController().signal,
      progress: () => undefined,
    });
    await pullSessions(ctx('first'));
    await pullSessions(ctx('delta'));
    // Realtime may bring it if it is connected; the delta must anyway (pulls.ts, keyset-pass.ts).
    expect(store.sessions.get(sid(0))?.updatedAt).toBe(new Date(base + 1_000_000).toISOString());
    store.close();
  });
});
