/**
 * What each console command answers. Plain data only (strings, numbers, booleans, arrays,
 * objects, null), so both bridge transports carry it unchanged. Never a token.
 */
import type { ContactField } from '../domain/contact-fields';
import type { AgentAvailability, ChannelType, ScheduledMessageStatus, SessionStatus } from '../api/helena-dto';
import type { ChannelFamily } from '../domain/channels';
import type { TemplateMediaKind } from '../domain/template-media';
import type { AttachmentKind } from '../domain/attachments';
import type { WhatsAppCategory } from '../domain/cost';
import type { WindowReason, WindowState } from '../domain/window';
import type { MatchTier, OutboxState } from '../store';
import type { LocalMessageStatus } from '../store/messages-repo';
import type { ConnectivityState, ResourceName } from './core-events';
import type { ConversationFilter } from './desk-filters';
import type { DiskSpace } from './disk-space';
import type { RecoveryReport } from '../store/recover';

export type AuthState = 'logged_out' | 'logged_in' | 'expired';

export interface AgentSummary {
  id: string;
  userId: string;
  name: string | null;
  email: string | null;
  phoneNumber: string | null;
  profile: string | null;
  /** "Disponível" (AVAILABLE) or "Em pausa" (UNAVAILABLE) as HelenaCRM last said; null while unknown. */
  availability: AgentAvailability | null;
}

export interface RequestCodeResult {
  /** Where the code went: e-mail or SMS. */
  channel: 'email' | 'sms';
  expiresAt: string;
}

export interface LoginSummary {
  agent: AgentSummary;
}

export interface SyncStatus {
  /** 'never' until the first sync finished on this cache. */
  state: 'never' | 'syncing' | 'idle';
  lastFinishedAt: string | null;
  progress: { resource: ResourceName; done: number; total: number | null; phase: 'first' | 'delta' } | null;
  /** A pass was cut short (the network, HelenaCRM failing) and another is scheduled: said instead of its progress. */
  retrying?: boolean;
}

export interface ConversationsSummary {
  total: number;
  unread: number;
  /** Started by us, the contact has not written yet. */
  waitingContact: number;
}

/**
 * The local database was damaged and set aside at this start (src/store/recover.ts): what was kept
 * and copied back, told to the agent once ("Os dados locais deste computador estavam danificados…").
 */
export type DataRecoveryNotice = RecoveryReport;

export interface StateSnapshot {
  auth: AuthState;
  agent: AgentSummary | null;
  /** detail: why HelenaCRM is out of reach, when known (e.g. 'network.proxy', 'network.certificate'). */
  connectivity: { state: ConnectivityState; realtime: 'connected' | 'connecting' | 'offline'; detail?: string };
  sync: SyncStatus;
  /**
   * The signed-in (or expired) agent's outbox entries by state, with entries written with no
   * agent; logged out: every entry. Queued messages belong to their author and go out only
   * with their author's login.
   */
  outbox: Record<OutboxState, number>;
  /** Messages other agents left queued on this machine (0 when logged out): they wait for their author. */
  outboxOtherAgents: number;
  /** The agent's messages only this machine holds (not yet handed to HelenaCRM): signing out leaves them waiting. */
  outboxHeldHere: number;
  conversations: ConversationsSummary;
  /** Room on the data folder's disk: the agent is warned while there is still some. */
  disk: DiskSpace;
  /** A damaged database was set aside at this start; null once the agent dismissed it (recovery.dismiss). */
  recovery: DataRecoveryNotice | null;
}

export interface ContactSummary {
  id: string;
  name: string | null;
  phoneNumber: string | null;
  email: string | null;
  lastActivityAt: string | null;
  match: MatchTier;
  /**
   * The contact's open conversations the agent sees, one per channel, newest first: a session id,
   * or the `start:<localId>` key of their own start not yet acknowledged. HelenaCRM would put a
   * start on that channel into it (a paid template), so the start flow opens the first instead;
   * empty when none.
   */
  openConversations?: OpenConversationRef[];
  /**
   * With openConversations: a connected WhatsApp channel has none of them, so a start may still
   * go there (another number of the company: the + flow's Shift+Enter). False without any.
   */
  otherChannelFree?: boolean;
}

export interface OpenConversationRef {
  /** A session id, or the `start:<localId>` key of the agent's start not yet acknowledged. */
  id: string;
  channelId: string;
}

export interface ContactSearchPage {
  items: ContactSummary[];
  hasMore: boolean;
  total: number | null;
  /** The query is a valid number no cached contact has: a start can go to it (`phone`), as a new contact. */
  newNumber: { phone: string; display: string } | null;
}

export interface ChannelSummary {
  id: string;
  type: ChannelType;
  displayName: string | null;
  number: string | null;
  family: ChannelFamily;
  /** Official WhatsApp: a start needs an approved template. QR channels open at once. */
  needsTemplate: boolean;
}

export interface TeamSummary {
  id: string;
  name: string | null;
  isDefault: boolean;
}

/**
 * Where a conversation can go. A team: its queue (type DEPARTMENT). An agent: straight to them
 * (type USER); HelenaCRM accepts agents of the conversation's team, and admins.
 */
export interface TransferTargets {
  teams: Array<{ id: string; name: string | null }>;
  agents: Array<{ userId: string; name: string | null; teamName: string | null; available: boolean | null }>;
}

/**
 * A quick reply ("resposta rápida"): text the agent inserts in the message box and may edit before
 * sending. `text` has {{nome}} (the contact's first name) and {{atendente}} (the agent's) filled in
 * when known; other {{parameters}} stay for the agent to fill.
 */
export interface QuickReply {
  id: string;
  /** What the agent types after "/" to find it, e.g. "pix". */
  alias: string | null;
  name: string | null;
  text: string;
}

export interface StartTemplate {
  id: string;
  name: string | null;
  text: string | null;
  footerText: string | null;
  /** Parameter names in order, e.g. ["nome", "atendente"]. */
  params: string[];
  categoryName: string | null;
  /**
   * Image, video or document: the template goes out only with it, and the agent gives its link
   * (`media` on conversation.start / message.sendTemplate). Null: text only.
   */
  media: TemplateMediaKind | null;
}

export interface CostSummary {
  charged: boolean;
  category: WhatsAppCategory;
  /** null when charged but no price is configured. */
  amount: number | null;
  currency: string | null;
  country: string;
  /** e.g. "US$ 0,0080"; null when not charged or unknown. */
  formatted: string | null;
  /** pt-BR sentence for the agent. */
  explanation: string;
  /** The same in English (category, country and price written the English way). */
  explanationEn: string;
}

export interface EnqueuedMessage {
  localId: string;
  state: string;
  conversationKey: string;
}

export interface StartedConversation extends EnqueuedMessage {
  cost: CostSummary;
}

export interface WindowSummary {
  state: WindowState;
  reason: WindowReason;
  canSendFreeText: boolean;
  expiresAt: string | null;
  msLeft: number | null;
}

export interface ConversationSummary {
  id: string;
  contactId: string | null;
  contactName: string | null;
  channelId: string;
  departmentId: string | null;
  userId: string | null;
  status: SessionStatus;
  window: WindowSummary;
  unreadCount: number;
  lastMessageText: string | null;
  updatedAt: string;
  /** Whether the agent may write here: they started or took it, and it is not completed. */
  canWrite: boolean;
  /**
   * A start the server has not acknowledged yet (offline, or failed): `id` is its `start:<localId>`
   * key and the conversation has no session yet. Null for every server conversation.
   */
  pendingStart: { state: OutboxState; failedReason: string | null; failedReasonEn: string | null } | null;
  /**
   * A conversation HelenaCRM opened whose start never reached the contact: the contact has not
   * written and the last message out (the start's template, or a later one) failed — why, in
   * pt-BR and, when known, English. It is not waiting for the contact. Null (or absent) otherwise.
   */
  startFailed?: { failedReason: string | null; failedReasonEn: string | null } | null;
  /** What the agent typed here and has not sent (trimmed), so the desk can show it; null when none. */
  draft: string | null;
  /** The internal note being written here (trimmed), apart from the message draft; null when none. */
  noteDraft: string | null;
}

export interface MessageView {
  localId: string;
  id: string | null;
  /** 'note': an internal note ("nota interna") for the team, never sent to the contact; 'message': the WhatsApp conversation. */
  kind: 'message' | 'note';
  /** Who wrote a note (the agent's name as HelenaCRM has it); null for messages, and for an author the cache does not know. */
  authorName: string | null;
  direction: 'FROM_HUB' | 'TO_HUB';
  status: LocalMessageStatus;
  /** The outbox state of a message this app sends; null for received or already-synced ones. */
  outboxState: OutboxState | null;
  text: string | null;
  templateId: string | null;
  parameters: Record<string, string> | null;
  /** The image, video or document it carries (a media template): its kind and link (or file id), when known. */
  media: { kind: TemplateMediaKind; link: string | null } | null;
  /**
   * The file it carries when it is not a template (one the agent attached, or the contact sent):
   * "📎 boleto.pdf · 120 KB", with the text as its caption. Null otherwise.
   */
  file: { kind: AttachmentKind; name: string | null; size: number | null; mimeType: string | null } | null;
  /** Why it failed (pt-BR, as stored). */
  failedReason: string | null;
  /** The same in English, when the reason has a code (rows written before schema 6 have none: show failedReason). */
  failedReasonEn: string | null;
  /** When it was written (on this computer, or HelenaCRM's copy). */
  createdAt: string;
  /**
   * The time its line shows: when it went out or arrived (HelenaCRM's `timestamp`, else createdAt),
   * the moment the conversation is ordered by (migration 016) — a text released by the contact's
   * reply went after that reply, though written before it. While still held (LOCAL, WAIT_REPLY:
   * not on WhatsApp yet) it has not gone, and shows when it was written.
   */
  shownAt: string;
  /** Still cancellable, and editable unless textEditable says otherwise (not yet handed over for good). */
  editable: boolean;
  /** Its text can still be changed: a text message not yet handed to the server. */
  textEditable: boolean;
  /**
   * Why a text (or a file's caption) of the agent's that HelenaCRM holds for the reply is not
   * textEditable when it would otherwise be: `later_held`, a later text or file of the conversation
   * is held (or being handed over) too, and HelenaCRM releases them in order — edited, this one would
   * go after it (held-edit.ts heldBehindLater). The agent cancels the later ones first. Null otherwise.
   */
  editBlockedBy: 'later_held' | null;
  /** Its parameters (and, for a media template, its link) can still be changed: a template not yet handed to the server. */
  templateEditable: boolean;
  /** Failed for a reason worth another try (network, HelenaCRM down): message.retry sends it again. */
  retryable: boolean;
  /**
   * "Cancelar envio" may be offered: not yet handed over, or a file still uploading whose send
   * request has not started. Otherwise message.cancel answers too_late.
   */
  cancellable: boolean;
  /**
   * The new text of an edit of a text HelenaCRM holds for the reply, recorded but not finished yet
   * (the connection failed, or HelenaCRM did not confirm the withdrawal of the original: held-edit.ts).
   * The outbox finishes it by itself; until then `text` is still the original, which is what the
   * contact gets if they reply first. Null when no edit is pending.
   */
  pendingEditText: string | null;
  /**
   * The new text of an edit of a text HelenaCRM holds for the reply that was not made
   * (abandonedEditReason says why). Given up: HelenaCRM kept answering the withdrawal of the original
   * with a server error (held-edit.ts HELD_EDIT_GIVE_UP_AFTER); `text` is the original, still held,
   * which the contact gets when they reply; this is what the agent typed, for "Editar" to start from.
   * Null when no edit was given up (or another one is pending), and, given up, once the line is no
   * longer held.
   */
  abandonedEditText: string | null;
  /**
   * Why abandonedEditText was not made: `given_up` (above; the original still held) or, found by a
   * try in the background (no "Editar" call waiting to be told), with the text there to copy into a
   * new message: `too_late` (the contact's reply released the original first: the line reads sent),
   * `refused` (HelenaCRM refused to withdraw the original, left as it was) or `unconfirmed`
   * (HelenaCRM refused to show the original after its withdrawal was asked: whether it was
   * withdrawn is unknown). Null with abandonedEditText.
   */
  abandonedEditReason: 'given_up' | 'too_late' | 'refused' | 'unconfirmed' | null;
  /** Still queued after a failed try that the outbox is retrying by itself: why the last one failed (pt-BR). */
  retryingAfter: string | null;
  /** The same in English, when the reason has a code. */
  retryingAfterEn: string | null;
}

/** The contact of a conversation, for the line under its name. */
export interface ContactDetails {
  id: string;
  name: string | null;
  /** As agents read it: "(11) 98765-4321" for Brazilian numbers, E.164 otherwise. */
  phone: string | null;
  email: string | null;
  tags: string[];
  /** The ids of `tags`, same order (HelenaCRM's tagIds). */
  tagIds: string[];
  annotation: string | null;
  /** Its custom fields with a value ("Plano: Premium"), in the company's order: see domain/contact-fields.ts. */
  fields: ContactField[];
}

/** A company tag ("etiqueta") the agent can put on a contact. `color`: HelenaCRM's palette name (GREEN_500…), or null. */
export interface TagView {
  id: string;
  name: string;
  color: string | null;
}

/** The company's tags, by name; `fresh` false when HelenaCRM did not answer now (the last list heard, possibly empty). */
export interface TagList {
  tags: TagView[];
  fresh: boolean;
}

/** A contact the agent corrected, as HelenaCRM answered and the cache now holds it. */
export interface ContactUpdated {
  contact: ContactDetails;
}

export interface OpenedConversation {
  conversationKey: string;
  /**
   * For a start the server has not acknowledged yet (offline), its pending summary (pendingStart
   * set: contact, channel, team); null only while our own acknowledged start's session is fetched.
   */
  conversation: ConversationSummary | null;
  /** Its contact as cached; null when not cached (yet). */
  contact: ContactDetails | null;
  /**
   * Set while `contact` is null because the contact is not cached yet (a first sync brings contacts
   * a minute or more after the conversations): its number as HelenaCRM embedded it in the session
   * (else the session's own), as agents read it, for the line under the name. Null otherwise.
   */
  contactSyncing: { phone: string | null } | null;
  messages: MessageView[];
  draft: string | null;
  /** The internal note being written (Alt+N), as saved: apart from the message draft. */
  noteDraft: string | null;
}

/**
 * One of the contact's other conversations ("Atendimentos anteriores"): when, on which channel,
 * with which team and agent, and the last thing said. Names come from the cached directory (null
 * when this machine does not know them).
 */
export interface PastConversation {
  id: string;
  status: SessionStatus;
  channelId: string;
  channelName: string | null;
  teamId: string | null;
  teamName: string | null;
  /** The agent who had it; null: it was (or is) in the team's queue. */
  agentUserId: string | null;
  agentName: string | null;
  startedAt: string;
  /** When it was completed; null while open. */
  endedAt: string | null;
  /** Its last message either way, or its end, whichever is later: the list is newest first by it. */
  lastActivityAt: string;
  /** The last message's text (HelenaCRM's, else the newest one cached); null when unknown. */
  lastMessageText: string | null;
  /** Messages (internal notes aside) this machine holds of it; null while none was loaded here. */
  cachedMessages: number | null;
}

/** The contact's other conversations, newest first, and how complete the list is. */
export interface ContactHistory {
  contactId: string;
  items: PastConversation[];
  /**
   * 'helena': HelenaCRM answered just now (and what it said is cached for next time); 'cache': only
   * what this machine had kept (offline, no answer, or cacheOnly), so the list may be incomplete.
   */
  source: 'helena' | 'cache';
  /** Why HelenaCRM was not heard: 'offline', or 'unavailable' (an error, no answer in time, signed out); null when it answered or was not asked. */
  unheard: 'offline' | 'unavailable' | null;
  /** There are older ones than the list shows (past its limit of 50). */
  more: boolean;
}

export interface DraftView {
  conversationKey: string;
  /** 'message': the box writing to the contact; 'note': the internal note being written. */
  kind: 'message' | 'note';
  text: string;
  updatedAt: string;
}

/**
 * conversation.typing: whether "digitando…" went to HelenaCRM now, and if not why (for tests and
 * logs; the screen ignores it). Never an error: `failed` is a request that went and failed.
 */
export interface TypingResult {
  sent: boolean;
  reason: null | 'not_writable' | 'window_closed' | 'offline' | 'throttled' | 'busy' | 'failed';
}

/** desk.view: one view of the desk, and how many conversations every view holds. */
export interface DeskView {
  items: ConversationSummary[];
  counts: Record<ConversationFilter, number>;
}

/** file.fetch: a message's file, its bytes as base64 (one contract carries them over IPC and the web host). */
export interface FetchedFile {
  name: string;
  /** The sniffed image (or audio, video) type when `preview` (`playable`); else the declared type (a declared image that is not one: application/octet-stream). */
  mimeType: string;
  size: number;
  data: string;
  /** Its bytes are an image the conversation may show inline (file-sniff.ts). */
  preview: boolean;
  /** Its bytes are audio or video Chromium plays (file-sniff.ts playableMedia; `mimeType` is then the sniffed type); null: only saved. */
  playable: 'audio' | 'video' | null;
  /** Served from the disk cache, with no request. */
  cached: boolean;
  /** Fetched but not kept (the disk refused it): a pt-BR and English note for the agent. */
  notice: { message: string; messageEn: string } | null;
}

/** A template HelenaCRM will send (or sent) at a set moment ("Agendar modelo"). */
export interface ScheduledItem {
  id: string;
  templateId: string | null;
  /** HelenaCRM's name of the template (e.g. boas_vindas); null when it did not say. */
  templateName: string | null;
  /** ISO-8601 UTC: when HelenaCRM sends it. */
  at: string;
  status: ScheduledMessageStatus;
  failureReason: string | null;
  /** The conversation it went into, once sent. */
  sessionId: string | null;
  createdAt: string;
  /** The template's parameters as scheduled ("Agendar de novo" prefills them). */
  parameters: Record<string, string>;
  /** A media template's file as scheduled: its public link, else the id of the file uploaded to HelenaCRM; null without one. */
  media: string | null;
}

export interface ScheduledList {
  contactId: string;
  /**
   * Newest first (by creation). The conversation shows those still SCHEDULED and those FAILED
   * ("Não enviado"); a FAILED one dismissed on this machine, or whose moment is more than 7 days
   * past, is left out.
   */
  items: ScheduledItem[];
  /**
   * 'helena': HelenaCRM answered just now; 'memory': the last answer this run heard (it may be stale:
   * HelenaCRM may have sent or cancelled since); 'none': nothing known (offline since the app started).
   */
  source: 'helena' | 'memory' | 'none';
  unheard: 'offline' | 'unavailable' | null;
}

export interface ScheduleCreated {
  scheduled: ScheduledItem;
  /** What the send will cost when it goes, as for a template sent now. */
  cost: CostSummary;
}

export interface ConsoleCommandResults {
  'auth.requestCode': RequestCodeResult;
  'auth.verify': LoginSummary;
  'auth.logout': { ok: true };
  'state.snapshot': StateSnapshot;
  'contacts.search': ContactSearchPage;
  'channels.list': ChannelSummary[];
  'teams.mine': TeamSummary[];
  'templates.forStart': StartTemplate[];
  'cost.estimate': CostSummary;
  'conversation.start': StartedConversation;
  'message.sendText': EnqueuedMessage;
  'message.sendTemplate': EnqueuedMessage;
  'message.sendFile': EnqueuedMessage;
  'file.fetch': FetchedFile;
  'message.edit': { ok: true };
  'message.retry': { ok: true };
  'message.cancel': { ok: true };
  'message.dismissEditNote': { ok: true };
  'note.add': EnqueuedMessage;
  'contact.update': ContactUpdated;
  'contact.history': ContactHistory;
  'schedule.create': ScheduleCreated;
  'schedule.list': ScheduledList;
  'schedule.cancel': { ok: true };
  'schedule.reschedule': { scheduled: ScheduledItem };
  'schedule.dismiss': { ok: true };
  'contact.setTags': ContactUpdated;
  'tags.list': TagList;
  'agent.setAvailability': { agent: AgentSummary };
  'draft.save': { ok: true; savedAt: string };
  'draft.load': DraftView | null;
  'conversation.list': ConversationSummary[];
  'desk.view': DeskView;
  'conversation.open': OpenedConversation;
  'conversation.markRead': { ok: true };
  'conversation.typing': TypingResult;
  'conversation.assume': ConversationSummary;
  'transfer.targets': TransferTargets;
  'quickReplies.list': QuickReply[];
  'conversation.transfer': ConversationSummary;
  'conversation.complete': ConversationSummary;
  'sync.now': { ok: true };
  'recovery.dismiss': { ok: true };
}
