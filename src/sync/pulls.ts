/**
 * The REST side of sync: one function per resource, used by the first sync (cursor null: the
 * whole visible list) and by delta syncs (`UpdatedAt.After` the resource's cursor). Each moves its
 * cursor to the newest `updatedAt` it saw, only after everything up to it has been written.
 *
 * The cursor is queried 1 ms early: a server whose `.After` is strict would otherwise skip a
 * change made in the same millisecond as the last one seen. Items seen twice are harmless (the
 * store keeps the newest version of each id).
 *
 * Lists are read newest first (NEWEST_FIRST) while colleagues keep changing them. Oldest first, an
 * item edited after its page was read moves to the end, past the reader; newest first it moves to
 * the front, where realtime brings it at once and the next delta anyway (its new updatedAt is past
 * the cursor). Contacts and sessions are read by keyset in parallel time slices (keyset-pass.ts):
 * offset pages shifted when an item left the list during its pass (deleted, archived, transferred
 * out of sight), and the item crossing the next page's start was never read, the cursor past it.
 *
 * Every request here is `background: true`: nobody waits on a sync pass the way they wait on a
 * send, so the agent's own requests go first in the shared rate limit (token-bucket.ts).
 */
import type { GetSessionParams, HelenaClient } from '../api';
import { fetchAllPages, isHelenaError } from '../api';
import { AgentList, type AgentDTO, type ContactDTO, type Page, type SessionDTO, type SessionStatus, type TemplateDTO, type TemplateTypeFilter } from '../api/helena-dto';
import type { ResourceName } from '../console/core-events';
import { canSeeSession } from '../domain/visibility';
import type { CachedSession, Store } from '../store';
import { ContactIngest } from './contact-ingest';
import type { EventApplier } from './event-applier';
import { firstPageQuery, KeysetPlan, runKeysetPass, type RangeQuery } from './keyset-pass';
import { newestOf, PassProgress } from './pass-progress';
import { signedInScope, viewerOf } from './viewer';

export type SyncPhase = 'first' | 'delta';

export interface PullContext {
  client: HelenaClient;
  store: Store;
  applier: EventApplier;
  phase: SyncPhase;
  /**
   * Contact and session lists: time slices walked side by side (keyset-pass.ts); templates: pages
   * requested ahead. The shared rate limiter, not this, should be what bounds a long list.
   */
  pageConcurrency: number;
  contactBatchSize: number;
  signal: AbortSignal;
  progress: (resource: ResourceName, done: number, total: number | null) => void;
  /**
   * A delta compares the cached open conversations with HelenaCRM's whole open list
   * (dropSessionsOutOfSight): the engine asks for it only when events may have been lost, or as a
   * periodic safety net. Default false.
   */
  checkSight?: boolean;
  /**
   * False while the cache holds no baseline of this agent's own (another agent used the machine
   * since, and this one has not finished a sync yet): a reply the cached rows lack came before they
   * signed in. Scope cursors cannot tell: every supervisor shares the scope 'all'. Default true.
   */
  missedReplies?: boolean;
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
  const opts = { signal: ctx.signal, background: true };
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

/**
 * Attendance (start) and quick-reply templates of every channel, with their parameters: the
 * whole list every time, not `UpdatedAt.After` a cursor. A template archived on HelenaCRM leaves
 * the list (its `Archived` filter shows only the others unless asked) and a deleted one is gone,
 * so neither would ever come in a delta, and the desk would go on offering it. A company has a
 * few hundred at most: a page or a few per type. Returns how many changed in the cache.
 */
export async function pullTemplates(ctx: PullContext): Promise<number> {
  let done = 0;
  let total = 0;
  let changed = 0;
  const listed = new Set<string>();
  // A template leaving the list while its pages are read shifts the later ones back a place, and
  // the one crossing the page edge goes unread; one saved meanwhile jumps to the first page,
  // already read, past the reader. Either way fewer distinct ids than the list's total come (the
  // totals alone stay equal when one is saved, or one leaves as another comes): nothing is withdrawn.
  let whole = true;
  for (const type of TEMPLATE_TYPES) {
    const pages = fetchAllPages<TemplateDTO>(
      (pageNumber) => ctx.client.listTemplates({ type, includeParams: true, pageNumber, pageSize: PAGE_SIZE, ...NEWEST_FIRST }, { signal: ctx.signal, background: true }),
      { concurrency: ctx.pageConcurrency },
    );
    let typeTotal: number | null = null;
    const listedOfType = new Set<string>();
    for await (const page of pages) {
      if (typeTotal === null) {
        typeTotal = page.totalItems;
        total += typeTotal;
      } else if (page.totalItems !== typeTotal) {
        whole = false;
      }
      changed += ctx.store.templates.upsertTemplates(page.items);
      for (const t of page.items) {
        listed.add(t.id);
        listedOfType.add(t.id);
      }
      done += page.items.length;
      ctx.progress('templates', done, Math.max(total, done));
    }
    if (listedOfType.size < (typeTotal ?? 0)) whole = false;
  }
  if (whole) changed += ctx.store.templates.withdrawAllBut([...listed]);
  ctx.progress('templates', done, done);
  return changed;
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
  const startKey = `contacts:pull-start:${JSON.stringify(updatedAfter ?? null)}`;
  const fetchOf =
    (status: (typeof statuses)[number]) =>
    (range: RangeQuery, signal: AbortSignal): Promise<Page<ContactDTO>> =>
      ctx.client.listContacts({ status, ...rangeParams(range), ...NEWEST_FIRST }, { signal, background: true });
  // The start is read from each status's own first page (HelenaCRM takes one Status per request),
  // which its pass then starts from: a quiet poll reads each list once, not a look and then a page.
  const { start, firstPages } = await pullStartCursor(
    ctx,
    startKey,
    statuses.map((status) => () => fetchOf(status)(firstPageQuery(updatedAfter), ctx.signal)),
  );
  let cursor: string | null = null;
  for (const [i, status] of statuses.entries()) {
    const pass = new PassProgress(ctx.store, `contacts:${status}`, JSON.stringify({ status, updatedAfter: updatedAfter ?? null }), KeysetPlan);
    // The plan as of the pages handed to the ingest; a batch it writes holds all of them.
    let plan: KeysetPlan | null = pass.position;
    const ingest = new ContactIngest(ctx.store, ctx.contactBatchSize, () => {
      if (plan) pass.save(plan);
    });
    const ended = await runKeysetPass({
      updatedAfter,
      concurrency: ctx.pageConcurrency,
      resume: pass.position,
      first: passFirstPage(firstPages[i], i),
      fetch: fetchOf(status),
      write: (items, current) => {
        plan = current;
        ingest.add(items);
      },
      progress: (done, total) => ctx.progress('contacts', tally.done + done, tally.total + total),
      signal: ctx.signal,
    });
    ctx.store.transaction(() => {
      ingest.flush();
      pass.finish();
    });
    tally.done += ended.read;
    tally.total += ended.read;
    cursor = newestOf(cursor, ended.newest);
  }
  // Every list empty at the start: the newest read is the best there is.
  cursor = start ?? cursor;
  if (cursor) ctx.store.syncState.advanceCursor('contacts', cursor);
  ctx.store.syncState.delete(startKey);
  if (ctx.phase === 'first' && tally.done > 0) await mergeSearchIndex(ctx);
  ctx.progress('contacts', tally.done, tally.done);
  return tally.done;
}

/**
 * After a first sync, the search indexes are merged into one segment each (queries read fewer
 * segments), slice by slice with the event loop free between slices: in one go it held the core's
 * thread 0.8-0.9 s at 100,000 contacts while the window's requests, the sessions' pull and the
 * outbox waited. Stopped by the sync's signal, the index is whole as it is; FTS5's automerge goes on
 * merging with later writes.
 */
async function mergeSearchIndex(ctx: PullContext): Promise<void> {
  while (!ctx.signal.aborted && ctx.store.contacts.optimizeSearchIndexStep()) {
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

/**
 * The delta cursor of a pull made of several lists (contacts by status, sessions open then
 * completed): the newest updatedAt of all of them at the pull's start, read from a first page of
 * each list (for sessions' first sync, a single-item page of every conversation in sight: it holds
 * both lists) before any list is walked. The lists are walked one after another, minutes apart on a
 * large account; an item edited meanwhile moves past every bound of its own list's pass and is left
 * to the next delta — so the cursor must not come from a later list's first page read when its
 * pass begins, whose newest may already be past that edit. Kept in sync_state until the pull ends,
 * so a pull cut short and resumed keeps its first start (and reads no first page for it). Null
 * when every list was empty then. The pages read are returned, one per list, for passFirstPage;
 * none when the start was saved.
 */
async function pullStartCursor<T extends { updatedAt: string }>(
  ctx: PullContext,
  key: string,
  firstPages: Array<() => Promise<Page<T>>>,
): Promise<{ start: string | null; firstPages: Array<Page<T> | null> }> {
  const saved = ctx.store.syncState.get(key);
  if (saved !== null) return { start: saved === '' ? null : saved, firstPages: [] };
  const pages = await Promise.all(firstPages.map((page) => page()));
  let newest: string | null = null;
  for (const page of pages) for (const item of page.items) newest = newestOf(newest, item.updatedAt);
  ctx.store.syncState.set(key, newest ?? '');
  return { start: newest, firstPages: pages };
}

/**
 * The first page read at the pull's start (firstPageQuery) that list number `index` can start its
 * pass from. The first list's pass begins at once, so its page is as fresh as one it would ask
 * for. A later list's begins after the earlier lists were walked, minutes on a large account: its
 * page serves only when it holds the whole list (no more pages), as a quiet delta's do. What changed
 * meanwhile is newer than the start cursor and comes with the next delta, and the store keeps the
 * newer of two versions; a longer list is read afresh, as before, for slices planned on its
 * current size.
 */
function passFirstPage<T>(page: Page<T> | null | undefined, index: number): Page<T> | null {
  if (!page) return null;
  return index === 0 || !page.hasMorePages ? page : null;
}

function rangeParams(range: RangeQuery): { updatedAfter?: string; updatedBefore?: string; pageNumber: number; pageSize: number } {
  return {
    ...(range.updatedAfter === undefined ? {} : { updatedAfter: range.updatedAfter }),
    ...(range.updatedBefore === undefined ? {} : { updatedBefore: range.updatedBefore }),
    pageNumber: range.pageNumber,
    pageSize: range.pageSize,
  };
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

interface SessionList {
  name: string;
  status?: SessionStatus[];
  updatedAfter?: string;
}

/**
 * The sessions cursor of a scope in which HelenaCRM listed no conversation at all, whatever its
 * status or age, when it was read whole: queried 1 ms early (since()), the Unix epoch, before any.
 * Every conversation that comes into sight afterwards (a new contact writing in, a transfer, one
 * assigned) is newer than that, and the deltas from it read only what came since it was empty,
 * whatever its updatedAt and whatever HelenaCRM's clock says: no time of this computer's clock,
 * which may run ahead of HelenaCRM's, is taken for one of HelenaCRM's. The first conversation read
 * moves the cursor to its own updatedAt.
 */
export const EMPTY_SCOPE_CURSOR = '1970-01-01T00:00:00.001Z';

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
  // Only a pass from this scope's own cursor compares with what this agent last knew: a scope new
  // to the cache (another agent signed in on this machine) reads rows another scope cached, and a
  // reply they lack came before this agent signed in. The tray tells no such reply.
  const missedReplies = updatedAfter !== undefined && ctx.missedReplies !== false;
  const delta: SessionList | null = updatedAfter === undefined ? null : { name: 'delta', updatedAfter };
  const lists: SessionList[] = delta
    ? [delta]
    : [
        { name: 'open', status: OPEN_SESSION_STATUSES },
        { name: 'completed', status: ['COMPLETED'], updatedAfter: completedSince(Date.now()) },
      ];
  const tally = { done: 0, total: 0 };
  // The start is read from every conversation the agent may see, whatever its status or age (since
  // the cursor, in a delta): the newest of them is as good a cursor as the newest open or recently
  // completed one (anything that changes later is newer still), and it is there even when neither
  // list has anything, for an agent whose conversations all ended over COMPLETED_DAYS ago. The key
  // names that, so a pull resumed from a start saved by the two lists' looks does not read it so.
  const startKey = `${resource}:pull-start:${JSON.stringify({ updatedAfter: updatedAfter ?? null, status: 'any' })}`;
  // Each conversation brings its contact's name and number: a first sync reads the contacts for
  // a minute or more after the conversations (200,000 at the rate limit), and the desk names
  // the rows meanwhile from these (SessionsRepo keeps them on the session, not as contacts).
  const fetchOf =
    (list: SessionList) =>
    (range: RangeQuery, signal: AbortSignal): Promise<Page<SessionDTO>> =>
      ctx.client.listSessions(
        { ...(list.status ? { status: list.status } : {}), ...rangeParams(range), ...NEWEST_FIRST, includeDetails: ['ContactDetails'] },
        { signal, background: true },
      );
  // A delta's one list is every conversation since the cursor, whatever its status: its first
  // page is the start and where its pass starts, one request where a look and then a page were two.
  const { start, firstPages } = await pullStartCursor(ctx, startKey, [
    delta
      ? () => fetchOf(delta)(firstPageQuery(updatedAfter), ctx.signal)
      : () => ctx.client.listSessions({ ...(updatedAfter ? { updatedAfter } : {}), pageNumber: 1, pageSize: 1, ...NEWEST_FIRST }, { signal: ctx.signal, background: true }),
  ]);
  let cursor: string | null = null;
  for (const list of lists) {
    const pass = new PassProgress(ctx.store, `${resource}:${list.name}`, JSON.stringify({ status: list.status ?? null, updatedAfter: list.updatedAfter ?? null }), KeysetPlan);
    const ended = await runKeysetPass({
      updatedAfter: list.updatedAfter,
      concurrency: ctx.pageConcurrency,
      resume: pass.position,
      first: list === delta ? passFirstPage(firstPages[0], 0) : null,
      fetch: fetchOf(list),
      write: (items, plan) => {
        // A first sync announces nothing per session: 'sync-finished' tells the UI to read the list.
        const announce = ctx.store.transaction(() => {
          const written = ctx.applier.writeSessions(items, { missedReplies });
          pass.save(plan);
          return written;
        });
        if (ctx.phase === 'delta') announce();
      },
      progress: (done, total) => ctx.progress('sessions', tally.done + done, tally.total + total),
      signal: ctx.signal,
    });
    pass.finish();
    tally.done += ended.read;
    tally.total += ended.read;
    cursor = newestOf(cursor, ended.newest);
  }
  // A delta that found nothing since its cursor at the start: the newest read is the best there
  // is. A whole read that found nothing at all (an agent who never had a conversation in sight):
  // the cursor still says the scope was read, at EMPTY_SCOPE_CURSOR. Left unset, every delta read
  // the scope whole again (both lists, and the open-list comparison a new scope gets): 5 requests
  // per 30-s poll without a socket instead of 1, for the desk with nothing on it (8 against 4).
  if (updatedAfter === undefined) cursor = start ?? EMPTY_SCOPE_CURSOR;
  else cursor = start ?? cursor;
  if (cursor) ctx.store.syncState.advanceCursor(resource, cursor);
  ctx.store.syncState.delete(startKey);
  // A first sync has just read the whole open list into a cache that held nothing older to
  // compare: the check would read it a second time (a request per 100 open conversations). A
  // resumed one's earlier pages are checked by the first delta, minutes later. A delta checks only
  // when asked (checkSight) or when the scope is new: the cache then holds another scope's rows.
  if (ctx.phase === 'delta' && (ctx.checkSight === true || updatedAfter === undefined)) await dropSessionsOutOfSight(ctx, missedReplies);
  ctx.progress('sessions', tally.done, tally.done);
  return tally.done;
}

/** Conversations checked one by one at a time: few, as a rule (see dropSessionsOutOfSight). */
const SESSION_CHECKS_AT_ONCE = 4;

/**
 * What a single read of a session asks HelenaCRM to embed: its contact, when the cache lacks the
 * session (a conversation a realtime event names before any list brought it) or its contact (a
 * first sync brings contacts a minute or more after the conversations). The desk names the
 * conversation from it meanwhile, at no extra request. A cached contact wins over it anyway, so
 * then nothing is asked.
 */
export function singleReadDetails(store: Store, cached: CachedSession | null): GetSessionParams {
  const known = cached !== null && (cached.contactId === null || store.contacts.get(cached.contactId) !== null);
  return known ? {} : { includeDetails: ['ContactDetails'] };
}

/**
 * A conversation transferred or assigned out of the agent's sight is no longer in any list
 * HelenaCRM gives them, so a delta never mentions it; only its realtime event did, and that is
 * lost when the log was trimmed (RESYNC_REQUIRED), the socket was down past it, or the gateway
 * sends events only to the conversation's new audience. Left alone, the cached row keeps its old
 * team and stays on the desk for good. So the open conversations the cache shows this agent are
 * compared with HelenaCRM's open list, and each one missing is asked for: 404/403 takes it off,
 * an answer (completed, or missed by a list that moved while paged) is written. A 404/403 may not
 * last (a permission glitch, a proxy): one the open list still has and the cache lacks comes back.
 */
async function dropSessionsOutOfSight(ctx: PullContext, missedReplies: boolean): Promise<void> {
  const me = ctx.store.directory.me();
  if (!me) return;
  const listed = new Set<string>();
  const pages = fetchAllPages(
    // With their contacts, as pullSessions reads them: one written back below is new to the cache,
    // and its contact may well be too (a first sync's contacts still coming).
    (pageNumber) =>
      ctx.client.listSessions(
        { status: OPEN_SESSION_STATUSES, pageNumber, pageSize: PAGE_SIZE, ...NEWEST_FIRST, includeDetails: ['ContactDetails'] },
        { signal: ctx.signal, background: true },
      ),
    { concurrency: ctx.pageConcurrency },
  );
  for await (const page of pages) {
    for (const s of page.items) listed.add(s.id);
    // And the other way: one HelenaCRM shows the agent that the cache lacks, taken off by a 404/403
    // that did not last (opening it, a check here), is written back. A delta never lists it again
    // until it changes, its updatedAt being behind the cursor.
    const lost = page.items.filter((s) => ctx.store.sessions.get(s.id) === null);
    if (lost.length === 0) continue;
    const announce = ctx.store.transaction(() => ctx.applier.writeSessions(lost, { missedReplies }));
    if (ctx.phase === 'delta') announce();
  }
  const viewer = viewerOf(me, ctx.store);
  const unlisted = ctx.store.sessions
    .list({ statuses: OPEN_SESSION_STATUSES })
    .filter((s) => !listed.has(s.id) && canSeeSession(viewer, s));
  const check = async (cached: (typeof unlisted)[number]): Promise<void> => {
    let announce: (() => void) | null;
    try {
      const fresh = await ctx.client.getSession(cached.id, { signal: ctx.signal, background: true }, singleReadDetails(ctx.store, cached));
      announce = ctx.store.transaction(() => ctx.applier.writeSessions([fresh], { missedReplies }));
    } catch (error) {
      if (!isHelenaError(error) || !(error.is('not_found') || error.is('forbidden'))) throw error;
      announce = ctx.store.transaction(() => ctx.applier.dropSession(cached.id, cached.updatedAt));
    }
    if (ctx.phase === 'delta') announce?.();
  };
  for (let i = 0; i < unlisted.length; i += SESSION_CHECKS_AT_ONCE) {
    await Promise.all(unlisted.slice(i, i + SESSION_CHECKS_AT_ONCE).map(check));
  }
}
