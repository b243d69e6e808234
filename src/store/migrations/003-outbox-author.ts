/**
 * Queued messages belong to the agent who wrote them: after a logout, another agent signing in on
 * the same machine must not send them with their own token. outbox.author_id records the author.
 *
 * The author is the local message's user_id, written in the same transaction as the outbox row
 * (OutboxRepo.enqueue), so a trigger copies it across: every writer of the outbox gets it without
 * knowing about this column, and rows written before this version are backfilled the same way.
 * A NULL author (a row written with no agent signed in) is sent by whoever is signed in.
 */
import type Database from 'better-sqlite3';

export const version = 3;
export const name = 'outbox-author';
export function up(db: Database.Database): void {
  db.exec(`ALTER TABLE outbox ADD COLUMN author_id TEXT;
UPDATE outbox SET author_id = (SELECT m.user_id FROM messages m WHERE m.local_id = outbox.local_id);
CREATE TRIGGER outbox_author AFTER INSERT ON outbox WHEN NEW.author_id IS NULL
BEGIN
  UPDATE outbox SET author_id = (SELECT m.user_id FROM messages m WHERE m.local_id = NEW.local_id) WHERE seq = NEW.seq;
END;`);
}
