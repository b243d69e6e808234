/**
 * Agents send files (a PDF boleto, a photo) through the outbox like everything they write: the
 * bytes are copied into the data folder, and a message + outbox entry of kind 'file' is written
 * in one transaction, so a file sent offline goes out when the network returns, exactly once.
 *
 * - outbox.kind takes 'file', which its CHECK did not allow: the table is rebuilt as migration
 *   008 did (create, copy, drop, rename), every row, seq (and so the AUTOINCREMENT counter),
 *   column, index and trigger kept.
 * - outbox.file_id: the id HelenaCRM gave the entry's uploaded file (POST /core/v2/file),
 *   recorded before the message is sent, so a retry (after a crash, a failed send, a window held
 *   shut) sends the same file instead of uploading it again.
 * - outbox_waiting, the partial index of entries held locally for the contact's reply, covers
 *   files too: they wait for the window exactly as text does.
 * - messages keep the file's name, size and MIME type, for the conversation to show
 *   "📎 boleto.pdf · 120 KB" (sent by the agent, or synced from HelenaCRM's PublicFileDTO).
 */
import type Database from 'better-sqlite3';

export const version = 12;
export const name = 'outbox-files';
export function up(db: Database.Database): void {
  db.exec(`CREATE TABLE outbox_new (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  local_id TEXT NOT NULL UNIQUE REFERENCES messages(local_id) ON DELETE CASCADE,
  ref_id TEXT NOT NULL UNIQUE,
  conversation_key TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('start', 'text', 'template', 'note', 'file')),
  state TEXT NOT NULL CHECK (state IN ('queued', 'waiting_reply', 'sending', 'sent', 'failed', 'cancelled')),
  payload TEXT NOT NULL,                  -- JSON: the send body (start, session message, note, or a file's caption and attachment)
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT,
  last_error TEXT,
  retryable INTEGER,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  author_id TEXT,
  last_error_code TEXT,
  last_error_values TEXT,
  file_id TEXT                            -- kind 'file': HelenaCRM's id of the uploaded file, once saved
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
CREATE INDEX outbox_waiting ON outbox(conversation_key) WHERE state = 'waiting_reply' AND kind IN ('text', 'file');
CREATE TRIGGER outbox_author AFTER INSERT ON outbox WHEN NEW.author_id IS NULL
BEGIN
  UPDATE outbox SET author_id = (SELECT m.user_id FROM messages m WHERE m.local_id = NEW.local_id) WHERE seq = NEW.seq;
END;
ALTER TABLE messages ADD COLUMN file_name TEXT;
ALTER TABLE messages ADD COLUMN file_size INTEGER;
ALTER TABLE messages ADD COLUMN file_mime TEXT;`);
}
