/**
 * The HelenaCRM REST client: one method per endpoint of ARCHITECTURE.md's API table, with the
 * paths, query names and bodies of HelenaCRM's OpenAPI (SUMMARY.md), plus the sandbox's agent
 * login extension under /auth/v1. Every answer is parsed with its helena-dto schema; every failure
 * is a HelenaError (errors.ts). Throttling and retries are the transport's job.
 *
 * Sends that create something (session message, template send) retry on an unknown outcome only
 * when they carry a `refId`, which the server dedupes; give every outbox entry one and reuse it.
 */
import { z } from 'zod';
import {
  AgentDTO,
  AgentList,
  AssignBody,
  ChangeStatusBody,
  ChannelList,
  CompleteBody,
  ContactDTO,
  CreateScheduledMessageBody,
  UpdateScheduledMessageBody,
  ScheduledMessageDTO,
  ScheduledMessagePage,
  type ScheduledMessageDTO as ScheduledMessage,
  ContactPage,
  DepartmentList,
  LoginCodeRequest,
  LoginCodeResponse,
  LoginVerifyRequest,
  LoginVerifyResponse,
  MessageDTO,
  MessagePage,
  MessageStatusDTO,
  NoteSendBody,
  QuickMessageDTO,
  QuickSendBody,
  SaveFileBody,
  SavedFileDTO,
  SendMessageResponse,
  SendTemplateBody,
  SendTextBody,
  SendTypingBody,
  SessionDTO,
  SessionPage,
  TransferBody,
  type AgentAvailability,
  type AgentDTO as Agent,
  type ChannelDTO,
  type ContactDTO as Contact,
  type DepartmentDTO,
  type MessageDTO as Message,
  type MessageStatusDTO as MessageStatusInfo,
  type Page,
  type QuickMessageDTO as QuickMessage,
  type SendMessageResponse as SendResult,
  type SessionDTO as Session,
  type SessionStatus,
  type TagDTO,
  TagList,
  CustomFieldList,
  type CustomFieldDTO,
  type TemplateDTO,
  TemplatePage,
  UploadFileType,
  UploadUrlDTO,
} from './helena-dto';
import { HelenaError } from './errors';
import type { RetryMode } from './backoff';
import { HelenaTransport, type RequestSpec, type TransportOptions } from './transport';
import { UploadTransport, type UploadOptions } from './upload-transport';
import type { QueryParams } from './query';
import {
  CreateContactBody,
  FilterContactsBody,
  UpdateAgentBody,
  UpdateContactBody,
  UpdateContactTagsBody,
  type FilterContactsParams,
  type GetSessionParams,
  type Instant,
  type ListContactsParams,
  type ListMessagesParams,
  type ListScheduledMessagesParams,
  type ListSessionsParams,
  type ListTemplatesParams,
  type PageParams,
} from './requests';
import type { TokenBucket } from './token-bucket';
import type { NetRoute } from '../net/net-route';

export type HelenaClientOptions = TransportOptions;
export type LoginCodeResult = z.infer<typeof LoginCodeResponse>;
export type LoginResult = z.infer<typeof LoginVerifyResponse>;
export type AssignInput = z.input<typeof AssignBody>;
export type TransferInput = z.input<typeof TransferBody>;
export type CompleteInput = z.input<typeof CompleteBody>;
export type UploadUrl = z.infer<typeof UploadUrlDTO>;
export type SavedFile = z.infer<typeof SavedFileDTO>;

/** GET /core/v2/file's query: the file's type as HelenaCRM names it, its name (with extension) and MIME type. */
const UploadUrlRequest = z.object({
  type: UploadFileType,
  name: z.string().trim().min(1).max(255),
  mimeType: z.string().max(255).optional(),
});
export type UploadUrlRequest = z.input<typeof UploadUrlRequest>;

/** Per-call options. */
export interface CallOptions {
  signal?: AbortSignal;
  /** Nobody waits on it (sync's passes): the agent's own requests go first in the rate limit (token-bucket.ts). */
  background?: boolean;
}

export const DEFAULT_PAGE_SIZE = 100;

function iso(value: Instant | undefined): string | undefined {
  if (value === undefined) return undefined;
  return value instanceof Date ? value.toISOString() : value;
}

function id(value: string): string {
  return encodeURIComponent(value);
}

function paging(p: PageParams): QueryParams {
  return {
    PageNumber: p.pageNumber ?? 1,
    PageSize: p.pageSize ?? DEFAULT_PAGE_SIZE,
    OrderBy: p.orderBy,
    OrderDirection: p.orderDirection,
  };
}

const Anything = z.unknown();

export class HelenaClient {
  private readonly transport: HelenaTransport;
  private readonly uploads: UploadTransport;

  constructor(options: HelenaClientOptions) {
    this.transport = new HelenaTransport(options);
    this.uploads = new UploadTransport({
      baseUrl: options.baseUrl,
      bucket: this.transport.bucket,
      ...(options.retry ? { retry: options.retry } : {}),
      ...(options.logger ? { logger: options.logger } : {}),
      ...(options.clock ? { clock: options.clock } : {}),
      ...(options.random ? { random: options.random } : {}),
      route: this.transport.route,
    });
  }

  /** The account's rate-limit bucket (share it with other clients of the same account). */
  get bucket(): TokenBucket {
    return this.transport.bucket;
  }

  /** The proxy and certificates this client's connections use: the realtime socket and file downloads take the same. */
  get route(): NetRoute {
    return this.transport.route;
  }

  // ---------- agent login (sandbox extension /auth/v1) ----------

  /** Sends a one-time code to the agent's email or phone. Retried at most once: each try texts the agent. */
  async requestLoginCode(login: string, opts: CallOptions = {}): Promise<LoginCodeResult> {
    return this.call({
      method: 'POST',
      path: '/auth/v1/login/code',
      body: this.input(LoginCodeRequest, { login }),
      schema: LoginCodeResponse,
      auth: false,
      retry: 'once',
      ...opts,
    });
  }

  /** Exchanges the code for the agent's token. Store `token` safely; it is never logged here. */
  async verifyLoginCode(login: string, code: string, opts: CallOptions = {}): Promise<LoginResult> {
    return this.call({
      method: 'POST',
      path: '/auth/v1/login/verify',
      body: this.input(LoginVerifyRequest, { login, code }),
      schema: LoginVerifyResponse,
      auth: false,
      retry: 'never',
      ...opts,
    });
  }

  async me(opts: CallOptions = {}): Promise<Agent> {
    return this.call({ method: 'GET', path: '/auth/v1/me', schema: AgentDTO, retry: 'idempotent', ...opts });
  }

  async logout(opts: CallOptions = {}): Promise<void> {
    await this.call({ method: 'POST', path: '/auth/v1/logout', schema: Anything, retry: 'idempotent', ...opts });
  }

  // ---------- contacts (core) ----------

  async listContacts(params: ListContactsParams = {}, opts: CallOptions = {}): Promise<Page<Contact>> {
    return this.call({
      method: 'GET',
      path: '/core/v1/contact',
      query: {
        ...paging(params),
        'UpdatedAt.After': iso(params.updatedAfter),
        'UpdatedAt.Before': iso(params.updatedBefore),
        Status: params.status,
        IncludeDetails: params.includeDetails,
      },
      schema: ContactPage,
      retry: 'idempotent',
      ...opts,
    });
  }

  /** Server-side search (`textFilter` matches name, phone, email). Read-only, so retried freely. */
  async filterContacts(params: FilterContactsParams = {}, opts: CallOptions = {}): Promise<Page<Contact>> {
    const body = this.input(FilterContactsBody, {
      pageNumber: params.pageNumber ?? 1,
      pageSize: params.pageSize ?? DEFAULT_PAGE_SIZE,
      orderBy: params.orderBy,
      orderDirection: params.orderDirection,
      updatedAt: params.updatedAfter === undefined ? undefined : { after: iso(params.updatedAfter) },
      status: params.status,
      textFilter: params.textFilter,
      name: params.name,
      phoneNumber: params.phoneNumber,
      email: params.email,
    });
    return this.call({ method: 'POST', path: '/core/v1/contact/filter', body, schema: ContactPage, retry: 'idempotent', ...opts });
  }

  async getContact(contactId: string, opts: CallOptions = {}): Promise<Contact> {
    return this.call({ method: 'GET', path: `/core/v1/contact/${id(contactId)}`, schema: ContactDTO, retry: 'idempotent', ...opts });
  }

  /** Not retried on an unknown outcome (no idempotency key); use `options.getIfExists` to make a retry harmless. */
  async createContact(body: CreateContactBody, opts: CallOptions = {}): Promise<Contact> {
    const retry: RetryMode = body.options?.getIfExists || body.options?.upsert ? 'idempotent' : 'never';
    return this.call({
      method: 'POST',
      path: '/core/v1/contact',
      body: this.input(CreateContactBody, body),
      schema: ContactDTO,
      retry,
      ...opts,
    });
  }

  async updateContact(contactId: string, body: UpdateContactBody, opts: CallOptions = {}): Promise<Contact> {
    return this.call({
      method: 'PUT',
      path: `/core/v2/contact/${id(contactId)}`,
      body: this.input(UpdateContactBody, body),
      schema: ContactDTO,
      retry: 'idempotent',
      ...opts,
    });
  }

  /**
   * POST /core/v1/contact/{id}/tags: adds, removes or replaces the contact's tags (`operation`);
   * answers the contact as HelenaCRM now has it. Retried on an unknown outcome: adding what is
   * there, or removing what is gone, changes nothing.
   */
  async updateContactTags(contactId: string, body: UpdateContactTagsBody, opts: CallOptions = {}): Promise<Contact> {
    return this.call({
      method: 'POST',
      path: `/core/v1/contact/${id(contactId)}/tags`,
      body: this.input(UpdateContactTagsBody, body),
      schema: ContactDTO,
      retry: 'idempotent',
      ...opts,
    });
  }

  /** GET /core/v1/tag: the company's tags ("etiquetas"). */
  async listTags(opts: CallOptions = {}): Promise<TagDTO[]> {
    return this.call({ method: 'GET', path: '/core/v1/tag', schema: TagList, retry: 'idempotent', ...opts });
  }

  /** GET /core/v1/contact/custom-field: the contact custom fields' definitions, flat (groups as parents). */
  async listContactCustomFields(opts: CallOptions = {}): Promise<CustomFieldDTO[]> {
    return this.call({ method: 'GET', path: '/core/v1/contact/custom-field', query: { NestedList: false }, schema: CustomFieldList, retry: 'idempotent', ...opts });
  }

  // ---------- channels, teams, agents ----------

  async listChannels(opts: CallOptions = {}): Promise<ChannelDTO[]> {
    return this.call({ method: 'GET', path: '/chat/v1/channel', schema: ChannelList, retry: 'idempotent', ...opts });
  }

  async listDepartments(opts: CallOptions = {}): Promise<DepartmentDTO[]> {
    return this.call({ method: 'GET', path: '/core/v2/department', schema: DepartmentList, retry: 'idempotent', ...opts });
  }

  async listAgents(opts: CallOptions = {}): Promise<Agent[]> {
    return this.call({ method: 'GET', path: '/core/v1/agent', schema: AgentList, retry: 'idempotent', ...opts });
  }

  /** PUT /core/v1/agent/{id}: changes what `fields` lists; answers the agent as HelenaCRM now has it. */
  async updateAgent(agentId: string, body: UpdateAgentBody, opts: CallOptions = {}): Promise<Agent> {
    return this.call({
      method: 'PUT',
      path: `/core/v1/agent/${id(agentId)}`,
      body: this.input(UpdateAgentBody, body),
      schema: AgentDTO,
      // Setting a value is idempotent: a retry after an unknown outcome sets the same again.
      retry: 'idempotent',
      ...opts,
    });
  }

  /** "Disponível" (AVAILABLE) or "Em pausa" (UNAVAILABLE): whether HelenaCRM may hand the agent new conversations. */
  async updateAgentAvailability(agentId: string, availability: AgentAvailability, opts: CallOptions = {}): Promise<Agent> {
    return this.updateAgent(agentId, { availability, fields: ['Availability'] }, opts);
  }

  // ---------- templates ----------

  async listTemplates(params: ListTemplatesParams = {}, opts: CallOptions = {}): Promise<Page<TemplateDTO>> {
    return this.call({
      method: 'GET',
      path: '/chat/v1/template',
      query: {
        ChannelId: params.channelId,
        ApprovedOnly: params.approvedOnly,
        Type: params.type,
        IncludeDetails: params.includeParams === false ? undefined : ['Params'],
        'UpdatedAt.After': iso(params.updatedAfter),
        ...paging(params),
      },
      schema: TemplatePage,
      retry: 'idempotent',
      ...opts,
    });
  }

  // ---------- sessions ----------

  async listSessions(params: ListSessionsParams = {}, opts: CallOptions = {}): Promise<Page<Session>> {
    return this.call({
      method: 'GET',
      path: '/chat/v2/session',
      query: {
        Status: params.status,
        DepartmentId: params.departmentId,
        UserId: params.userId,
        ContactId: params.contactId,
        ChannelsId: params.channelIds,
        'UpdatedAt.After': iso(params.updatedAfter),
        'UpdatedAt.Before': iso(params.updatedBefore),
        IncludeDetails: params.includeDetails,
        ...paging(params),
      },
      schema: SessionPage,
      retry: 'idempotent',
      ...opts,
    });
  }

  /** `params` last: most reads want none, and callers pass their CallOptions second. */
  async getSession(sessionId: string, opts: CallOptions = {}, params: GetSessionParams = {}): Promise<Session> {
    return this.call({
      method: 'GET',
      path: `/chat/v2/session/${id(sessionId)}`,
      query: { includeDetails: params.includeDetails },
      schema: SessionDTO,
      retry: 'idempotent',
      ...opts,
    });
  }

  /** "Assumir": gives the conversation to `userId`. */
  async assignSession(sessionId: string, body: AssignInput, opts: CallOptions = {}): Promise<Session> {
    return this.sessionAction(sessionId, 'assignee', this.input(AssignBody, body), opts);
  }

  async transferSession(sessionId: string, body: TransferInput, opts: CallOptions = {}): Promise<Session> {
    return this.sessionAction(sessionId, 'transfer', this.input(TransferBody, body), opts);
  }

  async completeSession(sessionId: string, body: CompleteInput = {}, opts: CallOptions = {}): Promise<Session> {
    return this.sessionAction(sessionId, 'complete', this.input(CompleteBody, body), opts);
  }

  async changeSessionStatus(sessionId: string, newStatus: SessionStatus, opts: CallOptions = {}): Promise<Session> {
    return this.sessionAction(sessionId, 'status', this.input(ChangeStatusBody, { newStatus }), opts);
  }

  private sessionAction(sessionId: string, action: string, body: unknown, opts: CallOptions): Promise<Session> {
    return this.call({
      method: 'PUT',
      path: `/chat/v1/session/${id(sessionId)}/${action}`,
      body,
      schema: SessionDTO,
      retry: 'idempotent',
      ...opts,
    });
  }

  // ---------- messages ----------

  async listMessages(sessionId: string, params: ListMessagesParams = {}, opts: CallOptions = {}): Promise<Page<Message>> {
    return this.listSessionItems(sessionId, 'message', params, opts);
  }

  /** A conversation's messages or notes: the same paged list of MessageDTO under two paths. */
  private listSessionItems(sessionId: string, list: 'message' | 'note', params: ListMessagesParams, opts: CallOptions): Promise<Page<Message>> {
    return this.call({
      method: 'GET',
      path: `/chat/v1/session/${id(sessionId)}/${list}`,
      query: {
        'CreatedAt.After': iso(params.createdAfter),
        'UpdatedAt.After': iso(params.updatedAfter),
        ...paging(params),
      },
      schema: MessagePage,
      retry: 'idempotent',
      ...opts,
    });
  }

  /**
   * Text (`text`), a template (`templateId` + `parameters`) or a saved file (`fileId`, with `text`
   * as its caption) into an existing conversation. Outside the window the server holds text and
   * files as WAIT_REPLY, or (strict mode) refuses them: `window_closed`.
   */
  async sendSessionMessage(sessionId: string, body: QuickSendBody, opts: CallOptions = {}): Promise<QuickMessage> {
    const parsed = this.input(QuickSendBody, body);
    return this.call({
      method: 'POST',
      path: `/chat/v1/session/${id(sessionId)}/message`,
      body: parsed,
      schema: QuickMessageDTO,
      retry: parsed.refId ? 'deduped' : 'never',
      ...opts,
    });
  }

  async getMessage(messageId: string, opts: CallOptions = {}): Promise<Message> {
    return this.call({ method: 'GET', path: `/chat/v1/message/${id(messageId)}`, schema: MessageDTO, retry: 'idempotent', ...opts });
  }

  async getMessageStatus(messageId: string, opts: CallOptions = {}): Promise<MessageStatusInfo> {
    return this.call({
      method: 'GET',
      path: `/chat/v1/message/${id(messageId)}/status`,
      schema: MessageStatusDTO,
      retry: 'idempotent',
      ...opts,
    });
  }

  /** Cancels a message the server still holds (WAIT_REPLY / QUEUED). */
  async cancelMessage(messageId: string, opts: CallOptions = {}): Promise<Message> {
    return this.call({ method: 'DELETE', path: `/chat/v1/message/${id(messageId)}`, schema: MessageDTO, retry: 'idempotent', ...opts });
  }

  // ---------- internal notes ----------

  /**
   * A conversation's internal notes ("notas internas", PublicMessageDTO of type NOTE), paged like
   * its messages. HelenaCRM lists them apart: GET .../message does not include them.
   */
  async listNotes(sessionId: string, params: ListMessagesParams = {}, opts: CallOptions = {}): Promise<Page<Message>> {
    return this.listSessionItems(sessionId, 'note', params, opts);
  }

  /**
   * Saves an internal note in a conversation: the team sees it, the contact never does, and the
   * WhatsApp window does not matter. Give it a `refId` (an extension HelenaCRM's body does not
   * name; the sandbox dedupes on it) so a retry after an unknown outcome writes one note.
   */
  async addNote(sessionId: string, body: NoteSendBody, opts: CallOptions = {}): Promise<Message> {
    const parsed = this.input(NoteSendBody, body);
    return this.call({
      method: 'POST',
      path: `/chat/v1/session/${id(sessionId)}/note`,
      body: parsed,
      schema: MessageDTO,
      retry: parsed.refId ? 'deduped' : 'never',
      ...opts,
    });
  }

  // ---------- files (core v2): upload URL → PUT the bytes → save ----------

  /**
   * GET /core/v2/file: a slot (tempFileId) and the URL to PUT the file's bytes to. Retried on an
   * unknown outcome: a slot never used costs nothing.
   */
  async requestUploadUrl(file: UploadUrlRequest, opts: CallOptions = {}): Promise<UploadUrl> {
    const query = this.input(UploadUrlRequest, file);
    return this.call({
      method: 'GET',
      path: '/core/v2/file',
      query: { Type: query.type, Name: query.name, MimeType: query.mimeType || undefined },
      schema: UploadUrlDTO,
      retry: 'idempotent',
      ...opts,
    });
  }

  /**
   * PUTs the bytes to `urlUpload` (absolute; in production presigned storage on another host).
   * Never with the token; on the account's rate budget only when the URL is on HelenaCRM's own
   * origin; retried like any idempotent call (upload-transport.ts).
   */
  async uploadFile(urlUpload: string, bytes: Uint8Array, mimeType: string, opts: UploadOptions = {}): Promise<void> {
    await this.uploads.put(urlUpload, bytes, mimeType, opts);
  }

  /**
   * POST /core/v2/file: the uploaded bytes become a file whose id messages take (`fileId`) and may
   * reuse. Idempotent per tempFileId (saving again answers the same file), so retried freely.
   */
  async saveFile(tempFileId: string, opts: CallOptions = {}): Promise<SavedFile> {
    return this.call({
      method: 'POST',
      path: '/core/v2/file',
      body: this.input(SaveFileBody, { tempFileId }),
      schema: SavedFileDTO,
      retry: 'idempotent',
      ...opts,
    });
  }

  // ---------- send API ----------

  /** Starts (or re-engages) a conversation with a template. Give it a `refId` so retries are safe. */
  async sendTemplate(body: SendTemplateBody, opts: CallOptions = {}): Promise<SendResult> {
    const parsed = this.input(SendTemplateBody, body);
    return this.call({
      method: 'POST',
      path: '/chat/v1/send/template',
      body: parsed,
      schema: SendMessageResponse,
      retry: parsed.refId ? 'deduped' : 'never',
      ...opts,
    });
  }

  /** Free text straight to WhatsApp; fails with `window_closed` outside the 24-hour window. */
  async sendText(body: SendTextBody, opts: CallOptions = {}): Promise<SendResult> {
    const parsed = this.input(SendTextBody, body);
    return this.call({
      method: 'POST',
      path: '/chat/v1/send/text',
      body: parsed,
      schema: SendMessageResponse,
      retry: parsed.refId ? 'deduped' : 'never',
      ...opts,
    });
  }

  /**
   * "Digitando…" for the contact. Best effort: skipped at once (`rate_limit.skipped`) when the
   * account's budget is short, tried exactly once, so it never delays or crowds out a real send.
   */
  async sendTyping(sessionId: string, opts: CallOptions = {}): Promise<void> {
    const body = this.input(SendTypingBody, { sessionId });
    await this.call({ method: 'POST', path: '/chat/v1/send/typing', body, schema: Anything, retry: 'never', bestEffort: true, ...opts });
  }

  // ---------- scheduled messages ("Mensagens Agendadas") ----------

  /**
   * POST /chat/v1/scheduled-message. Never retried on an unknown outcome: the body has no refId,
   * so a second try after a lost answer could schedule the template twice. A caller whose answer
   * was lost should list the contact's scheduled messages before trying again.
   */
  async createScheduledMessage(body: CreateScheduledMessageBody, opts: CallOptions = {}): Promise<ScheduledMessage> {
    return this.call({
      method: 'POST',
      path: '/chat/v1/scheduled-message',
      body: this.input(CreateScheduledMessageBody, body),
      schema: ScheduledMessageDTO,
      retry: 'never',
      ...opts,
    });
  }

  async listScheduledMessages(params: ListScheduledMessagesParams = {}, opts: CallOptions = {}): Promise<Page<ScheduledMessage>> {
    return this.call({
      method: 'GET',
      path: '/chat/v1/scheduled-message',
      query: {
        To: params.to,
        Status: params.status,
        User: params.user,
        'ScheduledAt.After': params.scheduledAfter,
        IncludeDetails: ['Template'],
        ...paging(params),
      },
      schema: ScheduledMessagePage,
      retry: 'idempotent',
      ...opts,
    });
  }

  /**
   * PUT /chat/v1/scheduled-message/{id}: the fields named in `fields` change ("Alterar horário":
   * `Scheduling`). Setting the same moment twice sets it once, so a retry is harmless. 409
   * `conflict` once processed or cancelled.
   */
  async updateScheduledMessage(scheduledId: string, body: UpdateScheduledMessageBody, opts: CallOptions = {}): Promise<ScheduledMessage> {
    return this.call({
      method: 'PUT',
      path: `/chat/v1/scheduled-message/${id(scheduledId)}`,
      body: this.input(UpdateScheduledMessageBody, body),
      schema: ScheduledMessageDTO,
      retry: 'idempotent',
      ...opts,
    });
  }

  /** Cancelling twice cancels once (the second answers as the first), so a retry is harmless. 409 `conflict` once processed. */
  async cancelScheduledMessage(scheduledId: string, opts: CallOptions = {}): Promise<void> {
    await this.call({ method: 'POST', path: `/chat/v1/scheduled-message/${id(scheduledId)}/cancel`, schema: Anything, retry: 'idempotent', ...opts });
  }

  // ---------- plumbing ----------

  private call<S extends z.ZodType>(spec: RequestSpec<S>): Promise<z.output<S>> {
    return this.transport.request(spec);
  }

  /** Checks what we are about to send; a bad input never reaches the server. */
  private input<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
    const parsed = schema.safeParse(value);
    if (parsed.success) return parsed.data;
    const fields = [...new Set(parsed.error.issues.map((i) => i.path.map(String).join('.')).filter((p) => p !== ''))];
    const first = parsed.error.issues[0];
    throw new HelenaError({
      detail: { kind: 'validation', fields },
      status: null,
      key: 'client.validation',
      serverText: first ? `${first.path.map(String).join('.') || '(body)'}: ${first.message}` : null,
    });
  }
}
