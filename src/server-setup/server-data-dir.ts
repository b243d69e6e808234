/**
 * One data folder per HelenaCRM server: `<user data>/servers/<host>-<hash>/` holds that server's
 * cache, outbox, drafts and the agent's saved login. The outbox and drafts name conversations,
 * contacts and agents by the server's ids, and the saved token is that server's: one shared folder
 * would show server A's contacts while logged in to B, send A's queued messages to B (or fail them
 * there for good), and offer A's token to B. Separate folders make mixing impossible rather than
 * something each part must remember to avoid, and changing back finds everything as it was left.
 *
 * The name starts with the host (for whoever looks at the disk) and ends with a hash of the whole
 * address, so two servers behind one host (different ports or paths) never share a folder.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, rename } from 'node:fs/promises';
import path from 'node:path';

export const SERVERS_FOLDER = 'servers';

export function serverFolderName(serverUrl: string): string {
  const url = new URL(serverUrl);
  const readable = `${url.hostname}${url.port ? `_${url.port}` : ''}`
    .toLowerCase()
    .replace(/[^a-z0-9.-]+/g, '_')
    .replace(/^[._]+|[._]+$/g, '')
    .slice(0, 60);
  const hash = createHash('sha256').update(serverUrl).digest('hex').slice(0, 10);
  return `${readable || 'servidor'}-${hash}`;
}

export function serverDataDir(root: string, serverUrl: string): string {
  return path.join(root, SERVERS_FOLDER, serverFolderName(serverUrl));
}

/**
 * The core's files from before per-server folders: the cache (DEFAULT_DB_FILE of src/store/db.ts,
 * kept in step by a test), its WAL, and the outbox's attached files. A shell adds its own (Electron:
 * the token file).
 */
export const LEGACY_CORE_DATA: LegacyData = {
  databaseFile: 'helena-desk.db',
  companions: ['helena-desk.db-wal', 'helena-desk.db-shm', 'attachments'],
};

export interface LegacyData {
  /** The database file: present in the root means there is something to adopt; moved last. */
  databaseFile: string;
  /** Everything else that travels with it (its -wal/-shm, the token file, the attachments folder). */
  companions: readonly string[];
}

/**
 * Before per-server folders, the cache lived in the user-data folder itself, and the only way to
 * point the app at a server was HELENA_URL: so data there belongs to the HELENA_URL server, and
 * moves into its folder when that server is the one in use (the caller decides). Nothing the
 * agent queued is left behind. The database moves last: a move cut short is finished on the next
 * start, since the root still holds the database and the folder does not.
 */
export async function adoptLegacyData(root: string, target: string, legacy: LegacyData): Promise<boolean> {
  const database = path.join(root, legacy.databaseFile);
  if (!existsSync(database) || existsSync(path.join(target, legacy.databaseFile))) return false;
  await mkdir(target, { recursive: true });
  for (const name of legacy.companions) {
    const from = path.join(root, name);
    if (existsSync(from) && !existsSync(path.join(target, name))) await rename(from, path.join(target, name));
  }
  await rename(database, path.join(target, legacy.databaseFile));
  return true;
}
