/**
 * What this machine knows of each failed scheduled message, per agent (migration 014): whether the
 * agent was told, and whether they dismissed it from the conversation.
 */
import type Database from 'better-sqlite3';

/** Rows whose scheduled moment is older than this are dropped: never listed, never read again. */
const KEEP_MS = 30 * 24 * 3_600_000;

export class ScheduleFailuresRepo {
  private readonly notifyStmt: Database.Statement<[string, string, string, string]>;
  private readonly dismissStmt: Database.Statement<[string, string, string, string]>;
  private readonly dismissedStmt: Database.Statement<[string], { scheduled_id: string }>;
  private readonly notifiedStmt: Database.Statement<[string], { scheduled_id: string }>;
  private readonly pruneStmt: Database.Statement<[string]>;

  constructor(db: Database.Database, private readonly now: () => string = () => new Date().toISOString()) {
    this.notifyStmt = db.prepare(
      `INSERT INTO schedule_failures (agent_id, scheduled_id, at, notified_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (agent_id, scheduled_id) DO UPDATE SET notified_at = COALESCE(notified_at, excluded.notified_at)`,
    );
    this.dismissStmt = db.prepare(
      `INSERT INTO schedule_failures (agent_id, scheduled_id, at, dismissed_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (agent_id, scheduled_id) DO UPDATE SET dismissed_at = COALESCE(dismissed_at, excluded.dismissed_at)`,
    );
    this.dismissedStmt = db.prepare('SELECT scheduled_id FROM schedule_failures WHERE agent_id = ? AND dismissed_at IS NOT NULL');
    this.notifiedStmt = db.prepare('SELECT scheduled_id FROM schedule_failures WHERE agent_id = ? AND notified_at IS NOT NULL');
    this.pruneStmt = db.prepare('DELETE FROM schedule_failures WHERE at < ?');
  }

  /** Marks the agent told of these failures; answers the ones that were news (not told before). */
  markNotified(agentId: string, failures: ReadonlyArray<{ id: string; at: string }>): string[] {
    const known = new Set(this.notifiedStmt.all(agentId).map((r) => r.scheduled_id));
    const fresh = failures.filter((f) => !known.has(f.id));
    const stamp = this.now();
    for (const f of fresh) this.notifyStmt.run(agentId, f.id, f.at, stamp);
    return fresh.map((f) => f.id);
  }

  dismiss(agentId: string, scheduledId: string, at: string): void {
    this.dismissStmt.run(agentId, scheduledId, at, this.now());
  }

  dismissed(agentId: string): Set<string> {
    return new Set(this.dismissedStmt.all(agentId).map((r) => r.scheduled_id));
  }

  /** Drops what is too old to be listed or announced again. */
  prune(nowMs: number): number {
    return this.pruneStmt.run(new Date(nowMs - KEEP_MS).toISOString()).changes;
  }
}
