/**
 * A conversation reads in the order its messages went out or arrived, as the contact saw it — not
 * in the order they were written. A text held for the contact's reply (HelenaCRM's WAIT_REPLY, or
 * this computer's 'waiting_reply' while offline) is written before the reply but reaches WhatsApp
 * after it; ordered by created_at it showed above the reply that released it.
 *
 * The order (MessagesRepo.listByConversation, digests):
 * - messages still held (LOCAL: only on this computer so far; WAIT_REPLY: HelenaCRM holds it) come
 *   last, after everything that went, in the order they were written (created_at);
 * - the others by the moment they went or arrived: sent_at (HelenaCRM's `timestamp`), else
 *   created_at;
 * - rowid breaks ties.
 *
 * `messages_conversation_order` serves the conversation's newest page straight from the index (no
 * sort of the whole conversation); SQLite uses an index on expressions only for the same
 * expressions, so the repo builds its queries from MESSAGE_HELD_SQL and MESSAGE_ORDER_AT_SQL.
 *
 * `messages_went_out`: a message leaving the held statuses for a sent one (the outbox's
 * acknowledgement, or its release when the contact replied) before HelenaCRM's copy says when it
 * went has no sent_at, and its created_at is when it was written — above the reply that released
 * it. Until that copy comes (at once with the socket, up to 30 s without) it is placed at the moment
 * it went as far as HelenaCRM's clock tells: the acknowledgement's updatedAt (updated_at, HelenaCRM's
 * time of the send), and never before a message already in the conversation (a release leaves
 * updated_at at the time HelenaCRM stored it, before the reply). This computer's clock, minutes off
 * HelenaCRM's, is not used. HelenaCRM's timestamp replaces it.
 * A trigger, because both steps are the outbox's own statements and the order is the store's rule.
 */
import type Database from 'better-sqlite3';

/** 1 for a message still held (not on WhatsApp yet), 0 otherwise. */
export const MESSAGE_HELD_SQL = "(status IN ('LOCAL', 'WAIT_REPLY'))";
/** Where a message sits among its kind (held or not): written time for held ones, else when it went or arrived. */
export const MESSAGE_ORDER_AT_SQL = "(CASE WHEN status IN ('LOCAL', 'WAIT_REPLY') THEN created_at ELSE coalesce(sent_at, created_at) END)";

/** The same expressions on a table alias (`o.status` …), for the trigger's look at the other rows. */
function on(alias: string, sql: string): string {
  return sql.replace(/\b(status|created_at|sent_at)\b/g, `${alias}.$1`);
}

export const version = 16;
export const name = 'message-order';
export function up(db: Database.Database): void {
  // IF NOT EXISTS: a file whose user_version was set back (as the upgrade tests do) still has them.
  db.exec(`CREATE INDEX IF NOT EXISTS messages_conversation_order ON messages(conversation_key, ${MESSAGE_HELD_SQL}, ${MESSAGE_ORDER_AT_SQL});
CREATE TRIGGER IF NOT EXISTS messages_went_out AFTER UPDATE OF status ON messages
  WHEN old.status IN ('LOCAL', 'WAIT_REPLY')
    AND new.status IN ('PROCESSING', 'SAVED', 'QUEUED', 'SENT', 'DELIVERED', 'READ')
    AND new.sent_at IS NULL
BEGIN
  UPDATE messages SET sent_at = max(
    new.updated_at,
    coalesce((SELECT strftime('%Y-%m-%dT%H:%M:%fZ', ${on('o', MESSAGE_ORDER_AT_SQL)}, '+0.001 seconds') FROM messages o
      WHERE o.conversation_key = new.conversation_key AND ${on('o', MESSAGE_HELD_SQL)} = 0 AND o.local_id <> new.local_id
      ORDER BY ${on('o', MESSAGE_ORDER_AT_SQL)} DESC LIMIT 1), '')
  ) WHERE local_id = new.local_id;
END;`);
}
