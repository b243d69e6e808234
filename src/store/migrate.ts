/**
 * Brings a database up to this build's schema. Each migration runs in its own transaction
 * together with the `PRAGMA user_version` bump, so a crash leaves the database at a version that
 * fully happened. A database from a newer build is refused before anything is touched.
 */
import type Database from 'better-sqlite3';
import { DatabaseTooNewError, MigrationFailedError } from './errors';
import { MIGRATIONS, type Migration } from './migrations';

export interface MigrationReport {
  from: number;
  to: number;
  applied: Array<{ version: number; name: string }>;
}

export function schemaVersion(db: Database.Database): number {
  return Number(db.pragma('user_version', { simple: true }));
}

export function migrate(db: Database.Database, migrations: readonly Migration[] = MIGRATIONS): MigrationReport {
  const ordered = [...migrations].sort((a, b) => a.version - b.version);
  ordered.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migrations must be numbered 1..n without gaps; found ${m.version} at position ${i + 1}`);
  });
  const latest = ordered.length;
  const from = schemaVersion(db);
  if (from > latest) throw new DatabaseTooNewError(from, latest);

  const applied: MigrationReport['applied'] = [];
  for (const m of ordered) {
    if (m.version <= from) continue;
    const before = schemaVersion(db);
    try {
      db.transaction(() => {
        m.up(db);
        // PRAGMA takes no bound parameters; the version is an integer we control.
        db.pragma(`user_version = ${Math.trunc(m.version)}`);
      }).immediate();
    } catch (error) {
      throw new MigrationFailedError(before, m.version, m.name, error);
    }
    applied.push({ version: m.version, name: m.name });
  }
  return { from, to: schemaVersion(db), applied };
}
