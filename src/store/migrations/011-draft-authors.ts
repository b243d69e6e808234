/**
 * Drafts belong to the agent who typed them. A machine can be shared (shifts in a call center):
 * the outbox already keeps each agent's queued messages theirs (migration 003), but drafts were
 * one per conversation, so the next agent opening a conversation of a shared team found the last
 * one's unsent text in the box, ready to go out under their own name, and typing over it erased
 * the other's draft. Now a draft is keyed by its conversation, its kind and its author.
 *
 * Who typed a draft written before this version is not recorded; the agent signed in last (the
 * `me` row) is the best guess and gets them all. The table is rebuilt (create, copy, drop,
 * rename), as migration 010 did; nothing references it.
 */
import type Database from 'better-sqlite3';

export const version = 11;
export const name = 'draft-authors';
export function up(db: Database.Database): void {
  db.exec(`CREATE TABLE drafts_new (
  conversation_key TEXT NOT NULL,
  kind TEXT NOT NULL DEFAULT 'message' CHECK (kind IN ('message', 'note')),
  author_id TEXT NOT NULL,                -- user id of the agent who typed it ('' with nobody signed in)
  text TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (conversation_key, kind, author_id)
) STRICT;
INSERT INTO drafts_new (conversation_key, kind, author_id, text, updated_at)
  SELECT conversation_key, kind, COALESCE((SELECT user_id FROM me WHERE slot = 1), ''), text, updated_at FROM drafts;
DROP TABLE drafts;
ALTER TABLE drafts_new RENAME TO drafts;`);
}
