/**
 * The sync engine: keeps the local cache in step with HelenaCRM and tells the UI what changed.
 *
 *   start(): connect realtime (so nothing that happens during the sync is lost), then a first sync
 *            (empty cache) or a delta sync, then live events, applied once each by offset.
 *   gaps:    RESYNC_REQUIRED, an offset gap or an unreadable event → a delta sync, then carry on.
 *            With the sandbox's `previousOffset` a gap means an event sent to us was not applied;
 *            without it (plain HelenaCRM) any offset jump counts (see event-applier.ts).
 *   auth:    a 401 from REST or an auth error on the socket → 'auth-expired'; realtime stops and
 *            every cached row stays for the agent to read while they log in again.
 *   network: REST network failures and the socket state make one 'connectivity' indicator; when
 *            the connection comes back a delta sync catches up. REST working without the socket
 *            (a proxy that refuses it) is online: a light delta every realtimeFallbackPollMs (the
 *            conversations and contacts that changed) brings replies until the socket connects;
 *            the directory and templates stay on the directoryCheckMs timer.
 *   progress: a first sync reports it at once; a delta only once it has run DELTA_PROGRESS_QUIET_MS
 *            (the 30-s poll that finds nothing does not blink "Sincronizando…" in the status bar).
 *
 * Syncs never overlap: a sync asked for while one runs is queued once (coalesced).
 */
import { setMaxListeners } from 'node:events';
import { exchangeOutcomeOf, type ExchangeOutcome, type HelenaClient, HelenaError, isHelenaError } from '../api';
import { fetchAllPages } from '../api/paging';
import type { AgentDTO, MessageDTO, Page, SessionDTO, SessionStatus } from '../api/helena-dto';
import type { ConnectivityState, CoreEvent, CoreEventListener, ResourceName } from '../console/core-events';
import { RealtimeConnection, type RealtimeLogger, type RealtimeState } from '../realtime';
import type { RealtimeMessage } from '../realtime/payload';
import type { CachedSession, Store } from '../store';
import { canSeeSession } from '../domain/visibility';
import type { ConnectionCheckOptions, RefreshSessionOptions, SyncEngineLike } from './contract';
import { DEFAULT_CONTACT_BATCH } from './contact-ingest';
import { EventApplier, type ContactReply } from './event-applier';
import { SessionContactReads } from './session-contact-reads';
import { cachedAgents, pullContacts, pullDirectory, pullSessions, pullTemplates, singleReadDetails, type PullContext, type SyncPhase } from './pulls';
import { signedInScope, viewerOf } from './viewer';

export type SyncLogger = RealtimeLogger;

export interface SyncEngineOptions {
  store: Store;
  /** The account's HelenaClient (its token bucket is the app-wide rate limit). */
  client: HelenaClient;
  /** Server root; the realtime socket is at `${url}/socket.io`. */
  url: string;
  getToken: () => string | null;
  /** A contact wrote in a session: the console wires this to outbox.onContactReplied. */
  onContactReplied?: (sessionId: string, reply: ContactReply) => void;
  logger?: SyncLogger;
  /** Contact/session time slices read side by side, template pages requested ahead. Default 16: enough that the rate limit alone bounds a first sync. */
  pageConcurrency?: number;
  /** Contacts per store transaction during a sync (DEFAULT_CONTACT_BATCH). */
  contactBatchSize?: number;
  /** false: no socket (REST-only tests). */
  realtime?: { reconnectDelayMs?: number; reconnectDelayMaxMs?: number; connectTimeoutMs?: number } | false;
  /**
   * Offset gaps and unreadable events wait this long for company before one delta sync. Default
   * 15 s. A gateway that sends `previousOffset` (the sandbox) reports only real gaps; one that
   * does not skips the events an agent may not see without telling, so for anyone but an admin
   * most offset jumps are harmless there: coalescing keeps them from eating the rate budget.
   */
  gapResyncDelayMs?: number;
  /** Backoff of the retries of a sync that failed for the network. Default 2 s, capped at 60 s. */
  retryBaseMs?: number;
  retryCapMs?: number;
  /**
   * How often the signed-in agent and the company's teams are read again while nothing else
   * syncs. Default 3 min. No event tells of an agent put in or taken out of a team: HelenaCRM just
   * starts or stops sending that team's conversations, and the desk, which shows the teams it
   * last heard of, would miss the new team's queue and keep the old team's frozen until the next
   * start. When what the agent may see changed, a sync follows.
   */
  directoryCheckMs?: number;
  /**
   * The longest a delta goes without comparing the cached open conversations with HelenaCRM's
   * open list when no event seems lost. Default 15 min. The comparison reads the whole list, a
   * request per 100 open conversations (200 for a supervisor who sees 20,000, the account's whole
   * 5-s budget, shared with every colleague's desk), so it runs when events may have been lost
   * (start, RESYNC_REQUIRED, a gap, a reconnection, a 404/403 that may not last) and otherwise only
   * this often, for what no event tells: a gateway may send a transfer's event to the new audience only.
   */
  sightCheckMs?: number;
  /**
   * While REST answers but the realtime socket is not connected (a proxy or firewall refusing it,
   * or the socket lost), a delta sync this often brings what events would have. Default
   * REALTIME_FALLBACK_POLL_MS; stops as soon as the socket connects.
   */
  realtimeFallbackPollMs?: number;
  /** A delta sync's progress is held back this long (DELTA_PROGRESS_QUIET_MS); 0 reports it at once. */
  deltaProgressQuietMs?: number;
  /** How many of a conversation's latest messages (and, apart, internal notes) refreshSession loads. Default 300. */
  messagesPerSession?: number;
  /** Called after each realtime event is written (tests, diagnostics). */
  onEventApplied?: (offset: number, eventType: string) => void;
  /** A sync pass failed for something other than HelenaCRM (the console looks for a damaged cache file in it). */
  onLocalFailure?: (error: unknown) => void;
  /** How long the indicator says 'unstable' after a request timed out while HelenaCRM answered reads (TIMEOUT_UNSTABLE_MS). */
  timeoutUnstableMs?: number;
}

export interface SyncStats {
  eventsApplied: number;
  eventsDuplicate: number;
  gaps: number;
  resyncs: number;
  syncs: { first: number; delta: number; failed: number };
}

const FIRST_SYNC_DONE_KEY = 'firstSyncDoneAt';
/** A conversation's older pages of messages (or notes) asked for at once when it is opened. */
const LOAD_LATEST_CONCURRENCY = 4;
/**
 * What a sync pass reads. 'full': the directory, templates, contacts and conversations. 'poll': the
 * socket's stand-in while it is refused or lost (scheduleFallbackPoll), only what events would have
 * brought by the minute: conversations (replies, transfers, status) and contacts (a new contact's
 * name on its conversation). The directory and templates change seldom and are read on the
 * directoryCheckMs timer; polled every 30 s they were half of each poll's requests, in a rate limit
 * the whole company's desks share.
 */
type SyncScope = 'full' | 'poll';
/**
 * 30 s: a reply shows within half a minute (the status bar says so), at the cost of a light delta
 * (SyncScope 'poll': 4 background requests on a quiet desk, with conversations or none, all at once:
 * a page of contacts per status and one of the conversations since the cursor, each page's newest
 * the next cursor) twice a minute. 100 desks behind a proxy that refuses the socket spend 800 of the
 * account's 2,400 requests a minute on it; the open-list comparison stays on its own schedule
 * (sightCheckMs).
 */
export const REALTIME_FALLBACK_POLL_MS = 30_000;
/**
 * A delta's progress reaches the UI only once the delta has run this long. Most deltas (the poll
 * every 30 s while the socket is refused, a wake's, a gap's) find little and end within a second:
 * reported, each one flashed "Sincronizando…" in the status bar, twice a minute all day long without
 * a socket. One that takes longer (a backlog after an outage, a supervisor's open-list comparison, a
 * slow line) is worth showing, from where it got to. A first sync shows at once: the agent waits on it.
 */
export const DELTA_PROGRESS_QUIET_MS = 2_000;
/**
 * The first of those deltas waits this long after the socket is refused or lost (or the interval,
 * if shorter): a socket that comes back on its own, as after a server restart, replays what it
 * missed by offset and costs no delta at all. Until a REST answer, the indicator says 'connecting'.
 */
const REALTIME_FALLBACK_FIRST_POLL_MS = 5_000;
/**
 * A socket refused or lost and not back within this long: one REST request tells whether HelenaCRM
 * is reachable (confirmRest). socket.io's first retry comes after 0.25-0.75 s, so a blip, a server
 * restart, costs nothing; 'connecting' (the outbox waiting) lasts this plus a round trip at most.
 */
const REALTIME_LOSS_CHECK_MS = 2_000;
/**
 * The longest a connection check's delta waits for the socket it dialled again (waitForRedial): a
 * handshake through a slow proxy takes a few round trips; a network not up yet after a wake fails
 * at once ('offline') and is not waited for either.
 */
const REDIAL_WAIT_MAX_MS = 3_000;
/**
 * A reconnection asks for the open-list comparison at most this often: a socket a gateway ends as
 * soon as it opens reconnects every second or two, and with the fallback poll kept across those
 * reconnections each poll compared the whole open list (200 requests for a supervisor seeing
 * 20,000 conversations, twice a minute). The offset replay covers brief drops; the comparison is the
 * net for a gateway that trims without telling, and once per few minutes of flapping casts it.
 */
const RECONNECT_SIGHT_MIN_MS = 5 * 60_000;
/**
 * A request timed out while HelenaCRM still answered reads (a proxy that stalls POST bodies, a link
 * that drops the larger packets: sends time out, reads come back): the indicator says 'unstable'
 * this long after the last such timeout, not online → offline → online at every try of the send.
 */
export const TIMEOUT_UNSTABLE_MS = 60_000;
/** The agent whose socket the stored realtime offset is from. */
const REALTIME_OWNER_KEY = 'realtime:owner';
/** The agent whose last finished sync the cached conversations are: what "a reply they missed" is measured against. */
const REPLIES_BASELINE_KEY = 'replies:baseline-agent';

export class SyncEngine implements SyncEngineLike {
  private readonly store: Store;
  private readonly client: HelenaClient;
  private readonly listeners = new Set<CoreEventListener>();
  private readonly applier: EventApplier;
  private readonly contactReads: SessionContactReads;
  private readonly log: SyncLogger;
  private realtime: RealtimeConnection | null = null;
  private realtimeState: RealtimeState = 'stopped';
  /**
   * The socket failed to connect, or was lost, since it was last connected: REST alone then says
   * whether the desk is online (emitConnectivity). False while its first attempt is under way.
   */
  private realtimeDown = false;
  /** HelenaCRM answered a REST request since the socket went down: online without realtime, not just unknown. */
  private restAnsweredSinceDown = false;
  /** The engine's last REST answer, by the wall clock (a sleep counts as silence); null before the first. */
  private restAnsweredAt: number | null = null;
  /**
   * A dial failed since the socket was lost: what a network gone looks like (a gateway that ends the
   * socket accepts the next dial), so a REST answer from before the loss no longer vouches (restRecent).
   */
  private dialFailedSinceDown = false;
  /** Socket connections when the pending loss check was set: more at its turn, and the socket came back and dropped again. */
  private connectionsAtLossCheck = 0;
  /** Reads connectivity again when the last REST answer, all that keeps the desk online, gets too old (restRecent). */
  private restLapseTimer: ReturnType<typeof setTimeout> | null = null;
  /** The one-request check of REST that a socket's failure or loss starts (confirmRest), and its wait. */
  private restCheck: Promise<void> | null = null;
  private restCheckTimer: ReturnType<typeof setTimeout> | null = null;
  /** The next delta sync on a timer while the socket is down (realtimeFallbackPollMs). */
  private fallbackPollTimer: ReturnType<typeof setTimeout> | null = null;
  private restOnline = true;
  /**
   * REST went offline on one request's timeout alone (noteExchange), nothing failing since: if the
   * next REST request answers, that timeout was the request's own trouble, not an outage.
   */
  private offlineOnTimeoutAlone = false;
  /**
   * A timeout proved no outage (offlineOnTimeoutAlone, then an answer) on this line: from then on a
   * timeout elsewhere in the app is checked with one read (confirmRest) before it turns the desk
   * offline. Cleared when an outage is confirmed: any other REST failure.
   */
  private timeoutsNotOutages = false;
  /** The last timeout checked instead of counted (TIMEOUT_UNSTABLE_MS); null: none since start or the last outage. */
  private slowAt: number | null = null;
  private slowTimer: ReturnType<typeof setTimeout> | null = null;
  private lastConnectivity = '';
  /** Why REST is out of reach (an error key: 'network.proxy', 'network.certificate' …), while it is. */
  private restOfflineDetail: string | undefined;
  private started = false;
  private authExpired = false;
  private abort = newAbortController();
  private syncRunning: Promise<void> | null = null;
  private syncQueued: Promise<void> | null = null;
  /** What the queued sync reads: a full sync asked for while a poll is queued widens it. */
  private queuedScope: SyncScope = 'full';
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  /**
   * The status bar shows a pass's progress, or that a failed pass will be tried again: the next
   * pass to end says how it ended ('sync-finished' or 'sync-stopped'), or the bar keeps
   * "Sincronizando… 40%" while nothing syncs.
   */
  private progressOnScreen = false;
  private retryAttempt = 0;
  /** Socket connections since start(); past the first, each one is a reconnection. */
  private connections = 0;
  private gapTimer: ReturnType<typeof setTimeout> | null = null;
  private directoryTimer: ReturnType<typeof setInterval> | null = null;
  private directoryCheck: Promise<void> | null = null;
  /** Reasons to compare the open list (sightCheckMs), counted; `sightChecked` is the count the last comparison covered. */
  private sightMarks = 0;
  /** At start, the stored realtime offset was another agent's (forgetOthersOffset). */
  private otherAgentBefore = false;
  private sightChecked = 0;
  private sightCheckedAt = 0;
  /** When a reconnection last asked for the comparison (RECONNECT_SIGHT_MIN_MS). */
  private reconnectSightMarkedAt = Number.NEGATIVE_INFINITY;
  /**
   * A connection check dialled the socket again and waits for that connection before its delta
   * (checkConnectionNow): settled when the socket connects, fails, or stops, or after REDIAL_WAIT_MAX_MS.
   */
  private redialWait: { settled: Promise<void>; settle: () => void } | null = null;
  private readonly counters: SyncStats = {
    eventsApplied: 0,
    eventsDuplicate: 0,
    gaps: 0,
    resyncs: 0,
    syncs: { first: 0, delta: 0, failed: 0 },
  };

  constructor(private readonly options: SyncEngineOptions) {
    this.store = options.store;
    this.client = options.client;
    this.log = options.logger ?? {};
    this.contactReads = new SessionContactReads({
      store: this.store,
      readWithContact: (sessionId) => this.readWithContact(sessionId),
      onFailure: (sessionId, error) => this.log.debug?.('sync: reading a conversation with its contact failed', { sessionId, error: String(error) }),
    });
    this.applier = new EventApplier(this.store, {
      emit: (event) => this.emit(event),
      onContactReplied: (reply) => this.options.onContactReplied?.(reply.sessionId, reply),
      onRealtimeSession: (sessionId) => {
        if (this.started && !this.authExpired) this.contactReads.ask(sessionId);
      },
    });
  }

  // ---------- SyncEngineLike ----------

  async start(): Promise<void> {
    if (this.started) return this.syncRunning ?? undefined;
    this.started = true;
    this.authExpired = false;
    this.abort = newAbortController();
    this.contactReads.start();
    this.connections = 0;
    this.realtimeDown = false;
    this.restAnsweredSinceDown = false;
    this.restAnsweredAt = null;
    this.dialFailedSinceDown = false;
    this.offlineOnTimeoutAlone = false;
    this.timeoutsNotOutages = false;
    this.slowAt = null;
    // Whatever happened while this engine was not listening (the app closed, another agent signed in).
    this.markSightDue();
    this.forgetOthersOffset();
    this.connectRealtime();
    this.directoryTimer = setInterval(() => {
      // Failed as a sync would have (the network, HelenaCRM): retried as one, which also brings the
      // connectivity indicator back once REST answers again.
      if (this.directoryCheck) return;
      this.directoryCheck = this.checkDirectory()
        .catch((error: unknown) => {
          if (isHelenaError(error) && this.started && !this.authExpired) this.scheduleRetry();
        })
        .finally(() => {
          this.directoryCheck = null;
        });
    }, Math.max(50, this.options.directoryCheckMs ?? 180_000));
    this.directoryTimer.unref();
    try {
      await this.requestSync();
    } catch (error) {
      // Network trouble and expired tokens are reported as events (and retried); the cache stays
      // usable. Only a real bug (or nothing at all, when stopped meanwhile) is left to the caller.
      if (!isHelenaError(error) && this.started) throw error;
    }
  }

  async stop(): Promise<void> {
    this.started = false;
    this.clearTimers();
    this.contactReads.stop();
    this.abort.abort();
    this.abort = newAbortController();
    this.realtime?.stop();
    this.realtime = null;
    // A directory check still writing would put back what the next agent signing in replaces.
    await Promise.allSettled([this.syncRunning, this.syncQueued, this.directoryCheck, this.restCheck]);
  }

  syncNow(): Promise<void> {
    if (!this.started) return Promise.reject(new Error('sync engine not started'));
    return this.requestSync();
  }

  checkConnectionNow(aliveWithinMs: number, options: ConnectionCheckOptions = {}): Promise<void> {
    if (!this.started || this.authExpired) return Promise.resolve();
    // A retry's backoff was measured on the network that is gone: the delta sync goes now.
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.retryAttempt = 0;
    // A socket dialled again (a wake past its ping deadline, a new proxy, a probe unanswered) may
    // have missed events beyond what its replay brings back: a transfer out of sight tells no one.
    // So the delta waits for the verdict (at once, or the probe's answer: a round trip on a live
    // socket, at most 2 s on a dead one), and after a redial for the new connection too, and is one
    // delta, with the comparison when the socket was dialled again. Started at once, it ran without
    // the comparison and a second delta followed right behind it to make it (a third, with no
    // offset to replay from, when the connection came up). A socket that was not connected (refused,
    // or still coming up) heard nothing to miss: REST-only desks keep sightCheckMs, or every unlock
    // would read the whole open list.
    const wasConnected = this.realtimeState === 'connected';
    const verdict = this.realtime?.checkNow(aliveWithinMs, options) ?? Promise.resolve(false);
    return verdict
      .then(async (redialled) => {
        if (!this.started || this.authExpired) return;
        if (redialled && wasConnected) {
          this.markSightDue();
          // This redial's reconnection is covered by this mark: when it comes after the delta has
          // started (a slow dial, or one past REDIAL_WAIT_MAX_MS), it must not mark another
          // comparison, run right behind at the next directory read.
          this.reconnectSightMarkedAt = Date.now();
          await this.waitForRedial();
        }
        return this.requestSync();
      })
      .catch(() => undefined);
  }

  /**
   * The session, its messages and its notes are asked for at once, and a list's older pages as
   * soon as its newest says how many there are: two round trips for 300 messages, not five one
   * after another (~1.9 s to open a conversation on a 300 ms line). A page is written only once
   * HelenaCRM answered for the session itself, so a conversation gone from the agent's sight puts
   * none of its messages into the cache; the session is still written last, after its messages,
   * as the missed-reply check (EventApplier.missedReply) looks for them.
   */
  async refreshSession(sessionId: string, options: RefreshSessionOptions = {}): Promise<void> {
    const signal = this.abort.signal;
    const cached = this.store.sessions.get(sessionId);
    const fetched = this.rest(() => this.client.getSession(sessionId, { signal }, singleReadDetails(this.store, cached))).catch((error: unknown) => {
      // Gone from the agent's sight (transferred, assigned away) though the cache still shows it to
      // them: off the desk. A row the cache already hides from this agent is another agent's to keep.
      if (cached && isHelenaError(error) && (error.is('not_found') || error.is('forbidden')) && this.shownToSignedIn(cached)) {
        this.store.transaction(() => this.applier.dropSession(sessionId, cached.updatedAt))?.();
        // A 404/403 may not last (a permission glitch, a proxy): the next delta's comparison puts it back if HelenaCRM still lists it.
        this.markSightDue();
      }
      throw error;
    });
    const limit = Math.max(1, this.options.messagesPerSession ?? 300);
    let newestWritten = 0;
    const newestIn = (): void => {
      if (++newestWritten === 2) options.onNewest?.();
    };
    const messages = this.loadLatest(
      limit,
      (paging) => this.client.listMessages(sessionId, paging, { signal }),
      async (items) => {
        await fetched;
        this.store.messages.upsertMessages(items);
      },
      newestIn,
    );
    // Internal notes are listed apart (HelenaCRM's /message does not include them); as many of the latest.
    const notes = this.loadLatest(
      limit,
      (paging) => this.client.listNotes(sessionId, paging, { signal }),
      async (items) => {
        await fetched;
        this.store.messages.upsertNotes(items);
      },
      newestIn,
    );
    const [session, ...lists] = await Promise.allSettled([fetched, messages, notes]);
    // The session's own refusal first (what a caller acted on before), then a list's.
    if (session.status === 'rejected') throw session.reason;
    for (const list of lists) if (list.status === 'rejected') throw list.reason;
    const announce = this.store.transaction(() => this.applier.writeSessions([session.value]));
    announce();
  }

  /**
   * A contact's conversations as HelenaCRM lists them for this agent (ContactId + Status, newest
   * first), up to `limit`, written into the cache and announced; `more`: HelenaCRM has older ones.
   */
  async refreshContactSessions(contactId: string, options: { statuses: readonly SessionStatus[]; limit: number }): Promise<{ more: boolean }> {
    const signal = this.abort.signal;
    const limit = Math.max(1, options.limit);
    let pageNumber = 1;
    let loaded = 0;
    for (;;) {
      const pageSize = Math.min(100, limit - loaded);
      const page = await this.rest(() =>
        this.client.listSessions(
          { contactId, status: [...options.statuses], orderBy: 'updatedAt', orderDirection: 'DESCENDING', pageNumber, pageSize },
          { signal },
        ),
      );
      const announce = this.store.transaction(() => this.applier.writeSessions(page.items));
      announce();
      loaded += page.items.length;
      if (!page.hasMorePages || page.items.length === 0) return { more: false };
      if (loaded >= limit) return { more: true };
      pageNumber++;
    }
  }

  private shownToSignedIn(session: CachedSession): boolean {
    const me = this.store.directory.me();
    return me !== null && canSeeSession(viewerOf(me, this.store), session);
  }

  /**
   * The newest `limit` items of a paged list, newest page first, each page written as it comes
   * (in order); the older pages are asked for together once the newest gives `totalPages` (the
   * client's rate limiter still paces them). `onNewest` follows the newest page's write.
   */
  private async loadLatest(
    limit: number,
    fetchPage: (paging: { pageNumber: number; pageSize: number; orderDirection: 'DESCENDING' }) => Promise<Page<MessageDTO>>,
    write: (items: MessageDTO[]) => Promise<void>,
    onNewest: () => void,
  ): Promise<void> {
    // One size for every page: page n of size 100 is items 100(n-1)+1.., whatever the limit.
    const pageSize = Math.min(100, limit);
    const maxPages = Math.ceil(limit / pageSize);
    const pages = fetchAllPages((pageNumber) => this.rest(() => fetchPage({ pageNumber, pageSize, orderDirection: 'DESCENDING' })), {
      maxPages,
      concurrency: Math.min(LOAD_LATEST_CONCURRENCY, maxPages),
    });
    let loaded = 0;
    let newest = true;
    for await (const page of pages) {
      const items = page.items.slice(0, limit - loaded);
      await write(items);
      if (newest) onNewest();
      newest = false;
      loaded += items.length;
      if (loaded >= limit) break;
    }
  }

  on(listener: CoreEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A conversation a realtime event brought unnamed (SessionContactReads): read once, with its contact embedded. */
  private async readWithContact(sessionId: string): Promise<void> {
    const signal = this.abort.signal;
    // Nobody pressed anything for it: the agent's own requests go first (background lane).
    const session = await this.rest(() => this.client.getSession(sessionId, { signal, background: true }, { includeDetails: ['ContactDetails'] }));
    if (signal.aborted) return;
    // Written as the event it follows is: no reply inferred from its fields (the message's own event tells it).
    this.store.transaction(() => this.applier.writeSessions([session], { fromRealtime: true }))();
  }

  applySession(session: SessionDTO): void {
    const announce = this.store.transaction(() => this.applier.writeSessions([session]));
    announce();
  }

  isOnline(): boolean {
    return this.started && !this.authExpired && this.restOnline;
  }

  // ---------- extras ----------

  /** Counters for tests and diagnostics. */
  get stats(): SyncStats {
    return { ...this.counters, syncs: { ...this.counters.syncs } };
  }

  get realtimeStatus(): RealtimeState {
    return this.realtimeState;
  }

  /** Agents of the account as of the last sync (for transfers). */
  agents(): AgentDTO[] {
    return cachedAgents(this.store);
  }

  /** True once a first sync has completed for this cache. */
  hasFirstSync(): boolean {
    return this.store.syncState.get(FIRST_SYNC_DONE_KEY) !== null;
  }

  /**
   * How a request through the engine's HelenaClient ended, the outbox's sends and the console's
   * commands included (the console wires the client's onExchange here): an answer keeps the desk
   * online as one of the engine's own does (a socket that keeps dropping, the sync's own reads
   * waiting behind the agent's in the rate limit, would otherwise age the last answer out while
   * sends go out); a send that found no network turns it offline at once, not at the sync's next
   * request. A 401 is left to the engine's and the console's own handling.
   */
  noteExchange(outcome: ExchangeOutcome): void {
    if (!this.started || this.authExpired) return;
    if (outcome.answered) {
      this.noteRestAnswer();
      return;
    }
    const timedOut = outcome.error.detail.cause === 'timeout';
    if (timedOut && this.restOnline && this.timeoutsNotOutages) {
      // Weaker evidence than the reads that answered after the last such timeout: one read decides,
      // and its failure turns the desk offline (rest()). Meanwhile the agent's other sends go on. A
      // check under way decides already (its own timeout lands here too, before rest() sees it).
      if (this.restCheck) return;
      this.slowAt = Date.now();
      this.emitConnectivity();
      this.confirmRest();
      return;
    }
    const wasOnline = this.restOnline;
    this.setRestOnline(false, outcome.error.key, timedOut);
    // The engine's own failures are tried again by a sync (scheduleRetry); one elsewhere, with the
    // socket up and no poll, would leave the desk offline, and the outbox holding, for good.
    if (wasOnline && !this.syncRunning && !this.syncQueued && !this.restCheck && !this.directoryCheck) this.scheduleRetry();
  }

  // ---------- sync runs ----------

  private requestSync(scope: SyncScope = 'full'): Promise<void> {
    if (this.syncQueued) {
      if (scope === 'full') this.queuedScope = 'full';
      return this.syncQueued;
    }
    if (this.syncRunning) {
      this.queuedScope = scope;
      const queued = this.syncRunning
        .catch(() => undefined)
        .then(() => {
          this.syncQueued = null;
          return this.launchSync(this.queuedScope);
        });
      this.syncQueued = queued;
      return queued;
    }
    return this.launchSync(scope);
  }

  private launchSync(scope: SyncScope): Promise<void> {
    if (!this.started || this.authExpired) return Promise.resolve();
    const run: Promise<void> = this.runSync(scope).finally(() => {
      if (this.syncRunning === run) this.syncRunning = null;
    });
    this.syncRunning = run;
    return run;
  }

  private async runSync(requested: SyncScope): Promise<void> {
    const phase: SyncPhase = this.hasFirstSync() ? 'delta' : 'first';
    const scope: SyncScope = phase === 'first' ? 'full' : requested;
    const progress = this.progressReporter(phase);
    const ctx = this.pullContext(phase, progress.report);
    const marks = this.sightMarks;
    const startedAt = Date.now();
    ctx.checkSight = phase === 'delta' && this.sightCheckDue(startedAt);
    try {
      if (scope === 'full') {
        const availabilityBefore = this.store.directory.me()?.availability ?? null;
        await this.rest(() => pullDirectory(ctx));
        // Paused or freed elsewhere (an admin, the web panel): the desk shows it.
        if (phase === 'delta' && (this.store.directory.me()?.availability ?? null) !== availabilityBefore) this.emit({ type: 'agent-changed' });
      }
      const [templates, contacts] = await this.rest(() =>
        Promise.all([scope === 'full' ? pullTemplates(ctx) : 0, pullContacts(ctx), pullSessions(ctx)]),
      );
      // Sessions and contacts arrive concurrently: a contact written after its conversations
      // missed their activity, which orders search and the recent-contacts list. Catch up now.
      this.store.contacts.recordActivities(this.store.sessions.activityBehindContacts());
      if (phase === 'first') this.store.syncState.set(FIRST_SYNC_DONE_KEY, new Date().toISOString());
      const me = this.store.directory.me();
      if (me) this.store.syncState.set(REPLIES_BASELINE_KEY, me.userId);
      // A first sync read the open list whole, as the comparison would (a request per 100 open).
      if (ctx.checkSight || phase === 'first') {
        // Reasons marked while this sync ran (a RESYNC_REQUIRED mid-pass) still call for the next one.
        this.sightChecked = marks;
        this.sightCheckedAt = startedAt;
      }
      this.counters.syncs[phase]++;
      this.retryAttempt = 0;
      if (phase === 'delta' && templates > 0) this.emit({ type: 'templates-changed' });
      if (phase === 'delta' && contacts > 0) this.emit({ type: 'contacts-changed' });
      progress.end();
      this.progressOnScreen = false;
      this.emit({ type: 'sync-finished', phase, at: new Date().toISOString() });
    } catch (error) {
      progress.end();
      this.counters.syncs.failed++;
      if (!isHelenaError(error)) this.options.onLocalFailure?.(error);
      if (this.started && !this.authExpired) {
        this.log.warn?.(`sync: ${phase} sync failed`, { error: isHelenaError(error) ? error.key : String(error) });
        this.scheduleRetry();
      }
      // Cut short (the network, HelenaCRM failing, a sign-out): its progress leaves the bar, which
      // says instead whether another pass is coming.
      if (this.progressOnScreen) {
        const retrying = this.started && !this.authExpired && (this.retryTimer !== null || this.syncQueued !== null);
        this.progressOnScreen = retrying;
        this.emit({ type: 'sync-stopped', retrying });
      }
      throw error;
    }
  }

  /**
   * The pass's progress toward the UI: a first sync's at once, a delta's only once it has run
   * deltaProgressQuietMs (DELTA_PROGRESS_QUIET_MS), starting with the latest step then. The bar
   * shows the latest step only, so the ones held back are not replayed. end() at the pass's end.
   */
  private progressReporter(phase: SyncPhase): { report: PullContext['progress']; end(): void } {
    const quietMs = phase === 'first' ? 0 : Math.max(0, this.options.deltaProgressQuietMs ?? DELTA_PROGRESS_QUIET_MS);
    // After end() nothing more: a pull still running when its pass failed (Promise.all rejects on
    // the first failure, the others go on) would put back the bar the failure took off.
    let ended = false;
    const emitStep = (resource: ResourceName, done: number, total: number | null): void => {
      if (ended) return;
      this.progressOnScreen = true;
      this.emit({ type: 'sync-progress', resource, done, total, phase });
    };
    if (quietMs === 0) return { report: emitStep, end: () => void (ended = true) };
    let shown = false;
    let held: [ResourceName, number, number | null] | null = null;
    const timer = setTimeout(() => {
      shown = true;
      if (held) emitStep(...held);
      held = null;
    }, quietMs);
    timer.unref();
    return {
      report: (resource, done, total) => {
        if (shown) emitStep(resource, done, total);
        else held = [resource, done, total];
      },
      end: () => {
        ended = true;
        clearTimeout(timer);
      },
    };
  }

  private pullContext(phase: SyncPhase, progress: PullContext['progress']): PullContext {
    return {
      client: this.client,
      store: this.store,
      applier: this.applier,
      phase,
      pageConcurrency: Math.max(1, this.options.pageConcurrency ?? 16),
      contactBatchSize: this.options.contactBatchSize ?? DEFAULT_CONTACT_BATCH,
      signal: this.abort.signal,
      progress,
      missedReplies: this.cacheIsSignedInAgents(),
    };
  }

  /**
   * Whether the cached conversations are the signed-in agent's last view: their own last finished
   * sync, or (a cache from before this was recorded) no other agent's socket since.
   */
  private cacheIsSignedInAgents(): boolean {
    const me = this.store.directory.me();
    if (!me) return false;
    const baseline = this.store.syncState.get(REPLIES_BASELINE_KEY);
    return baseline === null ? !this.otherAgentBefore : baseline === me.userId;
  }

  /**
   * The stored offset is where the previous agent's socket stopped on this machine: replayed from
   * it, a new agent would hear every reply of their teams since then, each a tray notification for
   * something said before they signed in. A new agent's socket goes live instead; their first sync
   * reads what their desk needs (the same agent back keeps the offset and hears what they missed).
   */
  private forgetOthersOffset(): void {
    const me = this.store.directory.me();
    const owner = this.store.syncState.get(REALTIME_OWNER_KEY);
    this.otherAgentBefore = me !== null && owner !== null && owner !== me.userId;
    if (!me || owner === me.userId) return;
    this.store.transaction(() => {
      this.store.syncState.resetRealtimeOffset();
      this.store.syncState.set(REALTIME_OWNER_KEY, me.userId);
    });
  }

  /** Events may have been lost: the next delta compares the open list (sightCheckMs). */
  private markSightDue(): void {
    this.sightMarks++;
  }

  private sightCheckDue(nowMs: number): boolean {
    // No socket (REST-only): no event ever tells of a conversation leaving the agent's sight.
    if (this.options.realtime === false) return true;
    return this.sightChecked < this.sightMarks || nowMs - this.sightCheckedAt >= (this.options.sightCheckMs ?? 15 * 60_000);
  }

  /**
   * Reads the agent and the teams again (directoryCheckMs): a sync when what the agent may see
   * changed, else only 'agent-changed' when their availability did. Quiet otherwise: no progress.
   */
  private async checkDirectory(): Promise<void> {
    if (!this.started || this.authExpired || this.syncRunning || !this.hasFirstSync()) return;
    const scope = signedInScope(this.store);
    const availability = this.store.directory.me()?.availability ?? null;
    const ctx = this.pullContext('delta', () => undefined);
    await this.rest(() => pullDirectory(ctx));
    if (!this.started || this.authExpired) return;
    // Without the socket no TEMPLATE_UPDATE comes, and the polls leave templates out: they are read
    // here, on the directory's cadence, as an archived or deleted one is with a socket (no event
    // tells of those at all: they wait for a full delta).
    if (this.realtimeDown && (await this.rest(() => pullTemplates(ctx))) > 0) this.emit({ type: 'templates-changed' });
    if (!this.started || this.authExpired) return;
    if (signedInScope(this.store) !== scope) {
      this.log.debug?.('sync: the teams the agent may see changed, a sync follows');
      await this.requestSync();
      return;
    }
    if ((this.store.directory.me()?.availability ?? null) !== availability) this.emit({ type: 'agent-changed' });
    // With a healthy socket nothing else starts a delta for hours, and the comparison's safety net
    // (a transfer whose event went only to the new audience) rides on deltas: it is started here.
    // Not while a connection check waits for the socket it dialled again: its own delta, with the
    // comparison, follows the redial, and one started here ran ahead of it with a second queued behind
    // (seen on a loaded machine, where the redial takes longer than a directory read's cadence).
    if (this.options.realtime !== false && !this.redialWait && this.sightCheckDue(Date.now())) await this.requestSync();
  }

  /** Runs a REST step, keeping the connectivity indicator and the auth state up to date. */
  private async rest<T>(step: () => Promise<T>): Promise<T> {
    try {
      const value = await step();
      this.noteRestAnswer();
      return value;
    } catch (error) {
      if (isHelenaError(error)) this.onRestFailure(error);
      throw error;
    }
  }

  /** HelenaCRM answered a request (with any status): REST is reachable, as of now. */
  private noteRestAnswer(): void {
    this.restAnsweredAt = Date.now();
    if (this.realtimeDown && !this.restAnsweredSinceDown) {
      this.restAnsweredSinceDown = true;
      if (this.restOnline) this.emitConnectivity();
    }
    this.setRestOnline(true);
  }

  private onRestFailure(error: HelenaError): void {
    if (error.is('unauthorized')) {
      this.expire();
      return;
    }
    // A 4xx or 5xx is an answer too (a 5xx shows as 'unstable', the console's say: onServerHealth).
    const outcome = exchangeOutcomeOf(error);
    if (outcome?.answered) this.noteRestAnswer();
    else if (outcome) this.setRestOnline(false, error.key);
  }

  private scheduleRetry(): void {
    if (this.retryTimer || !this.started || this.authExpired) return;
    const base = this.options.retryBaseMs ?? 2_000;
    const cap = this.options.retryCapMs ?? 60_000;
    const delay = Math.min(cap, base * 2 ** this.retryAttempt);
    this.retryAttempt++;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.requestSync().catch(() => undefined);
    }, delay);
  }

  private scheduleGapSync(): void {
    if (this.gapTimer || !this.started) return;
    this.gapTimer = setTimeout(() => {
      this.gapTimer = null;
      this.requestSync().catch(() => undefined);
    }, this.options.gapResyncDelayMs ?? 15_000);
  }

  // ---------- realtime ----------

  private connectRealtime(): void {
    if (this.options.realtime === false || this.realtime) return;
    const settings = this.options.realtime ?? {};
    this.realtime = new RealtimeConnection({
      url: this.options.url,
      // The socket goes the way REST does: the same proxy, the same trusted certificates.
      agent: this.client.route.agentFor(this.options.url),
      getToken: this.options.getToken,
      getOffset: () => this.store.syncState.realtimeOffset(),
      onMessage: (message) => this.onRealtimeMessage(message),
      onStateChange: (state, detail) => this.onRealtimeState(state, detail),
      onAuthError: () => this.expire(),
      logger: this.log,
      ...(settings.reconnectDelayMs !== undefined ? { reconnectDelayMs: settings.reconnectDelayMs } : {}),
      ...(settings.reconnectDelayMaxMs !== undefined ? { reconnectDelayMaxMs: settings.reconnectDelayMaxMs } : {}),
      ...(settings.connectTimeoutMs !== undefined ? { connectTimeoutMs: settings.connectTimeoutMs } : {}),
    });
    this.realtime.start();
  }

  private onRealtimeMessage(message: RealtimeMessage): void {
    if (!this.started || this.authExpired) return;
    if (message.kind === 'resync') {
      this.counters.resyncs++;
      this.markSightDue();
      // The server went live at `offset` without replaying; what came before is fetched by REST.
      this.store.transaction(() => {
        this.store.syncState.resetRealtimeOffset();
        this.store.syncState.advanceRealtimeOffset(message.offset);
      });
      this.requestSync().catch(() => undefined);
      return;
    }
    const outcome = this.applier.apply(message);
    const exact = message.previousOffset !== undefined;
    if (outcome.kind === 'advanced') {
      if (outcome.gap) this.noteGap(message.offset, exact);
      return;
    }
    if (message.kind === 'watermark') return;
    if (outcome.kind === 'duplicate') {
      this.counters.eventsDuplicate++;
      return;
    }
    if (outcome.kind === 'resync') return;
    this.counters.eventsApplied++;
    this.options.onEventApplied?.(message.offset, message.eventType);
    if (outcome.kind === 'unreadable') this.log.warn?.('sync: unreadable realtime event', { offset: message.offset });
    if (outcome.kind === 'unreadable') this.markSightDue();
    if (outcome.gap) this.noteGap(message.offset, exact);
    else if (outcome.kind === 'unreadable') this.scheduleGapSync();
  }

  private noteGap(offset: number, exact: boolean): void {
    this.counters.gaps++;
    // A gap the gateway vouches for (previousOffset) lost an event that may have been a transfer. A
    // plain gateway's offsets jump past every event of others' conversations: no sign of a loss there.
    if (exact) this.markSightDue();
    this.log.debug?.('sync: realtime gap, a delta sync will follow', { offset });
    this.scheduleGapSync();
  }

  private onRealtimeState(state: RealtimeState, detail?: string): void {
    const wasConnected = this.realtimeState === 'connected';
    const wasDown = this.realtimeDown;
    this.realtimeState = state;
    const redialAwaited = state !== 'connecting' && this.endRedialWait();
    if (state === 'connected' || state === 'stopped') {
      this.realtimeDown = false;
      // A connection cancels neither the pending loss check nor the next poll: one that a gateway or
      // proxy ends at once drops again within the second, and neither would ever come (REST never
      // asked, no reply for as long as it goes on). Each looks at the socket when its turn comes.
      if (state === 'stopped') {
        this.stopFallbackPolling();
        this.stopLossCheck();
      }
    } else if (state === 'offline' && !this.realtimeDown && this.started && !this.authExpired) {
      this.realtimeDown = true;
      this.restAnsweredSinceDown = false;
      // A dial that failed (not a connection that dropped) is what a network gone looks like too.
      this.dialFailedSinceDown = !wasConnected;
      const interval = this.fallbackPollMs();
      if (!this.restCheckTimer) {
        this.connectionsAtLossCheck = this.connections;
        this.restCheckTimer = setTimeout(() => {
          this.restCheckTimer = null;
          this.checkRestAfterLoss();
        }, Math.min(interval, REALTIME_LOSS_CHECK_MS));
        this.restCheckTimer.unref();
      }
      // One pending since an earlier drop comes within the interval, the "30 s" the status bar promises.
      if (!this.fallbackPollTimer) this.scheduleFallbackPoll(Math.min(interval, REALTIME_FALLBACK_FIRST_POLL_MS));
    } else if (state === 'offline' && this.realtimeDown) {
      this.dialFailedSinceDown = true;
    }
    if (state === 'connected' && !wasConnected && this.started) {
      this.connections++;
      // Events of the outage are replayed, unless HelenaCRM no longer has them (then RESYNC_REQUIRED
      // says so): a gateway that trims without telling is covered by comparing the open list.
      if (this.connections > 1) {
        const now = Date.now();
        if (now - this.reconnectSightMarkedAt >= Math.min(RECONNECT_SIGHT_MIN_MS, this.options.sightCheckMs ?? RECONNECT_SIGHT_MIN_MS) || now < this.reconnectSightMarkedAt) {
          this.reconnectSightMarkedAt = now;
          this.markSightDue();
        }
      }
      // Back after an outage: the server replays from our offset, but REST may have been down too,
      // and with no offset (nothing received yet) a replay cannot cover what we missed. A first
      // connection after the socket was refused is such a return: replies since the last 30-s delta.
      // One a connection check dialled and waits for needs none: the check's delta follows now.
      if (!redialAwaited && (this.connections > 1 || wasDown) && (!this.restOnline || this.store.syncState.realtimeOffset() === null)) {
        this.requestSync().catch(() => undefined);
      }
    }
    this.emitConnectivity(detail);
  }

  /**
   * The connection a check dialled: its delta waits for it, so the open list is compared once the
   * socket is live again (what came before is in the list read, what comes after is in the
   * socket's events) and the connection needs no delta of its own. A socket that takes longer than
   * REDIAL_WAIT_MAX_MS is not waited for: its connection then counts as any return does.
   */
  private waitForRedial(): Promise<void> {
    if (this.redialWait) return this.redialWait.settled;
    let resolve: () => void = () => undefined;
    const settled = new Promise<void>((r) => {
      resolve = r;
    });
    const timer = setTimeout(() => this.endRedialWait(), REDIAL_WAIT_MAX_MS);
    timer.unref();
    this.redialWait = {
      settled,
      settle: () => {
        clearTimeout(timer);
        resolve();
      },
    };
    return settled;
  }

  /** Lets a check waiting for its redial go on; true if one was waiting. */
  private endRedialWait(): boolean {
    const wait = this.redialWait;
    this.redialWait = null;
    wait?.settle();
    return wait !== null;
  }

  /**
   * No socket, no events: the replies, transfers and receipts they would bring come by a delta
   * sync on a timer instead, through the background lane of the rate limit like any sync pass.
   * A light one (SyncScope 'poll': no directory, no templates), and routine: the open-list
   * comparison only when due (sightCheckDue). Runs from the socket's failure or loss (the first
   * after REALTIME_FALLBACK_FIRST_POLL_MS) until a turn finds it connected.
   */
  private scheduleFallbackPoll(delayMs: number): void {
    this.stopFallbackPolling();
    this.fallbackPollTimer = setTimeout(() => {
      this.fallbackPollTimer = null;
      if (!this.started || this.authExpired || !this.realtimeDown) return;
      // A sync running or a retry waiting out its backoff already covers this turn.
      if (!this.syncRunning && !this.retryTimer) this.requestSync('poll').catch(() => undefined);
      this.scheduleFallbackPoll(this.fallbackPollMs());
    }, delayMs);
    this.fallbackPollTimer.unref();
  }

  /**
   * REALTIME_LOSS_CHECK_MS after the socket was refused or lost. Down since: REST is asked (confirmRest).
   * Back and dropped again since (a gateway or proxy that ends it at once, every second or so):
   * asked only once the last answer is half a window old, which renews it well before it lapses
   * (restRecent) at a request per 15 s at most, not one per drop.
   */
  private checkRestAfterLoss(): void {
    if (!this.realtimeDown || this.restAnsweredSinceDown) return;
    const flapping = this.connections !== this.connectionsAtLossCheck;
    if (flapping && !this.dialFailedSinceDown && this.restRecent(Date.now(), this.restWindowMs() / 2)) return;
    this.confirmRest();
  }

  /**
   * The socket was refused or lost and is not back: is HelenaCRM reachable by REST, or is the
   * network gone? One request tells (the signed-in agent, what every sync asks first), so the
   * indicator and the outbox, which sends only while 'online', do not wait for the first delta.
   * A failure is retried as a failed sync is.
   */
  private confirmRest(): void {
    if (this.restCheck || !this.started || this.authExpired) return;
    const signal = this.abort.signal;
    this.restCheck = this.rest(() => this.client.me({ signal, background: true }))
      .then(
        () => undefined,
        (error: unknown) => {
          if (isHelenaError(error) && this.started && !this.authExpired) this.scheduleRetry();
        },
      )
      .finally(() => {
        this.restCheck = null;
      });
  }

  private stopFallbackPolling(): void {
    if (this.fallbackPollTimer) clearTimeout(this.fallbackPollTimer);
    this.fallbackPollTimer = null;
  }

  private stopLossCheck(): void {
    if (this.restCheckTimer) clearTimeout(this.restCheckTimer);
    if (this.restLapseTimer) clearTimeout(this.restLapseTimer);
    this.restCheckTimer = null;
    this.restLapseTimer = null;
  }

  private fallbackPollMs(): number {
    return Math.max(50, this.options.realtimeFallbackPollMs ?? REALTIME_FALLBACK_POLL_MS);
  }

  /**
   * How long a REST answer keeps the desk online once its socket drops (restRecent): the fallback
   * poll's interval (30 s). A desk without a socket is online on the answer of a poll that comes
   * once per interval; one that heard HelenaCRM within that long before its socket dropped knows as
   * much, and the outbox, which sends only while 'online', goes on sending. A socket that a gateway
   * or proxy ends as soon as it connects drops every second: each drop showed "Conectando…" (and
   * held the outbox) until a REST answer, though REST answered all along. A real outage still
   * shows: a dial that fails ends it ('connecting'), a REST failure is 'offline' at once, and a
   * silent REST is 'connecting' once its last answer is this old.
   */
  private restWindowMs(): number {
    return this.fallbackPollMs();
  }

  /** HelenaCRM answered REST less than `windowMs` before `now` (a clock set back trusts nothing). */
  private restRecent(now: number, windowMs = this.restWindowMs()): boolean {
    const at = this.restAnsweredAt;
    return at !== null && now >= at && now - at < windowMs;
  }

  /**
   * How much longer the indicator says 'unstable' for the last timeout that was no outage (0: not
   * at all); a timer reads connectivity again when that ends.
   */
  private slowFor(now: number): number {
    if (this.slowAt === null || now < this.slowAt) return 0;
    const left = this.slowAt + Math.max(0, this.options.timeoutUnstableMs ?? TIMEOUT_UNSTABLE_MS) - now;
    if (left <= 0) return 0;
    if (this.slowTimer) clearTimeout(this.slowTimer);
    this.slowTimer = setTimeout(() => {
      this.slowTimer = null;
      if (this.started && !this.authExpired) this.emitConnectivity();
    }, left);
    this.slowTimer.unref();
    return left;
  }

  /** The desk is online on its last REST answer alone: connectivity is read again the moment that answer is too old. */
  private watchRestLapse(now: number): void {
    if (this.restLapseTimer) clearTimeout(this.restLapseTimer);
    const at = this.restAnsweredAt ?? now;
    this.restLapseTimer = setTimeout(() => {
      this.restLapseTimer = null;
      if (this.started && !this.authExpired) this.emitConnectivity();
    }, Math.max(0, at + this.restWindowMs() - now));
    this.restLapseTimer.unref();
  }

  // ---------- state and events ----------

  private expire(): void {
    if (this.authExpired) return;
    this.authExpired = true;
    this.clearTimers();
    this.realtime?.stop();
    this.realtime = null;
    this.realtimeState = 'stopped';
    this.started = false;
    this.abort.abort();
    this.abort = newAbortController();
    this.emit({ type: 'auth-expired' });
    this.emitConnectivity('auth');
  }

  /** `timeoutAlone`: a request timed out (noteExchange), which an answer right after may prove no outage. */
  private setRestOnline(online: boolean, detail?: string, timeoutAlone = false): void {
    // The latest reason REST is out of reach, said with every connectivity event until it answers.
    this.restOfflineDetail = online ? undefined : detail;
    if (!online) {
      this.offlineOnTimeoutAlone = timeoutAlone && (this.restOnline || this.offlineOnTimeoutAlone);
      // An outage confirmed: timeouts count in full again, and the way back is 'online'.
      if (!timeoutAlone) {
        this.timeoutsNotOutages = false;
        this.slowAt = null;
      }
    } else if (!this.restOnline && this.offlineOnTimeoutAlone) {
      // HelenaCRM answered right after a timeout, nothing else failing between: a network back at
      // once, or a line slow for some requests only. The next timeout tells (noteExchange): checked
      // before it counts, and 'unstable' while it is not an outage.
      this.offlineOnTimeoutAlone = false;
      this.timeoutsNotOutages = true;
    }
    if (this.restOnline === online) {
      if (!online) this.emitConnectivity();
      return;
    }
    this.restOnline = online;
    this.emitConnectivity(detail);
  }

  private emitConnectivity(detail?: string): void {
    const realtime: 'connected' | 'connecting' | 'offline' =
      this.realtimeState === 'connected' ? 'connected' : this.realtimeState === 'connecting' ? 'connecting' : 'offline';
    let state: ConnectivityState;
    // REST is what sends and reads: answering, the desk is online whatever the socket does
    // (realtime says how replies come: live, or by deltas on a timer). 'connecting' only while that
    // is not known yet: the socket's first attempt under way (a start, a redial), or the socket
    // refused or lost and HelenaCRM not heard by REST since (confirmRest asks within 2 s), nor
    // within the window before the loss (restRecent) with every dial since accepted.
    const now = Date.now();
    const onRecentAnswer = this.realtimeDown && !this.restAnsweredSinceDown && !this.dialFailedSinceDown && this.restRecent(now);
    if (!this.restOnline || this.authExpired) state = 'offline';
    else if (realtime === 'connected' || this.options.realtime === false || (this.realtimeDown && this.restAnsweredSinceDown) || onRecentAnswer) state = 'online';
    else state = 'connecting';
    if (state === 'online' && onRecentAnswer && this.started) this.watchRestLapse(now);
    if (state === 'online' && this.slowFor(now) > 0) state = 'unstable';
    // Offline, why REST is out of reach stays said while the socket redials, over the socket's own
    // words ("xhr poll error"): the event the status bar reads last (and the snapshot) would otherwise
    // lose "avise a TI" at the socket's next attempt. An expired login says so instead.
    const restReason = state === 'offline' && !this.restOnline && detail !== 'auth' ? this.restOfflineDetail : undefined;
    const said = restReason ?? detail;
    // Only an offline event's detail reaches the agent (the snapshot and the status bar keep it
    // for 'offline' alone): online or connecting, the socket's own reason ('transport close') is
    // no change, and a REST answer while it redials would otherwise say the same state again.
    const key = `${state}/${realtime}/${state === 'offline' ? (said ?? '') : ''}`;
    if (key === this.lastConnectivity) return;
    this.lastConnectivity = key;
    this.emit({ type: 'connectivity', state, realtime, ...(said ? { detail: said } : {}) });
  }

  private emit(event: CoreEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        this.log.warn?.('sync: a listener failed', { error: String(error) });
      }
    }
  }

  private clearTimers(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.gapTimer) clearTimeout(this.gapTimer);
    if (this.directoryTimer) clearInterval(this.directoryTimer);
    this.stopFallbackPolling();
    this.stopLossCheck();
    if (this.slowTimer) clearTimeout(this.slowTimer);
    this.slowTimer = null;
    this.directoryTimer = null;
    this.retryTimer = null;
    this.gapTimer = null;
  }
}

/** One signal is shared by every request of a sync (dozens in flight): no listener-count warning. */
function newAbortController(): AbortController {
  const controller = new AbortController();
  setMaxListeners(0, controller.signal);
  return controller;
}
