/**
 * Storing a business (FROM_HUB) message: the row, the session's last-message fields, and the
 * MESSAGE_SENT + SESSION_NEW/SESSION_UPDATE events, all in the caller's transaction. Plus the
 * refId idempotency every send shares.
 */
import { randomUUID } from 'node:crypto';
import { isUnofficialWhatsApp } from '../../src/domain/channels';
import { categoryOfTemplate } from '../../src/domain/cost';
import { canSeeSession, type Viewer } from '../../src/domain/visibility';
import type { SandboxContext } from '../context';
import { ApiError } from '../http-errors';
import { scopeOf } from './access';
import { priceMessage, type MessageCost } from './cost';
import { emitMessageEvent, emitSessionEvent } from './events';
import { repoOf, type MessageRow, type SessionWithChannel, type TemplateRow } from './repo';
import type { MessageFile } from './message-file';
import { statusTimersOf } from './status-timers';

export interface OutboundSpec {
  /** The text, a template's rendered text, or a file's caption (null: a file without one). */
  text: string | null;
  status: 'SENT' | 'WAIT_REPLY';
  templateId: string | null;
  parameters: Readonly<Record<string, string>> | null;
  /** The file it carries (a media template's, or one sent with a caption): the message is of its type. Null: a TEXT message. */
  file: MessageFile | null;
  /** HelenaCRM's categoryName of the template (Marketing, Utilidade …); null for free text. */
  categoryName: string | null;
  refId: string | null;
  userId: string | null;
  /** The session was created in this transaction: emit SESSION_NEW instead of SESSION_UPDATE. */
  sessionIsNew: boolean;
}

/** A template send (start or inside a conversation): its rendered text (and its file) go out at once, priced by the template's category. */
export function templateSpec(
  template: Pick<TemplateRow, 'id' | 'category_name'>,
  text: string,
  body: { parameters?: Readonly<Record<string, string>> | null | undefined; refId?: string | null | undefined },
  userId: string,
  sessionIsNew: boolean,
  file: MessageFile | null = null,
): OutboundSpec {
  return {
    text,
    status: 'SENT',
    templateId: template.id,
    parameters: body.parameters ?? {},
    file,
    categoryName: template.category_name,
    refId: body.refId ?? null,
    userId,
    sessionIsNew,
  };
}

/**
 * What a message costs when it goes out: templates by their category, free text (only sent
 * inside the window) as SERVICE; nothing on QR channels or while it is held.
 */
export function costOf(ctx: SandboxContext, session: SessionWithChannel, spec: Pick<OutboundSpec, 'status' | 'templateId' | 'categoryName'>): MessageCost | null {
  if (spec.status !== 'SENT' || isUnofficialWhatsApp(session.channel_type)) return null;
  const contact = session.contact_id ? repoOf(ctx).contactById.get(session.contact_id) : undefined;
  const category = spec.templateId !== null ? categoryOfTemplate(spec.categoryName).category : 'SERVICE';
  return priceMessage(ctx.options.prices, category, contact?.phone ?? null);
}

/** Inserts the message and updates the session; call inside a transaction. */
export function recordOutbound(ctx: SandboxContext, session: SessionWithChannel, spec: OutboundSpec): MessageRow {
  const repo = repoOf(ctx);
  const now = ctx.clock.iso();
  const cost = costOf(ctx, session, spec);
  const row: MessageRow = {
    seq: 0,
    id: randomUUID(),
    session_id: session.id,
    direction: 'FROM_HUB',
    type: spec.file?.type ?? 'TEXT',
    status: spec.status,
    text: spec.text,
    template_id: spec.templateId,
    parameters: spec.parameters ? JSON.stringify(spec.parameters) : null,
    // A file sent by URL is "uploaded" with the message: it gets its own id, as HelenaCRM's files have.
    file_id: spec.file ? (spec.file.fileId ?? randomUUID()) : null,
    file_url: spec.file?.fileUrl ?? null,
    file_name: spec.file?.name ?? null,
    file_mime: spec.file?.mimeType ?? null,
    file_size: spec.file?.size ?? null,
    file_kind: spec.file?.kind ?? null,
    ref_id: spec.refId,
    user_id: spec.userId,
    wait_reply: spec.status === 'WAIT_REPLY' ? 1 : 0,
    category: cost?.category ?? null,
    category_name: spec.categoryName,
    cost_amount: cost?.amount ?? null,
    cost_currency: cost?.currency ?? null,
    cost_country: cost?.country ?? null,
    failed_reason: null,
    created_at: now,
    updated_at: now,
    sent_at: null,
  };
  const { seq: _seq, sent_at: _sentAt, ...insertable } = row;
  repo.insertMessage.run(insertable);
  repo.updateSession.run({
    ...session,
    // A file without a caption still says what went (the desk lists it by its last message).
    last_message_text: spec.text ?? `📎 ${spec.file?.name ?? spec.file?.type.toLowerCase() ?? ''}`.trim(),
    last_message_out: spec.status === 'SENT' ? now : session.last_message_out,
    last_interaction_date: now,
    // Writing back means the agent has read what the contact wrote.
    unread_count: 0,
    updated_at: now,
  });
  emitSessionEvent(ctx, spec.sessionIsNew ? 'SESSION_NEW' : 'SESSION_UPDATE', session.id);
  emitMessageEvent(ctx, 'MESSAGE_SENT', row.id);
  const stored = repo.messageById.get(row.id);
  if (!stored) throw new Error('message insert lost');
  return stored;
}

/** Starts the delivery receipts once the transaction that sent the message has committed. */
export function afterCommit(ctx: SandboxContext, message: MessageRow): void {
  if (message.status === 'SENT') statusTimersOf(ctx).scheduleReceipts(message.id);
}

function isRefIdConflict(err: unknown): boolean {
  return (
    err instanceof Error &&
    (err as { code?: unknown }).code === 'SQLITE_CONSTRAINT_UNIQUE' &&
    err.message.includes('messages.ref_id')
  );
}

/**
 * Idempotent send: a refId already used returns the first message (whatever the rules would say
 * now) and sends nothing; a refId that loses a race to a concurrent insert does the same. Messages
 * and notes share refIds: a refId a note used is a conflict for a message, and the reverse.
 */
export function dedupeByRefId(
  ctx: SandboxContext,
  viewer: Viewer,
  refId: string | null | undefined,
  send: () => MessageRow,
  kind: 'message' | 'note' = 'message',
): MessageRow {
  const existing = (): MessageRow | undefined => {
    if (!refId) return undefined;
    const message = repoOf(ctx).messageByRefId.get(refId);
    if (!message) return undefined;
    const session = repoOf(ctx).sessionById.get(message.session_id);
    if (!session || !canSeeSession(viewer, scopeOf(session)) || (message.type === 'NOTE') !== (kind === 'note')) {
      throw new ApiError(409, 'message.ref_id_conflict', `refId ${refId} was already used for another message.`, { field: 'refId' });
    }
    return message;
  };
  const first = existing();
  if (first) return first;
  try {
    return send();
  } catch (err) {
    if (isRefIdConflict(err)) {
      const winner = existing();
      if (winner) return winner;
    }
    throw err;
  }
}
