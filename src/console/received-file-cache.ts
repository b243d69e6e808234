/**
 * Files contacts sent, kept on disk once fetched (`<data folder>/received/`), so opening one again
 * costs nothing and works offline. Bounded two ways, checked after every write and when the cache
 * is first used: a file not opened for 30 days goes, and past 256 MB in all the least recently
 * opened go first (reading a file marks it used). HelenaCRM keeps the originals; a file pruned
 * here is fetched again the next time it is opened.
 *
 * Pruning is careful with what it deletes: only regular files whose names it writes
 * (`<uuid>.bin`, and its own `.tmp` leftovers older than an hour), never a link, a folder or
 * anything else someone put in the folder. Writes go to a temp file renamed into place, so a
 * crash never leaves a half file under a real name.
 */
import { randomUUID } from 'node:crypto';
import { lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface CacheBounds {
  /** Total bytes kept. */
  maxBytes: number;
  /** A file not opened for this long is removed. */
  maxAgeMs: number;
}

export const DEFAULT_CACHE_BOUNDS: CacheBounds = { maxBytes: 256_000_000, maxAgeMs: 30 * 24 * 60 * 60 * 1000 };

const KEY = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const CACHED = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.bin$/;
const TEMP = /^[0-9a-f-]{36}\.[0-9a-f-]{36}\.tmp$/;
const TEMP_STALE_MS = 60 * 60 * 1000;

interface Entry {
  name: string;
  size: number;
  usedMs: number;
}

export class ReceivedFileCache {
  private pruned = false;

  constructor(
    private readonly dir: string,
    private readonly bounds: CacheBounds = DEFAULT_CACHE_BOUNDS,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** The cached bytes of `key` (a file's uuid), marked used; null when not cached. */
  read(key: string): Buffer | null {
    this.pruneOnce();
    const path = this.pathOf(key);
    try {
      if (!lstatSync(path).isFile()) return null;
      const bytes = readFileSync(path);
      const at = new Date(this.now());
      utimesSync(path, at, at);
      return bytes;
    } catch {
      return null;
    }
  }

  write(key: string, bytes: Uint8Array): void {
    const path = this.pathOf(key);
    mkdirSync(this.dir, { recursive: true });
    const temp = join(this.dir, `${key}.${randomUUID()}.tmp`);
    try {
      writeFileSync(temp, bytes, { mode: 0o600 });
      const at = new Date(this.now());
      utimesSync(temp, at, at);
      renameSync(temp, path);
    } catch (error) {
      rmSync(temp, { force: true });
      throw error;
    }
    this.prune(`${key}.bin`);
  }

  /** Applies the bounds now; `keep` (a file just written) is never the one to go. Returns the names removed. */
  prune(keep?: string): string[] {
    this.pruned = true;
    let names: string[];
    try {
      names = readdirSync(this.dir);
    } catch {
      return [];
    }
    const nowMs = this.now();
    const removed: string[] = [];
    const entries: Entry[] = [];
    for (const name of names) {
      const cached = CACHED.test(name);
      if (!cached && !TEMP.test(name)) continue;
      let stat;
      try {
        stat = lstatSync(join(this.dir, name));
      } catch {
        continue;
      }
      if (!stat.isFile()) continue;
      const age = nowMs - stat.mtimeMs;
      const expired = cached ? age > this.bounds.maxAgeMs : age > TEMP_STALE_MS;
      if (expired && name !== keep) {
        if (this.remove(name)) removed.push(name);
      } else if (cached) {
        entries.push({ name, size: stat.size, usedMs: stat.mtimeMs });
      }
    }
    let total = entries.reduce((sum, e) => sum + e.size, 0);
    for (const entry of entries.sort((a, b) => a.usedMs - b.usedMs)) {
      if (total <= this.bounds.maxBytes) break;
      if (entry.name === keep) continue;
      if (this.remove(entry.name)) {
        removed.push(entry.name);
        total -= entry.size;
      }
    }
    return removed;
  }

  private pruneOnce(): void {
    if (!this.pruned) this.prune();
  }

  private remove(name: string): boolean {
    try {
      rmSync(join(this.dir, name));
      return true;
    } catch {
      return false;
    }
  }

  private pathOf(key: string): string {
    const normalised = key.toLowerCase();
    // The key names a file in the folder: anything but a uuid could name another one.
    if (!KEY.test(normalised)) throw new Error('received file cache: the key is not a uuid');
    return join(this.dir, `${normalised}.bin`);
  }
}
