/**
 * The outbox's own reads and compare-and-set writes over the store's outbox/messages tables,
 * beside OutboxRepo (which keeps enqueue, edit, cancel and rekey). Each statement is one atomic
 * SQLite step, so the sending loop never takes an entry the agent just edited or cancelled.
 *
 * The sending loop sees only the signed-in agent's entries (and authorless ones): `author` null
 * means every entry (a tool or test with no agent). What other agents queued stays untouched.
 */
import type Database from 'better-sqlite3';
import type { OutboxEntry, Store, StoredReasonCode } from '../store';
import { toJson } from '../store/json';
import { abandonedEditOf, heldEditOf, replacedCopiesOf, type EditNotMadeReason, type HeldEdit } from './held-edit';
import type { OutboxRepo } from '../store/outbox-repo';
import { reasonCodeColumns } from '../store/messages-repo';
import { AUTHOR_FILTER } from './authors';

const PENDING = `('queued', 'waiting_reply', 'sending')`;

export interface Acknowledgement {
  localId: string;
  messageId: string;
  sessionId: string | null;
  /** Server status: SENT, WAIT_REPLY … */
  status: string;
  /** When HelenaCRM last changed it, by HelenaCRM's clock (its answer's updatedAt, else createdAt). */
  serverUpdatedAt: string;
}

export class QueueQueries {
  private readonly repo: OutboxRepo;
  private readonly db: Database.Database;
  private readonly pendingOfStmt: Database.Statement<[string], { local_id: string }>;
  private readonly pendingPageStmt: Database.Statement<[string, string | null, string | null, number, number], { local_id: string; seq: number }>;
  private readonly heldTextStmt: Database.Statement<[string], { one: number }>;
  private readonly pendingKeysStmt: Database.Statement<[string | null, string | null], { k: string }>;
  private readonly hasPendingStmt: Database.Statement<[string, string | null, string | null], { one: number }>;
  private readonly claimStmt: Database.Statement<[string, string]>;
  private readonly inFlightStmt: Database.Statement<[], { local_id: string }>;
  private readonly requeueStmt: Database.Statement<[string]>;
  private readonly clearBackoffStmt: Database.Statement<[]>;
  private readonly nextAttemptStmt: Database.Statement<[string, string | null, string | null], { t: string | null }>;
  private readonly unclaimStmt: Database.Statement<[string, string | null, string | null, string, string]>;
  private readonly serverIdStmt: Database.Statement<[string], { id: string | null; status: string }>;
  private readonly ackStmt: Database.Statement;
  private readonly idTakenStmt: Database.Statement<[string, string], { local_id: string }>;
  private readonly dropDuplicateStmt: Database.Statement<[string, string]>;
  private readonly setPayloadStmt: Database.Statement<[string, string, string]>;
  private readonly dismissEditStmt: Database.Statement<[string, string]>;
  private readonly swapOutboxStmt: Database.Statement<[string, string, string, string]>;
  private readonly swapMessageStmt: Database.Statement<[string, string, string, string]>;

  /** A transaction committed with synchronous=FULL: what only this computer holds and the agent was told. */
  private readonly durably: <T>(fn: () => T) => T;

  constructor(
    store: Store,
    private readonly now: () => string,
    private readonly author: string | null = null,
  ) {
    this.repo = store.outbox;
    this.db = store.db;
    this.durably = (fn) => store.durableTransaction(fn);
    const db = this.db;
    this.pendingOfStmt = db.prepare(`SELECT local_id FROM outbox WHERE conversation_key = ? AND state IN ${PENDING} ORDER BY seq`);
    this.pendingPageStmt = db.prepare(
      `SELECT local_id, seq FROM outbox WHERE conversation_key = ? AND state IN ('queued', 'waiting_reply', 'sending') AND ${AUTHOR_FILTER}
        AND seq > ? ORDER BY seq LIMIT ?`,
    );
    // CROSS JOIN keeps outbox as the outer loop (its partial index), not every unsent message.
    this.heldTextStmt = db.prepare(`SELECT 1 AS one FROM outbox o CROSS JOIN messages m ON m.local_id = o.local_id
      WHERE o.conversation_key = ? AND o.state = 'waiting_reply' AND o.kind IN ('text', 'file') AND m.id IS NULL LIMIT 1`);
    this.pendingKeysStmt = db.prepare(
      `SELECT conversation_key AS k FROM outbox WHERE state IN ${PENDING} AND ${AUTHOR_FILTER} GROUP BY conversation_key ORDER BY min(seq)`,
    );
    this.hasPendingStmt = db.prepare(`SELECT 1 AS one FROM outbox WHERE conversation_key = ? AND state IN ${PENDING} AND ${AUTHOR_FILTER} LIMIT 1`);
    this.claimStmt = db.prepare(`UPDATE outbox SET state = 'sending', attempts = attempts + 1, updated_at = ?
      WHERE local_id = ? AND state IN ('queued', 'waiting_reply')`);
    this.inFlightStmt = db.prepare(`SELECT local_id FROM outbox WHERE state = 'sending' ORDER BY seq`);
    this.requeueStmt = db.prepare(`UPDATE outbox SET state = 'queued', next_attempt_at = NULL, updated_at = ? WHERE state = 'sending'`);
    // A 429's wait is HelenaCRM's word on the account's budget, not a guess about the network: a
    // new network, a login or a wake does not lift it (retrying into it only earns another 429).
    this.clearBackoffStmt = db.prepare(`UPDATE outbox SET next_attempt_at = NULL WHERE state = 'queued' AND next_attempt_at IS NOT NULL
      AND last_error_code IS NOT 'rate_limited'`);
    this.nextAttemptStmt = db.prepare(
      `SELECT min(next_attempt_at) AS t FROM outbox WHERE conversation_key = ? AND state = 'queued' AND next_attempt_at IS NOT NULL
        AND ${AUTHOR_FILTER}`,
    );
    // A try the server refused for the token (expired): as if it never happened, waiting for the next login.
    this.unclaimStmt = db.prepare(`UPDATE outbox SET state = 'queued', attempts = max(attempts - 1, 0), next_attempt_at = NULL,
      last_error = ?, last_error_code = ?, last_error_values = ?, retryable = NULL, updated_at = ?
      WHERE local_id = ? AND state = 'sending'`);
    this.serverIdStmt = db.prepare('SELECT id, status FROM messages WHERE local_id = ?');
    this.idTakenStmt = db.prepare('SELECT local_id FROM messages WHERE id = ? AND local_id <> ?');
    // Sync may have stored the server's copy under its own row before our answer came back (no
    // refId match yet): that copy goes, our row (with the agent's local id) stays.
    this.dropDuplicateStmt = db.prepare(`DELETE FROM messages WHERE id = ? AND local_id <> ? AND direction = 'FROM_HUB'
      AND local_id NOT IN (SELECT local_id FROM outbox)`);
    this.setPayloadStmt = db.prepare('UPDATE outbox SET payload = ?, updated_at = ? WHERE local_id = ?');
    // updated_at stays: the agent putting a note away is no change of the message (a pending start
    // is ordered on the desk by it).
    this.dismissEditStmt = db.prepare('UPDATE outbox SET payload = ? WHERE local_id = ?');
    // The edited text replaces the withdrawn copy: a fresh send (its own refId, no try yet, so no
    // point of no return), queued where the row always was (its seq: the agent's order).
    this.swapOutboxStmt = db.prepare(`UPDATE outbox SET ref_id = ?, payload = ?, state = 'queued', attempts = 0, next_attempt_at = NULL,
      last_error = NULL, last_error_code = NULL, last_error_values = NULL, retryable = NULL, send_started_at = NULL, updated_at = ?
      WHERE local_id = ?`);
    // The line is no longer HelenaCRM's withdrawn copy (its id and refId go): the next ack gives it the new one's.
    this.swapMessageStmt = db.prepare(`UPDATE messages SET id = NULL, ref_id = ?, text = ?, status = 'LOCAL', wait_reply = 0,
      failed_reason = NULL, failed_reason_code = NULL, failed_reason_values = NULL, updated_at = ? WHERE local_id = ?`);
    this.ackStmt = db.prepare(`UPDATE messages SET id = coalesce(@id, id), session_id = coalesce(@session_id, session_id),
      status = CASE WHEN status IN ('DELIVERED', 'READ') AND @status = 'SENT' THEN status ELSE @status END,
      wait_reply = @wait_reply, failed_reason = NULL, failed_reason_code = NULL, failed_reason_values = NULL,
      updated_at = CASE WHEN id IS NULL OR updated_at < @server_updated_at THEN @server_updated_at ELSE updated_at END
      WHERE local_id = @local_id`);
  }

  /** A conversation's pending entries in order, every author's (re-keying and releases concern them all). */
  pendingOf(conversationKey: string): OutboxEntry[] {
    return this.pendingOfStmt
      .all(conversationKey)
      .map((r) => this.repo.get(r.local_id))
      .filter((e): e is OutboxEntry => e !== null);
  }

  /**
   * A conversation's pending entries in order, read a page at a time: the sending loop nearly
   * always stops at the first one or two, and a long queue must not cost a full read per message.
   */
  *pendingIn(conversationKey: string, pageSize = 16): Generator<OutboxEntry> {
    let after = 0;
    for (;;) {
      const page = this.pendingPageStmt.all(conversationKey, this.author, this.author, after, pageSize);
      for (const row of page) {
        const entry = this.repo.get(row.local_id);
        if (entry) yield entry;
      }
      const last = page[page.length - 1];
      if (!last || page.length < pageSize) return;
      after = last.seq;
    }
  }

  /** Whether a text (or file) of this conversation is held locally for the contact's reply (not handed to the server). */
  hasLocallyHeldText(conversationKey: string): boolean {
    return this.heldTextStmt.get(conversationKey) !== undefined;
  }

  /** Whether the agent has anything still to go in this conversation (one probe of the pending index). */
  hasPending(conversationKey: string): boolean {
    return this.hasPendingStmt.get(conversationKey, this.author, this.author) !== undefined;
  }

  pendingConversationKeys(): string[] {
    return this.pendingKeysStmt.all(this.author, this.author).map((r) => r.k);
  }

  /** queued | waiting_reply → sending, one more attempt; null when the agent moved it first. */
  claim(localId: string): OutboxEntry | null {
    if (this.claimStmt.run(this.now(), localId).changes === 0) return null;
    return this.repo.get(localId);
  }

  /** sending → queued without counting the try (the token expired; the message did not fail). */
  unclaim(localId: string, note: string, noteCode: StoredReasonCode | null = null): OutboxEntry | null {
    const code = reasonCodeColumns(noteCode);
    if (this.unclaimStmt.run(note, code.code, code.values, this.now(), localId).changes === 0) return null;
    return this.repo.get(localId);
  }

  /** Entries a previous process left in flight go back to queued, to be sent again with the same refId. */
  requeueInFlight(): OutboxEntry[] {
    return this.db.transaction(() => {
      const ids = this.inFlightStmt.all().map((r) => r.local_id);
      this.requeueStmt.run(this.now());
      return ids.map((id) => this.repo.get(id)).filter((e): e is OutboxEntry => e !== null);
    })();
  }

  clearBackoff(): number {
    return this.clearBackoffStmt.run().changes;
  }

  nextAttemptOf(conversationKey: string): string | null {
    return this.nextAttemptStmt.get(conversationKey, this.author, this.author)?.t ?? null;
  }

  /** The server's id and status of a message we sent, once known. */
  serverCopyOf(localId: string): { id: string | null; status: string } | null {
    return this.serverIdStmt.get(localId) ?? null;
  }

  /** The server answered a send: record its id and status on our message row. */
  acknowledge(ack: Acknowledgement): void {
    if (this.idTakenStmt.get(ack.messageId, ack.localId)) this.dropDuplicateStmt.run(ack.messageId, ack.localId);
    this.ackStmt.run({
      id: this.idTakenStmt.get(ack.messageId, ack.localId) ? null : ack.messageId,
      session_id: ack.sessionId,
      status: ack.status,
      wait_reply: ack.status === 'WAIT_REPLY' ? 1 : 0,
      // HelenaCRM's time, not ours: sync compares its later versions with it (MessagesRepo.upsertOne).
      server_updated_at: ack.serverUpdatedAt,
      local_id: ack.localId,
    });
  }

  /**
   * Records the edit of a text HelenaCRM holds (held-edit.ts), durably, while the row is still
   * held there under `edit.serverId`. False when it moved on meanwhile (released, cancelled).
   */
  recordHeldEdit(localId: string, edit: HeldEdit): boolean {
    return this.durably(() => {
      const entry = this.repo.get(localId);
      if (!entry || entry.state !== 'waiting_reply' || this.serverCopyOf(localId)?.id !== edit.serverId) return false;
      // A new edit replaces one given up before: the line no longer says that one was not made.
      const { abandonedEdit: _replaced, ...body } = entry.payload.body as Record<string, unknown>;
      this.setPayloadStmt.run(toJson({ ...body, heldEdit: edit }), this.now(), localId);
      return true;
    });
  }

  /**
   * HelenaCRM answered the withdrawal of the intent `refId` with a server error, and its copy still
   * reads WAIT_REPLY: counted in the intent, durably. At `giveUpAfter` the intent goes, in the same
   * write, and the row keeps its text as an edit given up (held-edit.ts abandonedEditOf): the row
   * is then exactly as before the edit, its original held. Null when the intent moved on meanwhile.
   */
  countHeldEditServerError(localId: string, refId: string, giveUpAfter: number): 'counted' | 'abandoned' | null {
    return this.durably(() => {
      const entry = this.repo.get(localId);
      const edit = entry ? heldEditOf(entry) : null;
      if (!entry || !edit || edit.refId !== refId) return null;
      const serverErrors = (edit.serverErrors ?? 0) + 1;
      const { heldEdit: _counted, ...body } = entry.payload.body as Record<string, unknown>;
      const abandoned = serverErrors >= giveUpAfter;
      const next = abandoned ? { ...body, abandonedEdit: { text: edit.text } } : { ...body, heldEdit: { ...edit, serverErrors } };
      this.setPayloadStmt.run(toJson(next), this.now(), localId);
      return abandoned ? 'abandoned' : 'counted';
    });
  }

  /** HelenaCRM's word settled the withdrawal without a swap (released, failed, still held): the intent goes. */
  dropHeldEdit(localId: string): void {
    const entry = this.repo.get(localId);
    if (!entry || heldEditOf(entry) === null) return;
    const { heldEdit: _dropped, ...body } = entry.payload.body as Record<string, unknown>;
    this.setPayloadStmt.run(toJson(body), this.now(), localId);
  }

  /**
   * A try in the background settled the withdrawal without the swap (the original released first,
   * or the withdrawal refused): the edit's text — its intent's, or one just given up — stays on the
   * row as not made for `reason` (abandonedEditOf), since no "Editar" call is waiting to tell the
   * agent and hand the text back.
   */
  keepEditNotMade(localId: string, reason: EditNotMadeReason): void {
    const entry = this.repo.get(localId);
    const text = entry ? (heldEditOf(entry) ?? abandonedEditOf(entry))?.text : undefined;
    if (!entry || text === undefined) return;
    const { heldEdit: _dropped, ...body } = entry.payload.body as Record<string, unknown>;
    this.setPayloadStmt.run(toJson({ ...body, abandonedEdit: { text, reason } }), this.now(), localId);
  }

  /**
   * The agent dealt with an edit not made (abandonedEditOf): the text kept for its line goes; the
   * row's state, text, refId and tries stay as they are. False when the row keeps none (already
   * dismissed, or replaced by a new edit).
   */
  dismissAbandonedEdit(localId: string): boolean {
    const entry = this.repo.get(localId);
    if (!entry || abandonedEditOf(entry) === null) return false;
    const { abandonedEdit: _dismissed, ...body } = entry.payload.body as Record<string, unknown>;
    return this.dismissEditStmt.run(toJson(body), localId).changes > 0;
  }

  /**
   * HelenaCRM confirmed the withdrawal: the row takes the recorded text and refId and is queued
   * again, its message line freed from the deleted copy — one durable step. Only for the intent
   * named by `refId`, on a row still pending or only guessed 'sent' (a reply heard while the DELETE
   * was on its way: HelenaCRM's confirmation wins, a deleted message is not released).
   */
  swapInHeldEdit(localId: string, refId: string): OutboxEntry | null {
    return this.durably(() => {
      const entry = this.repo.get(localId);
      const edit = entry ? heldEditOf(entry) : null;
      if (!entry || !edit || edit.refId !== refId || (entry.state !== 'waiting_reply' && entry.state !== 'sent')) return null;
      const { heldEdit: _done, ...rest } = entry.payload.body as Record<string, unknown>;
      const now = this.now();
      const replaced = [...replacedCopiesOf(entry), edit.serverId];
      this.swapOutboxStmt.run(edit.refId, toJson({ ...rest, text: edit.text, refId: edit.refId, replaced }), now, localId);
      this.swapMessageStmt.run(edit.refId, edit.text, now, localId);
      return this.repo.get(localId);
    });
  }

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }
}
