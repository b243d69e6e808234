/** Sync cursors (e.g. the last UpdatedAt seen per resource) and the realtime event offset. */
import type Database from 'better-sqlite3';

export class SyncStateRepo {
  private readonly getStmt: Database.Statement<[string], { value: string }>;
  private readonly setStmt: Database.Statement<[string, string, string]>;
  private readonly deleteStmt: Database.Statement<[string]>;
  private readonly getOffset: Database.Statement<[], { last_offset: number }>;
  private readonly advance: Database.Statement<[number, string]>;
  private readonly resetOffsetStmt: Database.Statement<[]>;

  constructor(db: Database.Database, private readonly now: () => string = () => new Date().toISOString()) {
    this.getStmt = db.prepare('SELECT value FROM sync_state WHERE key = ?');
    this.setStmt = db.prepare(
      `INSERT INTO sync_state (key, value, updated_at) VALUES (?, ?, ?)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
    );
    this.deleteStmt = db.prepare('DELETE FROM sync_state WHERE key = ?');
    this.getOffset = db.prepare('SELECT last_offset FROM realtime_cursor WHERE slot = 1');
    // Offsets only move forward: a late or replayed event cannot rewind the cursor.
    this.advance = db.prepare(
      `INSERT INTO realtime_cursor (slot, last_offset, updated_at) VALUES (1, ?, ?)
       ON CONFLICT (slot) DO UPDATE SET last_offset = excluded.last_offset, updated_at = excluded.updated_at
       WHERE excluded.last_offset > realtime_cursor.last_offset`,
    );
    this.resetOffsetStmt = db.prepare('DELETE FROM realtime_cursor');
  }

  get(key: string): string | null {
    return this.getStmt.get(key)?.value ?? null;
  }

  set(key: string, value: string): void {
    this.setStmt.run(key, value, this.now());
  }

  delete(key: string): void {
    this.deleteStmt.run(key);
  }

  /** The UpdatedAt cursor of a resource for delta sync ('contacts', 'templates', 'sessions' …). */
  cursor(resource: string): string | null {
    return this.get(`cursor:${resource}`);
  }

  /** Moves a resource's cursor forward; an older time than the stored one is ignored. */
  advanceCursor(resource: string, updatedAt: string): void {
    const current = this.cursor(resource);
    if (current === null || updatedAt > current) this.set(`cursor:${resource}`, updatedAt);
  }

  /** Offset of the last realtime event applied, or null before the first one. */
  realtimeOffset(): number | null {
    return this.getOffset.get()?.last_offset ?? null;
  }

  /** Records an applied event; returns false when the offset is not past the stored one. */
  advanceRealtimeOffset(offset: number): boolean {
    return this.advance.run(offset, this.now()).changes > 0;
  }

  /** Forgets the offset (after RESYNC_REQUIRED the next connection starts fresh). */
  resetRealtimeOffset(): void {
    this.resetOffsetStmt.run();
  }
}
