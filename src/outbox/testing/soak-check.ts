/**
 * The soak's verdict: exactly once, in order, nothing lost, nothing stuck. Pure over what was
 * gathered (the children's 'saved' lines, the store's ledger, the server's rows), so each rule
 * can be shown to fire on a small hand-made case.
 *
 * The only final outbox state accepted is 'sent' (outbox.ts: the server acknowledged it, or
 * released it after holding it for the reply); 'failed' and 'cancelled' are final too, but the
 * script never cancels and nothing in it deserves to fail.
 */
import type { LedgerRow } from './soak-ledger';
import type { SavedLine } from './soak-protocol';
import type { ServerRow } from './soak-rig';
import { indexIn, type SoakScript } from './soak-script';

export interface SoakEvidence {
  script: SoakScript;
  /** Every 'saved' line every child printed. */
  saved: readonly SavedLine[];
  /** The store after the final run. */
  ledger: readonly LedgerRow[];
  /** The server's business messages after the final run. */
  server: readonly ServerRow[];
  /** The same when the final run reported 'drained', before the held conversations' contacts wrote. */
  serverAtDrain: readonly ServerRow[];
  /** The server refused closed-window text (131047) instead of holding it: the outbox held it locally. */
  strictWindow: boolean;
}

const DELIVERED = new Set(['SENT', 'DELIVERED', 'READ']);
/** A note is saved for the team, never sent (sandbox/conversations/notes.ts). */
const NOTE_SAVED = 'SAVED';

export function checkSoak(evidence: SoakEvidence): string[] {
  return [...checkLocal(evidence), ...checkServer(evidence), ...checkOrder(evidence), ...checkHeld(evidence)];
}

/** Nothing the agent was told is saved is missing from the store, and every row went out. */
function checkLocal({ saved, ledger }: SoakEvidence): string[] {
  const problems: string[] = [];
  const byLocalId = new Map(ledger.map((row) => [row.localId, row]));
  for (const line of saved) {
    const row = byLocalId.get(line.localId);
    if (!row) problems.push(`lost locally: message ${line.index} (${line.localId}) was saved but the store has no row`);
    else if (row.refId !== line.refId || row.index !== line.index) {
      problems.push(`changed locally: message ${line.index} was saved with refId ${line.refId}, the store has ${row.index}/${row.refId}`);
    }
  }
  const seen = new Map<number, number>();
  for (const row of ledger) seen.set(row.index, (seen.get(row.index) ?? 0) + 1);
  const highest = Math.max(-1, ...seen.keys());
  for (let index = 0; index <= highest; index++) {
    const count = seen.get(index) ?? 0;
    if (count !== 1) problems.push(`script message ${index} is in the store ${count} times`);
  }
  for (const row of ledger) {
    if (row.state !== 'sent') problems.push(`stuck: message ${row.index} (${row.kind}) ended '${row.state}', not 'sent'`);
    else if (row.serverId === null) problems.push(`message ${row.index} is 'sent' but no server id was recorded`);
  }
  return problems;
}

/** Each stored message is on the server exactly once, and the server has nothing else. */
function checkServer({ script, ledger, server }: SoakEvidence): string[] {
  const problems: string[] = [];
  const tag = script.spec.tag;
  const byRefId = new Map<string, ServerRow[]>();
  const byIndex = new Map<number, ServerRow[]>();
  for (const row of server) {
    if (row.refId !== null) byRefId.set(row.refId, [...(byRefId.get(row.refId) ?? []), row]);
    const index = indexIn(row.text, tag);
    if (index !== null) byIndex.set(index, [...(byIndex.get(index) ?? []), row]);
  }
  const known = new Set(ledger.map((row) => row.refId));
  for (const row of ledger) {
    const copies = byRefId.get(row.refId) ?? [];
    if (copies.length !== 1) problems.push(`message ${row.index}: the server holds ${copies.length} messages with refId ${row.refId}`);
    const copy = copies[0];
    if (copy && row.serverId !== null && copy.id !== row.serverId) problems.push(`message ${row.index}: the store recorded server id ${row.serverId}, the server has ${copy.id}`);
    if (copy && indexIn(copy.text, tag) !== row.index) problems.push(`message ${row.index}: refId ${row.refId} carries other words on the server: ${copy.text ?? ''}`);
    const sameWords = byIndex.get(row.index) ?? [];
    if (sameWords.length > 1) problems.push(`duplicate: message ${row.index} is on the server ${sameWords.length} times (refIds ${sameWords.map((r) => r.refId).join(', ')})`);
  }
  for (const row of server) {
    if (row.refId === null || !known.has(row.refId)) problems.push(`unknown: the server holds a message the script never saved: ${row.refId ?? 'no refId'} '${row.text ?? ''}'`);
    const settled = row.type === 'NOTE' ? row.status === NOTE_SAVED : DELIVERED.has(row.status);
    if (!settled) problems.push(`the server's copy of '${row.text ?? ''}' ended ${row.status}`);
  }
  return problems;
}

/**
 * Within each conversation the server's order is the agent's: by enqueue order (the outbox's seq),
 * in one session. One designed exception: where the outbox itself held texts for the reply (the
 * strict server), templates and notes pass them (outbox.ts: templates are how the agent
 * re-engages, notes never reach the contact), so there texts keep their order among texts and
 * the rest among themselves.
 */
function checkOrder({ script, ledger, server, strictWindow }: SoakEvidence): string[] {
  const problems: string[] = [];
  const serverSeq = new Map(server.flatMap((row) => (row.refId === null ? [] : [[row.refId, row] as const])));
  const conversations = new Map<number, LedgerRow[]>();
  for (const row of ledger) {
    const conversation = script.at(row.index).conversation;
    conversations.set(conversation, [...(conversations.get(conversation) ?? []), row]);
  }
  for (const [conversation, rows] of conversations) {
    const spec = script.spec.conversations[conversation];
    const name = spec?.name ?? String(conversation);
    const heldLocally = strictWindow && spec?.kind === 'start';
    const groups = heldLocally ? [rows.filter((row) => row.kind === 'text'), rows.filter((row) => row.kind !== 'text')] : [rows];
    for (const group of groups) problems.push(...orderProblem(name, group, serverSeq));
    const sessions = new Set(rows.flatMap((row) => serverSeq.get(row.refId)?.sessionId ?? []));
    if (sessions.size > 1) problems.push(`${name} is spread over ${sessions.size} server sessions`);
    if (spec?.kind === 'session' && [...sessions].some((id) => id !== spec.sessionId)) problems.push(`${name}: a message went to another session`);
  }
  return problems;
}

function orderProblem(name: string, rows: readonly LedgerRow[], serverSeq: ReadonlyMap<string, ServerRow>): string[] {
  const enqueued = [...rows].sort((a, b) => a.seq - b.seq).map((row) => row.index);
  const serverOrder = rows
    .flatMap((row) => {
      const copy = serverSeq.get(row.refId);
      return copy ? [{ index: row.index, seq: copy.seq }] : [];
    })
    .sort((a, b) => a.seq - b.seq)
    .map((entry) => entry.index);
  const expected = enqueued.filter((index) => serverOrder.includes(index));
  const at = serverOrder.findIndex((index, i) => index !== expected[i]);
  if (at === -1) return [];
  const around = (list: number[]) => list.slice(Math.max(0, at - 2), at + 3).join(',');
  return [`reordered in ${name}: at position ${at} the agent wrote …${around(expected)}… but the server has …${around(serverOrder)}…`];
}

/**
 * The conversation nobody answered: its texts never went early. A lenient server holds them
 * (WAIT_REPLY); a strict one refused them, so it has none of them until the reply.
 */
function checkHeld({ script, ledger, serverAtDrain, strictWindow }: SoakEvidence): string[] {
  const byRefId = new Map(serverAtDrain.flatMap((row) => (row.refId === null ? [] : [[row.refId, row] as const])));
  const expected = strictWindow ? 'absent' : 'WAIT_REPLY';
  const problems: string[] = [];
  for (const row of ledger) {
    const spec = script.spec.conversations[script.at(row.index).conversation];
    if (spec?.kind !== 'start' || row.kind !== 'text') continue;
    const status = byRefId.get(row.refId)?.status ?? 'absent';
    if (status !== expected) problems.push(`message ${row.index} to a contact who never wrote was ${status} on the server before the reply, not ${expected}`);
  }
  return problems;
}
