/**
 * Scheduled messages HelenaCRM could not send ("Não enviado: agendado para amanhã às 9h — motivo"):
 * what this machine knows about each failure, per agent (a shared machine's next shift has its own).
 *
 * - notified_at: when the agent was told (the tray notification), so a failure is announced once,
 *   also across restarts; the poll (schedule-failures.ts) reads HelenaCRM's FAILED list again and
 *   again and only the ones without a row here are news.
 * - dismissed_at: "Dispensar" — the line leaves the conversation on this machine (HelenaCRM keeps
 *   the schedule as FAILED: its API has no way to mark one seen).
 * - at: the moment it was scheduled for; rows whose moment is more than 30 days old are dropped (a
 *   failure is listed for 7 days after its moment, so nothing older is ever read again).
 *
 * A table of its own: nothing existing fits (the outbox is what this machine sends; a schedule is
 * sent by HelenaCRM), and the list itself stays HelenaCRM's, read each time (scheduled.ts).
 */
import type Database from 'better-sqlite3';

export const version = 14;
export const name = 'schedule-failures';
export function up(db: Database.Database): void {
  db.exec(`CREATE TABLE schedule_failures (
  agent_id TEXT NOT NULL,
  scheduled_id TEXT NOT NULL,
  at TEXT NOT NULL,
  notified_at TEXT,
  dismissed_at TEXT,
  PRIMARY KEY (agent_id, scheduled_id)
) STRICT;`);
}
