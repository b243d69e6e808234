/**
 * The signed-in agent's availability ("Disponível" = AVAILABLE, "Em pausa" = UNAVAILABLE, as
 * HelenaCRM's PublicAgentDTO says), so the desk shows it at startup, also offline. NULL: not known
 * yet (a row saved before this version, or a server that does not send it); the next directory
 * pull fills it in.
 */
import type Database from 'better-sqlite3';

export const version = 9;
export const name = 'me-availability';
export function up(db: Database.Database): void {
  db.exec(`ALTER TABLE me ADD COLUMN availability TEXT;`);
}
