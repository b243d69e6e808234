/**
 * Messages of conversations: received from the server, and sent by the agent (first written
 * locally with the outbox row, then matched to the server's copy by refId).
 */
import type Database from 'better-sqlite3';
import type { MessageDirection, MessageDTO, MessageStatus } from '../api/helena-dto';
import { failureText, type FailureReason, type FailureReasonCode } from '../api/failure-messages';
import { parseJson, toBool, toJson } from './json';
import { MESSAGE_HELD_SQL, MESSAGE_ORDER_AT_SQL } from './migrations/016-message-order';

/**
 * A stored reason's code and the values its sentence takes (api/failure-messages.ts), kept
 * beside the pt-BR sentence so the view can give it in the agent's language. The store keeps them as
 * they came; the console checks the code is one it knows.
 */
export interface StoredReasonCode {
  code: string;
  values: Readonly<Record<string, string | number>>;
}

/** The code HelenaCRM's own reason for a failed message is stored with: its words, as they came, inside a sentence. */
export const SERVER_FAILURE_CODE = 'whatsapp_refused_text' satisfies FailureReasonCode;

/**
 * HelenaCRM's words when it fails the messages it held for the contact's reply (WAIT_REPLY) because
 * their conversation was completed. WhatsApp refused nothing there: shown "O WhatsApp recusou…" they
 * mislead, and in English they would stay in Portuguese.
 */
const COMPLETED_BEFORE_REPLY_WORDS = 'conversa concluída antes da resposta do contato';

/**
 * How HelenaCRM's reason for a failed message is stored: its completion words as the
 * conversation_completed sentence (both languages, and the outbox offers no retry); any other words
 * as they came, with the code that shows them inside an English sentence.
 */
export function serverFailure(serverText: string): { reason: string; code: FailureReason } {
  const words = serverText.normalize('NFC').trim().replace(/\.$/, '').toLowerCase();
  if (words === COMPLETED_BEFORE_REPLY_WORDS) {
    const code: FailureReason = { code: 'conversation_completed', values: {} };
    return { reason: failureText(code), code };
  }
  return { reason: serverText, code: { code: SERVER_FAILURE_CODE, values: { serverText } } };
}

export function reasonCodeFromColumns(code: string | null, values: string | null): StoredReasonCode | null {
  if (code === null) return null;
  const parsed = parseJson<unknown>(values, {});
  return { code, values: parsed !== null && typeof parsed === 'object' ? (parsed as StoredReasonCode['values']) : {} };
}

export function reasonCodeColumns(reason: StoredReasonCode | null | undefined): { code: string | null; values: string | null } {
  return reason ? { code: reason.code, values: toJson(reason.values) } : { code: null, values: null };
}

/** The message type of an internal note ("nota interna"): kept in messages, shown apart, never sent to the contact. */
export const NOTE_TYPE = 'NOTE';

export function isNote(message: Pick<CachedMessage, 'type'>): boolean {
  return message.type === NOTE_TYPE;
}

/** Server statuses, plus LOCAL (only in the outbox so far) and CANCELLED (cancelled before sending). */
export type LocalMessageStatus = MessageStatus | 'LOCAL' | 'CANCELLED';

export interface CachedMessage {
  localId: string;
  id: string | null;
  refId: string | null;
  sessionId: string | null;
  conversationKey: string;
  direction: MessageDirection;
  type: string;
  status: LocalMessageStatus;
  text: string | null;
  templateId: string | null;
  parameters: Record<string, string> | null;
  /** The file a media template went with (type IMAGE, VIDEO, DOCUMENT): its public link, or the id of an uploaded file. */
  media: string | null;
  /** The file the message carries, as far as known: sent by the agent (type DOCUMENT, IMAGE, VIDEO, AUDIO) or described by HelenaCRM. */
  file: MessageFileInfo | null;
  waitReply: boolean;
  failedReason: string | null;
  /** The code of failedReason; null for HelenaCRM rows without a reason and for rows written before schema 6. */
  failedReasonCode: StoredReasonCode | null;
  categoryName: string | null;
  cost: { category: string; country: string; amount: number; currency: string } | null;
  userId: string | null;
  createdAt: string;
  updatedAt: string;
  sentAt: string | null;
}

/** What the conversation shows of a file: "📎 boleto.pdf · 120 KB". */
export interface MessageFileInfo {
  name: string | null;
  /** Bytes. */
  size: number | null;
  mimeType: string | null;
  /** HelenaCRM's id of the file; null for one the agent sent from here until the server's copy arrives. */
  remoteId?: string | null;
  /** Where its bytes are fetched from (publicUrlDownload, else publicUrl): a public link, its own credential. */
  downloadUrl?: string | null;
}

export interface MessageRow {
  local_id: string;
  id: string | null;
  ref_id: string | null;
  session_id: string | null;
  conversation_key: string;
  direction: string;
  type: string;
  status: string;
  text: string | null;
  template_id: string | null;
  parameters: string | null;
  media: string | null;
  file_name: string | null;
  file_size: number | null;
  file_mime: string | null;
  file_id: string | null;
  file_url: string | null;
  wait_reply: number;
  failed_reason: string | null;
  failed_reason_code: string | null;
  failed_reason_values: string | null;
  category_name: string | null;
  cost: string | null;
  user_id: string | null;
  created_at: string;
  updated_at: string;
  sent_at: string | null;
}

export function messageFromRow(r: MessageRow): CachedMessage {
  return {
    localId: r.local_id,
    id: r.id,
    refId: r.ref_id,
    sessionId: r.session_id,
    conversationKey: r.conversation_key,
    direction: r.direction as MessageDirection,
    type: r.type,
    status: r.status as LocalMessageStatus,
    text: r.text,
    templateId: r.template_id,
    parameters: parseJson<Record<string, string> | null>(r.parameters, null),
    media: r.media,
    file:
      r.file_name === null && r.file_size === null && r.file_mime === null && r.file_url === null
        ? null
        : { name: r.file_name, size: r.file_size, mimeType: r.file_mime, remoteId: r.file_id, downloadUrl: r.file_url },
    waitReply: toBool(r.wait_reply),
    failedReason: r.failed_reason,
    failedReasonCode: reasonCodeFromColumns(r.failed_reason_code, r.failed_reason_values),
    categoryName: r.category_name,
    cost: parseJson<CachedMessage['cost']>(r.cost, null),
    userId: r.user_id,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    sentAt: r.sent_at,
  };
}

/** A message the agent is sending, before the server knows it. */
export interface NewLocalMessage {
  localId: string;
  refId: string;
  conversationKey: string;
  sessionId: string | null;
  text: string | null;
  templateId: string | null;
  parameters: Record<string, string> | null;
  /** TEXT (default), IMAGE, VIDEO, DOCUMENT for a media template, or NOTE for an internal note. */
  type?: string;
  /** A media template's file: its public link or the id of an uploaded file. */
  media?: string | null;
  /** A file the agent sends (type DOCUMENT, IMAGE, VIDEO, AUDIO): its name, size and MIME type. */
  file?: MessageFileInfo | null;
  userId?: string | null;
  categoryName?: string | null;
  createdAt: string;
}

export class MessagesRepo {
  private readonly insertLocalStmt: Database.Statement;
  private readonly byLocalId: Database.Statement<[string], MessageRow>;
  private readonly byServerId: Database.Statement<[string], MessageRow>;
  private readonly byRefId: Database.Statement<[string], MessageRow>;
  private readonly insertServer: Database.Statement;
  private readonly updateFromServer: Database.Statement;
  private readonly byConversation: Database.Statement<[string, number], MessageRow>;
  private readonly inboundSince: Database.Statement<[string, string], { one: number }>;
  private readonly setStatusStmt: Database.Statement<[string, string | null, string | null, string | null, string, string]>;
  private readonly rekeyStmt: Database.Statement<[string, string, string]>;
  private readonly updateLocalStmt: Database.Statement<[string | null, string | null, string | null, string, string]>;
  private readonly upsertMany: (dtos: readonly MessageDTO[]) => number;
  private readonly digestStmt: Database.Statement<[string], { key: string; count: number; lastText: string | null }>;
  private readonly lastFailedStmt: Database.Statement<[string], { key: string; failed_reason: string | null; failed_reason_code: string | null; failed_reason_values: string | null }>;

  constructor(db: Database.Database, private readonly now: () => string = () => new Date().toISOString()) {
    this.insertLocalStmt = db.prepare(`INSERT INTO messages (local_id, ref_id, session_id, conversation_key, direction,
      type, status, text, template_id, parameters, media, file_name, file_size, file_mime, user_id, category_name, created_at, updated_at)
      VALUES (@local_id, @ref_id, @session_id, @conversation_key, 'FROM_HUB', @type, 'LOCAL', @text, @template_id,
      @parameters, @media, @file_name, @file_size, @file_mime, @user_id, @category_name, @created_at, @created_at)`);
    this.byLocalId = db.prepare('SELECT * FROM messages WHERE local_id = ?');
    this.byServerId = db.prepare('SELECT * FROM messages WHERE id = ?');
    this.byRefId = db.prepare('SELECT * FROM messages WHERE ref_id = ?');
    // sent_at: a version without HelenaCRM's timestamp keeps the one known (HelenaCRM's earlier
    // word, or the moment this computer saw it go: migrations/016-message-order.ts), or a released
    // text would fall back to when it was written, above the reply that released it.
    const serverColumns = `id = @id, ref_id = coalesce(@ref_id, ref_id), session_id = @session_id,
      conversation_key = @conversation_key, direction = @direction, type = @type, status = @status,
      text = coalesce(@text, text), template_id = coalesce(@template_id, template_id), media = coalesce(@media, media),
      file_name = coalesce(@file_name, file_name), file_size = coalesce(@file_size, file_size), file_mime = coalesce(@file_mime, file_mime),
      file_id = coalesce(@file_id, file_id), file_url = coalesce(@file_url, file_url),
      wait_reply = @wait_reply,
      failed_reason = @failed_reason, failed_reason_code = @failed_reason_code,
      failed_reason_values = @failed_reason_values, category_name = coalesce(@category_name, category_name),
      cost = coalesce(@cost, cost), user_id = coalesce(@user_id, user_id), created_at = @created_at,
      updated_at = @updated_at, sent_at = coalesce(@sent_at, sent_at)`;
    this.insertServer = db.prepare(`INSERT INTO messages (local_id, id, ref_id, session_id, conversation_key, direction,
      type, status, text, template_id, media, file_name, file_size, file_mime, file_id, file_url, wait_reply, failed_reason, failed_reason_code,
      failed_reason_values, category_name, cost, user_id, created_at, updated_at, sent_at) VALUES (@id, @id, @ref_id, @session_id,
      @conversation_key, @direction, @type, @status, @text, @template_id, @media, @file_name, @file_size, @file_mime, @file_id, @file_url, @wait_reply,
      @failed_reason, @failed_reason_code, @failed_reason_values, @category_name, @cost, @user_id, @created_at, @updated_at, @sent_at)`);
    this.updateFromServer = db.prepare(`UPDATE messages SET ${serverColumns} WHERE local_id = @local_id`);
    this.inboundSince = db.prepare(`SELECT 1 AS one FROM messages WHERE conversation_key = ? AND direction = 'TO_HUB' AND created_at >= ? LIMIT 1`);
    // The newest `limit`, handed back oldest first: a long conversation shows its latest messages.
    // In the order they went or arrived, held ones last (migrations/016-message-order.ts): a text
    // released by the contact's reply reads after that reply, as the contact saw it. The inner
    // ORDER BY is the index messages_conversation_order, read backwards from its end.
    this.byConversation = db.prepare(
      `SELECT * FROM (SELECT rowid AS seq, ${MESSAGE_HELD_SQL} AS held, ${MESSAGE_ORDER_AT_SQL} AS order_at, * FROM messages
         WHERE conversation_key = ? ORDER BY ${MESSAGE_HELD_SQL} DESC, ${MESSAGE_ORDER_AT_SQL} DESC, rowid DESC LIMIT ?)
       ORDER BY held, order_at, seq`,
    );
    // Once HelenaCRM has the message (an id), updated_at is the time of its last version HelenaCRM
    // told, by HelenaCRM's clock: upsertOne judges a version stale against it, and this computer's
    // clock (minutes ahead, say) would make every later one — delivered, read, failed — look stale.
    this.setStatusStmt = db.prepare(
      `UPDATE messages SET status = ?, failed_reason = ?, failed_reason_code = ?, failed_reason_values = ?,
        updated_at = CASE WHEN id IS NULL THEN ? ELSE updated_at END
        WHERE local_id = ?`,
    );
    this.rekeyStmt = db.prepare('UPDATE messages SET conversation_key = ?, session_id = ? WHERE conversation_key = ?');
    this.updateLocalStmt = db.prepare(`UPDATE messages SET text = coalesce(?, text), parameters = coalesce(?, parameters),
      media = coalesce(?, media), updated_at = ? WHERE local_id = ? AND id IS NULL`);
    this.digestStmt = db.prepare(
      `SELECT m.conversation_key AS key, count(*) AS count,
         (SELECT l.text FROM messages l WHERE l.conversation_key = m.conversation_key AND l.type <> '${NOTE_TYPE}' AND l.text IS NOT NULL
          ORDER BY ${MESSAGE_HELD_SQL} DESC, ${MESSAGE_ORDER_AT_SQL} DESC, l.rowid DESC LIMIT 1) AS lastText
       FROM messages m WHERE m.conversation_key IN (SELECT value FROM json_each(?)) AND m.type <> '${NOTE_TYPE}'
       GROUP BY m.conversation_key`,
    );
    // The newest message that went or arrived (held ones and notes aside), per conversation, when it
    // is one of ours HelenaCRM failed. Read through messages_conversation_order, newest first.
    this.lastFailedStmt = db.prepare(
      `SELECT k.value AS key, m.failed_reason, m.failed_reason_code, m.failed_reason_values
       FROM json_each(?) k JOIN messages m ON m.rowid = (
         SELECT l.rowid FROM messages l WHERE l.conversation_key = k.value AND ${MESSAGE_HELD_SQL.replace(/status/g, 'l.status')} = 0 AND l.type <> '${NOTE_TYPE}'
         ORDER BY ${MESSAGE_ORDER_AT_SQL.replace(/\b(status|created_at|sent_at)\b/g, 'l.$1')} DESC, l.rowid DESC LIMIT 1)
       WHERE m.direction = 'FROM_HUB' AND m.status = 'FAILED'`,
    );
    this.upsertMany = db.transaction((dtos: readonly MessageDTO[]) => {
      let written = 0;
      for (const dto of dtos) written += this.upsertOne(dto) ? 1 : 0;
      return written;
    });
  }

  /** Writes the local copy of a message the agent sends (the outbox calls this in its transaction). */
  insertLocal(message: NewLocalMessage): void {
    this.insertLocalStmt.run({
      local_id: message.localId,
      ref_id: message.refId,
      session_id: message.sessionId,
      conversation_key: message.conversationKey,
      text: message.text,
      template_id: message.templateId,
      parameters: message.parameters ? toJson(message.parameters) : null,
      type: message.type ?? 'TEXT',
      media: message.media ?? null,
      file_name: message.file?.name ?? null,
      file_size: message.file?.size ?? null,
      file_mime: message.file?.mimeType ?? null,
      user_id: message.userId ?? null,
      category_name: message.categoryName ?? null,
      created_at: message.createdAt,
    });
  }

  /**
   * Upserts server messages in one transaction. A message we sent is recognised by its refId
   * and merged into the local copy; an older version never overwrites a newer one. The merged
   * copy takes HelenaCRM's createdAt: the local one is this computer's clock, which may be
   * minutes off the clock of the contact's messages a conversation is ordered with.
   */
  upsertMessages(dtos: readonly MessageDTO[]): number {
    return dtos.length === 0 ? 0 : this.upsertMany(dtos);
  }

  /**
   * Upserts internal notes (GET /chat/v1/session/{id}/note, the SESSION_NOTE_NEW event): rows of
   * type NOTE beside the conversation's messages, whatever type the server gave them, so a note is
   * never shown as something the contact saw.
   */
  upsertNotes(dtos: readonly MessageDTO[]): number {
    return this.upsertMessages(dtos.map((dto) => ({ ...dto, type: NOTE_TYPE })));
  }

  get(localId: string): CachedMessage | null {
    const row = this.byLocalId.get(localId);
    return row ? messageFromRow(row) : null;
  }

  getByServerId(id: string): CachedMessage | null {
    const row = this.byServerId.get(id);
    return row ? messageFromRow(row) : null;
  }

  getByRefId(refId: string): CachedMessage | null {
    const row = this.byRefId.get(refId);
    return row ? messageFromRow(row) : null;
  }

  /** Whether the cache holds a message the contact sent in this conversation at `at` or later. */
  hasInboundSince(sessionId: string, at: string): boolean {
    return this.inboundSince.get(sessionId, at) !== undefined;
  }

  /** The latest `limit` messages of a conversation, oldest first. */
  listByConversation(conversationKey: string, limit = 500): CachedMessage[] {
    return this.byConversation.all(conversationKey, limit).map(messageFromRow);
  }

  /**
   * For each conversation: how many of its messages (internal notes aside) this cache holds, and
   * the text of the newest one. Conversations with none cached are left out.
   */
  digests(conversationKeys: readonly string[]): Map<string, { count: number; lastText: string | null }> {
    if (conversationKeys.length === 0) return new Map();
    return new Map(this.digestStmt.all(JSON.stringify(conversationKeys)).map((r) => [r.key, { count: r.count, lastText: r.lastText }]));
  }

  /**
   * The conversations among these whose last message that went or arrived (held texts and notes
   * aside) is the agent's, failed by HelenaCRM: with the contact silent, a start that never reached
   * them. Its reason and code, by conversation key.
   */
  lastSentFailed(conversationKeys: readonly string[]): Map<string, { failedReason: string | null; failedReasonCode: StoredReasonCode | null }> {
    if (conversationKeys.length === 0) return new Map();
    return new Map(
      this.lastFailedStmt
        .all(JSON.stringify(conversationKeys))
        .map((r) => [r.key, { failedReason: r.failed_reason, failedReasonCode: reasonCodeFromColumns(r.failed_reason_code, r.failed_reason_values) }]),
    );
  }

  /** `reasonCode`: the code of `failedReason` (api/failure-messages.ts), when it has one. */
  setStatus(localId: string, status: LocalMessageStatus, failedReason: string | null = null, reasonCode: StoredReasonCode | null = null): boolean {
    const code = reasonCodeColumns(failedReason === null ? null : reasonCode);
    return this.setStatusStmt.run(status, failedReason, code.code, code.values, this.now(), localId).changes > 0;
  }

  /** The agent edited a message still in the outbox. */
  updateLocalContent(localId: string, edit: { text?: string; parameters?: Record<string, string>; media?: string }): boolean {
    return (
      this.updateLocalStmt.run(
        edit.text ?? null,
        edit.parameters ? toJson(edit.parameters) : null,
        edit.media ?? null,
        this.now(),
        localId,
      ).changes > 0
    );
  }

  /** Moves a conversation's messages to the session that now exists (after a start went out). */
  rekeyConversation(fromKey: string, sessionId: string): number {
    return this.rekeyStmt.run(sessionId, sessionId, fromKey).changes;
  }

  private upsertOne(dto: MessageDTO): boolean {
    const existing =
      this.byServerId.get(dto.id) ?? (dto.refId ? this.byRefId.get(dto.refId) : undefined) ?? undefined;
    if (existing && existing.id !== null && existing.updated_at > dto.updatedAt) return false;
    const failure = dto.failedReason ? serverFailure(dto.failedReason) : null;
    const reasonCode = reasonCodeColumns(failure?.code);
    const params = {
      id: dto.id,
      ref_id: dto.refId,
      session_id: dto.sessionId,
      conversation_key: dto.sessionId,
      direction: dto.direction,
      type: dto.type,
      status: dto.status,
      text: dto.text,
      template_id: dto.templateId,
      // The file's public link; a file sent by id has none, so its id stands in.
      media: dto.details.file?.publicUrl ?? dto.fileId ?? null,
      file_name: dto.details.file?.name ?? null,
      file_size: dto.details.file?.size ?? null,
      file_mime: dto.details.file?.mimeType ?? null,
      file_id: dto.details.file?.id ?? dto.fileId ?? null,
      // To be saved, not shown: the download link when HelenaCRM gives one.
      file_url: dto.details.file?.publicUrlDownload || dto.details.file?.publicUrl || null,
      wait_reply: dto.details.waitReply ? 1 : 0,
      failed_reason: failure ? failure.reason : dto.failedReason,
      failed_reason_code: reasonCode.code,
      failed_reason_values: reasonCode.values,
      category_name: dto.details.templateCategoryName ?? null,
      cost: dto.details.cost ? toJson(dto.details.cost) : null,
      user_id: dto.userId ?? null,
      created_at: dto.createdAt,
      updated_at: dto.updatedAt,
      sent_at: dto.timestamp ?? null,
    };
    if (existing) this.updateFromServer.run({ ...params, local_id: existing.local_id });
    else this.insertServer.run(params);
    return true;
  }
}
