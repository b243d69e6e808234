import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { openStore } from '../store';
import { migrate } from '../store/migrate';
import { MIGRATIONS } from '../store/migrations';
import { authorOf, belongsTo, outboxCountsFor, pendingOfOtherAgents } from './authors';

const ANA = randomUUID();
const BRUNO = randomUUID();

function enqueueText(store: ReturnType<typeof openStore>, userId: string | null, conversationKey = randomUUID()): string {
  const localId = randomUUID();
  const refId = randomUUID();
  store.outbox.enqueue({
    message: { localId, refId, conversationKey, sessionId: conversationKey, text: 'oi', templateId: null, parameters: null, userId, createdAt: new Date().toISOString() },
    payload: { kind: 'text', body: { text: 'oi', refId } },
  });
  return localId;
}

describe('outbox authors (migration 003)', () => {
  it('records the writer of each entry and counts per agent, with others apart', () => {
    const store = openStore({ location: ':memory:' });
    const a1 = enqueueText(store, ANA);
    enqueueText(store, ANA);
    const b1 = enqueueText(store, BRUNO);
    const nobody = enqueueText(store, null);
    expect([authorOf(store, a1), authorOf(store, b1), authorOf(store, nobody)]).toEqual([ANA, BRUNO, null]);
    expect(outboxCountsFor(store, ANA).queued).toBe(3);
    expect(outboxCountsFor(store, BRUNO).queued).toBe(2);
    expect(outboxCountsFor(store, null).queued).toBe(4);
    expect([pendingOfOtherAgents(store, ANA), pendingOfOtherAgents(store, BRUNO), pendingOfOtherAgents(store, null)]).toEqual([1, 2, 0]);
    expect([belongsTo(store, b1, ANA), belongsTo(store, nobody, ANA), belongsTo(store, b1, null)]).toEqual([false, true, true]);
    store.close();
  });

  it('backfills the author of rows queued before the upgrade', () => {
    const db = new Database(':memory:');
    migrate(db, MIGRATIONS.filter((m) => m.version < 3));
    const localId = randomUUID();
    const now = new Date().toISOString();
    db.prepare(`INSERT INTO messages (local_id, conversation_key, direction, status, user_id, created_at, updated_at)
      VALUES (?, 'k', 'FROM_HUB', 'LOCAL', ?, ?, ?)`).run(localId, ANA, now, now);
    db.prepare(`INSERT INTO outbox (local_id, ref_id, conversation_key, kind, state, payload, created_at, updated_at)
      VALUES (?, ?, 'k', 'text', 'queued', '{}', ?, ?)`).run(localId, randomUUID(), now, now);
    migrate(db);
    expect(db.prepare('SELECT author_id FROM outbox WHERE local_id = ?').get(localId)).toEqual({ author_id: ANA });
    db.close();
  });
});
