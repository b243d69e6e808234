/**
 * The internal note being typed ("Nota interna", Alt+N) is a draft too, kept apart from the
 * message draft: the agent may have both in one conversation. A draft is now keyed by its
 * conversation and its kind ('message', as every draft before this version; 'note').
 *
 * A kind column, not a key convention such as `note:<conversation>`: conversation keys stay what
 * every other table and the command schemas mean by them (a session id or `start:<localId>`), the
 * desk's "Rascunho" keeps reading message drafts only, and the CHECK refuses a kind nobody reads.
 *
 * SQLite cannot change a primary key in place, so the table is rebuilt as its documented procedure
 * says (create, copy, drop, rename); every draft is kept, as a message draft. Nothing references
 * drafts and it has no index or trigger of its own.
 */
import type Database from 'better-sqlite3';

export const version = 10;
export const name = 'note-drafts';
export function up(db: Database.Database): void {
  db.exec(`CREATE TABLE drafts_new (
  conversation_key TEXT NOT NULL,
  kind TEXT NOT NULL DEFAULT 'message' CHECK (kind IN ('message', 'note')),
  text TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (conversation_key, kind)
) STRICT;
INSERT INTO drafts_new (conversation_key, kind, text, updated_at) SELECT conversation_key, 'message', text, updated_at FROM drafts;
DROP TABLE drafts;
ALTER TABLE drafts_new RENAME TO drafts;`);
}
