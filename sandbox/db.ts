import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createSandboxSchema } from './schema';

/** Opens the sandbox database (a file in dataDir, or in memory). Creates the tables when missing. */
export function openSandboxDb(dataDir: string | null): Database.Database {
  let db: Database.Database;
  if (dataDir) {
    mkdirSync(dataDir, { recursive: true });
    db = new Database(join(dataDir, 'sandbox.db'));
    db.pragma('journal_mode = WAL');
  } else {
    db = new Database(':memory:');
  }
  db.pragma('foreign_keys = ON');
  createSandboxSchema(db);
  return db;
}
