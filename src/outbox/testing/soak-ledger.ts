/**
 * What the local store holds of the soak script: one row per enqueued script message, in enqueue
 * order. The child resumes the script from it (the store, not the test, knows what the agent was
 * told is saved) and the checker compares it with the server.
 *
 * The marker is read from the outbox payload (the send body as stored), which every kind carries,
 * rather than from the rendered text, which a template has only when it was cached.
 */
import type { OutboxEntry, OutboxKind, OutboxState, Store } from '../../store';
import { indexIn } from './soak-script';

export type LedgerRow = Pick<OutboxEntry, 'seq' | 'localId' | 'refId' | 'conversationKey' | 'kind' | 'state'> & {
  /** The message's place in the script. */
  index: number;
  /** The server's id of the message, once an answer was recorded. */
  serverId: string | null;
};

interface Row {
  seq: number;
  local_id: string;
  ref_id: string;
  conversation_key: string;
  kind: OutboxKind;
  state: OutboxState;
  payload: string;
  server_id: string | null;
}

export function readLedger(store: Store, tag: string): LedgerRow[] {
  const rows = store.db
    .prepare<[], Row>(
      `SELECT o.seq, o.local_id, o.ref_id, o.conversation_key, o.kind, o.state, o.payload, m.id AS server_id
         FROM outbox o LEFT JOIN messages m ON m.local_id = o.local_id ORDER BY o.seq`,
    )
    .all();
  const ledger: LedgerRow[] = [];
  for (const row of rows) {
    const index = indexIn(row.payload, tag);
    if (index === null) continue;
    ledger.push({
      index,
      seq: row.seq,
      localId: row.local_id,
      refId: row.ref_id,
      conversationKey: row.conversation_key,
      kind: row.kind,
      state: row.state,
      serverId: row.server_id,
    });
  }
  return ledger;
}

/** Where the script goes on: after the highest index saved (a gap would be a message lost locally). */
export function nextIndex(ledger: readonly LedgerRow[]): number {
  return ledger.reduce((max, row) => Math.max(max, row.index + 1), 0);
}
