/** Unsent text per conversation: saved before the UI says so, so nothing typed is lost. */
import type Database from 'better-sqlite3';

export interface Draft {
  conversationKey: string;
  text: string;
  updatedAt: string;
}

export class DraftsRepo {
  private readonly upsert: Database.Statement<[string, string, string]>;
  private readonly byKey: Database.Statement<[string], { conversation_key: string; text: string; updated_at: string }>;
  private readonly remove: Database.Statement<[string]>;

  constructor(db: Database.Database, private readonly now: () => string = () => new Date().toISOString()) {
    this.upsert = db.prepare(
      `INSERT INTO drafts (conversation_key, text, updated_at) VALUES (?, ?, ?)
       ON CONFLICT (conversation_key) DO UPDATE SET text = excluded.text, updated_at = excluded.updated_at`,
    );
    this.byKey = db.prepare('SELECT conversation_key, text, updated_at FROM drafts WHERE conversation_key = ?');
    this.remove = db.prepare('DELETE FROM drafts WHERE conversation_key = ?');
  }

  /** Saves the draft; an empty text removes it. */
  save(conversationKey: string, text: string): void {
    if (text === '') this.remove.run(conversationKey);
    else this.upsert.run(conversationKey, text, this.now());
  }

  load(conversationKey: string): Draft | null {
    const row = this.byKey.get(conversationKey);
    return row ? { conversationKey: row.conversation_key, text: row.text, updatedAt: row.updated_at } : null;
  }

  clear(conversationKey: string): void {
    this.remove.run(conversationKey);
  }
}
