/**
 * Internal notes ("notas internas") go through the outbox like everything the agent writes: a note
 * typed offline is in SQLite before the UI says it is saved, and goes to HelenaCRM
 * (POST /chat/v1/session/{id}/note) when the network returns. The note itself is a row of
 * `messages` of type NOTE (no change there); its outbox entry has kind 'note', which the CHECK of
 * outbox.kind did not allow.
 *
 * SQLite cannot change a CHECK in place, so the table is rebuilt as its documented procedure says
 * (create the new table, copy, drop, rename) with every row, seq (and so the AUTOINCREMENT
 * counter), column, index and trigger kept as migrations 001, 002, 003 and 006 left them. Nothing
 * references outbox, so foreign keys stay on; the copy keeps each row's reference to its message.
 */
import type Database from 'better-sqlite3';

export const version = 8;
export const name = 'outbox-notes';
export function up(db: Database.Database): void {
  db.exec(`CREATE TABLE outbox_new (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  local_id TEXT NOT NULL UNIQUE REFERENCES messages(local_id) ON DELETE CASCADE,
  ref_id TEXT NOT NULL UNIQUE,
  conversation_key TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('start', 'text', 'template', 'note')),
  state TEXT NOT NULL CHECK (state IN ('queued', 'waiting_reply', 'sending', 'sent', 'failed', 'cancelled')),
  payload TEXT NOT NULL,                  -- JSON: the send body (start, session message or note)
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT,
  last_error TEXT,
  retryable INTEGER,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  author_id TEXT,
  last_error_code TEXT,
  last_error_values TEXT
) STRICT;
INSERT INTO outbox_new (seq, local_id, ref_id, conversation_key, kind, state, payload, attempts, next_attempt_at, last_error,
  retryable, created_at, updated_at, author_id, last_error_code, last_error_values)
SELECT seq, local_id, ref_id, conversation_key, kind, state, payload, attempts, next_attempt_at, last_error,
  retryable, created_at, updated_at, author_id, last_error_code, last_error_values FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_new RENAME TO outbox;
CREATE INDEX outbox_conversation ON outbox(conversation_key, seq);
CREATE INDEX outbox_state ON outbox(state, next_attempt_at);
CREATE INDEX outbox_pending ON outbox(conversation_key, seq) WHERE state IN ('queued', 'waiting_reply', 'sending');
CREATE INDEX outbox_waiting ON outbox(conversation_key) WHERE state = 'waiting_reply' AND kind = 'text';
CREATE TRIGGER outbox_author AFTER INSERT ON outbox WHEN NEW.author_id IS NULL
BEGIN
  UPDATE outbox SET author_id = (SELECT m.user_id FROM messages m WHERE m.local_id = NEW.local_id) WHERE seq = NEW.seq;
END;`);
}
