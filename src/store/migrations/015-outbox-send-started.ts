/**
 * The point of no return of every send (files first, then every kind: Outbox.pastNoReturn). An
 * agent may stop a file while it uploads ("enviei o arquivo errado"), or cancel and edit any queued
 * message, but never once the message itself may have reached HelenaCRM: what the screen calls
 * cancelled must never be delivered, and an edit must be what the contact gets.
 *
 * - outbox.send_started_at: set, in the same compare-and-set step that checks the entry is still
 *   being sent, right before the request that makes WhatsApp deliver the file; cancel checks it in
 *   its own compare-and-set, so of the two only one wins. It outlives a crash (the entry goes back
 *   to queued, still marked) and a failed try whose outcome is unknown (the retry's refId is
 *   deduped, so the first try may be the one that went): a marked entry is never cancelled. It is
 *   cleared only when HelenaCRM refused the one try that set it, which then surely sent nothing.
 */
import type Database from 'better-sqlite3';

export const version = 15;
export const name = 'outbox-send-started';
export function up(db: Database.Database): void {
  db.exec('ALTER TABLE outbox ADD COLUMN send_started_at TEXT;');
}
