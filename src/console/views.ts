/** Cache rows turned into the plain shapes the UI receives (results.ts). */
import { contactFieldsOf, type ContactFieldDefinition } from '../domain/contact-fields';
import { channelFamilyOf } from '../domain/channels';
import { explainCost, formatMoney, type CostEstimate } from '../domain/cost';
import { normalisePhone, phoneForDisplay } from '../domain/phone';
import { attachmentKindOfMessageType } from '../domain/attachments';
import { templateMediaKind } from '../domain/template-media';
import { computeWindow } from '../domain/window';
import { canWriteSession, type Viewer } from '../domain/visibility';
import type { CachedChannel, CachedContact, CachedMessage, CachedSession, DraftKind, OutboxEntry, SignedInAgent, Store, StoredReasonCode } from '../store';
import { EDITABLE_STATES, isNote } from '../store';
import { failureText, isFailureReasonCode } from '../api/failure-messages';
import { abandonedEditOf, heldEditOf } from '../outbox/held-edit';
import type {
  AgentSummary,
  ChannelSummary,
  ContactDetails,
  ConversationSummary,
  CostSummary,
  MessageView,
  OpenedConversation,
  PastConversation,
  WindowSummary,
} from './results';

/**
 * A stored failure reason in English, from the code kept beside its pt-BR text; null when the row
 * has no code (written before schema 6) or one this build does not know: the pt-BR text stands.
 */
export function reasonInEnglish(reasonCode: StoredReasonCode | null): string | null {
  if (!reasonCode || !isFailureReasonCode(reasonCode.code)) return null;
  return failureText({ code: reasonCode.code, values: reasonCode.values }, 'en');
}

export function agentSummary(agent: SignedInAgent): AgentSummary {
  return {
    id: agent.id,
    userId: agent.userId,
    name: agent.name,
    email: agent.email,
    phoneNumber: agent.phoneNumber,
    profile: agent.profile,
    availability: agent.availability,
  };
}

export function channelSummary(channel: CachedChannel): ChannelSummary {
  const family = channelFamilyOf(channel.type);
  return {
    id: channel.id,
    type: channel.type,
    displayName: channel.displayName,
    number: channel.numberFormatted ?? channel.number,
    family,
    needsTemplate: family !== 'unofficial',
  };
}

export function windowSummary(session: CachedSession, now: Date): WindowSummary {
  const info = windowOf(session, now);
  return {
    state: info.state,
    reason: info.reason,
    canSendFreeText: info.canSendFreeText,
    expiresAt: info.expiresAt ? info.expiresAt.toISOString() : null,
    msLeft: info.msLeft,
  };
}

function windowOf(session: CachedSession, now: Date): ReturnType<typeof computeWindow> {
  return computeWindow({ windowStatus: session.windowStatus, lastMessageIn: session.lastMessageIn, channelType: session.channelType }, now);
}

/** Only the window's state: what the desk counts and filters every open conversation by (the page's rows get windowSummary). */
export function windowStateOf(session: CachedSession, now: Date): WindowSummary['state'] {
  return windowOf(session, now).state;
}

function draftOf(store: Store, conversationKey: string, kind: DraftKind = 'message'): string | null {
  return store.drafts.load(conversationKey, kind)?.text.trim() || null;
}

function contactNumber(phone: string | null): string | null {
  const parsed = phone ? normalisePhone(phone) : null;
  return parsed ? phoneForDisplay(parsed) : phone;
}

/** What the desk calls a conversation: its contact's name. */
export function conversationName(session: CachedSession, store: Store): string | null {
  return conversationNameOf(session, session.contactId ? store.contacts.get(session.contactId) : null);
}

/** conversationName with the contact already read (the desk's find reads them all at once). */
export function conversationNameOf(session: CachedSession, contact: { name: string | null; phoneNumber: string | null } | null): string | null {
  // A contact not cached yet (a first sync brings conversations a minute or more before contacts):
  // the contact as HelenaCRM embedded it in the session. The cached contact wins: it may have been
  // renamed since.
  const known = contact ?? { name: session.embeddedContactName, phoneNumber: session.embeddedContactPhone };
  // A contact HelenaCRM created from a number (a start to a new number) has no name yet: the number stands in.
  // Nothing known of the contact: the session's own number, when HelenaCRM gives one, rather than no title at all.
  return known.name ?? session.title ?? contactNumber(known.phoneNumber ?? session.number ?? null);
}

/** `startFailed`: already read for this conversation (the desk reads them all at once), else read here. */
export function conversationSummary(session: CachedSession, store: Store, viewer: Viewer, now: Date, startFailed?: ConversationSummary['startFailed']): ConversationSummary {
  return {
    id: session.id,
    contactId: session.contactId,
    contactName: conversationName(session, store),
    channelId: session.channelId,
    departmentId: session.departmentId,
    userId: session.userId,
    status: session.status,
    window: windowSummary(session, now),
    unreadCount: session.unreadCount,
    lastMessageText: session.lastMessageText,
    updatedAt: session.updatedAt,
    // A completed conversation only reads, also for its own agent (handlers.ts requireWritable).
    canWrite: canWriteSession(viewer, session) && session.status !== 'COMPLETED',
    pendingStart: null,
    startFailed: startFailed !== undefined ? startFailed : startFailedOf(session, store, now),
    draft: draftOf(store, session.id),
    noteDraft: draftOf(store, session.id, 'note'),
  };
}

/** Only a conversation the contact never wrote to, still open, can be a start that failed. */
export function mayBeFailedStart(c: { status: CachedSession['status']; windowState: WindowSummary['state'] }): boolean {
  return c.windowState === 'not_started' && c.status !== 'COMPLETED';
}

/**
 * Why the conversation's start never reached the contact, or null: the contact has not written and
 * the last message that went (held texts and notes aside) is ours, failed. A reply, or a later
 * template that went, makes it an ordinary conversation again.
 */
export function startFailedOf(session: CachedSession, store: Store, now: Date): ConversationSummary['startFailed'] {
  if (!mayBeFailedStart({ status: session.status, windowState: windowSummary(session, now).state })) return null;
  return startFailedFrom(store.messages.lastSentFailed([session.id]).get(session.id));
}

export function startFailedFrom(failed: { failedReason: string | null; failedReasonCode: StoredReasonCode | null } | undefined): ConversationSummary['startFailed'] {
  return failed ? { failedReason: failed.failedReason, failedReasonEn: reasonInEnglish(failed.failedReasonCode) } : null;
}

/**
 * A start still in the outbox, as the desk lists it: the agent's own conversation, with no session
 * yet, waiting for the contact (or, on a QR channel, open). Its contact is found by the number.
 */
export function pendingStartSummary(entry: OutboxEntry, store: Store, viewer: Viewer, now: Date): ConversationSummary | null {
  if (entry.payload.kind !== 'start') return null;
  const body = entry.payload.body;
  const contact = store.contacts.findByPhone(body.to);
  const channel = store.directory.channels().find((c) => c.id === body.from) ?? null;
  const message = store.messages.get(entry.localId);
  const window = computeWindow({ windowStatus: 'NOT_STARTED', lastMessageIn: null, channelType: channel?.type ?? null }, now);
  return {
    id: entry.conversationKey,
    contactId: contact?.id ?? null,
    contactName: contact?.name ?? contactNumber(body.to),
    channelId: body.from,
    departmentId: body.options?.department?.id ?? null,
    userId: viewer.userId,
    status: 'STARTED',
    window: { state: window.state, reason: window.reason, canSendFreeText: window.canSendFreeText, expiresAt: null, msLeft: null },
    unreadCount: 0,
    lastMessageText: message?.text ?? null,
    updatedAt: entry.updatedAt,
    canWrite: true,
    pendingStart: { state: entry.state, ...startFailure(entry, message) },
    draft: draftOf(store, entry.conversationKey),
    noteDraft: draftOf(store, entry.conversationKey, 'note'),
  };
}

/** Why a start failed, from its message (where HelenaCRM's reason lands) or else its outbox row. */
export function startFailure(entry: OutboxEntry, message: CachedMessage | null): { failedReason: string | null; failedReasonEn: string | null } {
  if (entry.state !== 'failed') return { failedReason: null, failedReasonEn: null };
  if (message && message.failedReason !== null) return { failedReason: message.failedReason, failedReasonEn: reasonInEnglish(message.failedReasonCode) };
  return { failedReason: entry.lastError, failedReasonEn: entry.lastError === null ? null : reasonInEnglish(entry.lastErrorCode) };
}

/**
 * `authors`: agents' names by userId (the cached agents list and the signed-in agent), for the
 * "Nota interna · <autor>" line of a note. `heldBehindLater`: HelenaCRM holds this text and a later
 * one of the conversation too (held-edit.ts heldBehindLater): edited, it would be released after
 * that one, so it is not offered for editing (editBlockedBy says why).
 */
export function messageView(
  message: CachedMessage,
  entry: OutboxEntry | undefined,
  authors: ReadonlyMap<string, string> = new Map(),
  heldBehindLater = false,
): MessageView {
  const outboxState = entry?.state ?? null;
  const editable = outboxState !== null && EDITABLE_STATES.includes(outboxState);
  const note = isNote(message);
  // HelenaCRM holds it for the reply (waitReply): it can be withdrawn there; a text also edited (below).
  const heldByServer = outboxState === 'waiting_reply' && message.id !== null;
  // Back in the queue after a try whose send request may have reached HelenaCRM (a lost answer, a
  // crash): the retry goes with the same refId and HelenaCRM keeps the first, so neither an edit nor
  // a local cancel would be true any more.
  const tried = (entry?.sendStartedAt ?? null) !== null && !heldByServer;
  // HelenaCRM answered that it failed (WhatsApp refused it): it may be cleared off the list, not
  // edited (a retry with its refId would bring back the same failure).
  const failedOnHelena = outboxState === 'failed' && message.id !== null && message.status === 'FAILED';
  const mayHaveGone = tried && !failedOnHelena;
  // A text (or a file's caption) the server already holds for the reply (waitReply) is edited by
  // withdrawing it there and sending the new one in its place (Outbox.editServerHeld). An audio
  // has no caption (WhatsApp shows none): nothing of it to edit.
  const textEditable =
    editable &&
    message.templateId === null &&
    (!heldByServer || entry?.kind === 'text' || entry?.kind === 'file') &&
    fileOf(message)?.kind !== 'audio' &&
    !tried;
  // Editable but for the order HelenaCRM releases held messages in: the line says so, or the
  // missing "Editar" reads as a fault.
  const blockedByLater = textEditable && heldByServer && heldBehindLater;
  return {
    localId: message.localId,
    id: message.id,
    kind: note ? 'note' : 'message',
    authorName: note && message.userId !== null ? (authors.get(message.userId) ?? null) : null,
    direction: message.direction,
    status: message.status,
    outboxState,
    text: message.text,
    templateId: message.templateId,
    parameters: message.parameters,
    media: mediaOf(message),
    file: fileOf(message),
    failedReason: message.failedReason,
    failedReasonEn: message.failedReason === null ? null : reasonInEnglish(message.failedReasonCode),
    createdAt: message.createdAt,
    // The same moment the conversation is ordered by (MESSAGE_ORDER_AT_SQL, migration 016).
    shownAt: message.status === 'LOCAL' || message.status === 'WAIT_REPLY' ? message.createdAt : (message.sentAt ?? message.createdAt),
    editable,
    textEditable: textEditable && !blockedByLater,
    editBlockedBy: blockedByLater ? 'later_held' : null,
    // A template changes by its parameters (and a media template by its link), never by its text.
    templateEditable: editable && message.templateId !== null && !note && !heldByServer && !tried,
    retryable: outboxState === 'failed' && entry?.retryable !== false,
    // A file may also be stopped while it uploads; nothing may be once its send request has started
    // (the outbox refuses it then: it may already have reached the contact) — unless HelenaCRM holds
    // it for the reply, where withdrawing it is HelenaCRM's to confirm.
    cancellable: (editable && !mayHaveGone) || (entry?.kind === 'file' && outboxState === 'sending' && (entry.sendStartedAt ?? null) === null),
    // Only while still held: that is the only state the outbox finishes an edit from (a row that
    // moved on — released, cancelled — keeps nothing of it the agent could wait for).
    pendingEditText: entry !== undefined && heldByServer ? (heldEditOf(entry)?.text ?? null) : null,
    ...abandonedEdit(entry, heldByServer),
    ...retrying(entry),
  };
}

/**
 * An edit not made whose text the row kept (held-edit.ts abandonedEditOf). Given up: said as such
 * while the original is still held; released, as too late; cancelled, not at all (the agent chose).
 * Too late: the original had gone already, so it is said on the sent (or failed) line.
 * Refused (or unconfirmed): said whatever the line reads now — its words tell what HelenaCRM
 * answered then, the line's state where the original is now — or the typed text would vanish once
 * the reply releases (or sync settles) the original.
 */
function abandonedEdit(entry: OutboxEntry | undefined, heldByServer: boolean): Pick<MessageView, 'abandonedEditText' | 'abandonedEditReason'> {
  const none = { abandonedEditText: null, abandonedEditReason: null };
  if (entry === undefined || heldEditOf(entry) !== null) return none;
  const abandoned = abandonedEditOf(entry);
  if (abandoned === null) return none;
  if (abandoned.reason === 'too_late') return heldByServer ? none : { abandonedEditText: abandoned.text, abandonedEditReason: 'too_late' };
  if (abandoned.reason !== undefined) return { abandonedEditText: abandoned.text, abandonedEditReason: abandoned.reason };
  if (heldByServer) return { abandonedEditText: abandoned.text, abandonedEditReason: 'given_up' };
  // Given up, then the reply released the original: what the agent typed is not lost with the
  // line's words, it reads as too late (the original went), until the agent dismisses it.
  return entry.state === 'sent' ? { abandonedEditText: abandoned.text, abandonedEditReason: 'too_late' } : none;
}

/** A media template's image, video or document (a file sent without a template is a `file`). */
function mediaOf(message: CachedMessage): MessageView['media'] {
  const kind = message.templateId === null ? null : templateMediaKind(message.type);
  return kind === null ? null : { kind, link: message.media };
}

/** A file sent without a template, by the agent or the contact: what the conversation shows of it. */
function fileOf(message: CachedMessage): MessageView['file'] {
  const kind = message.templateId === null ? attachmentKindOfMessageType(message.type) : null;
  if (kind === null) return null;
  return { kind, name: message.file?.name ?? null, size: message.file?.size ?? null, mimeType: message.file?.mimeType ?? null };
}

/** Still queued after a failed try the outbox retries by itself: why the last one failed. */
function retrying(entry: OutboxEntry | undefined): { retryingAfter: string | null; retryingAfterEn: string | null } {
  const trying = entry !== undefined && (entry.state === 'queued' || entry.state === 'sending') && entry.attempts > 0 && entry.lastError !== null;
  return trying ? { retryingAfter: entry.lastError, retryingAfterEn: reasonInEnglish(entry.lastErrorCode) } : { retryingAfter: null, retryingAfterEn: null };
}

export function costSummary(estimate: CostEstimate): CostSummary {
  return {
    charged: estimate.charged,
    category: estimate.category,
    amount: estimate.amount,
    currency: estimate.currency,
    country: estimate.country,
    formatted:
      estimate.charged && estimate.amount !== null && estimate.currency !== null
        ? formatMoney(estimate.amount, estimate.currency)
        : null,
    explanation: estimate.explanation,
    explanationEn: explainCost(estimate, 'en'),
  };
}

/**
 * The line under a conversation's name while its contact is not cached: the number the session
 * embedded (else its own) as agents read it. Null once the contact is cached, or with no contact.
 */
export function contactSyncingOf(session: CachedSession | null, contact: CachedContact | null): OpenedConversation['contactSyncing'] {
  if (!session?.contactId || contact !== null) return null;
  return { phone: contactNumber(session.embeddedContactPhone ?? session.number ?? null) };
}

/** Who the agent is talking to, as the conversation screen shows it under the name. */
export function contactDetails(contact: CachedContact, fieldDefinitions: readonly ContactFieldDefinition[] | null): ContactDetails {
  return {
    id: contact.id,
    name: contact.name,
    phone: contactNumber(contact.phoneNumber),
    email: contact.email,
    tags: contact.tagNames,
    tagIds: contact.tagIds,
    annotation: contact.annotation?.trim() || null,
    fields: contactFieldsOf(contact.customFields, fieldDefinitions),
  };
}


/** The latest of the times given (ISO strings compare as text); null when none. */
function latest(...times: ReadonlyArray<string | null | undefined>): string | null {
  return times.reduce<string | null>((a, b) => (b && (a === null || b > a) ? b : a), null);
}

/**
 * One of the contact's other conversations as "Atendimentos anteriores" lists it. `names`: channels,
 * teams and agents by id as cached; `digest`: what this cache holds of its messages, if anything.
 */
export function pastConversation(
  session: CachedSession,
  names: { channels: ReadonlyMap<string, string | null>; teams: ReadonlyMap<string, string | null>; agents: ReadonlyMap<string, string> },
  digest: { count: number; lastText: string | null } | undefined,
): PastConversation {
  const startedAt = session.startAt ?? session.createdAt;
  return {
    id: session.id,
    status: session.status,
    channelId: session.channelId,
    channelName: names.channels.get(session.channelId) ?? null,
    teamId: session.departmentId,
    teamName: session.departmentId ? (names.teams.get(session.departmentId) ?? null) : null,
    agentUserId: session.userId,
    agentName: session.userId ? (names.agents.get(session.userId) ?? null) : null,
    startedAt,
    endedAt: session.status === 'COMPLETED' ? session.endAt : null,
    lastActivityAt: latest(session.endAt, session.lastMessageIn, session.lastMessageOut, session.lastInteractionAt) ?? startedAt,
    lastMessageText: session.lastMessageText ?? digest?.lastText ?? null,
    cachedMessages: digest?.count ?? null,
  };
}
