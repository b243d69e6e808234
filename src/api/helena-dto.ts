/**
 * The HelenaCRM wire shapes this project speaks, as zod schemas.
 *
 * Source of truth: ../shared/helena-openapi/{chat,core}.json (digest: SUMMARY.md). Names, enums
 * and nullability follow those files. The client parses every response with these schemas and
 * the sandbox's tests validate every response against them, so the two cannot drift apart.
 *
 * Fields the console relies on are required; the rest of each DTO is optional so that a real
 * HelenaCRM answer (which may omit them) still parses. Unknown keys are allowed and dropped.
 */
import { z } from 'zod';

const uuid = z.string().uuid();
/**
 * An instant, kept as UTC with milliseconds ("2025-01-01T10:05:07.250Z") whatever way HelenaCRM
 * wrote it: the cache orders versions and moves sync cursors by comparing these as text, and
 * "…07.25Z" after "…07.2Z", or "07:05:08-03:00" after "10:05:07Z", would sort wrong. (A .NET
 * server trims trailing zeros of the fraction.) Sub-millisecond digits are dropped, as everywhere
 * else here: ties within one millisecond are already handled as ties.
 */
const isoDate = z
  .string()
  .datetime({ offset: true })
  // Runs after a failed format check too (zod carries on): an unparseable string is left for it to reject.
  .overwrite((value) => {
    const ms = Date.parse(value);
    return Number.isNaN(ms) ? value : new Date(ms).toISOString();
  });
const nullableString = z.string().nullable();

// ---------- enums (spelled exactly as in the OpenAPI files) ----------

export const ChannelType = z.enum([
  'Dialog360_WhatsApp',
  'CloudAPI_WhatsApp',
  'ZAPI_WhatsApp',
  'EvolutionApi_WhatsApp',
  'Instagram',
  'Messenger',
]);
export type ChannelType = z.infer<typeof ChannelType>;

/** Channel types on the official WhatsApp API: template-only outside the window, and charged. */
export const OFFICIAL_WHATSAPP_CHANNELS: readonly ChannelType[] = ['CloudAPI_WhatsApp', 'Dialog360_WhatsApp'];
/** Unofficial (QR-code) WhatsApp channels: no template needed, conversation opens at once. */
export const UNOFFICIAL_WHATSAPP_CHANNELS: readonly ChannelType[] = ['ZAPI_WhatsApp', 'EvolutionApi_WhatsApp'];

/** Upper-case channel type used on sessions and templates. */
export const SessionChannelType = z.enum([
  'GUPSHUP_WHATSAPP',
  'DIALOG360_WHATSAPP',
  'CLOUDAPI_WHATSAPP',
  'ZAPI_WHATSAPP',
  'EVOLUTIONAPI_WHATSAPP',
  'INSTAGRAM',
  'MESSENGER',
]);
export type SessionChannelType = z.infer<typeof SessionChannelType>;

export function sessionChannelTypeOf(type: ChannelType): SessionChannelType {
  return type.toUpperCase() as SessionChannelType;
}

export const SessionStatus = z.enum(['UNDEFINED', 'STARTED', 'PENDING', 'IN_PROGRESS', 'COMPLETED', 'HIDDEN']);
export type SessionStatus = z.infer<typeof SessionStatus>;

export const WindowStatus = z.enum(['ACTIVE', 'EXPIRED', 'NOT_STARTED']);
export type WindowStatus = z.infer<typeof WindowStatus>;

export const MessageStatus = z.enum([
  'PROCESSING',
  'SAVED',
  'QUEUED',
  'SENT',
  'DELIVERED',
  'READ',
  'FAILED',
  'DELETED',
  'WAIT_REPLY',
]);
export type MessageStatus = z.infer<typeof MessageStatus>;

export const MessageDirection = z.enum(['FROM_HUB', 'TO_HUB']);
export type MessageDirection = z.infer<typeof MessageDirection>;

export const MessageType = z.enum([
  'TEXT',
  'STICKER',
  'IMAGE',
  'AUDIO',
  'VIDEO',
  'DOCUMENT',
  'CONTACT',
  'LOCATION',
  'LIST',
  'BUTTONS',
  'TRANSITION',
  'TRACK',
  'NOTE',
]);

export const MessageOrigin = z.enum(['DEFAULT', 'CAMPAIGN', 'OFFICE_HOURS', 'BOT', 'API', 'PAYMENT', 'GATEWAY']);

/** Template `fileType`: the media header of a template (UNDEFINED = text only). */
export const TemplateFileType = z.enum(['UNDEFINED', 'IMAGE', 'VIDEO', 'DOCUMENT']);
export type TemplateFileType = z.infer<typeof TemplateFileType>;

/** PublicFileDTO `type` (chat.json: a file a message carries). */
export const FileType = z.enum(['UNDEFINED', 'PDF', 'EXCEL', 'WORD', 'IMAGE', 'AUDIO', 'VIDEO']);

/** GET /core/v2/file's `Type` and PublicFileV2DTO `type` (core.json): FileType plus DOCUMENT, sent untransformed. */
export const UploadFileType = z.enum(['UNDEFINED', 'PDF', 'EXCEL', 'WORD', 'IMAGE', 'AUDIO', 'VIDEO', 'DOCUMENT']);
export type UploadFileType = z.infer<typeof UploadFileType>;

export const TemplateStatus = z.enum(['Draft', 'Approved', 'Disapproved', 'InRevision', 'Paused', 'Disabled', 'Deleted']);
export type TemplateStatus = z.infer<typeof TemplateStatus>;

/** Values of the `type` array on a template DTO. */
export const TemplateKind = z.enum([
  'UNDEFINED',
  'QUICKREPLY',
  'TEMPLATE',
  'TEMPLATE_CAMPAIGN',
  'TEMPLATE_SEQUENCE',
  'SYSTEM',
  'TEMPLATE_SCHEDULED_MESSAGE',
  'AUTHENTICATION',
]);
export type TemplateKind = z.infer<typeof TemplateKind>;

/** Values of the `Type` query filter on GET /chat/v1/template. ATTENDANCE selects kind TEMPLATE. */
export const TemplateTypeFilter = z.enum(['QUICKREPLY', 'ATTENDANCE', 'CAMPAIGN', 'SEQUENCE', 'SCHEDULEDMESSAGE', 'AUTHENTICATION']);
export type TemplateTypeFilter = z.infer<typeof TemplateTypeFilter>;

export const TEMPLATE_FILTER_TO_KIND: Record<TemplateTypeFilter, TemplateKind> = {
  QUICKREPLY: 'QUICKREPLY',
  ATTENDANCE: 'TEMPLATE',
  CAMPAIGN: 'TEMPLATE_CAMPAIGN',
  SEQUENCE: 'TEMPLATE_SEQUENCE',
  SCHEDULEDMESSAGE: 'TEMPLATE_SCHEDULED_MESSAGE',
  AUTHENTICATION: 'AUTHENTICATION',
};

export const ContactStatus = z.enum(['ACTIVE', 'ARCHIVED', 'BLOCKED']);
export const ContactOrigin = z.enum(['CREATED_BY_USER', 'CREATED_FROM_HUB', 'IMPORTED']);
export const AgentProfile = z.enum(['Admin', 'Agent', 'RestrictedAgent']);
export type AgentProfile = z.infer<typeof AgentProfile>;
export const RestrictionType = z.enum(['NONE', 'DEPARTMENT_RESTRICTION', 'USER_RESTRICTION']);
export const TransferType = z.enum(['DEPARTMENT', 'USER']);
export const OrderDirection = z.enum(['ASCENDING', 'DESCENDING']);

export const WebhookEventType = z.enum([
  'SESSION_NEW',
  'SESSION_UPDATE',
  'SESSION_COMPLETE',
  'MESSAGE_RECEIVED',
  'MESSAGE_UPDATED',
  'MESSAGE_SENT',
  'CONTACT_NEW',
  'CONTACT_UPDATE',
  'CONTACT_TAG_UPDATE',
  // Sandbox extension: HelenaCRM has no template webhook; the console needs one to refresh its cache.
  'TEMPLATE_UPDATE',
  /**
   * Sandbox extension: an internal note (a PublicMessageDTO of type NOTE) was saved in a session.
   * Not MESSAGE_SENT: that one says a message went to the contact, and a note never does.
   * HelenaCRM's own webhooks name notes only for panel cards (PANEL_CARD_NOTE_NEW).
   */
  'SESSION_NOTE_NEW',
]);
export type WebhookEventType = z.infer<typeof WebhookEventType>;

// ---------- paging ----------

export function pageOf<T extends z.ZodTypeAny>(item: T) {
  return z.object({
    pageNumber: z.number().int(),
    pageSize: z.number().int(),
    orderBy: nullableString.optional(),
    orderDirection: OrderDirection.nullable().optional(),
    totalItems: z.number().int(),
    totalPages: z.number().int(),
    hasMorePages: z.boolean(),
    // The OpenAPI marks `items` nullable; an empty page may come as null. Read it as [].
    items: z
      .array(item)
      .nullable()
      .transform((items) => items ?? []),
  });
}
export interface Page<T> {
  pageNumber: number;
  pageSize: number;
  orderBy?: string | null;
  orderDirection?: 'ASCENDING' | 'DESCENDING' | null;
  totalItems: number;
  totalPages: number;
  hasMorePages: boolean;
  items: T[];
}

// ---------- errors ----------

/** Body of every non-send error (OpenAPI `InternalException`). */
export const InternalException = z.object({
  error: z.boolean(),
  date: isoDate.optional(),
  key: nullableString,
  text: nullableString,
  isUnsolvableError: z.boolean(),
  details: z.unknown().optional(),
  httpStatusCode: z.string(),
});
export type InternalException = z.infer<typeof InternalException>;

/** RFC 7807 body of 400/401/429 on /chat/v1/send/* (OpenAPI `ProblemDetails`; extra keys allowed). */
export const ProblemDetails = z
  .object({
    type: nullableString.optional(),
    title: nullableString.optional(),
    status: z.number().int().nullable().optional(),
    detail: nullableString.optional(),
    instance: nullableString.optional(),
  })
  .passthrough();
export type ProblemDetails = z.infer<typeof ProblemDetails>;

// ---------- contacts (core) ----------

export const ContactDTO = z.object({
  id: uuid,
  createdAt: isoDate,
  updatedAt: isoDate,
  companyId: uuid.optional(),
  name: nullableString,
  phoneNumber: nullableString,
  phoneNumberFormatted: nullableString.optional(),
  email: nullableString,
  instagram: nullableString.optional(),
  annotation: nullableString.optional(),
  tagIds: z.array(uuid).nullable().optional(),
  tagNames: z.array(z.string()).nullable().optional(),
  status: ContactStatus,
  origin: ContactOrigin.optional(),
  customFields: z.record(z.string(), z.unknown()).nullable().optional(),
  metadata: z.record(z.string(), z.unknown()).nullable().optional(),
});
export type ContactDTO = z.infer<typeof ContactDTO>;
export const ContactPage = pageOf(ContactDTO);

/** A company tag ("etiqueta", `PublicTagDTO`, GET /core/v1/tag). `color` is a palette name (GREEN_500…), null outside it. */
export const TagDTO = z.object({
  id: uuid,
  createdAt: isoDate.optional(),
  updatedAt: isoDate.optional(),
  name: nullableString,
  color: nullableString.optional(),
});
export type TagDTO = z.infer<typeof TagDTO>;
export const TagList = z.array(TagDTO);

/**
 * A contact custom field's definition ("Campos personalizados", `PublicCustomFieldDTO`, GET
 * /core/v1/contact/custom-field). A contact's `customFields` holds values by `key`. A type this
 * client does not know is read as STRING (shown as text) rather than failing the whole list.
 */
export const CustomFieldType = z.enum(['GROUP', 'STRING', 'TEXT', 'INTEGER', 'FLOAT', 'SINGLESELECT', 'MULTISELECT', 'DATE', 'TIME', 'DATETIME', 'BOOLEAN']);
export type CustomFieldType = z.infer<typeof CustomFieldType>;
export const CustomFieldDTO = z.object({
  id: uuid,
  parentId: uuid.nullable().optional(),
  type: CustomFieldType.catch('STRING'),
  entityType: z.enum(['CONTACT', 'PANEL']).catch('CONTACT').optional(),
  name: nullableString.optional(),
  key: nullableString.optional(),
  position: z.number().int().optional(),
  visible: z.boolean().optional(),
  isValueRange: z.boolean().optional(),
  options: z.array(z.object({ id: uuid, name: nullableString.optional() })).nullable().optional(),
});
export type CustomFieldDTO = z.infer<typeof CustomFieldDTO>;
export const CustomFieldList = z.array(CustomFieldDTO);

// ---------- channels (chat) ----------

export const ChannelIdentityDTO = z.object({
  humanId: nullableString.optional(),
  platform: nullableString.optional(),
  provider: nullableString.optional(),
  providerVariable: nullableString.optional(),
  pictureUrl: nullableString.optional(),
  displayName: nullableString,
});
export const ChannelDTO = z.object({
  id: uuid,
  createdAt: isoDate.optional(),
  updatedAt: isoDate.optional(),
  active: z.boolean(),
  type: ChannelType,
  number: nullableString,
  numberFormatted: nullableString.optional(),
  identity: ChannelIdentityDTO,
});
export type ChannelDTO = z.infer<typeof ChannelDTO>;
export const ChannelList = z.array(ChannelDTO);

// ---------- departments = teams (core v2) ----------

export const DepartmentAgentDTO = z.object({
  userId: uuid,
  departmentId: uuid.optional(),
  isAgent: z.boolean(),
  isSupervisor: z.boolean(),
});
export const DepartmentChannelDTO = z.object({
  id: uuid,
  number: nullableString.optional(),
  name: nullableString.optional(),
  type: nullableString.optional(),
});
export const DepartmentDTO = z.object({
  id: uuid,
  companyId: uuid.optional(),
  createdAt: isoDate.optional(),
  updatedAt: isoDate.optional(),
  name: nullableString,
  isDefault: z.boolean(),
  distribuitionEnabled: z.boolean().optional(),
  restrictionType: RestrictionType,
  agents: z.array(DepartmentAgentDTO).nullable(),
  channels: z.array(DepartmentChannelDTO).nullable(),
});
export type DepartmentDTO = z.infer<typeof DepartmentDTO>;
export const DepartmentList = z.array(DepartmentDTO);

// ---------- agents (core) ----------

export const AgentDepartmentDTO = z.object({
  agentId: uuid.optional(),
  userId: uuid,
  departmentId: uuid,
  isAgent: z.boolean(),
  isSupervisor: z.boolean(),
});
/** Whether HelenaCRM may hand the agent new conversations ("Disponível"), or not ("Em pausa"). */
export const AgentAvailability = z.enum(['AVAILABLE', 'UNAVAILABLE']);
export type AgentAvailability = z.infer<typeof AgentAvailability>;
export const AgentDTO = z.object({
  id: uuid,
  createdAt: isoDate.optional(),
  updatedAt: isoDate.optional(),
  companyId: uuid.optional(),
  userId: uuid,
  name: nullableString,
  shortName: nullableString.optional(),
  email: nullableString,
  phoneNumber: nullableString,
  phoneNumberFormatted: nullableString.optional(),
  profile: nullableString,
  isOwner: z.boolean().optional(),
  departments: z.array(AgentDepartmentDTO).nullable(),
  availability: AgentAvailability.optional(),
});
export type AgentDTO = z.infer<typeof AgentDTO>;
export const AgentList = z.array(AgentDTO);

// ---------- templates (chat) ----------

export const TemplateParamDTO = z.object({ name: nullableString, templateId: uuid.optional() });
export const TemplateDTO = z.object({
  id: uuid,
  createdAt: isoDate.optional(),
  updatedAt: isoDate,
  active: z.boolean(),
  archived: z.boolean().optional(),
  channelId: uuid.nullable(),
  name: nullableString,
  text: nullableString,
  footerText: nullableString.optional(),
  status: TemplateStatus,
  channelType: SessionChannelType.nullable().optional(),
  type: z.array(TemplateKind),
  params: z.array(TemplateParamDTO).nullable(),
  internalName: nullableString.optional(),
  /** IMAGE, VIDEO or DOCUMENT: the template goes out only with its media (`fileIdOrUrl` on the send). */
  fileType: TemplateFileType.nullable().optional(),
  quickReplyAlias: nullableString.optional(),
  rejectedDescription: nullableString.optional(),
  categoryId: uuid.nullable().optional(),
  categoryName: nullableString,
  /** Sandbox extension: teams allowed to use the template (empty or absent = every team). */
  departmentIds: z.array(uuid).nullable().optional(),
});
export type TemplateDTO = z.infer<typeof TemplateDTO>;
export const TemplatePage = pageOf(TemplateDTO);

// ---------- sessions (chat v2) ----------

/**
 * `PublicContactDataDTO`: the session's contact as HelenaCRM embeds it when the list is asked with
 * `IncludeDetails=ContactDetails` (GET /chat/v2/session/{id}: `includeDetails`).
 */
export const SessionContactDetailsDTO = z.object({
  id: uuid.nullable().optional(),
  name: nullableString.optional(),
  pictureUrl: nullableString.optional(),
  phonenumber: nullableString.optional(),
  instagram: nullableString.optional(),
  phonenumberFormatted: nullableString.optional(),
  tagsId: z.array(uuid).nullable().optional(),
  tagsName: z.array(z.string()).nullable().optional(),
  status: z.enum(['ACTIVE', 'ARCHIVED', 'BLOCKED', 'UNDEFINED']).optional(),
});
export type SessionContactDetailsDTO = z.infer<typeof SessionContactDetailsDTO>;

export const SessionDTO = z.object({
  id: uuid,
  createdAt: isoDate,
  updatedAt: isoDate,
  startAt: isoDate.optional(),
  endAt: isoDate.nullable().optional(),
  status: SessionStatus,
  companyId: uuid.optional(),
  contactId: uuid.nullable(),
  channelId: uuid,
  departmentId: uuid.nullable(),
  userId: uuid.nullable(),
  title: nullableString.optional(),
  number: nullableString.optional(),
  origin: nullableString.optional(),
  unreadCount: z.number().int(),
  lastMessageText: nullableString,
  lastInteractionDate: isoDate.nullable().optional(),
  lastMessageOut: isoDate.nullable(),
  lastMessageIn: isoDate.nullable(),
  windowStatus: WindowStatus,
  metadata: z.record(z.string(), z.unknown()).nullable().optional(),
  channelType: SessionChannelType.nullable(),
  type: z.enum(['INDIVIDUAL', 'GROUP']).nullable().optional(),
  // Only a stand-in name for the desk until the contact itself is synced: one this client cannot
  // read costs that stand-in, never the page of conversations. Hence catch(null).
  contactDetails: SessionContactDetailsDTO.nullable().optional().catch(null),
});
export type SessionDTO = z.infer<typeof SessionDTO>;
export const SessionPage = pageOf(SessionDTO);

// ---------- messages (chat) ----------

export const MessageErrorDTO = z.object({
  date: isoDate.optional(),
  origin: nullableString.optional(),
  key: nullableString.optional(),
  text: nullableString.optional(),
});
/** `PublicFileDTO`: a file a message carries (the fields the console reads). */
export const FileDTO = z.object({
  id: uuid,
  name: nullableString.optional(),
  extension: nullableString.optional(),
  mimeType: nullableString.optional(),
  type: FileType.optional(),
  publicUrl: nullableString.optional(),
  /** The same file, served to be saved (Content-Disposition: attachment): what the console downloads. */
  publicUrlDownload: nullableString.optional(),
  /** Bytes (int64). */
  size: z.number().int().nonnegative().optional(),
});
export type FileDTO = z.infer<typeof FileDTO>;
export const MessageDetailsDTO = z.object({
  /** The message's file (a media template's image, video or document). */
  file: FileDTO.optional(),
  errors: z.array(MessageErrorDTO).nullable().optional(),
  templateCategoryId: uuid.nullable().optional(),
  templateCategoryName: nullableString.optional(),
  waitReply: z.boolean(),
  /** Sandbox extension: what this business-initiated message costs (price table, category × country). */
  cost: z
    .object({ category: z.string(), country: z.string(), amount: z.number(), currency: z.string() })
    .nullable()
    .optional(),
});
export const MessageDTO = z.object({
  id: uuid,
  createdAt: isoDate,
  updatedAt: isoDate,
  timestamp: isoDate.nullable().optional(),
  type: MessageType,
  senderId: nullableString.optional(),
  sessionId: uuid,
  templateId: uuid.nullable(),
  userId: uuid.nullable().optional(),
  direction: MessageDirection,
  status: MessageStatus,
  origin: MessageOrigin.optional(),
  text: nullableString,
  fileId: uuid.nullable().optional(),
  refId: uuid.nullable(),
  readContactAt: isoDate.nullable().optional(),
  details: MessageDetailsDTO,
  failedReason: nullableString,
});
export type MessageDTO = z.infer<typeof MessageDTO>;
export const MessagePage = pageOf(MessageDTO);

// ---------- files (core v2): upload URL, PUT the bytes there, save ----------

/** Answer of GET /core/v2/file?Type=&Name=&MimeType= (`PublicUrlUploadFileV2DTO`): where to PUT the bytes. */
export const UploadUrlDTO = z.object({
  /** Valid only once the file is saved (POST /core/v2/file). */
  tempFileId: uuid,
  /** Absolute URL for the PUT; in production a presigned storage URL on another host. */
  urlUpload: z.string().min(1),
});
export type UploadUrlDTO = z.infer<typeof UploadUrlDTO>;

/** Request body of POST /core/v2/file (`PublicReqFileSaveV2DTO`). */
export const SaveFileBody = z.object({ tempFileId: uuid });
export type SaveFileBody = z.infer<typeof SaveFileBody>;

/** Answer of POST /core/v2/file (`PublicFileV2DTO`): the saved file, whose id messages take (`fileId`) and may reuse. */
export const SavedFileDTO = z.object({
  id: uuid,
  companyId: uuid.nullable().optional(),
  userId: uuid.nullable().optional(),
  name: nullableString,
  extension: nullableString.optional(),
  mimeType: nullableString.optional(),
  type: UploadFileType,
  key: nullableString.optional(),
  size: z.number().int().nonnegative(),
});
export type SavedFileDTO = z.infer<typeof SavedFileDTO>;

/**
 * Request body of POST /chat/v1/session/{id}/message (`PublicQuickSendBodyDTO`): `text`, or a
 * template (`templateId` + `parameters`), or a file (`fileId` of a saved file, or a public
 * `fileUrl`) with `text` as its caption.
 */
export const QuickSendBody = z.object({
  text: z.string().nullable().optional(),
  templateId: z.string().nullable().optional(),
  parameters: z.record(z.string(), z.string()).nullable().optional(),
  fileUrl: z.string().nullable().optional(),
  fileId: uuid.nullable().optional(),
  refId: uuid.nullable().optional(),
});
export type QuickSendBody = z.infer<typeof QuickSendBody>;

/**
 * Request body of POST /chat/v1/session/{id}/note (`PublicNoteSendBodyDTO`): an internal note,
 * seen by the team, never sent to the contact. Answered with the note as a `PublicMessageDTO`
 * (type NOTE).
 */
export const NoteSendBody = z.object({
  text: z.string().nullable().optional(),
  filesUrls: z.array(z.string()).nullable().optional(),
  filesIds: z.array(uuid).nullable().optional(),
  /** Extension (like refId on /send/template): the client's idempotency key, deduped by the server. */
  refId: uuid.nullable().optional(),
});
export type NoteSendBody = z.infer<typeof NoteSendBody>;

/** Answer of POST /chat/v1/session/{id}/message (`PublicQuickMessageDTO`). */
export const QuickMessageDTO = z.object({
  id: uuid,
  createdAt: isoDate.nullable().optional(),
  updatedAt: isoDate,
  sessionId: uuid.nullable(),
  senderId: nullableString.optional(),
  status: MessageStatus,
  statusUrl: nullableString.optional(),
  failureReason: nullableString,
});
export type QuickMessageDTO = z.infer<typeof QuickMessageDTO>;

/** Answer of GET /chat/v1/message/{id}/status (`PublicMessageQuickSendDTO`). */
export const MessageStatusDTO = z.object({
  id: uuid,
  createdAt: isoDate,
  updatedAt: isoDate,
  sessionId: uuid.nullable(),
  status: MessageStatus,
  failureReason: nullableString,
});
export type MessageStatusDTO = z.infer<typeof MessageStatusDTO>;

// ---------- send API ----------

export const SendOptions = z.object({
  enableBot: z.boolean().nullable().optional(),
  hiddenSession: z.boolean().nullable().optional(),
  forceStartSession: z.boolean().nullable().optional(),
  user: z
    .object({ id: uuid.nullable().optional(), phoneNumber: z.string().nullable().optional(), email: z.string().nullable().optional() })
    .nullable()
    .optional(),
  department: z.object({ id: uuid.nullable().optional(), name: z.string().nullable().optional() }).nullable().optional(),
});

/** Request body of POST /chat/v1/send/template (`PublicReqSendTemplateSingleDTO` + refId extension). */
export const SendTemplateBody = z.object({
  to: z.string().min(1),
  from: z.string().min(1),
  templateId: z.string().min(1),
  parameters: z.record(z.string(), z.string()).nullable().optional(),
  fileIdOrUrl: z.string().nullable().optional(),
  callbackUrl: z.string().nullable().optional(),
  sessionId: uuid.nullable().optional(),
  options: SendOptions.nullable().optional(),
  senderId: z.string().nullable().optional(),
  sessionMetadata: z.record(z.string(), z.unknown()).nullable().optional(),
  /** Extension (see ARCHITECTURE.md): the client's idempotency key, deduped by the server. */
  refId: uuid.nullable().optional(),
});
export type SendTemplateBody = z.infer<typeof SendTemplateBody>;

/** Request body of POST /chat/v1/send/text (`PublicReqSendTextDTO`). */
export const SendTextBody = z.object({
  to: z.string().nullable().optional(),
  from: z.string().nullable().optional(),
  options: SendOptions.nullable().optional(),
  sessionId: uuid.nullable().optional(),
  refId: uuid.nullable().optional(),
  delayTyping: z.number().int().nullable().optional(),
  callbackUrl: z.string().nullable().optional(),
  senderId: z.string().nullable().optional(),
  text: z.string().min(1),
});
export type SendTextBody = z.infer<typeof SendTextBody>;

/**
 * Request body of POST /chat/v1/send/typing (`PublicReqSendTypingDTO`): shows "digitando…" to the
 * contact of the conversation (CloudAPI channels; accepted without effect on others). 200/204, no body.
 */
export const SendTypingBody = z.object({ sessionId: uuid });
export type SendTypingBody = z.infer<typeof SendTypingBody>;

/** Answer of the /chat/v1/send/* family (`PublicRespSendMessageDTO`). */
export const SendMessageResponse = z.object({
  id: uuid,
  createdAt: isoDate,
  updatedAt: isoDate.nullable().optional(),
  companyId: uuid,
  sessionId: uuid.nullable(),
  status: MessageStatus,
  senderId: nullableString.optional(),
  statusUrl: nullableString.optional(),
  sentAt: isoDate.nullable().optional(),
  failedReason: nullableString.optional(),
  callbackUrl: nullableString.optional(),
  waitReply: z.boolean().nullable().optional(),
});
export type SendMessageResponse = z.infer<typeof SendMessageResponse>;

// ---------- scheduled messages ("Mensagens Agendadas") ----------

export const ScheduledMessageStatus = z.enum(['SCHEDULED', 'PROCESSED', 'SENT', 'DELIVERED', 'READ', 'CANCELED', 'FAILED']);
export type ScheduledMessageStatus = z.infer<typeof ScheduledMessageStatus>;
export const ScheduledMessageType = z.enum(['TEMPLATE', 'CHATBOT']);

/** `PublicScheduledMessageTemplateParamsDTO`: the template's parameters and, for a media template, its file. */
export const ScheduledTemplateParams = z.object({
  parameters: z.record(z.string(), z.string().nullable()).nullable().optional(),
  fileUrl: z.string().nullable().optional(),
  fileId: uuid.nullable().optional(),
});

/**
 * Request body of POST /chat/v1/scheduled-message (`PublicReqCreateScheduledMessageDTO`). There is
 * no refId: a create is not idempotent, so a lost answer must never be retried blindly.
 */
export const CreateScheduledMessageBody = z.object({
  from: z.string().nullable().optional(),
  to: z.string().min(1),
  department: z.object({ id: uuid.nullable().optional(), name: z.string().nullable().optional() }).nullable().optional(),
  type: ScheduledMessageType.optional(),
  templateId: z.string().nullable().optional(),
  botKey: uuid.nullable().optional(),
  scheduling: isoDate.optional(),
  hiddenSession: z.boolean().optional(),
  templateParams: ScheduledTemplateParams.nullable().optional(),
});
export type CreateScheduledMessageBody = z.infer<typeof CreateScheduledMessageBody>;

/** `PublicReqUpdateScheduledMessageDTO`'s `fields` enum: which of the body's fields the PUT applies. */
export const ScheduledMessageUpdateField = z.enum(['Undefined', 'To', 'From', 'Department', 'Type', 'TemplateId', 'BotId', 'Scheduling', 'HiddenSession', 'TemplateParams']);
export type ScheduledMessageUpdateField = z.infer<typeof ScheduledMessageUpdateField>;

/**
 * Request body of PUT /chat/v1/scheduled-message/{id} (`PublicReqUpdateScheduledMessageDTO`): only
 * the fields named in `fields` change ("Alterar horário" sends `['Scheduling']` and `scheduling`).
 */
export const UpdateScheduledMessageBody = z.object({
  fields: z.array(ScheduledMessageUpdateField).min(1),
  to: z.string().nullable().optional(),
  from: z.string().nullable().optional(),
  department: z.object({ id: uuid.nullable().optional(), name: z.string().nullable().optional() }).nullable().optional(),
  type: ScheduledMessageType.nullable().optional(),
  templateId: z.string().nullable().optional(),
  botKey: uuid.nullable().optional(),
  scheduling: isoDate.nullable().optional(),
  hiddenSession: z.boolean().nullable().optional(),
  templateParams: ScheduledTemplateParams.nullable().optional(),
});
export type UpdateScheduledMessageBody = z.infer<typeof UpdateScheduledMessageBody>;

/** `PublicScheduledMessageDTO` (and `PublicReqScheduledMessageDTO`, the create's answer: the same fields but sessionId). */
export const ScheduledMessageDTO = z.object({
  id: uuid,
  createdAt: isoDate,
  updatedAt: isoDate.optional(),
  active: z.boolean().optional(),
  companyId: uuid.optional(),
  sessionId: uuid.nullable().optional(),
  contactId: uuid,
  userId: uuid.optional(),
  channelId: uuid,
  departmentId: uuid.nullable().optional(),
  status: ScheduledMessageStatus,
  type: ScheduledMessageType,
  templateId: uuid.nullable().optional(),
  botId: uuid.nullable().optional(),
  scheduling: isoDate,
  hiddenSession: z.boolean().optional(),
  failureReason: nullableString.optional(),
  template: z
    .object({
      id: uuid.optional(),
      name: nullableString.optional(),
      templateParams: z
        .object({
          parameters: z.record(z.string(), z.string().nullable()).nullable().optional(),
          // The media template's file as scheduled ("Agendar de novo" offers it again). A file this
          // client cannot read costs only that prefill, never the list: hence catch(null).
          file: FileDTO.nullable().optional().catch(null),
        })
        .nullable()
        .optional(),
    })
    .nullable()
    .optional(),
});
export type ScheduledMessageDTO = z.infer<typeof ScheduledMessageDTO>;
export const ScheduledMessagePage = pageOf(ScheduledMessageDTO);

// ---------- session actions ----------

export const AssignBody = z.object({
  userId: uuid,
  options: z.object({ stopBotInExecution: z.boolean().optional() }).nullable().optional(),
});
export const TransferBody = z.object({
  type: TransferType,
  newDepartmentId: uuid.nullable().optional(),
  newUserId: uuid.nullable().optional(),
  options: z.object({ stopBotInExecution: z.boolean().optional() }).nullable().optional(),
});
export const CompleteBody = z.object({
  reactivateOnNewMessage: z.boolean().optional(),
  stopBotInExecution: z.boolean().optional(),
});
export const ChangeStatusBody = z.object({
  newStatus: SessionStatus,
  options: z.object({ stopBotInExecution: z.boolean().optional() }).nullable().optional(),
});

// ---------- agent login (sandbox extension, /auth/v1) ----------

export const LoginCodeRequest = z.object({ login: z.string().min(3).max(255) });
export const LoginCodeResponse = z.object({ expiresAt: isoDate, channel: z.enum(['email', 'sms']) });
export const LoginVerifyRequest = z.object({ login: z.string().min(3).max(255), code: z.string().regex(/^\d{6}$/) });
export const LoginVerifyResponse = z.object({ token: z.string().min(20), expiresAt: isoDate, agent: AgentDTO });
export type LoginVerifyResponse = z.infer<typeof LoginVerifyResponse>;

// ---------- realtime (webhook shape over socket.io, with offset) ----------

export const RealtimeEvent = z.object({
  eventType: WebhookEventType,
  date: isoDate,
  content: z.unknown(),
  offset: z.number().int().nonnegative(),
  /**
   * Sandbox extension (a real HelenaCRM gateway may not send it): the offset of the previous
   * thing this connection sent (event or OFFSET watermark), or the handshake's `auth.offset` for
   * the first one (the log's last offset when the handshake had none; the RESYNC_REQUIRED offset
   * after one). Offsets skip the events of conversations the agent may not see, so `offset` jumps
   * are normal; a client that applied everything it was sent has its last offset >= this, and a
   * stored offset below it means something it was sent never got applied.
   */
  previousOffset: z.number().int().nonnegative().optional(),
});
export type RealtimeEvent = z.infer<typeof RealtimeEvent>;

/**
 * Sandbox extension: "nothing after previousOffset up to `offset` is for you". Sent when a replay
 * ends, and about once a second while live, only when invisible events moved the connection past
 * the last thing it sent, so the client's stored offset follows the log and a reconnect neither
 * re-scans those events nor falls off a trimmed log into RESYNC_REQUIRED. Chained like events.
 */
export const RealtimeWatermark = z.object({
  eventType: z.literal('OFFSET'),
  offset: z.number().int().nonnegative(),
  previousOffset: z.number().int().nonnegative(),
});
export type RealtimeWatermark = z.infer<typeof RealtimeWatermark>;

/**
 * Sandbox extension: emitted by the client with an ack (no payload); the gateway calls the ack at
 * once. A round trip on the socket itself is the only proof that a connection which has been quiet
 * still carries anything after a wake or a change of network (realtime-connection.ts checkNow);
 * a gateway without it never answers, and the client then dials again, as it would for a dead one.
 */
export const REALTIME_PROBE_EVENT = 'probe';

/** Sent instead of a replay when the event log no longer reaches back to the client's offset. */
export const ResyncRequired = z.object({ eventType: z.literal('RESYNC_REQUIRED'), offset: z.number().int().nonnegative() });
export type ResyncRequired = z.infer<typeof ResyncRequired>;
