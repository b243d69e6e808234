/**
 * Rows → HelenaCRM DTOs (SessionDTO, MessageDTO and the send answers). The window is computed
 * here, at read time, from the sandbox clock.
 */
import {
  type FileDTO,
  type MessageDTO,
  type MessageStatusDTO,
  type QuickMessageDTO,
  type SendMessageResponse,
  type SessionContactDetailsDTO,
  type SessionDTO,
  type SessionStatus,
  type MessageStatus,
} from '../../src/api/helena-dto';
import { extensionOf } from '../../src/domain/attachments';
import type { SandboxContext } from '../context';
import { toContactDTO } from '../data/contacts';
import { sessionChannelTypeOfColumn } from '../data/directory';
import { chatFileType } from '../files/file-kinds';
import { publicFileDownloadUrl } from '../files/public-files';
import { nameOfUrl } from './message-file';
import { repoOf, type MessageRow, type SessionWithChannel } from './repo';
import { windowStatusOf } from './window';

/** PublicContactDataDTO of the session's contact; undefined when it has none (or it is gone). */
function contactDetailsOf(ctx: SandboxContext, contactId: string | null): SessionContactDetailsDTO | undefined {
  const contact = contactId === null ? undefined : repoOf(ctx).contactById.get(contactId);
  if (!contact) return undefined;
  const { id, name, phoneNumber, phoneNumberFormatted, instagram, tagIds, tagNames, status } = toContactDTO(ctx, contact);
  return { id, name, pictureUrl: null, phonenumber: phoneNumber, phonenumberFormatted: phoneNumberFormatted, instagram, tagsId: tagIds, tagsName: tagNames, status };
}

/** `contactDetails`: the request's IncludeDetails asked for ContactDetails. */
export function toSessionDTO(ctx: SandboxContext, row: SessionWithChannel, include: { contactDetails?: boolean } = {}): SessionDTO {
  const contactDetails = include.contactDetails ? contactDetailsOf(ctx, row.contact_id) : undefined;
  return {
    id: row.id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    startAt: row.start_at,
    endAt: row.end_at,
    status: row.status as SessionStatus,
    companyId: ctx.companyId,
    contactId: row.contact_id,
    channelId: row.channel_id,
    departmentId: row.department_id,
    userId: row.user_id,
    number: null,
    origin: null,
    unreadCount: row.unread_count,
    lastMessageText: row.last_message_text,
    lastInteractionDate: row.last_interaction_date,
    lastMessageOut: row.last_message_out,
    lastMessageIn: row.last_message_in,
    windowStatus: windowStatusOf(row.channel_type, row.last_message_in, ctx.clock.nowMs()),
    metadata: null,
    channelType: sessionChannelTypeOfColumn(row.channel_type),
    type: 'INDIVIDUAL',
    ...(contactDetails ? { contactDetails } : {}),
  };
}

const MESSAGE_TYPES: readonly string[] = ['TEXT', 'IMAGE', 'VIDEO', 'AUDIO', 'DOCUMENT', 'NOTE'];

/** PublicFileDTO of the message's file: what was saved of it, or for a link its last segment as the name. */
function fileOf(row: MessageRow): FileDTO | undefined {
  if (row.file_id === null) return undefined;
  const name = row.file_name ?? (row.file_url !== null ? nameOfUrl(row.file_url) : null);
  const extension = name !== null ? extensionOf(name) || null : null;
  return {
    id: row.file_id,
    name,
    extension,
    mimeType: row.file_mime,
    type: chatFileType(row.file_kind, row.type, name),
    publicUrl: row.file_url,
    // A file the contact sent is the sandbox's to serve (files/public-files.ts), as a download too.
    ...(row.direction === 'TO_HUB' && row.file_url !== null ? { publicUrlDownload: publicFileDownloadUrl(row.file_url) } : {}),
    ...(row.file_size !== null ? { size: row.file_size } : {}),
  };
}

/**
 * PublicMessageDTO.timestamp: when the message went to WhatsApp (or came from it). A message goes
 * the moment it is created, except one held for the contact's reply (WAIT_REPLY): it has none while
 * held (nor if it never goes), and once the reply releases it, the moment of that release — after
 * the reply, as the contact receives them.
 */
function timestampOf(row: MessageRow): string | null {
  return row.wait_reply === 1 ? row.sent_at : row.created_at;
}

export function toMessageDTO(row: MessageRow): MessageDTO {
  const cost =
    row.category !== null && row.cost_amount !== null
      ? { category: row.category, country: row.cost_country ?? '*', amount: row.cost_amount, currency: row.cost_currency ?? 'USD' }
      : null;
  return {
    id: row.id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    timestamp: timestampOf(row),
    type: (MESSAGE_TYPES.includes(row.type) ? row.type : 'TEXT') as MessageDTO['type'],
    senderId: null,
    sessionId: row.session_id,
    templateId: row.template_id,
    userId: row.user_id,
    direction: row.direction as MessageDTO['direction'],
    status: row.status as MessageStatus,
    // A note is written in the attendance screen (the desk), not sent through the API.
    origin: row.direction === 'TO_HUB' || row.type === 'NOTE' ? 'DEFAULT' : 'API',
    text: row.text,
    fileId: row.file_id,
    refId: row.ref_id,
    readContactAt: row.status === 'READ' ? row.updated_at : null,
    details: {
      ...(row.file_id !== null ? { file: fileOf(row) } : {}),
      errors: row.failed_reason ? [{ date: row.updated_at, origin: 'WHATSAPP', key: 'message.failed', text: row.failed_reason }] : null,
      templateCategoryName: row.category_name,
      waitReply: row.wait_reply === 1,
      cost,
    },
    failedReason: row.failed_reason,
  };
}

export function toQuickMessageDTO(row: MessageRow): QuickMessageDTO {
  return {
    id: row.id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    sessionId: row.session_id,
    senderId: null,
    status: row.status as MessageStatus,
    statusUrl: `/chat/v1/message/${row.id}/status`,
    failureReason: row.failed_reason,
  };
}

export function toMessageStatusDTO(row: MessageRow): MessageStatusDTO {
  return {
    id: row.id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    sessionId: row.session_id,
    status: row.status as MessageStatus,
    failureReason: row.failed_reason,
  };
}

const SENT_OR_LATER: readonly string[] = ['SENT', 'DELIVERED', 'READ', 'FAILED'];

/**
 * The sandbox hands a message to "WhatsApp" the moment it is created, or, for a held one, the
 * moment the reply releases it (sent_at).
 */
function sentAtOf(row: MessageRow): string | null {
  if (!SENT_OR_LATER.includes(row.status)) return null;
  return timestampOf(row);
}

export function toSendMessageResponse(ctx: SandboxContext, row: MessageRow): SendMessageResponse {
  return {
    id: row.id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    companyId: ctx.companyId,
    sessionId: row.session_id,
    status: row.status as MessageStatus,
    senderId: null,
    statusUrl: `/chat/v1/send/message/${row.id}`,
    sentAt: sentAtOf(row),
    failedReason: row.failed_reason,
    callbackUrl: null,
    waitReply: row.wait_reply === 1,
  };
}
