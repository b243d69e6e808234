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

/** Who may receive an event: everybody in the account, or those who can see one conversation. */
export type EventAudience = { kind: 'all' } | ({ kind: 'session' } & SessionScope);

export interface LoggedEvent {
  offset: number;
  eventType: WebhookEventType;
  date: string;
  content: unknown;
  audience: EventAudience;
}

export type EventListener = (event: LoggedEvent) => void;

interface Row {
  offset: number;
  event_type: string;
  date: string;
  content: string;
  audience: string;
}

export class EventLog {
  private readonly listeners = new Set<EventListener>();
  private readonly insert: Database.Statement<[string, string, string, string]>;
  private readonly selectAfter: Database.Statement<[number, number], Row>;
  private readonly selectBounds: Database.Statement<[], { lo: number | null; hi: number | null }>;

  constructor(
    private readonly db: Database.Database,
    private readonly clock: SandboxClock,
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
    this.selectBounds = db.prepare('SELECT MIN(offset) AS lo, MAX(offset) AS hi FROM event_log');
  }

  /**
   * Appends an event and notifies live listeners. Call it inside the same transaction as the
   * change it describes where possible; listeners run synchronously after the insert.
   */
  append(eventType: WebhookEventType, content: unknown, audience: EventAudience): LoggedEvent {
    const date = this.clock.iso();
    const info = this.insert.run(eventType, date, JSON.stringify(content), JSON.stringify(audience));
    const event: LoggedEvent = { offset: Number(info.lastInsertRowid), eventType, date, content, audience };
    for (const listener of this.listeners) listener(event);
    return event;
  }

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Events after `offset`, oldest first; `null` when the log was trimmed past it (the client must re-sync). */
  after(offset: number, limit = 10_000): LoggedEvent[] | null {
    const { lo } = this.selectBounds.get() ?? { lo: null };
    if (lo !== null && offset < lo - 1) return null;
    return this.selectAfter.all(offset, limit).map((row) => ({
      offset: row.offset,
      eventType: row.event_type as WebhookEventType,
      date: row.date,
      content: JSON.parse(row.content) as unknown,
      audience: JSON.parse(row.audience) as EventAudience,
    }));
  }

  lastOffset(): number {
    return this.selectBounds.get()?.hi ?? 0;
  }

  /** Drops events up to and including `offset` (the control API uses it to test RESYNC_REQUIRED). */
  trimThrough(offset: number): void {
    this.db.prepare('DELETE FROM event_log WHERE offset <= ?').run(offset);
  }
}
