/**
 * Whether opening the cache will run migrations on data it already holds: the first start after
 * an upgrade can then block for seconds (an index over a million contacts) before the window has
 * anything to show, and the shell says why meanwhile (console.ts, 'store-upgrading'). So can the
 * first start on a new Electron whose text folding rebuilds the e-mail index. A cheap look at the
 * file's version and that fingerprint, read-only, taken before the real open.
 */
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_DB_FILE } from './db';
import { indexTextFingerprint, storedIndexTextFingerprint } from './index-text-fingerprint';
import { schemaVersion } from './migrate';
import { LATEST_SCHEMA_VERSION } from './migrations';

export interface PendingMigrationsOptions {
  /** Folder of the database file, or ':memory:'. */
  location: string;
  fileName?: string;
  /** better-sqlite3 built for the running runtime (Electron), as db.ts opens it. */
  nativeBinding?: string;
}

/** The versions an existing cache will be migrated between. */
export interface PendingMigrations {
  from: number;
  to: number;
  /**
   * The schema is current, but this runtime folds text differently from the one that built the
   * e-mail index (an Electron upgrade): the open rebuilds it (index-text-fingerprint.ts).
   */
  reindex?: true;
}

/**
 * The migrations the existing file is waiting for; null when there are none worth saying: no file
 * yet or an empty one (migrating an empty database is instant), one already current or from a newer
 * build (the open refuses it), and any file that cannot be read — the real open decides what
 * happens to it (store/recover.ts), this look never throws.
 */
export function pendingMigrations(options: PendingMigrationsOptions): PendingMigrations | null {
  if (options.location === ':memory:') return null;
  const path = join(options.location, options.fileName ?? DEFAULT_DB_FILE);
  if (!existsSync(path)) return null;
  let db: Database.Database | null = null;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true, ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}) });
    const version = schemaVersion(db);
    if (version > 0 && version < LATEST_SCHEMA_VERSION) return { from: version, to: LATEST_SCHEMA_VERSION };
    if (version !== LATEST_SCHEMA_VERSION) return null;
    const stored = storedIndexTextFingerprint(db);
    return stored !== undefined && stored !== indexTextFingerprint() ? { from: version, to: version, reindex: true } : null;
  } catch {
    return null;
  } finally {
    db?.close();
  }
}
