/**
 * The durable outbox: what the agent sends is written here (message + outbox row, one
 * transaction) before anything else happens. One serial queue per conversation, ordered by seq.
 * The sending loop lives in src/outbox; this module only keeps the rows and their state moves.
 */
import type Database from 'better-sqlite3';
import type { NoteSendBody, QuickSendBody, SendTemplateBody, UploadFileType } from '../api/helena-dto';
import { isMediaFileId } from '../domain/template-media';
import { durably } from './db';
import { parseJson, toJson } from './json';
import { reasonCodeColumns, reasonCodeFromColumns, type MessagesRepo, type NewLocalMessage, type StoredReasonCode } from './messages-repo';

/**
 * 'note': an internal note (POST /chat/v1/session/{id}/note), never sent to the contact (migration 008).
 * 'file': a file the agent attached, with its caption: uploaded, then sent into the session (migration 012).
 */
export type OutboxKind = 'start' | 'text' | 'template' | 'note' | 'file';
export type OutboxState = 'queued' | 'waiting_reply' | 'sending' | 'sent' | 'failed' | 'cancelled';
/** A conversation started here is keyed `start:<localId of the start>` until the server gives its session. */
export const START_KEY_PREFIX = 'start:';

export function isStartKey(conversationKey: string): boolean {
  return conversationKey.startsWith(START_KEY_PREFIX);
}

/** States in which the agent may still edit or cancel. */
export const EDITABLE_STATES: readonly OutboxState[] = ['queued', 'waiting_reply', 'failed'];
/** States still waiting to go out; they hold their conversation's queue. */
export const PENDING_STATES: readonly OutboxState[] = ['queued', 'waiting_reply', 'sending'];

/**
 * A start HelenaCRM refused outright: failed, not to be tried again as it is, and its send never
 * past the point of no return (the outbox clears sendStartedAt when its only request was refused).
 * It never becomes a conversation, so nothing typed behind it can go. A start failed any other way
 * (an answer lost before a refusal, an answer that could not be read) may have reached the contact.
 */
export function isRefusedForGood(entry: Pick<OutboxEntry, 'kind' | 'state' | 'retryable' | 'sendStartedAt'>): boolean {
  return entry.kind === 'start' && entry.state === 'failed' && entry.retryable === false && entry.sendStartedAt === null;
}

/**
 * A file message before its file is uploaded: the caption (`text`) and refId it is sent with, and
 * what the upload needs of the attachment, whose bytes wait in the data folder (attachment-files.ts).
 */
export interface FileMessagePayload {
  text?: string | null;
  refId: string;
  attachment: { name: string; mimeType: string; size: number; uploadType: UploadFileType };
}

/**
 * A start (POST /chat/v1/send/template), a message into a session (POST /chat/v1/session/{id}/message),
 * an internal note (POST /chat/v1/session/{id}/note) or a file (uploaded, then sent into the session).
 */
export type OutboxPayload =
  | { kind: 'start'; body: SendTemplateBody }
  | { kind: 'text' | 'template'; body: QuickSendBody }
  | { kind: 'note'; body: NoteSendBody }
  | { kind: 'file'; body: FileMessagePayload };

export interface OutboxEntry {
  seq: number;
  localId: string;
  refId: string;
  conversationKey: string;
  kind: OutboxKind;
  state: OutboxState;
  payload: OutboxPayload;
  attempts: number;
  nextAttemptAt: string | null;
  lastError: string | null;
  /** The code of lastError (api/failure-messages.ts); null for rows written before schema 6. */
  lastErrorCode: StoredReasonCode | null;
  retryable: boolean | null;
  /** Kind 'file': HelenaCRM's id of its uploaded file, once saved; a retry sends it rather than uploading again. */
  fileId: string | null;
  /**
   * Kind 'file': when the send request (the one that makes WhatsApp deliver it) was first started,
   * or null. While null a file being uploaded may still be cancelled; once set, never (migration 015).
   */
  sendStartedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

interface OutboxRow {
  seq: number;
  local_id: string;
  ref_id: string;
  conversation_key: string;
  kind: string;
  state: string;
  payload: string;
  attempts: number;
  next_attempt_at: string | null;
  last_error: string | null;
  last_error_code: string | null;
  last_error_values: string | null;
  retryable: number | null;
  file_id: string | null;
  send_started_at: string | null;
  created_at: string;
  updated_at: string;
}

function fromRow(r: OutboxRow): OutboxEntry {
  const kind = r.kind as OutboxKind;
  const body = parseJson<Record<string, unknown>>(r.payload, {});
  return {
    seq: r.seq,
    localId: r.local_id,
    refId: r.ref_id,
    conversationKey: r.conversation_key,
    kind,
    state: r.state as OutboxState,
    payload: (kind === 'start' ? { kind, body } : { kind, body }) as OutboxPayload,
    attempts: r.attempts,
    nextAttemptAt: r.next_attempt_at,
    lastError: r.last_error,
    lastErrorCode: reasonCodeFromColumns(r.last_error_code, r.last_error_values),
    retryable: r.retryable === null ? null : r.retryable !== 0,
    fileId: r.file_id,
    sendStartedAt: r.send_started_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export interface EnqueueInput {
  message: NewLocalMessage;
  payload: OutboxPayload;
  /** queued (default), or waiting_reply when it is already known that the window is closed. */
  state?: 'queued' | 'waiting_reply';
}

export interface StateChange {
  state: OutboxState;
  lastError?: string | null;
  /** The code of lastError, when it has one; cleared with it. */
  lastErrorCode?: StoredReasonCode | null;
  retryable?: boolean | null;
  nextAttemptAt?: string | null;
  /** The agent asked for another go ("Tentar de novo"): a fresh series of tries, not the last one's tail. */
  restartAttempts?: boolean;
  /** Only change when the row is in one of these states (compare-and-set). */
  from?: readonly OutboxState[];
}

const PENDING_SQL = `('queued', 'waiting_reply', 'sending')`;

export class OutboxRepo {
  private readonly insertStmt: Database.Statement;
  private readonly byLocalId: Database.Statement<[string], OutboxRow>;
  private readonly byRefId: Database.Statement<[string], OutboxRow>;
  private readonly byConversation: Database.Statement<[string], OutboxRow>;
  private readonly pendingStmt: Database.Statement<[], OutboxRow>;
  private readonly unacknowledgedStartsStmt: Database.Statement<[], OutboxRow>;
  private readonly headStmt: Database.Statement<[string], OutboxRow>;
  private readonly headsStmt: Database.Statement<[], OutboxRow>;
  private readonly countsStmt: Database.Statement<[], { state: string; n: number }>;
  private readonly setStateStmt: Database.Statement;
  private readonly claimStmt: Database.Statement<[string, string, string]>;
  private readonly setPayloadStmt: Database.Statement<[string, string, string]>;
  private readonly rekeyStmt: Database.Statement<[string, string]>;
  private readonly setFileIdStmt: Database.Statement<[string, string, string]>;
  private readonly markSendStartedStmt: Database.Statement<[string, string, string]>;
  private readonly clearSendStartedStmt: Database.Statement<[string]>;
  private readonly cancelUploadingTx: (localId: string) => boolean;
  private readonly enqueueTx: (input: EnqueueInput) => OutboxEntry;
  private readonly claimNextTx: (conversationKey: string, now: string) => OutboxEntry | null;
  private readonly editTx: (localId: string, edit: OutboxEdit) => OutboxEntry | null;
  private readonly cancelTx: (localId: string, deletedOnServer: boolean) => boolean;
  private readonly rekeyTx: (fromKey: string, sessionId: string) => number;

  constructor(
    private readonly db: Database.Database,
    private readonly messages: MessagesRepo,
    private readonly now: () => string = () => new Date().toISOString(),
  ) {
    this.insertStmt = db.prepare(`INSERT INTO outbox (local_id, ref_id, conversation_key, kind, state, payload,
      created_at, updated_at) VALUES (@local_id, @ref_id, @conversation_key, @kind, @state, @payload, @now, @now)`);
    this.byLocalId = db.prepare('SELECT * FROM outbox WHERE local_id = ?');
    this.byRefId = db.prepare('SELECT * FROM outbox WHERE ref_id = ?');
    this.byConversation = db.prepare('SELECT * FROM outbox WHERE conversation_key = ? ORDER BY seq');
    this.pendingStmt = db.prepare(`SELECT * FROM outbox WHERE state IN ${PENDING_SQL} ORDER BY seq`);
    // A start keeps its start key until the server acknowledges it (rekeyConversation).
    this.unacknowledgedStartsStmt = db.prepare(
      `SELECT * FROM outbox WHERE kind = 'start' AND state != 'cancelled' AND conversation_key = '${START_KEY_PREFIX}' || local_id ORDER BY seq DESC`,
    );
    this.headStmt = db.prepare(
      `SELECT * FROM outbox WHERE conversation_key = ? AND state IN ${PENDING_SQL} ORDER BY seq LIMIT 1`,
    );
    this.headsStmt = db.prepare(`SELECT o.* FROM outbox o WHERE o.seq IN
      (SELECT min(seq) FROM outbox WHERE state IN ${PENDING_SQL} GROUP BY conversation_key) ORDER BY o.seq`);
    this.countsStmt = db.prepare('SELECT state, count(*) AS n FROM outbox GROUP BY state');
    this.setStateStmt = db.prepare(`UPDATE outbox SET state = @state, last_error = @last_error,
      last_error_code = @last_error_code, last_error_values = @last_error_values, retryable = @retryable,
      next_attempt_at = @next_attempt_at, attempts = CASE WHEN @restart_attempts = 1 THEN 0 ELSE attempts END,
      updated_at = @now WHERE local_id = @local_id`);
    this.claimStmt = db.prepare(`UPDATE outbox SET state = 'sending', attempts = attempts + 1, updated_at = ?
      WHERE local_id = ? AND state = 'queued' AND (next_attempt_at IS NULL OR next_attempt_at <= ?)`);
    this.setPayloadStmt = db.prepare('UPDATE outbox SET payload = ?, updated_at = ? WHERE local_id = ?');
    this.rekeyStmt = db.prepare('UPDATE outbox SET conversation_key = ? WHERE conversation_key = ?');
    this.setFileIdStmt = db.prepare('UPDATE outbox SET file_id = ?, updated_at = ? WHERE local_id = ? AND file_id IS NULL');
    // One statement, so it and cancelUploading's check cannot interleave: whichever runs first wins.
    this.markSendStartedStmt = db.prepare(`UPDATE outbox SET send_started_at = coalesce(send_started_at, ?), updated_at = ?
      WHERE local_id = ? AND state = 'sending'`);
    this.clearSendStartedStmt = db.prepare('UPDATE outbox SET send_started_at = NULL WHERE local_id = ?');

    this.enqueueTx = db.transaction((input: EnqueueInput) => {
      this.messages.insertLocal(input.message);
      this.insertStmt.run({
        local_id: input.message.localId,
        ref_id: input.message.refId,
        conversation_key: input.message.conversationKey,
        kind: input.payload.kind,
        state: input.state ?? 'queued',
        payload: toJson(input.payload.body),
        now: this.now(),
      });
      return this.mustGet(input.message.localId);
    });
    this.claimNextTx = db.transaction((conversationKey: string, now: string) => {
      const head = this.headStmt.get(conversationKey);
      if (!head || head.state !== 'queued') return null;
      if (this.claimStmt.run(this.now(), head.local_id, now).changes === 0) return null;
      return this.mustGet(head.local_id);
    });
    this.editTx = db.transaction((localId: string, edit: OutboxEdit) => {
      const row = this.byLocalId.get(localId);
      // A file whose send may have reached HelenaCRM keeps the caption it went with (the retry is deduped).
      if (!row || !EDITABLE_STATES.includes(row.state as OutboxState) || row.send_started_at !== null) return null;
      const body = { ...parseJson<Record<string, unknown>>(row.payload, {}) };
      if (edit.text !== undefined) body.text = edit.text;
      if (edit.parameters !== undefined) body.parameters = edit.parameters;
      if (edit.media !== undefined) setMediaOf(row.kind as OutboxKind, body, edit.media);
      this.setPayloadStmt.run(toJson(body), this.now(), localId);
      this.messages.updateLocalContent(localId, edit);
      if (row.state === 'failed') this.setState(localId, { state: 'queued', lastError: null, retryable: null });
      return this.mustGet(localId);
    });
    this.cancelTx = db.transaction((localId: string, deletedOnServer: boolean) => {
      const row = this.byLocalId.get(localId);
      // HelenaCRM confirmed the delete: that wins over 'sent', which a reply heard while the DELETE
      // was on its way guesses for everything HelenaCRM held (a deleted message is not released).
      const cancellable = deletedOnServer ? [...EDITABLE_STATES, 'sent'] : EDITABLE_STATES;
      if (!row || !cancellable.includes(row.state as OutboxState)) return false;
      // Back in the queue after a try whose send may have reached HelenaCRM (a crash, a lost answer):
      // the retry would be deduped, the first try may be the one that goes — too late. Unless
      // HelenaCRM held it for the reply and has just confirmed deleting it, or answered that it
      // failed (WhatsApp refused it: nothing will be delivered, and the agent clears it off the list).
      if (row.send_started_at !== null && !deletedOnServer && !this.failedOnHelena(row.state, localId)) return false;
      this.setState(localId, { state: 'cancelled' });
      this.messages.setStatus(localId, 'CANCELLED');
      return true;
    });
    this.cancelUploadingTx = db.transaction((localId: string) => {
      const row = this.byLocalId.get(localId);
      if (!row || row.kind !== 'file' || row.state !== 'sending' || row.send_started_at !== null) return false;
      this.setState(localId, { state: 'cancelled' });
      this.messages.setStatus(localId, 'CANCELLED');
      return true;
    });
    this.rekeyTx = db.transaction((fromKey: string, sessionId: string) => {
      this.messages.rekeyConversation(fromKey, sessionId);
      return this.rekeyStmt.run(sessionId, fromKey).changes;
    });
  }

  /**
   * Writes the local message and its outbox row in one transaction; nothing is sent yet. Committed
   * durably (db.ts durably): the agent is told it is queued, and only this computer holds it.
   */
  enqueue(input: EnqueueInput): OutboxEntry {
    return durably(this.db, () => this.enqueueTx(input));
  }

  get(localId: string): OutboxEntry | null {
    const row = this.byLocalId.get(localId);
    return row ? fromRow(row) : null;
  }

  /**
   * The key a conversation goes by now: a `start:<localId>` key becomes the session id once the
   * server acknowledged the start (the start's own entry is rekeyed with it); null for a start this
   * outbox does not know. Any other key is returned as it is.
   */
  currentKey(conversationKey: string): string | null {
    if (!isStartKey(conversationKey)) return conversationKey;
    return this.get(conversationKey.slice(START_KEY_PREFIX.length))?.conversationKey ?? null;
  }

  getByRefId(refId: string): OutboxEntry | null {
    const row = this.byRefId.get(refId);
    return row ? fromRow(row) : null;
  }

  /** A conversation's queue in order, every state included. */
  listByConversation(conversationKey: string): OutboxEntry[] {
    return this.byConversation.all(conversationKey).map(fromRow);
  }

  /** Everything not yet sent, cancelled or failed, in order: what a restart must reconcile. */
  pending(): OutboxEntry[] {
    return this.pendingStmt.all().map(fromRow);
  }

  /** Starts the server has not acknowledged (queued, sending, or failed), newest first: conversations with no session yet. */
  unacknowledgedStarts(): OutboxEntry[] {
    return this.unacknowledgedStartsStmt.all().map(fromRow);
  }

  /** The first pending entry of each conversation (the only one that may go out next). */
  heads(): OutboxEntry[] {
    return this.headsStmt.all().map(fromRow);
  }

  /**
   * Takes the next message of a conversation for sending: the head of its queue, when it is
   * queued and due at `now`. It becomes 'sending' with one more attempt. Null when nothing is due.
   */
  claimNext(conversationKey: string, now: string = this.now()): OutboxEntry | null {
    return this.claimNextTx(conversationKey, now);
  }

  /** Changes an entry's state; with `from`, only when it is in one of those states. Returns whether it changed. */
  setState(localId: string, change: StateChange): boolean {
    if (change.from) {
      const row = this.byLocalId.get(localId);
      if (!row || !change.from.includes(row.state as OutboxState)) return false;
    }
    const code = reasonCodeColumns(change.lastError === undefined || change.lastError === null ? null : change.lastErrorCode);
    return (
      this.setStateStmt.run({
        local_id: localId,
        state: change.state,
        last_error: change.lastError ?? null,
        last_error_code: code.code,
        last_error_values: code.values,
        retryable: change.retryable === undefined || change.retryable === null ? null : change.retryable ? 1 : 0,
        next_attempt_at: change.nextAttemptAt ?? null,
        restart_attempts: change.restartAttempts ? 1 : 0,
        now: this.now(),
      }).changes > 0
    );
  }

  /** Edits the text, parameters or media file while not sent (a failed entry goes back to queued). Null when too late. */
  edit(localId: string, edit: OutboxEdit): OutboxEntry | null {
    return durably(this.db, () => this.editTx(localId, edit));
  }

  /**
   * Cancels while nothing of it may have reached HelenaCRM. False when it is sending or sent, or a
   * try's send request may have gone — except `deletedOnServer`: HelenaCRM held it for the reply
   * and has just confirmed withdrawing it (then also over a 'sent' this app only guessed).
   */
  cancel(localId: string, options: { deletedOnServer?: boolean } = {}): boolean {
    return durably(this.db, () => this.cancelTx(localId, options.deletedOnServer ?? false));
  }

  /** Failed, and HelenaCRM has the message as FAILED under its own id: it said so itself. */
  private failedOnHelena(state: string, localId: string): boolean {
    if (state !== 'failed') return false;
    const message = this.messages.get(localId);
    return message !== null && message.id !== null && message.status === 'FAILED';
  }

  /**
   * Records the id HelenaCRM gave a file entry's upload. Once only: the first upload that was saved
   * is the one every later try sends. Returns whether it was recorded now.
   */
  setFileId(localId: string, fileId: string): boolean {
    return this.setFileIdStmt.run(fileId, this.now(), localId).changes > 0;
  }

  /**
   * A file being sent whose send request has not started (it is uploading, or between the upload
   * and the send): cancelled, as one step against markSendStarted. False once that has run.
   */
  cancelUploading(localId: string): boolean {
    return durably(this.db, () => this.cancelUploadingTx(localId));
  }

  /**
   * The point of no return of a file: from now on its message may reach the contact. Only while
   * the entry is still being sent (false: the agent cancelled it first, and nothing may go).
   */
  markSendStarted(localId: string): boolean {
    // Durable before the request leaves: after a power cut the mark must still refuse a cancel.
    return durably(this.db, () => this.markSendStartedStmt.run(this.now(), this.now(), localId).changes > 0);
  }

  /** HelenaCRM refused the only send request ever made for it: nothing can be delivered, cancel is allowed again. */
  clearSendStarted(localId: string): void {
    this.clearSendStartedStmt.run(localId);
  }

  /** After a start went out: the conversation's queue and messages now belong to the session. */
  rekeyConversation(fromKey: string, sessionId: string): number {
    return this.rekeyTx(fromKey, sessionId);
  }

  counts(): Record<OutboxState, number> {
    const counts: Record<OutboxState, number> = { queued: 0, waiting_reply: 0, sending: 0, sent: 0, failed: 0, cancelled: 0 };
    for (const row of this.countsStmt.all()) counts[row.state as OutboxState] = row.n;
    return counts;
  }

  private mustGet(localId: string): OutboxEntry {
    const entry = this.get(localId);
    if (!entry) throw new Error(`outbox entry ${localId} vanished inside its transaction`);
    return entry;
  }
}

export interface OutboxEdit {
  text?: string;
  parameters?: Record<string, string>;
  /** A media template's file (checked by the caller): its public link or the id of an uploaded file. */
  media?: string;
}

/**
 * Puts a media template's file where its send body takes it: a start (POST /chat/v1/send/template)
 * as `fileIdOrUrl`; a template inside a conversation (POST /chat/v1/session/{id}/message) as
 * `fileId` (an uploaded file) or `fileUrl` (a link), the other one dropped.
 */
function setMediaOf(kind: OutboxKind, body: Record<string, unknown>, media: string): void {
  if (kind === 'start') {
    body.fileIdOrUrl = media;
    return;
  }
  delete body.fileId;
  delete body.fileUrl;
  if (isMediaFileId(media)) body.fileId = media;
  else body.fileUrl = media;
}
