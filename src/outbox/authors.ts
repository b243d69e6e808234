/**
 * Whose queued messages are whose (outbox.author_id, migration 003). Queued messages belong to the
 * agent who wrote them: the outbox sends only the signed-in agent's (and rows with no author),
 * and the counts the agent sees are theirs, plus how many of other agents wait on this machine.
 * Statements are prepared once per database.
 */
import type Database from 'better-sqlite3';
import type { OutboxState, Store } from '../store';

/** SQL filter on outbox rows: `(?, ?)` both bound to the agent id; a NULL agent means every row. */
export const AUTHOR_FILTER = '(? IS NULL OR author_id IS NULL OR author_id = ?)';

interface AuthorStatements {
  counts: Database.Statement<[string | null, string | null], { state: string; n: number }>;
  others: Database.Statement<[string], { n: number }>;
  heldHere: Database.Statement<[string | null, string | null], { n: number }>;
  author: Database.Statement<[string], { author_id: string | null }>;
}

const prepared = new WeakMap<Database.Database, AuthorStatements>();

function statements(db: Database.Database): AuthorStatements {
  let s = prepared.get(db);
  if (!s) {
    s = {
      counts: db.prepare(`SELECT state, count(*) AS n FROM outbox WHERE ${AUTHOR_FILTER} GROUP BY state`),
      others: db.prepare(`SELECT count(*) AS n FROM outbox
        WHERE state IN ('queued', 'waiting_reply', 'sending') AND author_id IS NOT NULL AND author_id <> ?`),
      author: db.prepare('SELECT author_id FROM outbox WHERE local_id = ?'),
      // A text HelenaCRM holds whose edit is unfinished (held-edit.ts) counts too: its new text is only here.
      heldHere: db.prepare(`SELECT count(*) AS n FROM outbox o JOIN messages m ON m.local_id = o.local_id
        WHERE ${AUTHOR_FILTER} AND (o.state IN ('queued', 'sending')
          OR (o.state = 'waiting_reply' AND (m.id IS NULL OR json_extract(o.payload, '$.heldEdit') IS NOT NULL)))`),
    };
    prepared.set(db, s);
  }
  return s;
}

/** Outbox rows by state that belong to `agentId` (with authorless ones); null agent: every row. */
export function outboxCountsFor(store: Store, agentId: string | null): Record<OutboxState, number> {
  const counts: Record<OutboxState, number> = { queued: 0, waiting_reply: 0, sending: 0, sent: 0, failed: 0, cancelled: 0 };
  for (const row of statements(store.db).counts.all(agentId, agentId)) counts[row.state as OutboxState] = row.n;
  return counts;
}

/**
 * The agent's messages that only this machine holds: queued, being sent, or waiting for the reply
 * but not yet handed to HelenaCRM (a text HelenaCRM holds for the reply goes out without the app,
 * unless the agent's edit of it is unfinished: the new text, and the withdrawal, are only here).
 * These are what signing out leaves waiting for the agent's next login.
 */
export function heldHereFor(store: Store, agentId: string | null): number {
  return statements(store.db).heldHere.get(agentId, agentId)?.n ?? 0;
}

/** Messages other agents left waiting to go out on this machine (they go when their author signs in). */
export function pendingOfOtherAgents(store: Store, agentId: string | null): number {
  if (agentId === null) return 0;
  return statements(store.db).others.get(agentId)?.n ?? 0;
}

/** The agent who wrote an outbox entry; null when unknown or authorless. */
export function authorOf(store: Store, localId: string): string | null {
  return statements(store.db).author.get(localId)?.author_id ?? null;
}

/** Whether `agentId` may send, edit or cancel this entry: theirs, or written with no agent. */
export function belongsTo(store: Store, localId: string, agentId: string | null): boolean {
  if (agentId === null) return true;
  const author = authorOf(store, localId);
  return author === null || author === agentId;
}
