/** Conversations (HelenaCRM sessions) as the server last described them. */
import type Database from 'better-sqlite3';
import type { SessionChannelType, SessionDTO, SessionStatus, WindowStatus } from '../api/helena-dto';

export interface CachedSession {
  id: string;
  contactId: string | null;
  channelId: string;
  channelType: SessionChannelType | null;
  departmentId: string | null;
  userId: string | null;
  status: SessionStatus;
  windowStatus: WindowStatus;
  unreadCount: number;
  lastMessageText: string | null;
  lastMessageIn: string | null;
  lastMessageOut: string | null;
  lastInteractionAt: string | null;
  title: string | null;
  number: string | null;
  origin: string | null;
  type: SessionDTO['type'] | null;
  startAt: string | null;
  endAt: string | null;
  createdAt: string;
  updatedAt: string;
  /**
   * The contact's name and number as HelenaCRM embedded them in the session (`contactDetails`),
   * for naming the conversation while the contact itself is not cached yet; the cached contact,
   * once there, wins (it may have been renamed since). Null when not embedded.
   */
  embeddedContactName: string | null;
  embeddedContactPhone: string | null;
}

interface SessionRow {
  id: string;
  contact_id: string | null;
  channel_id: string;
  channel_type: string | null;
  department_id: string | null;
  user_id: string | null;
  status: string;
  window_status: string;
  unread_count: number;
  last_message_text: string | null;
  last_message_in: string | null;
  last_message_out: string | null;
  last_interaction_at: string | null;
  title: string | null;
  number: string | null;
  origin: string | null;
  type: string | null;
  start_at: string | null;
  end_at: string | null;
  created_at: string;
  updated_at: string;
  contact_name: string | null;
  contact_phone: string | null;
}

function fromRow(r: SessionRow): CachedSession {
  return {
    id: r.id,
    contactId: r.contact_id,
    channelId: r.channel_id,
    channelType: r.channel_type as SessionChannelType | null,
    departmentId: r.department_id,
    userId: r.user_id,
    status: r.status as SessionStatus,
    windowStatus: r.window_status as WindowStatus,
    unreadCount: r.unread_count,
    lastMessageText: r.last_message_text,
    lastMessageIn: r.last_message_in,
    lastMessageOut: r.last_message_out,
    lastInteractionAt: r.last_interaction_at,
    title: r.title,
    number: r.number,
    origin: r.origin,
    type: r.type as CachedSession['type'],
    startAt: r.start_at,
    endAt: r.end_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    embeddedContactName: r.contact_name,
    embeddedContactPhone: r.contact_phone,
  };
}

const COLUMNS = [
  'id', 'contact_id', 'channel_id', 'channel_type', 'department_id', 'user_id', 'status', 'window_status',
  'unread_count', 'last_message_text', 'last_message_in', 'last_message_out', 'last_interaction_at', 'title', 'number',
  'origin', 'type', 'start_at', 'end_at', 'created_at', 'updated_at', 'contact_name', 'contact_phone',
] as const;
/** Kept from the stored row when a newer version comes without them (see the upsert). */
const EMBEDDED_CONTACT_COLUMNS: readonly string[] = ['contact_name', 'contact_phone'];

/** The contact a session embedded, as the cache keeps it (blank is none); null when it came without it. */
export function embeddedContactOf(s: Pick<SessionDTO, 'contactDetails'>): { name: string | null; phone: string | null } | null {
  const details = s.contactDetails;
  if (!details) return null;
  return { name: details.name?.trim() || null, phone: details.phonenumber?.trim() || details.phonenumberFormatted?.trim() || null };
}

/** The embedded contact's columns, or null for both when the session came without it. */
function embeddedContactColumns(s: SessionDTO): { contact_details: 0 | 1; contact_name: string | null; contact_phone: string | null } {
  const embedded = embeddedContactOf(s);
  return embedded ? { contact_details: 1, contact_name: embedded.name, contact_phone: embedded.phone } : { contact_details: 0, contact_name: null, contact_phone: null };
}

export interface SessionListFilter {
  statuses?: readonly SessionStatus[];
  contactId?: string;
  limit?: number;
}

export class SessionsRepo {
  /**
   * Bumped by every write through this repo (the only writer of the table): while it holds, the
   * open conversations listed last are still what the table holds. The desk lists them on every
   * keystroke of its quick find and every event; a supervisor's 20,000 rows, read and built anew
   * each time, cost hundreds of milliseconds and most of it in garbage collection.
   */
  private writes = 0;
  private listed: { writes: number; statuses: string; sessions: readonly CachedSession[] } | null = null;
  private readonly upsertMany: (dtos: readonly SessionDTO[]) => number;
  private readonly byId: Database.Statement<[string], SessionRow>;
  private readonly all: Database.Statement<[], SessionRow>;
  private readonly byContact: Database.Statement<[string], SessionRow>;
  private readonly byStatuses: Database.Statement<[string], SessionRow>;
  private readonly markReadStmt: Database.Statement<[string]>;
  private readonly removeUnchangedStmt: Database.Statement<[string, string]>;
  private readonly markGoneStmt: Database.Statement<[string, string, string]>;
  private readonly goneStmt: Database.Statement<[string, string], { one: number }>;
  private readonly activityBehindStmt: Database.Statement<[], { contactId: string; at: string }>;

  constructor(private readonly db: Database.Database) {
    const upsert = db.prepare(
      `INSERT INTO sessions (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map((c) => `@${c}`).join(', ')})
       ON CONFLICT (id) DO UPDATE SET ${COLUMNS.filter((c) => c !== 'id')
         .map((c) =>
           // Only the sync's list reads embed the contact; a realtime event or an action's answer
           // (assign, transfer…) comes without it, and must not take the desk's stand-in name away.
           EMBEDDED_CONTACT_COLUMNS.includes(c)
             ? `${c} = CASE WHEN @contact_details = 1 OR excluded.contact_id IS NOT sessions.contact_id THEN excluded.${c} ELSE sessions.${c} END`
             : `${c} = excluded.${c}`,
         )
         .join(', ')}
       WHERE excluded.updated_at >= sessions.updated_at`,
    );
    // A list page read before a realtime event and written after it is older than the row, so the
    // upsert skips it whole; the event came without the embedded contact, and the row would stay
    // unnamed until the contacts arrive. The page's embedded contact still names it, as long as the
    // row has none and is still that contact's: nothing else of the older version is taken.
    const fillEmbeddedContact = db.prepare<{ id: string; contact_id: string | null; contact_name: string | null; contact_phone: string | null }>(
      `UPDATE sessions SET contact_name = @contact_name, contact_phone = @contact_phone
       WHERE id = @id AND contact_name IS NULL AND contact_phone IS NULL AND contact_id IS @contact_id
         AND (@contact_name IS NOT NULL OR @contact_phone IS NOT NULL)`,
    );
    this.upsertMany = db.transaction((dtos: readonly SessionDTO[]) => {
      let changed = 0;
      for (const s of dtos) {
        const written = upsert.run({
          id: s.id,
          contact_id: s.contactId,
          channel_id: s.channelId,
          channel_type: s.channelType,
          department_id: s.departmentId,
          user_id: s.userId,
          status: s.status,
          window_status: s.windowStatus,
          unread_count: s.unreadCount,
          last_message_text: s.lastMessageText,
          last_message_in: s.lastMessageIn,
          last_message_out: s.lastMessageOut,
          last_interaction_at: s.lastInteractionDate ?? null,
          title: s.title ?? null,
          number: s.number ?? null,
          origin: s.origin ?? null,
          type: s.type ?? null,
          start_at: s.startAt ?? null,
          end_at: s.endAt ?? null,
          created_at: s.createdAt,
          updated_at: s.updatedAt,
          ...embeddedContactColumns(s),
        }).changes;
        const embedded = written === 0 ? embeddedContactOf(s) : null;
        changed += embedded
          ? fillEmbeddedContact.run({ id: s.id, contact_id: s.contactId, contact_name: embedded.name, contact_phone: embedded.phone }).changes
          : written;
      }
      return changed;
    });
    this.byId = db.prepare(`SELECT ${COLUMNS.join(', ')} FROM sessions WHERE id = ?`);
    this.all = db.prepare(`SELECT ${COLUMNS.join(', ')} FROM sessions ORDER BY updated_at DESC, id`);
    this.byStatuses = db.prepare(
      `SELECT ${COLUMNS.join(', ')} FROM sessions WHERE status IN (SELECT value FROM json_each(?)) ORDER BY updated_at DESC, id`,
    );
    this.byContact = db.prepare(`SELECT ${COLUMNS.join(', ')} FROM sessions WHERE contact_id = ? ORDER BY updated_at DESC`);
    this.markReadStmt = db.prepare('UPDATE sessions SET unread_count = 0 WHERE id = ?');
    this.removeUnchangedStmt = db.prepare('DELETE FROM sessions WHERE id = ? AND updated_at = ?');
    this.markGoneStmt = db.prepare(`INSERT INTO sync_state (key, value, updated_at) VALUES ('gone-session:' || ?, ?, ?)
      ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`);
    this.goneStmt = db.prepare(`SELECT 1 AS one FROM sync_state WHERE key = 'gone-session:' || ? AND NOT EXISTS (SELECT 1 FROM sessions WHERE id = ?)`);
    // ISO times compare as text; '' stands for "none" so max() of the three never turns NULL.
    this.activityBehindStmt = db.prepare(
      `SELECT s.contact_id AS contactId,
              max(max(coalesce(s.last_message_in, ''), coalesce(s.last_message_out, ''), coalesce(s.last_interaction_at, ''))) AS at
       FROM sessions s JOIN contacts c ON c.id = s.contact_id
       GROUP BY s.contact_id
       HAVING at != '' AND (max(c.last_activity_at) IS NULL OR at > max(c.last_activity_at))`,
    );
  }

  /**
   * Upserts in one transaction; an older version never overwrites a newer one, save for the
   * embedded contact filling a row that has none (see fillEmbeddedContact). Returns rows written.
   * The caller may pass the same page to ContactsRepo.recordActivities (see activityOf).
   */
  upsertSessions(dtos: readonly SessionDTO[]): number {
    if (dtos.length === 0) return 0;
    this.writes++;
    return this.upsertMany(dtos);
  }

  /**
   * Cached contacts whose last activity is behind their conversations: a sync writes sessions and
   * contacts concurrently, and a session written before its contact could not move it (see
   * ContactsRepo.recordActivities). Feed the answer to recordActivities after a sync.
   */
  activityBehindContacts(): Array<{ contactId: string; at: string }> {
    return this.activityBehindStmt.all();
  }

  get(id: string): CachedSession | null {
    const row = this.byId.get(id);
    return row ? fromRow(row) : null;
  }

  list(filter: SessionListFilter = {}): CachedSession[] {
    if (filter.statuses && !filter.contactId) {
      const sessions = this.byStatusesRemembered(filter.statuses);
      return filter.limit !== undefined ? sessions.slice(0, filter.limit) : [...sessions];
    }
    // The desk asks for open conversations only: a cache of years of completed ones is never read for it.
    const rows = filter.contactId
      ? this.byContact.all(filter.contactId)
      : filter.statuses
        ? this.byStatuses.all(JSON.stringify(filter.statuses))
        : this.all.all();
    const statuses = filter.statuses ? new Set<string>(filter.statuses) : null;
    const picked = rows.filter((r) => !statuses || statuses.has(r.status)).map(fromRow);
    return filter.limit !== undefined ? picked.slice(0, filter.limit) : picked;
  }

  /**
   * The sessions in these statuses, newest first, from memory while no write came since the last
   * read of the same statuses (frozen: they are shared between calls). Inside a transaction the
   * table is read and nothing kept, as the transaction may yet be rolled back.
   */
  private byStatusesRemembered(statuses: readonly SessionStatus[]): readonly CachedSession[] {
    const key = JSON.stringify(statuses);
    if (this.listed?.writes === this.writes && this.listed.statuses === key) return this.listed.sessions;
    const wanted = new Set<string>(statuses);
    const sessions = this.byStatuses
      .all(key)
      .filter((r) => wanted.has(r.status))
      .map((r) => Object.freeze(fromRow(r)));
    this.listed = this.db.inTransaction ? null : { writes: this.writes, statuses: key, sessions };
    return sessions;
  }

  /**
   * Forgets a conversation HelenaCRM no longer shows this agent, unless a newer version arrived
   * since `updatedAt` was read (a realtime event bringing it back must not be undone). Its
   * messages stay: they are keyed by conversation and come back with it.
   */
  removeIfUnchanged(id: string, updatedAt: string): boolean {
    this.writes++;
    if (this.removeUnchangedStmt.run(id, updatedAt).changes === 0) return false;
    const now = new Date().toISOString();
    this.markGoneStmt.run(id, now, now);
    return true;
  }

  /**
   * Removed because HelenaCRM no longer shows it to this agent, and not back since: unlike a
   * session the cache has not fetched yet (a start just acknowledged), nothing will come for it.
   */
  isGone(id: string): boolean {
    return this.goneStmt.get(id, id) !== undefined;
  }

  /** Local effect of "mark as read"; the server call is the caller's. */
  markRead(id: string): boolean {
    this.writes++;
    return this.markReadStmt.run(id).changes > 0;
  }
}

/** When the contact of a session last talked with the business (for contact ranking). */
export function activityOf(session: SessionDTO): { contactId: string; at: string } | null {
  const times = [session.lastMessageIn, session.lastMessageOut, session.lastInteractionDate].filter(
    (t): t is string => typeof t === 'string',
  );
  if (!session.contactId || times.length === 0) return null;
  return { contactId: session.contactId, at: times.reduce((a, b) => (a > b ? a : b)) };
}
