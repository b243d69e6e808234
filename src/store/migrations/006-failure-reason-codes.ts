/**
 * Why a send failed, is held or is being retried was stored only as a pt-BR sentence
 * (messages.failed_reason, outbox.last_error), so an agent using the app in English read it in
 * Portuguese. Beside the sentence each row now keeps its code (console-messages.ts, "failure.*",
 * e.g. 'network', 'auth_paused', 'conflict_text') and the values the sentence takes as JSON
 * (e.g. {"serverText": "…"}: HelenaCRM's own words have no translation and are shown inside the
 * English sentence). The pt-BR sentence stays as it was, and is what rows written before this
 * version (code NULL) show in every language.
 */
import type Database from 'better-sqlite3';

export const version = 6;
export const name = 'failure-reason-codes';
export function up(db: Database.Database): void {
  db.exec(`ALTER TABLE messages ADD COLUMN failed_reason_code TEXT;
ALTER TABLE messages ADD COLUMN failed_reason_values TEXT;
ALTER TABLE outbox ADD COLUMN last_error_code TEXT;
ALTER TABLE outbox ADD COLUMN last_error_values TEXT;`);
}
