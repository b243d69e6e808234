/**
 * The bytes of files agents send, kept in the app's data folder (`<dataDir>/attachments/`) from
 * the moment the agent presses Enter until the message is sent or cancelled: the outbox row that
 * names a file commits only after its bytes are on disk (written, fsynced, renamed into place,
 * the folder fsynced), so a crash at any point leaves either no row or a row with its file. A
 * file whose row never committed, or whose message has settled, is swept at the next start.
 *
 * Files are named by the message's local id (a UUID the app made), never by what the agent's
 * file was called: nothing the agent picked becomes a path.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';

const LOCAL_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PARTIAL_SUFFIX = '.partial';

/** The file of a queued message is no longer in the data folder (cleaned by hand, a disk restored…). */
export class AttachmentMissingError extends Error {
  override readonly name = 'AttachmentMissingError';
  constructor(readonly localId: string) {
    super(`attachment of ${localId} is missing`);
  }
}

function isMissing(error: unknown): boolean {
  return (error as { code?: unknown }).code === 'ENOENT';
}

export class AttachmentFiles {
  constructor(readonly dir: string) {}

  /** Writes the bytes so they survive a crash or a power cut before this resolves. */
  async save(localId: string, bytes: Uint8Array): Promise<void> {
    const final = this.pathOf(localId);
    await mkdir(this.dir, { recursive: true });
    const partial = `${final}.${randomBytes(4).toString('hex')}${PARTIAL_SUFFIX}`;
    const handle = await open(partial, 'wx', 0o600);
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    try {
      await rename(partial, final);
    } catch (error) {
      await rm(partial, { force: true });
      throw error;
    }
    await this.syncFolder();
  }

  async read(localId: string): Promise<Buffer> {
    try {
      return await readFile(this.pathOf(localId));
    } catch (error) {
      if (isMissing(error)) throw new AttachmentMissingError(localId);
      throw error;
    }
  }

  /** Deletes the file of a message that was sent or cancelled; nothing to do when it is gone already. */
  async remove(localId: string): Promise<void> {
    await rm(this.pathOf(localId), { force: true });
  }

  /**
   * Deletes what no message waits for: files `keep` says no (their row never committed, or their
   * message was sent or cancelled while a delete was lost) and halves of writes a crash cut short.
   * Returns how many went.
   */
  async sweep(keep: (localId: string) => boolean): Promise<number> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch (error) {
      if (isMissing(error)) return 0;
      throw error;
    }
    let removed = 0;
    for (const name of names) {
      const stale = name.endsWith(PARTIAL_SUFFIX) || (LOCAL_ID.test(name) && !keep(name));
      if (!stale) continue;
      await rm(join(this.dir, name), { force: true });
      removed++;
    }
    return removed;
  }

  private pathOf(localId: string): string {
    if (!LOCAL_ID.test(localId)) throw new Error(`not a local message id: ${localId.slice(0, 40)}`);
    return join(this.dir, localId.toLowerCase());
  }

  /** The rename is durable only once the folder's entry is: fsync the folder (not possible on Windows, where rename is). */
  private async syncFolder(): Promise<void> {
    let handle;
    try {
      handle = await open(this.dir, 'r');
      await handle.sync();
    } catch {
      // Windows cannot open or fsync a folder; NTFS journals the rename itself.
    } finally {
      await handle?.close();
    }
  }
}
