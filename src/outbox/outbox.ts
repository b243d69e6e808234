/**
 * The durable outbox (issue 3, item 5), after Signal Desktop's job queue: what the agent sends is
 * written to SQLite (message + outbox row, one transaction) before the promise resolves; one
 * serial p-queue per conversation, conversations in parallel; the same refId on every try; capped
 * jittered backoff persisted in next_attempt_at; on start, rows left 'sending' by a dead process
 * are sent again with their refId, which the server dedupes.
 *
 * Window policy (free text is never sent outside WhatsApp's 24-hour window):
 * - Online, window open or unknown, server lenient: the text is handed to the server. If the
 *   window is closed the server holds it as WAIT_REPLY (our row: 'waiting_reply', with the
 *   server's id) and releases it, in order, when the contact replies.
 * - The server refused with 131047 (strict, like the Cloud API): the server is remembered as
 *   strict, the text is kept LOCALLY as 'waiting_reply', and so is every later text of that
 *   conversation (order); they go out when onContactReplied(sessionId) fires or the cached
 *   session's window opens. While the server is known strict and the local window (computeWindow
 *   over the cached session) says closed, no text is even tried.
 * - Offline and the local window closed: the text shows 'waiting_reply' at once; on reconnect it
 *   is handed to a lenient server (which holds it) or kept for the reply by a strict one.
 * - Templates (and starts) may always go: they are how the agent re-engages, so they pass texts
 *   held for the reply. So do internal notes (kind 'note'), which never reach the contact.
 * - Files (kind 'file': a PDF, a photo, with the box's text as caption) follow the window exactly
 *   as text does. Their bytes wait in the data folder (attachment-files.ts), on disk before the
 *   entry commits. Sending one uploads it (attachment-upload.ts), records HelenaCRM's file id on
 *   the entry, then sends the message with the entry's refId: a retry after a crash or a failure
 *   reuses a recorded id instead of uploading again (at worst an upload is left unused, never a
 *   message sent twice). The bytes are deleted once the message is sent or cancelled.
 *   A file may be cancelled while it uploads ("enviei o arquivo errado"), up to the moment its
 *   send request is about to start: that moment is recorded (send_started_at, migration 015) by a
 *   compare-and-set that the cancel's own compare-and-set races, so exactly one wins. Cancel first:
 *   the upload is aborted and nothing is sent. Send first: cancel is refused for good, also after
 *   a crash or a failed try (the retry's refId is deduped; the first try may be the one that
 *   arrives), so "too late" may be said of a file that never went, never the reverse.
 * - Every kind has that point of no return (pastNoReturn): a text, template, start or note whose
 *   send request went and whose answer was lost is queued again for the retry, but may no longer
 *   be cancelled or edited — HelenaCRM keeps the first of a refId, so an edit would show text the
 *   contact never got, and "cancelled" might be a message the contact has. One HelenaCRM holds for
 *   the reply (WAIT_REPLY) is still withdrawn there: HelenaCRM confirms it. A held text (or a held
 *   file's caption) may also be edited: withdrawn there, then sent again on the same line with a new
 *   refId (editServerHeld); a file by the id HelenaCRM already has, not uploaded again.
 *   Everything else keeps the agent's order: a queued entry in backoff holds the entries behind
 *   it, and nothing behind a start goes before the start has its session.
 *
 * Whose and when:
 * - Entries belong to the agent who wrote them (outbox.author_id). With `agentId` set, only that
 *   agent's entries (and authorless ones) are sent, edited or cancelled; other agents' stay queued,
 *   untouched, until their author signs in again. Counts are the agent's, plus `otherAgents`.
 * - A 401 (token expired) pauses the whole outbox: the entry goes back to queued as if never
 *   tried, nothing else is tried, nothing fails. setAuthorized(true) (after the next login)
 *   resumes at once.
 * - stop() (sign-out, another agent signing in, quitting) waits stopGraceMs at most for the sends
 *   under way: one waiting out a 429 or a dead network's timeouts is abandoned, back to queued,
 *   and goes with its refId at the next start.
 * - A message never tried whose conversation was completed meanwhile fails unsent, with the reason
 *   (HelenaCRM would refuse it); notes still go.
 */
import { randomUUID } from 'node:crypto';
import PQueue from 'p-queue';
import type { GetSessionParams, HelenaClient } from '../api';
import { backoffDelay, isHelenaError } from '../api';
import type { QuickMessageDTO, SendTemplateBody, SendTextBody, SessionDTO } from '../api/helena-dto';
import type { CoreEvent, CoreEventListener } from '../console/core-events';
import {
  attachmentTypeOf,
  channelFamilyOf,
  checkAttachment,
  checkCaption,
  checkFreeText,
  checkTemplateMedia,
  checkTemplateParams,
  computeWindow,
  FILE_TYPE_OF_KIND,
  isMediaFileId,
  renderTemplate,
  templateMediaKind,
} from '../domain';
import { isRefusedForGood, isStartKey, NOTE_TYPE, serverFailure, START_KEY_PREFIX, type CachedTemplate, type OutboxEntry, type OutboxPayload, type OutboxState, type Store } from '../store';
import type { EnqueueResult, OutboxLike, OutgoingFile, StartConversationInput } from './contract';
import type { AttachmentFiles } from './attachment-files';
import { uploadAttachment } from './attachment-upload';
import { belongsTo, outboxCountsFor, pendingOfOtherAgents } from './authors';
import { coded, decideFailure, DEFAULT_OUTBOX_RETRY, longestWaitMs, type FailureDecision, type OutboxRetryPolicy } from './failure-policy';
import { HELD_EDIT_GIVE_UP_AFTER, heldBehindLater, heldEditOf, HeldEditRefused } from './held-edit';
import { OutboxInputError } from './input-error';
import { QueueQueries } from './queue-queries';
import { parseFileBody, parseNoteBody, parseStartBody, parseSessionBody, type FileBody, type StartBody } from './payloads';

export type OutboxClient = Pick<
  HelenaClient,
  | 'sendTemplate'
  | 'sendText'
  | 'sendSessionMessage'
  | 'addNote'
  | 'cancelMessage'
  | 'getSession'
  | 'getMessage'
  | 'requestUploadUrl'
  | 'uploadFile'
  | 'saveFile'
>;

export interface OutboxOptions {
  store: Store;
  client: OutboxClient;
  /** A session the server returned (after a start): the console wires it to sync.applySession. Default: cache it. */
  onSession?: (session: SessionDTO) => void;
  /** Whether the network is believed up at construction. Default true. */
  online?: boolean;
  /**
   * The signed-in agent (userId): only their entries (and authorless ones) are sent, edited or
   * cancelled, and new entries are theirs. Omitted: the cached agent writes, every entry is sent.
   */
  agentId?: string;
  retry?: Partial<OutboxRetryPolicy>;
  /** Where the bytes of files being sent wait (the data folder's attachments/). Without it, files are refused. */
  attachments?: AttachmentFiles;
  now?: () => number;
  random?: () => number;
  newId?: () => string;
  /** Something went wrong outside any message (a bug): logged, never thrown at the UI. */
  onInternalError?: (error: unknown) => void;
  /**
   * How long stop() lets a send under way finish before abandoning it (it goes back to the queue,
   * to go with its refId at the next start). Default 2 s.
   */
  stopGraceMs?: number;
}

/** Sessions: what the UI calls status; lower-case outbox states, plus the server's later ones via sync. */
export type OutboxStatus = OutboxState;

const STRICT_KEY = 'outbox.serverStrictWindow';
const DEFAULT_STOP_GRACE_MS = 2_000;
const DAY_MS = 24 * 60 * 60 * 1000;
/** Upload progress is announced at most this often per file (the bytes move much faster than a screen needs). */
const PROGRESS_EVERY_MS = 250;

/** Entries WhatsApp's window governs: free text and files, held for the contact's reply while it is closed. */
function waitsForWindow(entry: Pick<OutboxEntry, 'kind'>): boolean {
  return entry.kind === 'text' || entry.kind === 'file';
}

/**
 * HelenaCRM answered and refused the request (bad request, no access, no such session, 131047):
 * it took nothing. A lost answer, a timeout, a 5xx, a 408/409/429 may hide a message it took.
 */
/**
 * HelenaCRM refused the call and none of its requests can have been taken: a refusal to the only
 * request made. (A send is retried inside the client when an answer is lost; a refusal to that
 * retry — the token expired meanwhile — says nothing of the first, which may have gone.)
 */
function refusedOutright(error: unknown): boolean {
  return isHelenaError(error) && error.attempts === 1 && error.status !== null && [400, 401, 403, 404, 422].includes(error.status);
}

/** HelenaCRM answered and refused (not the connection, not its own trouble, not the token): asking again changes nothing. */
function definiteRefusal(error: unknown): boolean {
  return isHelenaError(error) && !error.retryable && !error.is('unauthorized');
}

/** HelenaCRM answered, with a server error (5xx): not the network's silence, nor a 429's pause. */
function answeredServerError(error: unknown): boolean {
  return isHelenaError(error, 'server') && error.status !== null && error.status >= 500;
}

/**
 * HelenaCRM answered 2xx but not with the message the client expects (no body, another shape): the
 * request was accepted. The sandbox answers a DELETE with the deleted message; the real HelenaCRM
 * need not (its spec declares the message, nothing says in which state, nor that a body comes).
 */
function acceptedWithoutCopy(error: unknown): boolean {
  return isHelenaError(error, 'invalid_response') && error.status !== null && error.status >= 200 && error.status < 300;
}

/** HelenaCRM's copy of a message, as GET /chat/v1/message/{id} (or a DELETE) answers it. */
type ServerCopy = Awaited<ReturnType<OutboxClient['getMessage']>>;

/** Why a send did not go (pt-BR, as stored and shown) and its code, stored beside it (api/failure-messages.ts). */
type Why = Pick<FailureDecision, 'reason' | 'code'>;

type EndedReason = 'conversation_completed' | 'conversation_gone' | 'start_failed_unsent';

export class Outbox implements OutboxLike {
  private readonly store: Store;
  private readonly client: OutboxClient;
  private readonly queries: QueueQueries;
  private readonly policy: OutboxRetryPolicy;
  private readonly nowMs: () => number;
  private readonly random: () => number;
  private readonly newId: () => string;
  private readonly onSession: (session: SessionDTO) => void;
  private readonly onInternalError: (error: unknown) => void;
  private readonly attachments: AttachmentFiles | null;
  /** Files written whose entry has not committed yet: the start's sweep must not take them for orphans. */
  private readonly attachmentsBeingQueued = new Set<string>();
  private readonly listeners = new Set<CoreEventListener>();
  private readonly queues = new Map<string, PQueue>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** Files uploading now, by local id: a cancel aborts the upload through this. */
  private readonly uploads = new Map<string, AbortController>();
  /** Failed tries at finishing an edit of a held text, by conversation: the backoff between them. */
  private readonly heldEditTries = new Map<string, number>();
  /** Sessions whose contact wrote while we ran: the window is open even before the cache says so. */
  private readonly repliedAt = new Map<string, number>();
  /** How many replies each session has had while we ran: tells a reply that came while a send was in flight. */
  private readonly replies = new Map<string, number>();
  private online: boolean;
  /** False while the token is expired: nothing is tried until the agent logs in again. */
  private authorized = true;
  /** Grows each time connectivity or authorization comes back (see send). */
  private connectivityEpoch = 0;
  private readonly agentId: string | null;
  private running = false;
  /** Aborted when stop() stops waiting for the sends under way. */
  private stopping = new AbortController();
  private readonly stopGraceMs: number;
  private serverStrict: boolean;
  private countsPending = false;

  constructor(options: OutboxOptions) {
    this.store = options.store;
    this.client = options.client;
    this.nowMs = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
    this.newId = options.newId ?? randomUUID;
    this.policy = { ...DEFAULT_OUTBOX_RETRY, ...options.retry };
    this.online = options.online ?? true;
    this.agentId = options.agentId ?? null;
    this.queries = new QueueQueries(this.store, () => this.nowIso(), this.agentId);
    this.onSession = options.onSession ?? ((session) => void this.store.sessions.upsertSessions([session]));
    this.onInternalError = options.onInternalError ?? ((error) => console.error('[outbox]', error));
    this.attachments = options.attachments ?? null;
    this.stopGraceMs = options.stopGraceMs ?? DEFAULT_STOP_GRACE_MS;
    this.serverStrict = this.store.syncState.get(STRICT_KEY) === '1';
  }

  // ---------- enqueue ----------

  async startConversation(input: StartConversationInput): Promise<EnqueueResult> {
    const to = input.to ?? (input.contactId ? this.store.contacts.get(input.contactId)?.phoneNumber : null);
    if (!to) throw new OutboxInputError('contact', 'Contato sem telefone no cache local: sincronize e tente de novo.');
    const channel = this.store.directory.channels().find((c) => c.id === input.channelId);
    if (!channel) throw new OutboxInputError('channelId', 'Canal não encontrado no cache local: sincronize e tente de novo.');
    const localId = this.newId();
    const refId = this.newId();
    const options = { department: { id: input.departmentId } };
    let body: StartBody;
    let text: string;
    let categoryName: string | null = null;
    let media: { type: string; media: string | null } = { type: 'TEXT', media: null };
    if (input.templateId) {
      const parameters = input.parameters ?? {};
      const template = this.store.templates.get(input.templateId);
      if (template) this.assertParams(template.params, parameters);
      media = this.mediaOf(template, input.media);
      text = template?.text ? renderTemplate(template.text, parameters) : '';
      categoryName = template?.categoryName ?? null;
      body = { from: channel.id, to, templateId: input.templateId, parameters, ...(media.media ? { fileIdOrUrl: media.media } : {}), options, refId };
    } else {
      if (channelFamilyOf(channel.type) !== 'unofficial') {
        throw new OutboxInputError('templateId', 'Em canal oficial do WhatsApp a conversa começa com um modelo aprovado.');
      }
      text = input.text ?? '';
      this.assertText(text);
      body = { from: channel.id, to, text, options, refId };
    }
    const key = `${START_KEY_PREFIX}${localId}`;
    const entry = this.store.outbox.enqueue({
      message: {
        localId,
        refId,
        conversationKey: key,
        sessionId: null,
        text,
        templateId: input.templateId ?? null,
        parameters: input.parameters ?? null,
        ...media,
        userId: this.authorId(),
        categoryName,
        createdAt: this.nowIso(),
      },
      // The repo's payload type names the template start; a QR text start has the text body instead.
      payload: { kind: 'start', body } as OutboxPayload,
    });
    return this.enqueued(entry);
  }

  async sendText(sessionId: string, text: string): Promise<EnqueueResult> {
    this.assertText(text);
    const key = this.resolveKey(sessionId);
    const localId = this.newId();
    const refId = this.newId();
    const entry = this.store.outbox.enqueue({
      message: this.localMessage(localId, refId, key, { text, templateId: null, parameters: null }),
      payload: { kind: 'text', body: { text, refId } },
      state: this.initialTextState(key),
    });
    return this.enqueued(entry);
  }

  async sendTemplate(sessionId: string, templateId: string, parameters: Record<string, string>, mediaGiven?: string): Promise<EnqueueResult> {
    const template = this.store.templates.get(templateId);
    if (template) this.assertParams(template.params, parameters);
    const media = this.mediaOf(template, mediaGiven);
    const key = this.resolveKey(sessionId);
    const localId = this.newId();
    const refId = this.newId();
    const text = template?.text ? renderTemplate(template.text, parameters) : null;
    // Inside a conversation HelenaCRM takes the file as fileUrl (a link) or fileId (an uploaded file).
    const file = media.media === null ? {} : isMediaFileId(media.media) ? { fileId: media.media } : { fileUrl: media.media };
    const entry = this.store.outbox.enqueue({
      message: {
        ...this.localMessage(localId, refId, key, { text, templateId, parameters }),
        ...media,
        categoryName: template?.categoryName ?? null,
      },
      payload: { kind: 'template', body: { templateId, parameters, ...file, refId } },
    });
    return this.enqueued(entry);
  }

  /**
   * An internal note: in the conversation's queue (after its start, in the agent's order), but
   * never held for the WhatsApp window, which notes do not need; it passes texts held for the reply
   * as templates do.
   */
  async addNote(sessionId: string, text: string): Promise<EnqueueResult> {
    this.assertText(text);
    const key = this.resolveKey(sessionId);
    const localId = this.newId();
    const refId = this.newId();
    const entry = this.store.outbox.enqueue({
      message: { ...this.localMessage(localId, refId, key, { text, templateId: null, parameters: null }), type: NOTE_TYPE },
      payload: { kind: 'note', body: { text, refId } },
    });
    return this.enqueued(entry);
  }

  /**
   * A file the agent attached (a PDF, a photo), with the box's text as its caption: checked by
   * WhatsApp's rules, its bytes written to the data folder, then the message and its entry
   * committed, before this resolves. It waits for the window like text.
   */
  async sendFile(sessionId: string, file: OutgoingFile): Promise<EnqueueResult> {
    const attachments = this.attachments;
    if (!attachments) throw new OutboxInputError('file', 'Este Helena Desk não tem onde guardar arquivos para enviar: reinicie o aplicativo.');
    const size = file.bytes.byteLength;
    const issue = checkAttachment({ name: file.name, mimeType: file.mimeType, size });
    const type = attachmentTypeOf(file.name, file.mimeType);
    if (issue || !type) throw new OutboxInputError('file', issue?.message ?? 'Arquivo não aceito.');
    const captionIssue = checkCaption(file.caption, type.kind);
    if (captionIssue) throw new OutboxInputError('caption', captionIssue.message);
    const key = this.resolveKey(sessionId);
    const localId = this.newId();
    const refId = this.newId();
    const caption = file.caption?.trim() ? file.caption : null;
    // On disk before the entry that names it commits: a crash in between leaves a file with no
    // entry (swept at the next start), never an entry without its file.
    this.attachmentsBeingQueued.add(localId);
    let entry: OutboxEntry;
    try {
      await attachments.save(localId, file.bytes);
      entry = this.store.outbox.enqueue({
        message: {
          ...this.localMessage(localId, refId, key, { text: caption, templateId: null, parameters: null }),
          type: type.messageType,
          file: { name: file.name, size, mimeType: type.mimeType },
        },
        payload: {
          kind: 'file',
          body: { ...(caption !== null ? { text: caption } : {}), refId, attachment: { name: file.name, mimeType: type.mimeType, size, uploadType: type.uploadType } },
        },
        state: this.initialTextState(key),
      });
    } catch (error) {
      await attachments.remove(localId).catch(() => undefined);
      throw error;
    } finally {
      this.attachmentsBeingQueued.delete(localId);
    }
    return this.enqueued(entry);
  }

  // ---------- edit / cancel ----------

  /**
   * Changes a queued entry: a text's text, a template's parameters, a media template's file
   * (`media`: checked by the template's media rule, as at send time; refused for a message that
   * carries no file). The send body and the message row change together.
   */
  async edit(localId: string, change: { text?: string; parameters?: Record<string, string>; media?: string }): Promise<boolean> {
    const entry = this.store.outbox.get(localId);
    if (!entry || !this.isMine(localId)) return false;
    if (this.isServerHeld(entry)) return this.editServerHeld(entry, change);
    return this.editHere(entry, change);
  }

  /** edit() of an entry HelenaCRM does not hold: its body and message line change here, in one step. */
  private editHere(entry: OutboxEntry, change: { text?: string; parameters?: Record<string, string>; media?: string }): boolean {
    const localId = entry.localId;
    const templateId = this.templateIdOf(entry);
    if (change.text !== undefined) {
      if (templateId) throw new OutboxInputError('text', 'Uma mensagem de modelo muda pelos parâmetros, não pelo texto.');
      this.assertText(change.text);
      // A file's text is its caption: WhatsApp's caption rules too.
      if (entry.kind === 'file') this.assertCaption(entry, change.text);
    }
    let media: string | undefined;
    if (change.media !== undefined) media = this.editedMedia(localId, templateId, change.media);
    let rendered: string | null = null;
    if (change.parameters !== undefined) {
      const template = templateId ? this.store.templates.get(templateId) : null;
      if (template) {
        this.assertParams(template.params, change.parameters);
        rendered = template.text ? renderTemplate(template.text, change.parameters) : null;
      }
    }
    let followers: string[] = [];
    const edited = this.store.durableTransaction(() => {
      const result = this.store.outbox.edit(localId, { ...change, ...(media !== undefined ? { media } : {}) });
      if (result && rendered !== null) this.store.messages.updateLocalContent(localId, { text: rendered });
      if (result) this.store.messages.setStatus(localId, 'LOCAL');
      if (result && entry.state === 'failed') followers = this.requeueBehindStart(entry);
      return result;
    });
    if (!edited) return false;
    this.emitStatus(edited);
    for (const id of followers) this.emitById(id);
    this.kick(edited.conversationKey);
    return true;
  }

  async cancel(localId: string): Promise<boolean> {
    const entry = this.store.outbox.get(localId);
    if (!entry || !this.isMine(localId)) return false;
    // A second cancel (a double Enter, two windows) agrees with the first rather than saying "too late".
    if (entry.state === 'cancelled') return true;
    if (this.isServerHeld(entry)) return this.cancelServerHeld(entry);
    if (entry.kind === 'file' && entry.state === 'sending') return this.cancelUpload(entry);
    const cancelled = this.store.durableTransaction(() => {
      if (!this.store.outbox.cancel(localId)) return [];
      const all = [localId];
      // Nothing queued behind a start can go without it: those are cancelled with it.
      if (entry.kind === 'start') {
        for (const follower of this.queries.pendingOf(entry.conversationKey)) {
          if (this.store.outbox.cancel(follower.localId)) all.push(follower.localId);
        }
      }
      return all;
    });
    for (const id of cancelled) this.emitById(id);
    if (cancelled.length > 0) this.kick(entry.conversationKey);
    return cancelled.length > 0;
  }

  /**
   * A file being sent: cancelled only while its send request has not started (the store's
   * compare-and-set against markSendStarted). The upload under way is aborted; the bytes go with
   * the status (emitStatus).
   */
  private cancelUpload(entry: OutboxEntry): boolean {
    if (!this.store.outbox.cancelUploading(entry.localId)) return false;
    this.uploads.get(entry.localId)?.abort();
    this.emitById(entry.localId);
    this.kick(entry.conversationKey);
    return true;
  }

  /** Sends a failed entry again (same refId). False when it is not failed. */
  async retry(localId: string): Promise<boolean> {
    if (!this.isMine(localId)) return false;
    // A fresh series: after a long outage ended in 'failed', one more transient error must back off
    // and try again, not fail at once for the tries of the outage.
    const before = this.store.outbox.get(localId);
    const followers: string[] = [];
    const changed = this.store.transaction(() => {
      if (!this.store.outbox.setState(localId, { state: 'queued', from: ['failed'], restartAttempts: true })) return false;
      this.store.messages.setStatus(localId, 'LOCAL');
      if (before) followers.push(...this.requeueBehindStart(before));
      return true;
    });
    if (!changed) return false;
    this.emitById(localId);
    for (const id of followers) this.emitById(id);
    const entry = this.store.outbox.get(localId);
    if (entry) this.kick(entry.conversationKey);
    return true;
  }

  /**
   * The agent is done with the line of an edit not made (held-edit.ts abandonedEditOf): the text kept
   * for it goes, and the row is announced so every window redraws the line without it. Nothing is
   * sent and nothing else of the row changes. False when the row is another agent's or keeps no such text.
   */
  dismissEditNote(localId: string): boolean {
    if (!this.isMine(localId) || !this.queries.dismissAbandonedEdit(localId)) return false;
    this.emitById(localId);
    return true;
  }

  /**
   * A start refused for good, edited or tried again by the agent: what was failed behind it only
   * because of that refusal (start_failed_unsent, never sent) waits for it again, as before the
   * refusal. Returns their localIds. Call inside the transaction that re-queues the start.
   */
  private requeueBehindStart(start: OutboxEntry): string[] {
    if (start.kind !== 'start' || !isStartKey(start.conversationKey)) return [];
    const requeued: string[] = [];
    for (const follower of this.store.outbox.listByConversation(start.conversationKey)) {
      if (follower.localId === start.localId || follower.state !== 'failed' || follower.sendStartedAt !== null) continue;
      if (follower.lastErrorCode?.code !== 'start_failed_unsent') continue;
      if (!this.store.outbox.setState(follower.localId, { state: 'queued', from: ['failed'], restartAttempts: true })) continue;
      this.store.messages.setStatus(follower.localId, 'LOCAL');
      requeued.push(follower.localId);
    }
    return requeued;
  }

  private async cancelServerHeld(entry: OutboxEntry): Promise<boolean> {
    const serverId = this.queries.serverCopyOf(entry.localId)?.id;
    if (!serverId) return false;
    try {
      await this.client.cancelMessage(serverId);
    } catch (error) {
      // A 2xx whose body is not the message (the real HelenaCRM's DELETE need not answer as the
      // sandbox does): HelenaCRM accepted the withdrawal.
      if (!acceptedWithoutCopy(error)) {
        if (!isHelenaError(error, 'conflict') && !isHelenaError(error, 'not_found')) throw error;
        // No longer held: released to WhatsApp, or deleted by an earlier DELETE whose answer was lost
        // (the client's own retry — answered 409, or 404 for a copy already deleted — or the agent
        // pressing again). Only HelenaCRM's copy tells which; reading the refusal as "released"
        // would show "Enviado" for a message the contact never gets.
        return this.settleAfterRefusedCancel(entry, serverId, error);
      }
    }
    const ok = this.store.durableTransaction(() => {
      if (this.editedSince(entry)) return null;
      const done = this.store.outbox.cancel(entry.localId, { deletedOnServer: true });
      if (done) this.store.messages.setStatus(entry.localId, 'DELETED');
      return done;
    });
    if (ok === null) return this.cancel(entry.localId);
    if (ok) this.emitById(entry.localId);
    return ok;
  }

  /**
   * The row took an edit's new text (a new refId) while this cancel withdrew the copy it had
   * (editServerHeld swapped it in meanwhile: the agent pressed "Editar", then "Cancelar"). The
   * withdrawn copy then says nothing of the row: the new text may be queued, held on HelenaCRM
   * under its own id, or sent — the cancel is decided again on what the row is now.
   */
  private editedSince(entry: OutboxEntry): boolean {
    return (this.store.outbox.get(entry.localId)?.refId ?? entry.refId) !== entry.refId;
  }

  /**
   * The edit of a text HelenaCRM holds for the contact's reply. HelenaCRM has no edit: its copy is
   * withdrawn exactly as a cancel does, and the new text is queued on the same row and message line
   * (same localId: the line stays where it is) with a new refId (held-edit.ts says why). A held file
   * is edited the same way by its caption: the new message names the file HelenaCRM already has (the
   * row's fileId, recorded before the first send and kept by the swap), so nothing is uploaded again.
   *
   * The states, each durable, and what a crash at each instant leaves:
   *   H  held: waiting_reply, refId R1, HelenaCRM's copy S1 (WAIT_REPLY). The line shows the original.
   *   W  H + the intent {text, R2, S1} in the payload, committed (synchronous=FULL) before the DELETE
   *      leaves. Killed here — before the DELETE, or after HelenaCRM deleted S1 but before the answer
   *      was written — the next start's drain finds W and asks again: DELETE S1 (a 409 then reads
   *      HelenaCRM's copy: DELETED → Q; released or failed → the original stands, the intent goes).
   *      While W, the row is a barrier: nothing later of the conversation goes, so nothing can be
   *      held behind S1's replacement; a reply heard meanwhile does not guess it 'sent', and a
   *      DELETED copy synced meanwhile does not read 'cancelled' — HelenaCRM's answer to the
   *      withdrawal decides. A DELETE HelenaCRM answers with a server error while its copy still
   *      reads WAIT_REPLY is counted in the intent (the same durable write as any change of W); at
   *      HELD_EDIT_GIVE_UP_AFTER the intent goes in that write, its text kept only to tell the agent
   *      (abandonedEditOf): back to H, nothing sent, nothing withdrawn. Killed before the count is
   *      written, the try is simply made again; after, the count stands; after the give-up, H.
   *   Q  queued: refId R2, the new text, no server copy, no point of no return, attempts 0; one
   *      transaction from W, only after HelenaCRM confirmed S1 deleted. Killed here: it is sent
   *      like any queued text, R2 deduped by HelenaCRM if a try had reached it.
   * So nothing is lost (the new text is on disk before anything is withdrawn) and nothing goes
   * twice (R2 is sent only once S1 is deleted; S1 is never sent again, R1 never reused).
   *
   * Order: only when no later text or file of the conversation is held on HelenaCRM (or may be: a
   * try whose answer was lost). Sent again, the edited text would be released after those; taking
   * them all back and sending them again is a DELETE each, every one racing the contact's reply
   * (a reply between two DELETEs releases some and not others), for a case the agent settles in
   * three visible steps: cancel the later ones, edit, write them again. So it is refused, saying so.
   *
   * Offline it is refused at once, nothing recorded: the withdrawal needs HelenaCRM's word, and an
   * edit queued until the connection returns would show a text the contact may never get (a reply
   * meanwhile releases the original). When the connection fails mid-way the intent stays (W) and
   * the agent is told it will be finished when the connection returns.
   *
   * Runs in the conversation's serial queue: no send of the conversation interleaves with it.
   */
  private async editServerHeld(entry: OutboxEntry, change: { text?: string; parameters?: Record<string, string>; media?: string }): Promise<boolean> {
    // A held text changes by its text, a held file by its caption: the file itself is HelenaCRM's
    // already (the row's fileId), and goes again by that id, not uploaded twice.
    if ((entry.kind !== 'text' && entry.kind !== 'file') || change.text === undefined || change.parameters !== undefined || change.media !== undefined) return false;
    const text = change.text;
    this.assertText(text);
    // WhatsApp's caption rules (1024 characters; none on audio), refused before anything is recorded.
    if (entry.kind === 'file') this.assertCaption(entry, text);
    if (!this.online) throw new HeldEditRefused('offline');
    const localId = entry.localId;
    const key = entry.conversationKey;
    let edited: boolean;
    try {
      edited = await this.serially(key, async () => {
        const current = this.store.outbox.get(localId);
        const serverId = this.queries.serverCopyOf(localId)?.id ?? null;
        // Moved on while it waited its turn: released by a reply, cancelled — or an edit just before
        // this one (the agent pressed "Editar" twice) swapped its text in and queued it. Decided again
        // on what it is now, here in the conversation's queue so that its send cannot claim it first:
        // a queued text takes this edit as any queued text does, a sent one is too late.
        if (!current || !this.isServerHeld(current) || serverId === null) return current ? this.editHere(current, change) : false;
        if (this.heldAfter(current)) throw new HeldEditRefused('order');
        const refId = this.newId();
        if (!this.queries.recordHeldEdit(localId, { text, refId, serverId })) return false;
        const outcome = await this.withdrawForEdit(localId, true);
        if (outcome === 'unsettled' || outcome === 'server_error' || outcome === 'abandoned') throw new HeldEditRefused(outcome);
        return outcome === 'edited';
      });
    } catch (error) {
      // Unsettled (HelenaCRM's trouble, a lost answer): tried again after a backoff by the sending
      // loop, not only at the next reconnect or reply — a reply first would release the original.
      if (error instanceof HeldEditRefused && (error.reason === 'unsettled' || error.reason === 'server_error')) this.retryHeldEditLater(key);
      // The token expired: as for a send (pauseForAuth), nothing is tried until the next login, which finishes it.
      else if (isHelenaError(error, 'unauthorized')) this.authorized = false;
      else this.kick(key);
      throw error;
    }
    this.kick(key);
    return edited;
  }

  /**
   * State W (editServerHeld): withdraws HelenaCRM's copy and, once it confirms, swaps the new text
   * in (Q). 'too_late': released or failed first, the original stands; 'unsettled': HelenaCRM's
   * answer is unknown (the connection), 'server_error': it answered with one (5xx), and either way
   * the intent stays for the next try;
   * 'abandoned': the server error came HELD_EDIT_GIVE_UP_AFTER times, the intent is dropped (H, the
   * original held) and its text kept to say the edit was not made. A definite refusal of
   * the withdrawal (no access) drops the intent and is thrown, once HelenaCRM's copy says it is still
   * held (a refusal of the client's retry of a DELETE that acted must not drop it) or HelenaCRM refuses
   * to show it; in the background its text is kept (editRefused). The token's refusal is thrown and
   * the intent waits for the next login.
   * `agentWaiting`: an "Editar" call waits for the outcome and tells the agent 'too_late' (the text
   * stays in their box). Otherwise (a try in the background) nobody would: released first, the
   * edit's text stays on the row (keepEditNotMade) rather than vanish, and so does it when the
   * withdrawal is refused.
   */
  private async withdrawForEdit(localId: string, agentWaiting: boolean): Promise<'edited' | 'too_late' | 'unsettled' | 'server_error' | 'abandoned'> {
    const entry = this.store.outbox.get(localId);
    const edit = entry ? heldEditOf(entry) : null;
    if (!entry || !edit) return 'too_late';
    const repliesBefore = this.replies.get(entry.conversationKey) ?? 0;
    // HelenaCRM's answer to the DELETE: only a copy that reads DELETED settles it by itself. The real
    // HelenaCRM's answer is not the sandbox's: it may come with no body or another shape (a 2xx all
    // the same: accepted), or a copy as it was before the deletion; the client's retry of a DELETE
    // whose answer was lost may be refused (409, or 404 for a copy already deleted). Reading any of
    // those as "refused" or "released" dropped an edit whose original HelenaCRM had deleted: the
    // contact got nothing, and a reply then showed the original as sent.
    let answered: ServerCopy | null = null;
    let accepted = false;
    let refusal: unknown = null;
    try {
      answered = await this.client.cancelMessage(edit.serverId, this.call());
      accepted = true;
    } catch (error) {
      // The token expired: the intent waits for the next login, which finishes it.
      if (isHelenaError(error, 'unauthorized')) throw error;
      if (acceptedWithoutCopy(error)) accepted = true;
      else refusal = error;
    }
    let copy: ServerCopy | 'gone';
    if (answered?.status === 'DELETED') copy = answered;
    else {
      // HelenaCRM's copy, read now, says which: deleted, still held, or released first.
      try {
        copy = await this.client.getMessage(edit.serverId, this.call());
      } catch (unknown) {
        if (isHelenaError(unknown, 'unauthorized')) throw unknown;
        // Accepted, and HelenaCRM no longer has it at all: deleted for good.
        if (accepted && isHelenaError(unknown, 'not_found')) copy = 'gone';
        else if (definiteRefusal(unknown)) {
          // Only a DELETE refused at its only request took nothing: the original stands as it was.
          // Otherwise (accepted, its answer lost, a server error) HelenaCRM may have deleted it, and
          // its refusal to show it leaves that unknown: the line must not say it still waits.
          const untouched = refusedOutright(refusal) && !isHelenaError(refusal, 'not_found');
          this.editRefused(localId, agentWaiting, untouched ? 'refused' : 'unconfirmed');
          // Accepted, HelenaCRM may well have deleted it: a reply then released nothing.
          if (!accepted) this.releasedByReplySince(entry, repliesBefore);
          throw definiteRefusal(refusal) ? refusal : unknown;
        } else {
          // Only a DELETE HelenaCRM itself answered with a server error is one (the read's own
          // failure says nothing of it): accepted, or its answer lost, the DELETE may have acted,
          // and the agent must not read that HelenaCRM failed it.
          return answeredServerError(refusal) ? 'server_error' : 'unsettled';
        }
      }
      if (copy !== 'gone' && copy.status === 'WAIT_REPLY') {
        // Still held: the DELETE never acted. Refused outright (no access…), asking again changes
        // nothing and the intent goes; otherwise (a server error, a lost connection) it is asked again.
        if (definiteRefusal(refusal) && !isHelenaError(refusal, 'conflict')) {
          this.editRefused(localId, agentWaiting, 'refused');
          this.releasedByReplySince(entry, repliesBefore);
          throw refusal;
        }
        // A server error, answered: counted, and past HELD_EDIT_GIVE_UP_AFTER the edit is given up
        // as a refusal is — else the line would say "termina sozinha" for as long as HelenaCRM fails.
        if (answeredServerError(refusal) && this.queries.countHeldEditServerError(localId, edit.refId, HELD_EDIT_GIVE_UP_AFTER) === 'abandoned') {
          // Released by a reply meanwhile, the original is no longer waiting: too late for the edit.
          if (this.releasedByReplySince(entry, repliesBefore)) {
            if (!agentWaiting) {
              this.queries.keepEditNotMade(localId, 'too_late');
              this.emitById(localId);
            }
            return 'too_late';
          }
          this.emitById(localId);
          return 'abandoned';
        }
        return answeredServerError(refusal) ? 'server_error' : 'unsettled';
      }
    }
    if (copy === 'gone' || copy.status === 'DELETED') {
      const swapped = this.queries.swapInHeldEdit(localId, edit.refId);
      // Deleted, yet no swap: the agent's own later action superseded this text, so it goes. While
      // the withdrawal was on its way only "Cancelar envio" (cancelServerHeld, outside the
      // conversation's queue) can move the row: to cancelled, the agent asking for nothing to go.
      // A newer edit cannot replace the intent meanwhile (it records its own in the queue this runs
      // in), nor can a send, a reply or sync settle a row that carries one (onContactReplied,
      // nextToSend).
      if (!swapped) return 'too_late';
      this.emitStatus(swapped);
      return 'edited';
    }
    // Released to WhatsApp (or failed there) before the withdrawal: the original is what the contact gets.
    const released = copy;
    this.store.transaction(() => {
      if (agentWaiting) this.queries.dropHeldEdit(localId);
      else this.queries.keepEditNotMade(localId, 'too_late');
      this.store.messages.upsertMessages([released]);
      const failed = released.status === 'FAILED';
      this.store.outbox.setState(localId, { state: failed ? 'failed' : 'sent', ...(failed ? { retryable: false } : {}), from: ['waiting_reply', 'sent'] });
    });
    this.emitById(localId);
    return 'too_late';
  }

  /**
   * HelenaCRM refused the withdrawal for good: the intent goes. An "Editar" call waiting hears the
   * refusal, its text still in the agent's box; in the background nobody would, so the text stays
   * on the row, said not made for `reason` (keepEditNotMade) — the caller's refusal reaches
   * resumeHeldEdit, which announces the row.
   */
  private editRefused(localId: string, agentWaiting: boolean, reason: 'refused' | 'unconfirmed'): void {
    if (agentWaiting) this.queries.dropHeldEdit(localId);
    else this.queries.keepEditNotMade(localId, reason);
  }

  /** A later text or file of the conversation HelenaCRM holds, or may hold (a try whose answer was lost). */
  private heldAfter(entry: OutboxEntry): boolean {
    const onServer = (localId: string) => (this.queries.serverCopyOf(localId)?.id ?? null) !== null;
    return heldBehindLater(this.queries.pendingOf(entry.conversationKey), onServer).has(entry.localId);
  }

  /** Runs `task` in the conversation's serial queue, between its sends. */
  private serially<T>(key: string, task: () => Promise<T>): Promise<T> {
    return this.queueOf(key).add(task);
  }

  /** The conversation's serial queue: its sends, and what must not interleave with them. */
  private queueOf(key: string): PQueue {
    let queue = this.queues.get(key);
    if (!queue) {
      queue = new PQueue({ concurrency: 1 });
      this.queues.set(key, queue);
    }
    return queue;
  }

  /** A withdrawal HelenaCRM refused (409): its copy of the message, cached, settles the entry; true when it was deleted after all. */
  private async settleAfterRefusedCancel(entry: OutboxEntry, serverId: string, refusal: unknown): Promise<boolean> {
    let copy: Awaited<ReturnType<OutboxClient['getMessage']>>;
    try {
      copy = await this.client.getMessage(serverId);
    } catch {
      // Unknown either way: it stays as it was, and the agent is told to try again.
      throw refusal;
    }
    if (copy.status === 'WAIT_REPLY') throw refusal;
    const settled = this.store.transaction(() => {
      this.store.messages.upsertMessages([copy]);
      if (this.editedSince(entry)) return null;
      if (copy.status === 'DELETED') {
        const done = this.store.outbox.cancel(entry.localId, { deletedOnServer: true });
        if (done) this.store.messages.setStatus(entry.localId, 'DELETED');
        return done;
      }
      const state: OutboxState = copy.status === 'FAILED' ? 'failed' : 'sent';
      this.store.outbox.setState(entry.localId, { state, from: ['waiting_reply'] });
      // WhatsApp refused it: nothing reaches the contact, and the agent asked for it to go.
      return state === 'failed' && this.store.outbox.cancel(entry.localId);
    });
    if (settled === null) return this.cancel(entry.localId);
    this.emitById(entry.localId);
    return settled;
  }

  // ---------- lifecycle ----------

  async start(): Promise<void> {
    // Every author's in-flight rows are reconciled (the process that sent them is gone); the agent hears of theirs.
    for (const entry of this.queries.requeueInFlight()) if (this.isMine(entry.localId)) this.emitStatus(entry);
    if (this.stopping.signal.aborted) this.stopping = new AbortController();
    this.running = true;
    this.kickAll();
    // Files of rows that never committed, or of messages settled while their delete was lost.
    await this.attachments
      ?.sweep((localId) => {
        if (this.attachmentsBeingQueued.has(localId)) return true;
        const entry = this.store.outbox.get(localId);
        return entry !== null && entry.kind === 'file' && entry.state !== 'sent' && entry.state !== 'cancelled';
      })
      .catch((error: unknown) => this.onInternalError(error));
  }

  async stop(): Promise<void> {
    this.running = false;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    // A sign-out, another agent signing in, or quitting waits for this: not for a send that waits
    // out a 429 (up to 5 min) or a dead network's timeouts. Abandoned, it goes back to the queue.
    const giveUp = setTimeout(() => this.stopping.abort(), this.stopGraceMs);
    try {
      await Promise.all([...this.queues.values()].map((q) => q.onIdle()));
    } finally {
      clearTimeout(giveUp);
    }
  }

  async flush(): Promise<void> {
    this.kickAll();
    for (;;) {
      const busy = [...this.queues.values()].filter((q) => q.size > 0 || q.pending > 0);
      if (busy.length === 0) return;
      await Promise.all(busy.map((q) => q.onIdle()));
    }
  }

  setOnline(online: boolean): void {
    const cameBack = online && !this.online;
    this.online = online;
    if (!online) return;
    // The network is back: whatever was waiting out a backoff goes now, and an attempt still in
    // flight from the outage retries at once if it fails.
    if (cameBack) {
      this.connectivityEpoch++;
      this.queries.clearBackoff();
    }
    this.kickAll();
  }

  /**
   * The console's auth state: false while the token is expired (nothing is tried, nothing fails),
   * true after a new login, which sends at once what waited.
   */
  setAuthorized(authorized: boolean): void {
    const resumed = authorized && !this.authorized;
    this.authorized = authorized;
    if (!resumed) return;
    this.connectivityEpoch++;
    this.queries.clearBackoff();
    this.kickAll();
  }

  retryNow(): void {
    // As when the connection comes back (setOnline): a backoff set on the old network is void.
    this.connectivityEpoch++;
    this.queries.clearBackoff();
    this.kickAll();
  }

  /** Whether sending is paused for an expired token. */
  get isPausedForAuth(): boolean {
    return !this.authorized;
  }

  onContactReplied(sessionId: string): void {
    this.repliedAt.set(sessionId, this.nowMs());
    this.replies.set(sessionId, (this.replies.get(sessionId) ?? 0) + 1);
    // The server releases what it held, in order, as the reply arrives.
    for (const entry of this.queries.pendingOf(sessionId)) {
      // One being withdrawn for an edit: HelenaCRM's answer to the withdrawal says whether the reply came first.
      if (this.isServerHeld(entry) && heldEditOf(entry) === null) this.releasedByReply(entry.localId);
    }
    this.kick(sessionId);
  }

  /** A held row the contact's reply released at HelenaCRM: sent, as sync will later confirm. */
  private releasedByReply(localId: string): boolean {
    if (!this.store.outbox.setState(localId, { state: 'sent', from: ['waiting_reply'] })) return false;
    this.store.messages.setStatus(localId, 'SENT');
    this.emitById(localId);
    return true;
  }

  /**
   * An edit's intent went without the swap (given up, refused): the original stands, held as
   * HelenaCRM's copy read (or, unreadable, as assumed). A reply heard since the withdrawal began,
   * which onContactReplied left to the withdrawal's answer, came after that read and released it:
   * settled now as onContactReplied would have, or the line would read "aguardando" until a sync.
   */
  private releasedByReplySince(entry: OutboxEntry, repliesBefore: number): boolean {
    if ((this.replies.get(entry.conversationKey) ?? 0) <= repliesBefore) return false;
    const now = this.store.outbox.get(entry.localId);
    return now !== null && this.isServerHeld(now) && heldEditOf(now) === null && this.releasedByReply(entry.localId);
  }

  /**
   * Sync changed a conversation (completed, transferred…): its queue is looked at again, so what
   * can no longer go says so now rather than at the next start or reconnect.
   */
  onSessionChanged(sessionId: string): void {
    if (this.queries.hasPending(sessionId)) this.kick(sessionId);
  }

  on(listener: CoreEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Whether the server is known to refuse free text outside the window (131047) instead of holding it. */
  get knowsServerIsStrict(): boolean {
    return this.serverStrict;
  }

  // ---------- the sending loop ----------

  private kickAll(): void {
    for (const key of this.queries.pendingConversationKeys()) this.kick(key);
  }

  private kick(key: string): void {
    if (!this.mayWork()) return;
    const queue = this.queueOf(key);
    // One drain waiting behind the running one is enough: it reads the queue afresh.
    if (queue.size > 0) return;
    void queue.add(() => this.drain(key)).catch((error: unknown) => this.onInternalError(error));
  }

  private async drain(key: string): Promise<void> {
    for (;;) {
      if (!this.mayWork()) return;
      const entry = this.nextToSend(key);
      if (!entry) {
        this.scheduleRetry(key);
        return;
      }
      if ('withdraw' in entry) {
        // An edit of a held text left unfinished (a crash, the connection): it holds the conversation until settled.
        if (!(await this.resumeHeldEdit(key, entry.withdraw))) return;
        continue;
      }
      const movedTo = await this.send(entry);
      if (movedTo !== key) {
        // A start got its session: the rest of the queue lives under the session id now.
        if (movedTo) this.kick(movedTo);
        return;
      }
    }
  }

  /**
   * State W of editServerHeld met by the sending loop (after a crash, or a connection that failed
   * mid-edit): the withdrawal is asked again. False: not settled yet (tried again later, or after
   * the next login), and nothing behind it goes meanwhile.
   */
  private async resumeHeldEdit(key: string, entry: OutboxEntry): Promise<boolean> {
    let outcome: Awaited<ReturnType<Outbox['withdrawForEdit']>>;
    try {
      outcome = await this.withdrawForEdit(entry.localId, false);
    } catch (error) {
      if (isHelenaError(error, 'unauthorized')) {
        this.authorized = false;
        return false;
      }
      if (!definiteRefusal(error)) throw error;
      // HelenaCRM refused the withdrawal itself (no access any more…): the intent is gone, its text
      // kept on the row to say the edit was not made (editRefused).
      this.emitById(entry.localId);
      return true;
    }
    if (outcome !== 'unsettled' && outcome !== 'server_error') {
      this.heldEditTries.delete(key);
      return true;
    }
    this.retryHeldEditLater(key);
    return false;
  }

  /** An edit of a held text left unsettled: the sending loop asks HelenaCRM again after a backoff. */
  private retryHeldEditLater(key: string): void {
    if (this.stopping.signal.aborted || !this.running) return;
    const tries = (this.heldEditTries.get(key) ?? 0) + 1;
    this.heldEditTries.set(key, tries);
    this.kickLater(key, backoffDelay(tries, this.policy, this.random));
  }

  /** Claims the next entry of a conversation that may go now, or null; `withdraw`: an unfinished edit of a held text comes first. */
  private nextToSend(key: string): OutboxEntry | { withdraw: OutboxEntry } | null {
    const now = this.nowIso();
    // A wait ending past the longest one ever set was timed by a clock since put back: it is over.
    // A 429's wait is lifted by nothing else, and would otherwise hold the text for the difference.
    const latest = new Date(this.nowMs() + longestWaitMs(this.policy)).toISOString();
    let textsHeld = false;
    let ended: EndedReason | null | undefined;
    // Read at most once, and only when a text would wait here or a message goes for the first time.
    const endedWhy = () => (ended === undefined ? (ended = this.conversationEnded(key)) : ended);
    for (const entry of this.queries.pendingIn(key)) {
      if (entry.state === 'sending') return null;
      if (entry.state === 'waiting_reply') {
        if (this.isServerHeld(entry)) {
          // Its copy synced meanwhile says nothing of the edit: the withdrawal's answer does.
          if (heldEditOf(entry) !== null) return { withdraw: entry };
          this.settleServerHeld(entry);
          // Transferred away: HelenaCRM still holds it (it goes if the contact replies, in the new
          // owner's conversation), but nothing of it reaches this agent any more. Say so, once.
          if (endedWhy() === 'conversation_gone') this.heldOutOfSight(entry);
          continue;
        }
        const why = endedWhy();
        if (why) {
          this.failUnsent(entry, coded({ code: why, values: {} }));
          continue;
        }
        if (this.textMayGo(key)) return this.claim(entry);
        textsHeld = true;
        continue;
      }
      if (entry.nextAttemptAt !== null && entry.nextAttemptAt > now && entry.nextAttemptAt <= latest) return null;
      if (isStartKey(key) && entry.kind !== 'start') {
        // Behind a start HelenaCRM refused for good: no conversation will ever take it.
        if (endedWhy() === 'start_failed_unsent') {
          this.failUnsent(entry, coded({ code: 'start_failed_unsent', values: {} }));
          continue;
        }
        return null;
      }
      // Never tried, into a conversation completed meanwhile (a colleague, while this one was
      // offline): HelenaCRM would refuse it (409), and a refusal that may hide a taken message
      // leaves it failed for good, in HelenaCRM's English. One tried before goes: HelenaCRM may have
      // taken it then and answers that copy. A note goes too: notes are taken on a completed one.
      if (entry.kind !== 'note' && entry.sendStartedAt === null && endedWhy() === 'conversation_completed') {
        this.failUnsent(entry, coded({ code: 'conversation_completed_unsent', values: {} }));
        continue;
      }
      // Never tried, into a conversation transferred out of the agent's sight: HelenaCRM would
      // answer "not found" (404), which says nothing of the transfer. A note too: it is refused alike.
      if (entry.sendStartedAt === null && endedWhy() === 'conversation_gone') {
        this.failUnsent(entry, coded({ code: 'conversation_gone_unsent', values: {} }));
        continue;
      }
      if (waitsForWindow(entry) && (textsHeld || (this.serverStrict && this.windowOpen(key) === false))) {
        const why = endedWhy();
        if (why) this.failUnsent(entry, coded({ code: why, values: {} }));
        else {
          this.hold(entry, null);
          textsHeld = true;
        }
        continue;
      }
      return this.claim(entry);
    }
    return null;
  }

  /**
   * Why a text held here for the contact's reply can never get it: the conversation was completed
   * (the contact's next message opens a new one), or it left the agent's sight (transferred away:
   * sync removed it, SessionsRepo.isGone). It would otherwise wait for ever, "aguardando resposta".
   */
  private conversationEnded(key: string): EndedReason | null {
    if (isStartKey(key)) {
      // A start refused for good never becomes a conversation.
      const start = this.store.outbox.get(key.slice(START_KEY_PREFIX.length));
      return start !== null && isRefusedForGood(start) ? 'start_failed_unsent' : null;
    }
    const session = this.store.sessions.get(key);
    if (session) return session.status === 'COMPLETED' ? 'conversation_completed' : null;
    return this.store.sessions.isGone(key) ? 'conversation_gone' : null;
  }

  /** A text HelenaCRM holds, in a conversation transferred out of sight: still waiting, now with the reason. */
  private heldOutOfSight(entry: OutboxEntry): void {
    const current = this.store.outbox.get(entry.localId);
    if (current?.state !== 'waiting_reply' || current.lastErrorCode?.code === 'held_conversation_gone') return;
    const { reason, code } = coded({ code: 'held_conversation_gone', values: {} });
    if (this.store.outbox.setState(entry.localId, { state: 'waiting_reply', lastError: reason, lastErrorCode: code, from: ['waiting_reply'] })) {
      this.emitById(entry.localId, reason);
    }
  }

  /** Fails an entry that was never handed to HelenaCRM (so it may still be cleared off the list). */
  private failUnsent(entry: OutboxEntry, { reason, code }: Why): void {
    const failed = this.store.transaction(() => {
      if (!this.store.outbox.setState(entry.localId, { state: 'failed', lastError: reason, lastErrorCode: code, retryable: false, from: ['queued', 'waiting_reply'] })) return false;
      this.store.messages.setStatus(entry.localId, 'FAILED', reason, code);
      return true;
    });
    if (failed) this.emitById(entry.localId, reason);
  }

  private claim(entry: OutboxEntry): OutboxEntry | null {
    const claimed = this.queries.claim(entry.localId);
    if (claimed) this.emitStatus(claimed);
    return claimed;
  }

  /** Sends one claimed entry; returns the conversation key it lives under afterwards (changes after a start). */
  private async send(entry: OutboxEntry): Promise<string | null> {
    const epoch = this.connectivityEpoch;
    try {
      if (entry.kind === 'start') return await this.sendStart(entry);
      if (entry.kind === 'note') await this.sendNote(entry);
      else if (entry.kind === 'file') await this.sendAttachment(entry);
      else await this.sendInSession(entry);
    } catch (error) {
      // The agent cancelled it (a file while it uploaded): the abort is no failure, and the cancel stands.
      if (this.store.outbox.get(entry.localId)?.state === 'cancelled') return entry.conversationKey;
      // Abandoned by stop(): no failure either. Back in the queue; its refId makes the next try
      // safe if this one reached HelenaCRM.
      if (this.stopping.signal.aborted) {
        if (this.store.outbox.setState(entry.localId, { state: 'queued', from: ['sending'] })) this.emitById(entry.localId);
        return entry.conversationKey;
      }
      if (this.settledAfterLeavingSight(entry, error)) return entry.conversationKey;
      // Connectivity came back while this attempt was failing: its failure belongs to the old outage.
      // Not a 429: its wait is HelenaCRM's word on the account's budget, whatever the network.
      this.failed(entry, error, epoch !== this.connectivityEpoch && !isHelenaError(error, 'rate_limited'));
    }
    return entry.conversationKey;
  }

  /**
   * A retry (same refId) of a send whose earlier try's answer was lost, refused because the
   * conversation was transferred away meanwhile (by this agent or a supervisor): HelenaCRM no
   * longer lets this agent see it. Left to failed(), the agent would read "Não encontrado…" or
   * HelenaCRM's English "refId … was already used" on a message the contact may well have.
   * - "refId already used" (409): the refId is this entry's own, so an earlier try was taken: sent.
   *   A start's followers can never learn its session: they fail unsent.
   * - The conversation not found (404, a message inside one): taken or not, nobody can tell from
   *   here; it fails for good (a "Tentar de novo" would only be refused again), saying so.
   */
  private settledAfterLeavingSight(entry: OutboxEntry, error: unknown): boolean {
    const triedBefore = entry.sendStartedAt !== null || (isHelenaError(error) && error.attempts > 1);
    if (!triedBefore || !isHelenaError(error)) return false;
    const refIdTaken = error.is('conflict') && (error.key.includes('ref_id') || /refId/i.test(error.serverText ?? ''));
    if (refIdTaken) {
      const { reason, code } = coded({ code: 'sent_conversation_gone', values: {} });
      const done = this.store.transaction(() => {
        if (!this.store.outbox.setState(entry.localId, { state: 'sent', lastError: reason, lastErrorCode: code, from: ['sending'] })) return false;
        this.store.messages.setStatus(entry.localId, 'SENT');
        return true;
      });
      if (done) this.emitById(entry.localId, reason);
      if (isStartKey(entry.conversationKey)) {
        for (const follower of this.queries.pendingOf(entry.conversationKey)) this.failUnsent(follower, coded({ code: 'conversation_gone_unsent', values: {} }));
      }
      return true;
    }
    if (error.is('not_found') && !isStartKey(entry.conversationKey)) {
      this.toFailed(entry, coded({ code: 'conversation_gone_unconfirmed', values: {} }), false, null);
      return true;
    }
    return false;
  }

  private async sendStart(entry: OutboxEntry): Promise<string> {
    const body = parseStartBody(entry.payload.body);
    const answer = await this.pastNoReturn(entry, () =>
      'templateId' in body
        ? this.client.sendTemplate({ ...body, refId: entry.refId } satisfies SendTemplateBody, this.call())
        : this.client.sendText({ ...body, refId: entry.refId } satisfies SendTextBody, this.call()),
    );
    if (answer === null) return entry.conversationKey;
    const sessionId = answer.sessionId ?? (await this.client.getMessage(answer.id, this.call())).sessionId;
    const followers = this.store.transaction(() => {
      this.queries.acknowledge({ localId: entry.localId, messageId: answer.id, sessionId, status: answer.status, serverUpdatedAt: answer.updatedAt ?? answer.createdAt });
      this.store.outbox.setState(entry.localId, { state: 'sent', from: ['sending'] });
      const moved = this.queries.pendingOf(entry.conversationKey);
      this.store.outbox.rekeyConversation(entry.conversationKey, sessionId);
      return moved;
    });
    this.emitById(entry.localId);
    for (const follower of followers) this.emitById(follower.localId);
    try {
      this.onSession(await this.client.getSession(sessionId, this.call(), this.startReadDetails(sessionId, body.to)));
    } catch (error) {
      // The session arrives with the next sync anyway; the start itself went out.
      if (!isHelenaError(error) && !this.stopping.signal.aborted) this.onInternalError(error);
    }
    return sessionId;
  }

  /**
   * What the read of a session just started asks HelenaCRM to embed: its contact, unless the cache
   * holds it (the session's, when sync already wrote the session; else the one with the number the
   * start went to). A start to a contact not cached yet (a first sync brings the contacts a minute
   * or more after the conversations; a number typed in) is then named at once, in the same request,
   * not "Contato ainda sincronizando…" until the contact comes.
   */
  private startReadDetails(sessionId: string, to: string): GetSessionParams {
    const cached = this.store.sessions.get(sessionId);
    const known = cached
      ? cached.contactId === null || this.store.contacts.get(cached.contactId) !== null
      : this.store.contacts.findByPhone(to) !== null;
    return known ? {} : { includeDetails: ['ContactDetails'] };
  }

  private async sendInSession(entry: OutboxEntry): Promise<void> {
    const body = parseSessionBody(entry.payload.body);
    const repliesBefore = this.replies.get(entry.conversationKey) ?? 0;
    const answer = await this.pastNoReturn(entry, () => this.client.sendSessionMessage(entry.conversationKey, { ...body, refId: entry.refId }, this.call()));
    if (answer !== null) this.settleSessionAnswer(entry, answer, repliesBefore);
  }

  /**
   * The request that may deliver the message, behind its point of no return (outbox.send_started_at,
   * one SQLite step against a cancel). From then on the agent may neither cancel nor edit it: a
   * retry after a lost answer or a crash goes with the same refId and HelenaCRM keeps the first, so
   * the first may be what reached the contact. A refusal HelenaCRM answered to the only request ever
   * made took nothing, and gives the agent both back. Null: cancelled before the point (a file).
   */
  private async pastNoReturn<T>(entry: OutboxEntry, request: () => Promise<T>): Promise<T | null> {
    const triedBefore = entry.sendStartedAt !== null;
    if (!this.store.outbox.markSendStarted(entry.localId)) return null;
    try {
      return await request();
    } catch (error) {
      if (!triedBefore && refusedOutright(error)) this.store.outbox.clearSendStarted(entry.localId);
      throw error;
    }
  }

  /** A file: uploaded unless an earlier try recorded its id, then sent with the entry's refId like any message. */
  private async sendAttachment(entry: OutboxEntry): Promise<void> {
    const body = parseFileBody(entry.payload.body);
    const controller = new AbortController();
    this.uploads.set(entry.localId, controller);
    let fileId: string | null;
    try {
      fileId = entry.fileId ?? (await this.upload(entry, body, AbortSignal.any([controller.signal, this.stopping.signal])));
    } finally {
      this.uploads.delete(entry.localId);
    }
    // Cancelled while it uploaded: nothing goes. (Whatever was uploaded stays on HelenaCRM: its API
    // cannot delete a file; unnamed, nobody sees it.) Or abandoned by stop(): back in the queue.
    if (fileId === null) {
      this.stopping.signal.throwIfAborted();
      return;
    }
    const repliesBefore = this.replies.get(entry.conversationKey) ?? 0;
    const caption = body.text?.trim() ? { text: body.text } : {};
    const answer = await this.pastNoReturn(entry, () => {
      // The line loses its "Cancelar envio".
      this.emitById(entry.localId);
      return this.client.sendSessionMessage(entry.conversationKey, { ...caption, fileId, refId: entry.refId }, this.call());
    });
    if (answer !== null) this.settleSessionAnswer(entry, answer, repliesBefore);
  }

  /** The file's id on HelenaCRM; null when the agent cancelled it meanwhile (nothing is recorded then). */
  private async upload(entry: OutboxEntry, body: FileBody, signal: AbortSignal): Promise<string | null> {
    if (!this.attachments) throw new Error('outbox has a file entry but no attachments folder');
    const bytes = await this.attachments.read(entry.localId);
    if (signal.aborted) return null;
    const sessionId = isStartKey(entry.conversationKey) ? null : entry.conversationKey;
    let announced = 0;
    const fileId = await uploadAttachment(this.client, body.attachment, bytes, {
      signal,
      onProgress: (sent, total) => {
        if (signal.aborted) return;
        const now = this.nowMs();
        if (sent < total && now - announced < PROGRESS_EVERY_MS) return;
        announced = now;
        this.emit({ type: 'upload-progress', sessionId, localId: entry.localId, sent, total });
      },
    });
    if (signal.aborted) return null;
    // Before the message goes: every later try sends this file rather than uploading it again.
    this.store.outbox.setFileId(entry.localId, fileId);
    return fileId;
  }

  /**
   * HelenaCRM took a session message (text or file): sent, held for the reply (WAIT_REPLY), or
   * failed by WhatsApp. `repliesBefore`: the session's reply count when it was sent.
   */
  private settleSessionAnswer(entry: OutboxEntry, answer: QuickMessageDTO, repliesBefore: number): void {
    if (answer.status === 'FAILED') {
      // HelenaCRM's own words, as sync stores them (messages-repo serverFailure).
      const why = answer.failureReason ? serverFailure(answer.failureReason) : coded({ code: 'whatsapp_refused', values: {} });
      this.toFailed(entry, why, false, { id: answer.id, updatedAt: answer.updatedAt });
      return;
    }
    // A closed-window text held rather than refused: this server is lenient after all.
    if (answer.status === 'WAIT_REPLY' && this.serverStrict) this.setServerStrict(false);
    // Held when the server stored it, but the contact replied while the answer was on its way:
    // that reply released it (one the server had before storing the text would have opened the
    // window, and the answer would say SENT). onContactReplied has come and gone, so it is settled
    // here as onContactReplied would have, or it would wait for a reply that already came.
    const releasedMeanwhile = answer.status === 'WAIT_REPLY' && (this.replies.get(entry.conversationKey) ?? 0) > repliesBefore;
    const held = answer.status === 'WAIT_REPLY' && !releasedMeanwhile;
    this.store.transaction(() => {
      this.queries.acknowledge({
        localId: entry.localId,
        messageId: answer.id,
        sessionId: answer.sessionId ?? entry.conversationKey,
        status: releasedMeanwhile ? 'SENT' : answer.status,
        serverUpdatedAt: answer.updatedAt,
      });
      this.store.outbox.setState(entry.localId, { state: held ? 'waiting_reply' : 'sent', from: ['sending'] });
    });
    this.emitById(entry.localId);
  }

  private async sendNote(entry: OutboxEntry): Promise<void> {
    const body = parseNoteBody(entry.payload.body);
    const note = await this.pastNoReturn(entry, () => this.client.addNote(entry.conversationKey, { ...body, refId: entry.refId }, this.call()));
    if (note === null) return;
    this.store.transaction(() => {
      this.queries.acknowledge({ localId: entry.localId, messageId: note.id, sessionId: note.sessionId, status: note.status, serverUpdatedAt: note.updatedAt });
      this.store.outbox.setState(entry.localId, { state: 'sent', from: ['sending'] });
    });
    this.emitById(entry.localId);
  }

  private failed(entry: OutboxEntry, error: unknown, retryAtOnce = false): void {
    const attempts = this.store.outbox.get(entry.localId)?.attempts ?? entry.attempts;
    const decision = decideFailure(error, attempts, this.policy, this.random);
    switch (decision.action) {
      case 'retry': {
        const nextAttemptAt = new Date(this.nowMs() + (retryAtOnce ? 0 : decision.delayMs)).toISOString();
        this.store.outbox.setState(entry.localId, {
          state: 'queued',
          lastError: decision.reason,
          lastErrorCode: decision.code,
          retryable: true,
          nextAttemptAt,
          from: ['sending'],
        });
        this.emitById(entry.localId, decision.reason);
        return;
      }
      case 'pause':
        this.pauseForAuth(entry, decision);
        return;
      case 'hold':
        this.setServerStrict(true);
        this.hold(entry, decision);
        return;
      case 'fail':
        this.toFailed(entry, decision, decision.retryable, null);
        return;
    }
  }

  /** `server`: HelenaCRM's copy, when it answered that the message failed. */
  private toFailed(entry: OutboxEntry, { reason, code }: Why, retryable: boolean, server: { id: string; updatedAt: string } | null): void {
    this.store.transaction(() => {
      if (server) this.queries.acknowledge({ localId: entry.localId, messageId: server.id, sessionId: null, status: 'FAILED', serverUpdatedAt: server.updatedAt });
      this.store.outbox.setState(entry.localId, { state: 'failed', lastError: reason, lastErrorCode: code, retryable, from: ['sending'] });
      this.store.messages.setStatus(entry.localId, 'FAILED', reason, code);
    });
    this.emitById(entry.localId, reason);
  }

  /** The token expired: this entry goes back as if never tried, and nothing more is tried until setAuthorized(true). */
  private pauseForAuth(entry: OutboxEntry, { reason, code }: Why): void {
    this.authorized = false;
    const back = this.queries.unclaim(entry.localId, reason, code);
    if (back) this.emitStatus(back, reason);
  }

  /** Keeps a text locally until the contact replies. */
  private hold(entry: OutboxEntry, why: Why | null): void {
    const { reason, code } = why ?? coded({ code: 'window_held', values: {} });
    if (this.store.outbox.setState(entry.localId, { state: 'waiting_reply', lastError: reason, lastErrorCode: code, from: ['sending', 'queued'] })) {
      this.emitById(entry.localId, reason);
    }
  }

  /** A server-held message whose server copy moved on (sync saw it released, deleted or failed). */
  private settleServerHeld(entry: OutboxEntry): void {
    const status = this.queries.serverCopyOf(entry.localId)?.status;
    let state: OutboxState | null = null;
    if (status === 'SENT' || status === 'DELIVERED' || status === 'READ') state = 'sent';
    else if (status === 'DELETED') state = 'cancelled';
    else if (status === 'FAILED') state = 'failed';
    // HelenaCRM failed its own copy (e.g. the conversation was completed before the reply): a retry
    // with the same refId only brings that copy back, so "Tentar de novo" would do nothing.
    const notRetryable = state === 'failed' ? { retryable: false } : {};
    if (state && this.store.outbox.setState(entry.localId, { state, ...notRetryable, from: ['waiting_reply'] })) this.emitById(entry.localId);
  }

  private scheduleRetry(key: string): void {
    const at = this.queries.nextAttemptOf(key);
    const existing = this.timers.get(key);
    if (existing) clearTimeout(existing);
    this.timers.delete(key);
    if (!at || !this.running || !this.authorized) return;
    this.kickLater(key, Math.min(longestWaitMs(this.policy), Math.max(0, Date.parse(at) - this.nowMs())));
  }

  /** The conversation's one timer: kicks it after `ms`, replacing any timer it had. */
  private kickLater(key: string, ms: number): void {
    const existing = this.timers.get(key);
    if (existing) clearTimeout(existing);
    const timer = setTimeout(() => {
      this.timers.delete(key);
      this.kick(key);
    }, ms);
    timer.unref();
    this.timers.set(key, timer);
  }

  // ---------- window and keys ----------

  /** Free text may go now: the window is open, or the server holds closed-window text itself. */
  private textMayGo(key: string): boolean {
    if (isStartKey(key)) return false;
    return this.windowOpen(key) === true || !this.serverStrict;
  }

  /** true/false from the cache (and replies seen), null when the session is not cached. */
  private windowOpen(key: string): boolean | null {
    if (isStartKey(key)) return this.startOpensWindow(key);
    const replied = this.repliedAt.get(key);
    if (replied !== undefined && this.nowMs() - replied < DAY_MS) return true;
    const session = this.store.sessions.get(key);
    if (!session) return null;
    return computeWindow(
      { windowStatus: session.windowStatus, lastMessageIn: session.lastMessageIn, channelType: session.channelType },
      this.nowMs(),
    ).canSendFreeText;
  }

  /** A QR channel has no window; an official start with a template leaves it not started. */
  private startOpensWindow(key: string): boolean {
    const start = this.store.outbox.get(key.slice(START_KEY_PREFIX.length));
    if (!start) return false;
    const body = parseStartBody(start.payload.body);
    const channel = this.store.directory.channels().find((c) => c.id === body.from);
    return channel !== undefined && channelFamilyOf(channel.type) !== 'official';
  }

  private initialTextState(key: string): 'queued' | 'waiting_reply' {
    if (this.queries.hasLocallyHeldText(key)) return 'waiting_reply';
    if (this.windowOpen(key) === false && (!this.online || this.serverStrict)) return 'waiting_reply';
    return 'queued';
  }

  /** The console may still use `start:<localId>` after the start went out: follow it to the session. */
  private resolveKey(sessionOrKey: string): string {
    const key = this.store.outbox.currentKey(sessionOrKey);
    if (key === null) throw new OutboxInputError('sessionId', 'Conversa não encontrada.');
    return key;
  }

  private isServerHeld(entry: OutboxEntry): boolean {
    return entry.state === 'waiting_reply' && (this.queries.serverCopyOf(entry.localId)?.id ?? null) !== null;
  }

  private setServerStrict(strict: boolean): void {
    this.serverStrict = strict;
    this.store.syncState.set(STRICT_KEY, strict ? '1' : '0');
  }

  // ---------- helpers ----------

  /** A send's call options: abandoned when stop() stops waiting. */
  private call(): { signal: AbortSignal } {
    return { signal: this.stopping.signal };
  }

  private mayWork(): boolean {
    return this.running && this.online && this.authorized;
  }

  /** Who writes what is enqueued now. */
  private authorId(): string | null {
    return this.agentId ?? this.store.directory.me()?.userId ?? null;
  }

  private isMine(localId: string): boolean {
    return belongsTo(this.store, localId, this.agentId);
  }

  private localMessage(localId: string, refId: string, key: string, content: { text: string | null; templateId: string | null; parameters: Record<string, string> | null }) {
    return {
      localId,
      refId,
      conversationKey: key,
      sessionId: isStartKey(key) ? null : key,
      ...content,
      userId: this.authorId(),
      createdAt: this.nowIso(),
    };
  }

  private templateIdOf(entry: OutboxEntry): string | null {
    const body = entry.payload.body as { templateId?: unknown };
    return typeof body.templateId === 'string' && body.templateId !== '' ? body.templateId : null;
  }

  private assertText(text: string): void {
    const issue = checkFreeText(text);
    if (issue) throw new OutboxInputError('text', issue.message);
  }

  private assertCaption(entry: OutboxEntry, caption: string): void {
    const attachment = entry.payload.kind === 'file' ? entry.payload.body.attachment : null;
    const kind = attachment ? (attachmentTypeOf(attachment.name, attachment.mimeType)?.kind ?? 'document') : 'document';
    const issue = checkCaption(caption, kind);
    if (issue) throw new OutboxInputError('text', issue.message);
  }

  private assertParams(names: readonly string[], values: Record<string, string>): void {
    const issues = checkTemplateParams(names, values);
    const first = issues[0];
    if (first) throw new OutboxInputError(`parameters.${first.param}`, issues.map((i) => i.message).join(' '));
  }

  /**
   * A template's media as it is stored and sent: checked when the cached template says it has (or
   * has not) media; with no cached template, or one cached before its file type was known, a
   * given file goes as it is and HelenaCRM decides.
   */
  private mediaOf(template: CachedTemplate | null, media: string | undefined): { type: string; media: string | null } {
    const value = media?.trim() || null;
    if (template && template.fileType !== null) {
      const kind = templateMediaKind(template.fileType);
      const issue = checkTemplateMedia(kind, value);
      if (issue) throw new OutboxInputError('media', issue.message);
      return kind === null ? { type: 'TEXT', media: null } : { type: FILE_TYPE_OF_KIND[kind], media: value };
    }
    return { type: 'TEXT', media: value };
  }

  /**
   * The new file of a queued media template, trimmed: the media kind is the cached template's (or,
   * for one cached before its file type was known, the kind the message went in with); a message
   * without media takes none.
   */
  private editedMedia(localId: string, templateId: string | null, given: string): string {
    const message = this.store.messages.get(localId);
    if (!templateId || !message || message.type === NOTE_TYPE) {
      throw new OutboxInputError('media', 'Esta mensagem não leva imagem, vídeo nem documento: não há link para mudar.');
    }
    const template = this.store.templates.get(templateId);
    const kind = templateMediaKind(template && template.fileType !== null ? template.fileType : message.type);
    const issue = checkTemplateMedia(kind, given);
    if (issue) throw new OutboxInputError('media', issue.message);
    return given.trim();
  }

  private enqueued(entry: OutboxEntry): EnqueueResult {
    this.emitStatus(entry);
    this.kick(entry.conversationKey);
    return { localId: entry.localId, refId: entry.refId, state: entry.state, conversationKey: entry.conversationKey };
  }

  private emitById(localId: string, reason?: string): void {
    const entry = this.store.outbox.get(localId);
    if (entry) this.emitStatus(entry, reason);
  }

  private emitStatus(entry: OutboxEntry, reason?: string): void {
    // Every state change passes here: a file's bytes go once its message is sent or cancelled (a
    // delete lost to a crash is the start's sweep's).
    if (entry.kind === 'file' && (entry.state === 'sent' || entry.state === 'cancelled')) {
      this.attachments?.remove(entry.localId).catch((error: unknown) => this.onInternalError(error));
    }
    const why = reason ?? (entry.state === 'failed' || entry.state === 'waiting_reply' || entry.state === 'queued' ? entry.lastError : null);
    this.emit({
      type: 'message-status',
      sessionId: isStartKey(entry.conversationKey) ? null : entry.conversationKey,
      messageId: this.queries.serverCopyOf(entry.localId)?.id ?? null,
      localId: entry.localId,
      status: entry.state,
      ...(why ? { reason: why } : {}),
    });
    this.countsDue();
  }

  /** Counts follow every change, once per turn of the event loop: a burst of changes shares one count query. */
  private countsDue(): void {
    if (this.countsPending) return;
    this.countsPending = true;
    setImmediate(() => {
      this.countsPending = false;
      // The store may have been closed meanwhile (logout, shutdown): nothing left to count.
      if (!this.store.db.open) return;
      this.emit({
        type: 'outbox-counts',
        counts: outboxCountsFor(this.store, this.agentId),
        otherAgents: pendingOfOtherAgents(this.store, this.agentId),
      });
    });
  }

  private emit(event: CoreEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        this.onInternalError(error);
      }
    }
  }

  private nowIso(): string {
    return new Date(this.nowMs()).toISOString();
  }
}
