/**
 * The REST side of sync: one function per resource, used by the first sync (cursor null: the
 * whole visible list) and by delta syncs (`UpdatedAt.After` the resource's cursor). Each moves its
 * cursor to the newest `updatedAt` it saw, only after everything up to it has been written.
 *
 * The cursor is queried 1 ms early: a server whose `.After` is strict would otherwise skip a
 * change made in the same millisecond as the last one seen. Items seen twice are harmless (the
 * store keeps the newest version of each id).
 *
 * Lists are paged by offset while colleagues keep changing them, so they are read newest first
 * (NEWEST_FIRST). Oldest first, an item edited after its page was read moves to the end and every
 * item behind it moves up one place: the one crossing the next page's start is never read, and
 * the cursor has already passed it, so it stayed missing from the cache until edited again (one
 * lost contact per edit during a first sync). Newest first, an edit moves the item to the front:
 * the pass reads a neighbour twice and misses the edited item, which realtime brings at once and
 * the next delta brings anyway (its new updatedAt is past the cursor). An item that leaves a list
 * during its pass (archived, deleted, transferred out of sight) still moves the rest up one place.
 */
import type { HelenaClient } from '../api';
import { fetchAllPages } from '../api';
import { AgentList, type AgentDTO, type Page, type SessionStatus, type TemplateDTO, type TemplateTypeFilter } from '../api/helena-dto';
import type { ResourceName } from '../console/core-events';
import type { Store } from '../store';
import { ContactIngest } from './contact-ingest';
import type { EventApplier } from './event-applier';
import { newestOf, PassProgress } from './pass-progress';
import { signedInScope } from './viewer';

export type SyncPhase = 'first' | 'delta';

export interface PullContext {
  client: HelenaClient;
  store: Store;
  applier: EventApplier;
  phase: SyncPhase;
  /** Pages requested ahead; the shared rate limiter, not this, should be what bounds a long list. */
  pageConcurrency: number;
  contactBatchSize: number;
  signal: AbortSignal;
  progress: (resource: ResourceName, done: number, total: number | null) => void;
}

const AGENTS_KEY = 'directory:agents';

/** The account's agents as of the last directory pull (for transfers); none when never pulled or unreadable. */
export function cachedAgents(store: Store): AgentDTO[] {
  const raw = store.syncState.get(AGENTS_KEY);
  if (raw === null) return [];
  try {
    const parsed = AgentList.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : [];
  } catch {
    return [];
  }
}
/** `a` is an older version of the same agent than `b` (both dated by HelenaCRM). */
function olderAgent(a: AgentDTO, b: AgentDTO): boolean {
  return Boolean(a.updatedAt && b.updatedAt && a.updatedAt < b.updatedAt);
}

/**
 * One agent as HelenaCRM just answered (e.g. the signed-in agent paused), into the cached list;
 * a newer version already cached stands.
 */
export function putCachedAgent(store: Store, agent: AgentDTO): void {
  const agents = cachedAgents(store);
  const index = agents.findIndex((a) => a.id === agent.id);
  const kept = agents[index];
  if (kept && olderAgent(agent, kept)) return;
  if (kept) agents[index] = agent;
  else agents.push(agent);
  store.syncState.set(AGENTS_KEY, JSON.stringify(agents));
}

/** Newest first (see above): changes during a pass cost a duplicate instead of a lost item. */
const NEWEST_FIRST = { orderBy: 'UpdatedAt', orderDirection: 'DESCENDING' } as const;
const PAGE_SIZE = 100;

const CONTACT_STATUSES_DELTA = ['ACTIVE', 'ARCHIVED', 'BLOCKED'] as const;
const TEMPLATE_TYPES: readonly TemplateTypeFilter[] = ['ATTENDANCE', 'QUICKREPLY'];

function since(store: Store, resource: string, phase: SyncPhase): string | undefined {
  if (phase === 'first') return undefined;
  const cursor = store.syncState.cursor(resource);
  if (cursor === null) return undefined;
  const ms = Date.parse(cursor);
  return Number.isNaN(ms) ? undefined : new Date(ms - 1).toISOString();
}

/** The signed-in agent, channels, teams and agents: small lists, fetched whole every time. */
export async function pullDirectory(ctx: PullContext): Promise<void> {
  const opts = { signal: ctx.signal };
  const [me, channels, teams, agents] = await Promise.all([
    ctx.client.me(opts),
    ctx.client.listChannels(opts),
    ctx.client.listDepartments(opts),
    ctx.client.listAgents(opts),
  ]);
  ctx.store.transaction(() => {
    ctx.store.directory.setMe(me);
    ctx.store.directory.replaceChannels(channels);
    ctx.store.directory.replaceTeams(teams);
    // An agent this app changed while the list was on its way (a pause) keeps its newer version.
    const kept = new Map(cachedAgents(ctx.store).map((a) => [a.id, a]));
    const fresh = agents.map((a) => {
      const mine = kept.get(a.id);
      return mine && olderAgent(a, mine) ? mine : a;
    });
    ctx.store.syncState.set(AGENTS_KEY, JSON.stringify(fresh));
  });
  ctx.progress('channels', channels.length, channels.length);
  ctx.progress('teams', teams.length, teams.length);
  ctx.progress('agents', agents.length, agents.length);
}

/** Attendance (start) and quick-reply templates of every channel, with their parameters. */
export async function pullTemplates(ctx: PullContext): Promise<number> {
  const updatedAfter = since(ctx.store, 'templates', ctx.phase);
  let done = 0;
  let total = 0;
  let cursor: string | null = null;
  for (const type of TEMPLATE_TYPES) {
    const pages = fetchAllPages<TemplateDTO>(
      (pageNumber) => ctx.client.listTemplates({ type, includeParams: true, updatedAfter, pageNumber, pageSize: PAGE_SIZE, ...NEWEST_FIRST }, { signal: ctx.signal }),
      { concurrency: ctx.pageConcurrency },
    );
    let first = true;
    for await (const page of pages) {
      if (first) total += page.totalItems;
      first = false;
      ctx.store.templates.upsertTemplates(page.items);
      for (const t of page.items) cursor = newestOf(cursor, t.updatedAt);
      done += page.items.length;
      ctx.progress('templates', done, Math.max(total, done));
    }
  }
  if (cursor) ctx.store.syncState.advanceCursor('templates', cursor);
  ctx.progress('templates', done, done);
  return done;
}

/**
 * Contacts, page by page, buffered into big store batches. A first sync takes the ACTIVE list (what
 * the agent searches); a delta also asks for archived and blocked ones, so a status change lands.
 * Each status's pass records how far it got with every batch it writes (pass-progress.ts).
 */
export async function pullContacts(ctx: PullContext): Promise<number> {
  const updatedAfter = since(ctx.store, 'contacts', ctx.phase);
  const statuses = ctx.phase === 'first' ? (['ACTIVE'] as const) : CONTACT_STATUSES_DELTA;
  const tally = { done: 0, total: 0 };
  let cursor: string | null = null;
  for (const status of statuses) {
    const pass = new PassProgress(ctx.store, `contacts:${status}`, JSON.stringify({ status, updatedAfter: updatedAfter ?? null }));
    let pagesDone = pass.pagesBehind;
    const ingest: ContactIngest = new ContactIngest(ctx.store, ctx.contactBatchSize, () =>
      pass.save(pagesDone, newestOf(pass.newestBefore, ingest.newestUpdatedAt)),
    );
    await walkPass(
      ctx,
      'contacts',
      pass,
      tally,
      (pageNumber) => ctx.client.listContacts({ status, updatedAfter, pageNumber, pageSize: PAGE_SIZE, ...NEWEST_FIRST }, { signal: ctx.signal }),
      (items, pages) => {
        // Set before the add: a batch the add writes holds this page whole.
        pagesDone = pages;
        ingest.add(items);
      },
    );
    ctx.store.transaction(() => {
      ingest.flush();
      pass.finish();
    });
    cursor = newestOf(cursor, newestOf(pass.newestBefore, ingest.newestUpdatedAt));
  }
  if (cursor) ctx.store.syncState.advanceCursor('contacts', cursor);
  if (ctx.phase === 'first' && tally.done > 0) ctx.store.contacts.optimizeSearchIndex();
  ctx.progress('contacts', tally.done, tally.done);
  return tally.done;
}

/**
 * A first sync pulls the open conversations and those completed in the last COMPLETED_DAYS, not
 * every conversation the account ever had: the desk lists open ones, and a contact's earlier ones
 * (Alt+H) are asked of HelenaCRM when wanted. A call center's history runs to hundreds of
 * thousands of sessions, each hundred a request at the account's rate limit. Deltas take every
 * status, so a conversation completed or reopened later still lands.
 */
export const COMPLETED_DAYS = 30;
const OPEN_SESSION_STATUSES: SessionStatus[] = ['STARTED', 'PENDING', 'IN_PROGRESS'];

interface SessionSlice {
  name: string;
  status?: SessionStatus[];
  updatedAfter?: string;
}

/** The start of the UTC day COMPLETED_DAYS ago: stable for a day, so an interrupted pass can resume. */
function completedSince(nowMs: number): string {
  const day = 24 * 60 * 60 * 1000;
  return new Date(Math.floor(nowMs / day) * day - COMPLETED_DAYS * day).toISOString();
}

/** The sessions the server lets this agent see (it filters by profile and team). */
export async function pullSessions(ctx: PullContext): Promise<number> {
  // HelenaCRM lists each agent the conversations they may see: what one agent pulled says nothing
  // of what another on the same machine (or the same agent in other teams) may see, so the
  // cursor and any progress belong to the scope. A new scope starts as a first sync does.
  const resource = `sessions@${signedInScope(ctx.store)}`;
  const updatedAfter = since(ctx.store, resource, ctx.phase);
  const slices: SessionSlice[] =
    updatedAfter === undefined
      ? [
          { name: 'open', status: OPEN_SESSION_STATUSES },
          { name: 'completed', status: ['COMPLETED'], updatedAfter: completedSince(Date.now()) },
        ]
      : [{ name: 'delta', updatedAfter }];
  const tally = { done: 0, total: 0 };
  let cursor: string | null = null;
  for (const slice of slices) {
    const pass = new PassProgress(ctx.store, `${resource}:${slice.name}`, JSON.stringify({ status: slice.status ?? null, updatedAfter: slice.updatedAfter ?? null }));
    let newest = pass.newestBefore;
    await walkPass(
      ctx,
      'sessions',
      pass,
      tally,
      (pageNumber) =>
        ctx.client.listSessions(
          { ...(slice.status ? { status: slice.status } : {}), updatedAfter: slice.updatedAfter, pageNumber, pageSize: PAGE_SIZE, ...NEWEST_FIRST },
          { signal: ctx.signal },
        ),
      (items, pagesDone) => {
        for (const s of items) newest = newestOf(newest, s.updatedAt);
        // A first sync announces nothing per session: 'sync-finished' tells the UI to read the list.
        const announce = ctx.store.transaction(() => {
          const written = ctx.applier.writeSessions(items);
          pass.save(pagesDone, newest);
          return written;
        });
        if (ctx.phase === 'delta') announce();
      },
    );
    pass.finish();
    cursor = newestOf(cursor, newest);
  }
  if (cursor) ctx.store.syncState.advanceCursor(resource, cursor);
  ctx.progress('sessions', tally.done, tally.done);
  return tally.done;
}

/**
 * Walks a pass's pages from where it stopped (PassProgress), newest first, `write` storing each
 * page with the count of pages now behind it; `tally` adds up the items and the lists' totals
 * across passes for the progress events (pages walked before a resume count as full).
 */
async function walkPass<T>(
  ctx: PullContext,
  resource: ResourceName,
  pass: PassProgress,
  tally: { done: number; total: number },
  fetchPage: (pageNumber: number) => Promise<Page<T>>,
  write: (items: T[], pagesDone: number) => void,
): Promise<void> {
  let pagesDone = pass.pagesBehind;
  tally.done += pass.pagesBehind * PAGE_SIZE;
  let first = true;
  for await (const page of fetchAllPages(fetchPage, { concurrency: ctx.pageConcurrency, startPage: pass.startPage })) {
    if (first) tally.total += page.totalItems;
    first = false;
    pagesDone++;
    write(page.items, pagesDone);
    tally.done += page.items.length;
    ctx.progress(resource, tally.done, Math.max(tally.total, tally.done));
  }
}
