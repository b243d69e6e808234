/**
 * Free space on the disk that holds the local data. A full disk is the one storage failure an
 * agent can fix, and the one that stops everything: messages, drafts and the cache all need to
 * write. So the agent is told while there is still room (the status bar, before the send that
 * fails), and at once when a write failed for lack of it.
 */
import { statfs } from 'node:fs/promises';

export type DiskSpaceState = 'ok' | 'low' | 'full';

export interface DiskSpace {
  state: DiskSpaceState;
  /** Bytes free for this user on the data folder's disk; null before the first reading (or unreadable). */
  freeBytes: number | null;
}

/**
 * Below this the agent is warned: the cache of received files alone may take 256 MB, and a
 * Windows update or a download can eat the rest within a shift.
 */
export const LOW_DISK_BYTES = 300 * 1024 * 1024;
/** Below this writes are about to fail (SQLite's WAL grows by pages, a file message by megabytes). */
export const FULL_DISK_BYTES = 32 * 1024 * 1024;

export interface DiskSpaceWatchOptions {
  /** The data folder. */
  dir: string;
  /** Called when the state changes (not on every reading). */
  onChange: (space: DiskSpace) => void;
  /** Free bytes on `dir`'s disk; defaults to statfs. */
  freeBytes?: (dir: string) => Promise<number>;
  intervalMs?: number;
}

async function statfsFreeBytes(dir: string): Promise<number> {
  const stats = await statfs(dir);
  return stats.bavail * stats.bsize;
}

export function diskSpaceStateOf(freeBytes: number): DiskSpaceState {
  if (freeBytes < FULL_DISK_BYTES) return 'full';
  if (freeBytes < LOW_DISK_BYTES) return 'low';
  return 'ok';
}

export class DiskSpaceWatch {
  private space: DiskSpace = { state: 'ok', freeBytes: null };
  private timer: ReturnType<typeof setInterval> | null = null;
  /** A write failed for lack of room: 'full' until a reading shows room again. */
  private writeRefused = false;
  private checking: Promise<void> | null = null;

  constructor(private readonly options: DiskSpaceWatchOptions) {}

  get current(): DiskSpace {
    return { ...this.space };
  }

  start(): Promise<void> {
    this.timer ??= setInterval(() => void this.check(), this.options.intervalMs ?? 60_000);
    // A timer alone must not keep a closing core's process alive.
    this.timer.unref?.();
    return this.check();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /**
   * SQLite said the disk is full: the agent hears it now, not at the next reading. It holds until a
   * later reading shows room past the warning line: a reading taken now may still show some room
   * (a quota, a FAT32 file-size limit) that SQLite cannot use.
   */
  writeFailedForSpace(): void {
    this.writeRefused = true;
    this.set({ state: 'full', freeBytes: this.space.freeBytes });
  }

  /** Reads the free space now (one reading at a time). */
  check(): Promise<void> {
    this.checking ??= this.read().finally(() => {
      this.checking = null;
    });
    return this.checking;
  }

  private async read(): Promise<void> {
    let free: number;
    try {
      free = await (this.options.freeBytes ?? statfsFreeBytes)(this.options.dir);
    } catch {
      // Unreadable (the folder went away, a platform without statfs): say nothing rather than guess.
      return;
    }
    let state = diskSpaceStateOf(free);
    // Room again once space was freed past the warning line; until then a refused write stands.
    if (this.writeRefused && state === 'ok') this.writeRefused = false;
    if (this.writeRefused) state = 'full';
    this.set({ state, freeBytes: free });
  }

  private set(space: DiskSpace): void {
    const changed = space.state !== this.space.state;
    this.space = space;
    if (changed) this.options.onChange({ ...space });
  }
}
