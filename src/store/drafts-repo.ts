/**
 * Unsent text per conversation: saved before the UI says so, so nothing typed is lost. Each
 * conversation has a message draft and, apart from it, the internal note being written
 * (migration 010); saving or clearing one never touches the other.
 *
 * Drafts belong to the signed-in agent, the `me` row (migration 011): on a shared machine each
 * agent reads and writes only their own, and another's stays untouched until they are back.
 */
import type Database from 'better-sqlite3';

/** 'message': the box writing to the contact; 'note': the internal-note box (Alt+N). */
export type DraftKind = 'message' | 'note';

export interface Draft {
  conversationKey: string;
  kind: DraftKind;
  text: string;
  updatedAt: string;
}

interface DraftRow {
  conversation_key: string;
  kind: string;
  text: string;
  updated_at: string;
}

/** The signed-in agent ('' before anyone has signed in on this machine). */
const AUTHOR = "COALESCE((SELECT user_id FROM me WHERE slot = 1), '')";

export class DraftsRepo {
  private readonly upsert: Database.Statement<[string, string, string, string]>;
  private readonly byKey: Database.Statement<[string, string], DraftRow>;
  private readonly remove: Database.Statement<[string, string]>;

  constructor(db: Database.Database, private readonly now: () => string = () => new Date().toISOString()) {
    this.upsert = db.prepare(
      `INSERT INTO drafts (conversation_key, kind, author_id, text, updated_at) VALUES (?, ?, ${AUTHOR}, ?, ?)
       ON CONFLICT (conversation_key, kind, author_id) DO UPDATE SET text = excluded.text, updated_at = excluded.updated_at`,
    );
    this.byKey = db.prepare(
      `SELECT conversation_key, kind, text, updated_at FROM drafts WHERE conversation_key = ? AND kind = ? AND author_id = ${AUTHOR}`,
    );
    this.remove = db.prepare(`DELETE FROM drafts WHERE conversation_key = ? AND kind = ? AND author_id = ${AUTHOR}`);
  }

  /** Saves the draft of that kind; an empty text removes it. */
  save(conversationKey: string, text: string, kind: DraftKind = 'message'): void {
    if (text === '') this.remove.run(conversationKey, kind);
    else this.upsert.run(conversationKey, kind, text, this.now());
  }

  load(conversationKey: string, kind: DraftKind = 'message'): Draft | null {
    const row = this.byKey.get(conversationKey, kind);
    return row ? { conversationKey: row.conversation_key, kind: row.kind as DraftKind, text: row.text, updatedAt: row.updated_at } : null;
  }

  clear(conversationKey: string, kind: DraftKind = 'message'): void {
    this.remove.run(conversationKey, kind);
  }
}
