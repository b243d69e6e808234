/**
 * The sandbox's persisted event log: every change appends one webhook-shaped event
 * (`{eventType, date, content}`) with an offset that only grows. The socket.io gateway pushes new
 * events live and replays from a client's last offset on reconnect; when the log has been trimmed
 * past that offset the client is told to re-sync instead.
 */
import type Database from 'better-sqlite3';
import type { WebhookEventType } from '../src/api/helena-dto';
import type { SessionScope } from '../src/domain/visibility';
import type { SandboxClock } from './clock';

/**
 * Who may receive an event: everybody in the account, or those who can see one conversation. A session event carries the session's scope, and `formerly` the scope it
 * had before a transfer or take, so that those who just lost sight of the conversation hear of it.
 */
export type SessionAudience = { kind: 'session'; formerly?: SessionScope } & SessionScope;
export type EventAudience = { kind: 'all' } | SessionAudience;

export interface LoggedEvent {
  offset: number;
  eventType: WebhookEventType;
  date: string;
  content: unknown;
  audience: EventAudience;
}

export type EventListener = (event: LoggedEvent) => void;

export interface EventLogOptions {
  /** Keep at most this many events; older ones are trimmed (clients behind them get RESYNC_REQUIRED). */
  maxEvents?: number;
}

interface Row {
  offset: number;
  event_type: string;
  date: string;
  content: string;
  audience: string;
}

const PAGE = 1_000;

function toEvent(row: Row): LoggedEvent {
  return {
    offset: row.offset,
    eventType: row.event_type as WebhookEventType,
    date: row.date,
    content: JSON.parse(row.content) as unknown,
    audience: JSON.parse(row.audience) as EventAudience,
  };
}

export class EventLog {
  private readonly listeners = new Set<EventListener>();
  private readonly insert: Database.Statement<[string, string, string, string]>;
  private readonly selectAfter: Database.Statement<[number, number], Row>;
  private readonly selectFirst: Database.Statement<[], { lo: number | null }>;
  private readonly selectSequence: Database.Statement<[], { seq: number }>;
  private readonly deleteThrough: Database.Statement<[number]>;
  private maxEvents: number;
  /** Lowest offset still stored, or null when the table is empty (cached: trimming needs it on every append). */
  private firstKept: number | null;
  /** Highest offset already handed to listeners. */
  private dispatched: number;
  private flushScheduled = false;

  constructor(
    private readonly db: Database.Database,
    private readonly clock: SandboxClock,
    options: EventLogOptions = {},
  ) {
    db.exec(`CREATE TABLE IF NOT EXISTS event_log (
      offset INTEGER PRIMARY KEY AUTOINCREMENT,
      event_type TEXT NOT NULL,
      date TEXT NOT NULL,
      content TEXT NOT NULL,
      audience TEXT NOT NULL
    ) STRICT`);
    this.insert = db.prepare('INSERT INTO event_log (event_type, date, content, audience) VALUES (?, ?, ?, ?)');
    this.selectAfter = db.prepare('SELECT * FROM event_log WHERE offset > ? ORDER BY offset LIMIT ?');
    this.selectFirst = db.prepare('SELECT MIN(offset) AS lo FROM event_log');
    // AUTOINCREMENT keeps the highest offset ever given in sqlite_sequence, even after every row is trimmed.
    this.selectSequence = db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'event_log'");
    this.deleteThrough = db.prepare('DELETE FROM event_log WHERE offset <= ?');
    this.maxEvents = normaliseMax(options.maxEvents);
    this.firstKept = this.selectFirst.get()?.lo ?? null;
    this.dispatched = this.lastOffset();
  }

  /** Changes how many events are kept; trims at once when the log is already longer. */
  setMaxEvents(maxEvents: number): void {
    this.maxEvents = normaliseMax(maxEvents);
    this.trimToMax(this.lastOffset());
  }

  /**
   * Appends an event. Call it inside the same transaction as the change it describes. Listeners
   * are told on a microtask, reading back from the table: by then the (synchronous) transaction
   * has committed or rolled back, so an event whose change was rolled back never reaches a client
   * (its offset is reused by the next append, which would otherwise look like a duplicate).
   */
  append(eventType: WebhookEventType, content: unknown, audience: EventAudience): LoggedEvent {
    const date = this.clock.iso();
    const info = this.insert.run(eventType, date, JSON.stringify(content), JSON.stringify(audience));
    const offset = Number(info.lastInsertRowid);
    if (this.firstKept === null) this.firstKept = offset;
    this.trimToMax(offset);
    this.scheduleFlush();
    return { offset, eventType, date, content, audience };
  }

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Events after `offset`, oldest first, at most `limit`; `null` when the client cannot be brought
   * up to date from the log: events after its offset were trimmed, or the offset is from beyond
   * this log (a different or reset server). The client must then re-sync.
   */
  after(offset: number, limit = 10_000): LoggedEvent[] | null {
    if (!this.reaches(offset)) return null;
    return this.selectAfter.all(offset, limit).map(toEvent);
  }

  /** True when every event after `offset` is still in the log. */
  reaches(offset: number): boolean {
    const last = this.lastOffset();
    if (offset > last) return false;
    const lowestAvailable = this.selectFirst.get()?.lo ?? last + 1;
    return offset >= lowestAvailable - 1;
  }

  /** The highest offset ever given (also after trimming everything, and across restarts). */
  lastOffset(): number {
    return this.selectSequence.get()?.seq ?? 0;
  }

  /** Drops events up to and including `offset` (the control API uses it to test RESYNC_REQUIRED). */
  trimThrough(offset: number): void {
    this.deleteThrough.run(offset);
    this.firstKept = this.selectFirst.get()?.lo ?? null;
  }

  private trimToMax(last: number): void {
    if (this.firstKept === null) return;
    const kept = last - this.firstKept + 1;
    // Trim in batches of ~1% so that a full log does not pay a DELETE on every append.
    const slack = Math.max(1, Math.floor(this.maxEvents / 100));
    if (kept <= this.maxEvents + slack - 1) return;
    this.trimThrough(last - this.maxEvents);
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    queueMicrotask(() => this.flush());
  }

  private flush(): void {
    if (this.db.inTransaction) {
      // A hand-written BEGIN spanning awaits: wait for it to end before telling anyone.
      setImmediate(() => this.flush());
      return;
    }
    this.flushScheduled = false;
    if (!this.db.open) return;
    for (;;) {
      const rows = this.selectAfter.all(this.dispatched, PAGE);
      for (const row of rows) {
        this.dispatched = row.offset;
        const event = toEvent(row);
        for (const listener of this.listeners) {
          try {
            listener(event);
          } catch (err) {
            // One faulty listener must not starve the others (or leave the cursor behind).
            console.error('[sandbox] event listener failed', err);
          }
        }
      }
      // Events trimmed before they were dispatched are simply skipped (never sent out of order).
      if (rows.length < PAGE) break;
    }
  }
}

function normaliseMax(maxEvents: number | undefined): number {
  if (maxEvents === undefined || !Number.isFinite(maxEvents)) return Number.MAX_SAFE_INTEGER;
  return Math.max(1, Math.floor(maxEvents));
}
