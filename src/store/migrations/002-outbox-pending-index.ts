/**
 * The outbox's sending loop asks, per conversation, for the pending entries in order, and whether
 * a text is held for the reply. Over a long-lived conversation (thousands of sent rows) or a long
 * offline queue those must not scan every row: a partial index holds only what is still pending.
 */
import type Database from 'better-sqlite3';

export const version = 2;
export const name = 'outbox-pending-index';
export function up(db: Database.Database): void {
  db.exec(`CREATE INDEX outbox_pending ON outbox(conversation_key, seq) WHERE state IN ('queued', 'waiting_reply', 'sending');
CREATE INDEX outbox_waiting ON outbox(conversation_key) WHERE state = 'waiting_reply' AND kind = 'text';`);
}
