/**
 * What the rest of the core (console, outbox) may rely on from the sync engine. The sync helper
 * implements it in src/sync; the console depends on this interface only.
 */
import type { CoreEventListener } from '../console/core-events';
import type { SessionDTO, SessionStatus } from '../api/helena-dto';
import type { ExchangeOutcome } from '../api/transport';

export interface RefreshSessionOptions {
  onNewest?: () => void;
}

export interface ConnectionCheckOptions {
  /** The way out changed (another proxy, or none): the socket is dialled again the new way even if it is alive. */
  rerouted?: boolean;
}

export interface SyncEngineLike {
  /** First sync when the cache is empty, else a delta sync; then connects realtime. Resolves when the cache is usable. */
  start(): Promise<void>;
  /** Disconnects realtime and stops timers; the cache stays. */
  stop(): Promise<void>;
  /** A delta sync now (e.g. after the agent presses "sincronizar" or the network comes back). */
  syncNow(): Promise<void>;
  /**
   * The network may have changed (a wake, another network, a VPN): keeps a realtime socket that
   * heard the server in the last `aliveWithinMs` or answers a probe, dials again at once (resuming
   * from the last offset) one that does not, or any when `rerouted` (the proxy was chosen anew),
   * and runs a delta sync now instead of waiting out a retry's backoff.
   */
  checkConnectionNow(aliveWithinMs: number, options?: ConnectionCheckOptions): Promise<void>;
  /**
   * Fetches one session, its recent messages and its internal notes into the cache (opening a
   * conversation screen). `onNewest`: called once the newest page of messages and of notes is in
   * the cache, before older pages and the session itself are written (the screen may show then).
   */
  refreshSession(sessionId: string, options?: RefreshSessionOptions): Promise<void>;
  /**
   * Fetches a contact's conversations in `statuses` (newest first, at most `limit`) into the cache
   * ("Atendimentos anteriores"); `more`: HelenaCRM has older ones past the limit.
   */
  refreshContactSessions(contactId: string, options: { statuses: readonly SessionStatus[]; limit: number }): Promise<{ more: boolean }>;
  on(listener: CoreEventListener): () => void;
  /** Called by the outbox whenever the server returned a session (e.g. after a start), so the cache has it at once. */
  applySession(session: SessionDTO): void;
  isOnline(): boolean;
  /**
   * A request elsewhere in the app (the outbox, a console command) ended: HelenaCRM answered, or
   * no answer came (the client's onExchange). Connectivity counts it as one of sync's own.
   */
  noteExchange(outcome: ExchangeOutcome): void;
}
