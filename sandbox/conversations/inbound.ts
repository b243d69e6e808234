/**
 * A message from the contact (TO_HUB): the simulation and the control API call this for
 * scripted replies and injected messages. It opens or resets the 24-hour window, counts as
 * unread, reopens the conversation (or starts a receptive one, PENDING in the default team with
 * nobody assigned), then releases the messages held as WAIT_REPLY in the order they were written.
 */
import { randomUUID } from 'node:crypto';
import type { MessageDTO, SessionDTO } from '../../src/api/helena-dto';
import { isUnofficialWhatsApp } from '../../src/domain/channels';
import { extensionOf } from '../../src/domain/attachments';
import type { SandboxContext } from '../context';
import { identifiedMimeType, identifiedType, messageTypeOfFile } from '../files/file-kinds';
import { filesRepoOf } from '../files/files-repo';
import { publicFileUrl } from '../files/public-files';
import { ApiError } from '../http-errors';
import { toMessageDTO, toSessionDTO } from './dto';
import { emitMessageEvent, emitSessionEvent } from './events';
import { afterCommit, costOf } from './outbound';
import { insertNewSession, plainMessage, repoOf, type ChannelRow, type MessageRow, type SessionRow, type SessionWithChannel } from './repo';

export interface InboundInput {
  contactId: string;
  /** Channel the contact writes to; defaults to the contact's most recent session's channel, else the first official WhatsApp channel. */
  channelId?: string;
  /** The message's text; with a file, its caption (may then be empty). */
  text: string;
  /** A file the contact sends (a photo of a receipt, a PDF), stored like an uploaded one and served at a public URL. */
  file?: InboundFile;
}

export interface InboundFile {
  name: string;
  mimeType: string;
  bytes: Buffer;
  /** Origin its public URL is built on: the one the caller reached the sandbox at. */
  origin: string;
}

const CHANNEL_PREFERENCE = ['CloudAPI_WhatsApp', 'Dialog360_WhatsApp', 'EvolutionApi_WhatsApp', 'ZAPI_WhatsApp'];

function channelFor(ctx: SandboxContext, input: InboundInput): ChannelRow {
  const repo = repoOf(ctx);
  if (input.channelId) {
    const channel = repo.channelById.get(input.channelId);
    if (!channel) throw new ApiError(404, 'channel.not_found', `Channel ${input.channelId} not found.`, { field: 'channelId' });
    return channel;
  }
  const recent = repo.latestSessionOfContact.get(input.contactId);
  const fromRecent = recent ? repo.channelById.get(recent.channel_id) : undefined;
  if (fromRecent) return fromRecent;
  const channels = repo.channels.all().filter((c) => c.active === 1);
  const rank = (c: ChannelRow) => {
    const i = CHANNEL_PREFERENCE.indexOf(c.type);
    return i === -1 ? CHANNEL_PREFERENCE.length : i;
  };
  const best = [...channels].sort((a, b) => rank(a) - rank(b))[0];
  if (!best) throw new ApiError(409, 'channel.none', 'The sandbox has no active channel to receive the message on.');
  return best;
}

/**
 * The contact's file, kept in the files table as an upload would be (no agent: the contact sent it),
 * and the message columns that describe it, its link public as HelenaCRM's are.
 */
function storeInboundFile(ctx: SandboxContext, file: InboundFile, now: string): Pick<MessageRow, 'type' | 'file_id' | 'file_url' | 'file_name' | 'file_mime' | 'file_size' | 'file_kind'> {
  const mimeType = identifiedMimeType(file.name, file.mimeType);
  const kind = identifiedType('UNDEFINED', file.name, mimeType);
  const id = randomUUID();
  filesRepoOf(ctx).insertFile.run({
    id,
    user_id: null,
    name: file.name,
    extension: extensionOf(file.name) || null,
    mime_type: mimeType,
    type: kind,
    size: file.bytes.length,
    content: file.bytes,
    created_at: now,
  });
  return {
    type: messageTypeOfFile(kind, file.name, mimeType),
    file_id: id,
    file_url: publicFileUrl(file.origin, id),
    file_name: file.name,
    file_mime: mimeType,
    file_size: file.bytes.length,
    file_kind: kind,
  };
}

/** Status of a conversation the contact has just written in. */
function reopenedStatus(session: SessionRow): string {
  if (session.status === 'STARTED' || session.status === 'HIDDEN' || session.status === 'UNDEFINED') {
    return session.user_id !== null ? 'IN_PROGRESS' : 'PENDING';
  }
  return session.status;
}

export function receiveInboundMessage(ctx: SandboxContext, input: InboundInput): { session: SessionDTO; message: MessageDTO } {
  const repo = repoOf(ctx);
  const hasText = input.text.trim() !== '';
  if (!hasText && !input.file) throw new ApiError(400, 'validation.field_required', 'Field "text" is required.', { field: 'text' });
  const contact = repo.contactById.get(input.contactId);
  if (!contact) throw new ApiError(404, 'contact.not_found', `Contact ${input.contactId} not found.`, { field: 'contactId' });
  const channel = channelFor(ctx, input);

  const { sessionId, inbound, released } = ctx.db.transaction(() => {
    const now = ctx.clock.iso();
    let session: SessionWithChannel | undefined = repo.openSessionOf.get(contact.id, channel.id);
    const isNew = session === undefined;
    session ??= insertNewSession(ctx, {
      contact_id: contact.id,
      channel_id: channel.id,
      department_id: repo.defaultDepartment.get()?.id ?? null,
      user_id: null,
      status: 'PENDING',
    });

    const inboundId = randomUUID();
    const text = hasText ? input.text : null;
    const plain = plainMessage(
      { id: inboundId, session_id: session.id, direction: 'TO_HUB', type: 'TEXT', status: 'DELIVERED', text, ref_id: null, user_id: null },
      now,
    );
    repo.insertMessage.run(input.file ? { ...plain, ...storeInboundFile(ctx, input.file, now) } : plain);
    const opened: SessionWithChannel = {
      ...session,
      status: reopenedStatus(session),
      last_message_in: now,
      last_message_text: text ?? (input.file ? `📎 ${input.file.name}` : null),
      last_interaction_date: now,
      unread_count: session.unread_count + 1,
      updated_at: now,
    };
    repo.updateSession.run(opened);

    // The window is open now: held messages go out, oldest first, as SERVICE replies — after the
    // reply that released them, a millisecond apart, as WhatsApp timestamps them (sent_at: the
    // message's `timestamp`). Their createdAt stays when the agent wrote them.
    const releasedRows: MessageRow[] = [];
    for (const held of repo.heldMessagesOf.all(session.id)) {
      const releasedAt = new Date(Date.parse(now) + releasedRows.length + 1).toISOString();
      const cost = isUnofficialWhatsApp(channel.type) ? null : costOf(ctx, opened, { status: 'SENT', templateId: held.template_id, categoryName: held.category_name });
      const sent: MessageRow = {
        ...held,
        status: 'SENT',
        category: cost?.category ?? null,
        cost_amount: cost?.amount ?? null,
        cost_currency: cost?.currency ?? null,
        cost_country: cost?.country ?? null,
        updated_at: releasedAt,
        sent_at: releasedAt,
      };
      repo.updateMessage.run(sent);
      releasedRows.push(sent);
    }
    const last = releasedRows[releasedRows.length - 1];
    if (last) repo.updateSession.run({ ...opened, last_message_out: last.sent_at, last_message_text: last.text });

    emitSessionEvent(ctx, isNew ? 'SESSION_NEW' : 'SESSION_UPDATE', session.id);
    emitMessageEvent(ctx, 'MESSAGE_RECEIVED', inboundId);
    for (const row of releasedRows) emitMessageEvent(ctx, 'MESSAGE_UPDATED', row.id);
    return { sessionId: session.id, inbound: inboundId, released: releasedRows };
  })();

  for (const row of released) afterCommit(ctx, row);
  const session = repo.sessionById.get(sessionId);
  const message = repo.messageById.get(inbound);
  if (!session || !message) throw new Error('inbound message lost');
  return { session: toSessionDTO(ctx, session), message: toMessageDTO(message) };
}
