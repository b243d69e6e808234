/**
 * One handler per console command, over the local cache, the HelenaClient and the engines.
 * Inputs arrive already shape-checked (commands.ts); here live the checks that need the cache:
 * the contact exists, the team is the agent's, the template fits the channel and team, and
 * WhatsApp's parameter rules, each with one pt-BR message, before anything is enqueued.
 */
import { isHelenaError } from '../api/errors';
import type { SessionDTO } from '../api/helena-dto';
import { channelFamilyOf, isWhatsAppFamily } from '../domain/channels';
import { estimateCost, type PriceTable } from '../domain/cost';
import { normalisePhone, phoneForDisplay } from '../domain/phone';
import { translate } from '../domain/messages';
import { checkFreeText, checkTemplateParams, renderTemplate, templateParamNames } from '../domain/template-params';
import { checkTemplateMedia, templateMediaKind, type MediaIssue } from '../domain/template-media';
import { selectStartTemplates, startTemplateRejection, type TemplateRejection } from '../domain/templates';
import { canSeeSession, canWriteSession, type Viewer } from '../domain/visibility';
import { isNote, isRefusedForGood, isStartKey, PENDING_STATES, START_KEY_PREFIX, type CachedSession, type CachedTemplate, type OutboxEntry, type Store } from '../store';
import { belongsTo, heldHereFor, outboxCountsFor, pendingOfOtherAgents } from '../outbox/authors';
import { heldBehindLater, HeldEditRefused, replacedCopiesOf } from '../outbox/held-edit';
import type { CommandName, CommandResult, ParsedInput } from './commands';
import type { HelenaConsole } from './console';
import { availabilityRefusal } from './availability';
import { contactUpdateBody, contactUpdateRefusal } from './contact-edit';
import { contactTagCalls, contactTagsRefusal, tagViews } from './contact-tags';
import { ConsoleError, refusal, type FieldIssue } from './errors';
import { assertCaptionEdit, fileToSend } from './file-send';
import { fetchReceivedFile } from './received-file';
import { ScheduledMessages } from './scheduled';
import { noteNotSentRefusal, noteSettled, reusableNote } from './transfer-note';
import { TypingThrottle } from './typing';
import { consoleText, type ConsoleMessageCode } from './console-messages';
import { cachedAgents, putCachedAgent } from '../sync/pulls';
import { viewerOf } from '../sync/viewer';
import type { SyncEngineLike } from '../sync/contract';
import type { ContactDTO } from '../api/helena-dto';
import { deskQuery, FILTERS, matchesFilter, type FilterTarget } from './desk-filters';
import { phoneKeys } from '../store/contact-keys';
import { refreshContactFieldDefinitions, storedContactFieldDefinitions } from './contact-fields';
import type {
  ContactHistory,
  ContactUpdated,
  ConversationSummary,
  DeskView,
  EnqueuedMessage,
  OpenConversationRef,
  StartTemplate,
  StateSnapshot,
  TagList,
  TagView,
} from './results';
import {
  agentSummary,
  channelSummary,
  contactDetails,
  contactSyncingOf,
  conversationSummary,
  costSummary,
  messageView,
  pastConversation,
  pendingStartSummary,
  conversationNameOf,
  mayBeFailedStart,
  startFailedFrom,
  startFailure,
  startFailedOf,
  windowStateOf,
} from './views';

type Handler<C extends CommandName> = (input: ParsedInput<C>) => Promise<CommandResult<C>> | CommandResult<C>;
type HandlerMap = { [C in CommandName]: Handler<C> };

const OPEN_STATUSES = ['STARTED', 'PENDING', 'IN_PROGRESS'] as const;

const REJECTION_MESSAGES: Record<TemplateRejection, ConsoleMessageCode> = {
  inactive: 'template.inactive',
  archived: 'template.archived',
  not_attendance: 'template.not_attendance',
  other_channel: 'template.other_channel',
  other_channel_type: 'template.other_channel_type',
  team_not_allowed: 'template.team_not_allowed',
  not_approved: 'template.not_approved',
};

function firstName(name: string | null | undefined): string | null {
  return name?.trim().split(/\s+/)[0] || null;
}

function notFound(field: string, text: ConsoleMessageCode): ConsoleError {
  return refusal('not_found', text, { field });
}

function notAllowed(text: ConsoleMessageCode, field?: string): ConsoleError {
  return refusal('not_allowed', text, field ? { field } : {});
}

/** DTO-shaped view of a cached template, for the domain's selection rules. */
function templateFields(t: CachedTemplate) {
  return {
    active: t.active,
    archived: t.archived,
    status: t.status,
    type: t.kinds,
    channelId: t.channelId,
    channelType: t.channelType,
    departmentIds: t.departmentIds,
    name: t.name,
  };
}

function paramNamesOf(template: CachedTemplate): string[] {
  return template.params.length > 0 ? template.params : templateParamNames(template.text ?? '');
}

/**
 * WhatsApp's parameter rules, one message per parameter, and the media rule (a template with an
 * image, video or document needs its link; field "media"), all problems at once. Only the
 * template's own parameters go on, and the media only for a template that has it.
 */
function checkedSend(
  template: CachedTemplate,
  given: Record<string, string> | undefined,
  mediaGiven: string | undefined,
): { parameters: Record<string, string>; media: string | undefined } {
  const names = paramNamesOf(template);
  const values = given ?? {};
  const issues = paramIssues(names, values);
  // A template cached before its file type was known (null) is checked by HelenaCRM instead.
  const kind = templateMediaKind(template.fileType);
  const mediaIssue = template.fileType === null ? null : checkTemplateMedia(kind, mediaGiven);
  if (mediaIssue) issues.push(mediaFieldIssue(mediaIssue));
  throwIssues(issues);
  return { parameters: Object.fromEntries(names.map((name) => [name, values[name] ?? ''])), media: mediaGiven?.trim() || undefined };
}

/**
 * A queued template's change, by the same rules as at send time, all problems at once: the
 * parameters when given, and the link when given — a media template's (its kind from the cached
 * template, or from the message itself when the template was cached before its file type was
 * known) must be a valid link or file id; a template without media takes none. What is not given
 * is not checked: it went in checked and stays as it is.
 */
function checkedEdit(
  template: CachedTemplate,
  messageType: string,
  given: Record<string, string> | undefined,
  mediaGiven: string | undefined,
): { parameters?: Record<string, string>; media?: string } {
  const names = paramNamesOf(template);
  const issues = given === undefined ? [] : paramIssues(names, given);
  if (mediaGiven !== undefined) {
    const kind = templateMediaKind(template.fileType === null ? messageType : template.fileType);
    const mediaIssue = checkTemplateMedia(kind, mediaGiven);
    if (mediaIssue) issues.push(mediaFieldIssue(mediaIssue));
  }
  throwIssues(issues);
  return {
    ...(given !== undefined ? { parameters: Object.fromEntries(names.map((name) => [name, given[name] ?? ''])) } : {}),
    ...(mediaGiven !== undefined ? { media: mediaGiven.trim() } : {}),
  };
}

function paramIssues(names: readonly string[], values: Record<string, string>): FieldIssue[] {
  return checkTemplateParams(names, values).map((p) => ({
    field: `parameters.${p.param}`,
    message: p.message,
    messageEn: translate(p.code, p.values, 'en'),
  }));
}

function mediaFieldIssue(issue: MediaIssue): FieldIssue {
  return { field: 'media', message: issue.message, messageEn: translate(issue.code, issue.values, 'en') };
}

function throwIssues(issues: readonly FieldIssue[]): void {
  const first = issues[0];
  if (!first) return;
  throw new ConsoleError({
    code: 'invalid_parameters',
    message: issues.map((i) => i.message).join(' '),
    messageEn: issues.map((i) => i.messageEn).join(' '),
    field: first.field,
    issues: [...issues],
  });
}

function checkedText(text: string, field = 'text'): string {
  const issue = checkFreeText(text);
  if (issue) throw new ConsoleError({ code: 'invalid_input', message: issue.message, messageEn: translate(issue.code, issue.values, 'en'), field });
  return text;
}

function enqueued(result: { localId: string; state: string; conversationKey: string }): EnqueuedMessage {
  return { localId: result.localId, state: result.state, conversationKey: result.conversationKey };
}

/** How long a contact edit waits for HelenaCRM (retries included) before the agent is told to try again. */
const CONTACT_SAVE_MS = 20_000;

/** How long the "Etiquetas" field waits for the company's tags before showing the last list heard. */
const TAGS_WAIT_MS = 8_000;
/** After HelenaCRM did not answer for the contact field definitions: the next opening to ask again. */
const FIELDS_RETRY_MS = 60_000;

/** How long a change of availability waits for HelenaCRM (retries included) before the agent is told to try again. */
const AVAILABILITY_SAVE_MS = 15_000;

/** A conversation read from HelenaCRM on opening: `newest` once its newest messages and notes are cached, `done` at the end. */
interface OpenRefresh {
  done: Promise<void>;
  newest: Promise<void>;
}

/** How long opening an uncached conversation waits for the server before saying it was not found. */
const OPEN_WAIT_MS = 8_000;

/**
 * Opening a conversation reads it from HelenaCRM (session, up to 3 pages of latest messages, notes: 3 to 5 requests) at
 * most this often. The screen reads the conversation again on every change it hears of, and the
 * read from HelenaCRM announces one: read every time, an open conversation went round that loop
 * ~9 times a second, ~27 requests a second of the account's 40, shared with every colleague.
 * Between reads, realtime events keep the cache current.
 */
const OPEN_REFRESH_GAP_MS = 15_000;
/** Conversations whose last read is remembered (the oldest forgotten first). */
const OPEN_REFRESH_REMEMBERED = 200;

/** "Atendimentos anteriores": every status but HIDDEN, at most this many, and how long HelenaCRM is waited for. */
const HISTORY_STATUSES = ['STARTED', 'PENDING', 'IN_PROGRESS', 'COMPLETED'] as const;
const HISTORY_LIMIT = 50;
const HISTORY_WAIT_MS = 10_000;

/** `promise`'s value, or `late` once `ms` have passed (the promise carries on; its outcome is then ignored). */
async function within<T, L>(promise: Promise<T>, ms: number, late: L): Promise<T | L> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    return await Promise.race([promise, new Promise<L>((resolve) => (timer = setTimeout(() => resolve(late), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

export class CommandHandlers {
  private readonly map: HandlerMap;
  /** The company's tags as HelenaCRM last listed them (tags.list), for when it does not answer. */
  private lastTags: TagView[] | null = null;
  private fieldsRefreshing = false;
  private fieldsFailedAt: number | null = null;
  /** Per conversation: when it was last read from HelenaCRM on opening, or the read under way (OPEN_REFRESH_GAP_MS). */
  private readonly openRefreshes = new Map<string, { at: number; seen: string | null; running: OpenRefresh | null }>();
  private readonly typingThrottle = new TypingThrottle();
  private readonly schedules = new ScheduledMessages({
    client: () => this.client(),
    online: () => this.core.connectivityState().state !== 'offline',
    nowMs: () => this.core.now().getTime(),
    agentId: () => this.core.requireAgent().userId,
    failures: () => this.store().scheduleFailures,
  });

  constructor(
    private readonly core: HelenaConsole,
    private readonly prices: PriceTable,
  ) {
    this.map = {
      'auth.requestCode': async ({ login }) => {
        const answer = await this.client()
          .requestLoginCode(login)
          .catch((error: unknown) => {
            // HelenaCRM names the field in its own words (in English); the agent needs to know what to type.
            if (isHelenaError(error, 'validation') && error.detail.fields.includes('login')) {
              throw refusal('api.login_invalid', 'auth.login_invalid', { field: 'login' });
            }
            throw error;
          });
        return { channel: answer.channel, expiresAt: answer.expiresAt };
      },
      'auth.verify': async ({ login, code }) => {
        const answer = await this.client()
          .verifyLoginCode(login, code)
          .catch((error: unknown) => {
            // Here a 401 means the code, not the session: say so, and what to do.
            if (isHelenaError(error) && error.kind === 'unauthorized') {
              throw refusal('api.code_invalid', 'auth.code_invalid', { field: 'code' });
            }
            throw error;
          });
        const me = await this.core.signedIn(answer.token, answer.agent);
        return { agent: agentSummary(me) };
      },
      'auth.logout': async () => {
        await this.core.signedOut();
        return { ok: true };
      },
      'state.snapshot': () => this.snapshot(),
      'contacts.search': ({ query, limit, offset }) => {
        const found = this.store().searchContacts(query, { limit: limit ?? 20, offset: offset ?? 0 });
        const viewer = found.items.length > 0 ? this.viewer() : null;
        // Read once per search, not once per result: this runs on every keystroke of the + search.
        let startsByDigits: Map<string, OpenConversationRef[]> | undefined;
        const pendingStartsTo = (digits: string): OpenConversationRef[] => {
          startsByDigits ??= viewer ? this.pendingStartsByDigits(viewer) : new Map();
          return startsByDigits.get(digits) ?? [];
        };
        let startChannels: string[] | undefined;
        const otherChannelFree = (open: OpenConversationRef[]): boolean => {
          if (open.length === 0) return false;
          startChannels ??= this.startChannelIds();
          return startChannels.some((id) => !open.some((o) => o.channelId === id));
        };
        return {
          items: found.items.map((c) => {
            const open = viewer ? this.openConversationsOf(c.id, viewer, pendingStartsTo) : [];
            return {
              id: c.id,
              name: c.name,
              phoneNumber: c.phoneNumber,
              email: c.email,
              lastActivityAt: c.lastActivityAt,
              match: c.match,
              openConversations: open,
              otherChannelFree: otherChannelFree(open),
            };
          }),
          hasMore: found.hasMore,
          total: found.total ?? null,
          newNumber: this.newNumber(query),
        };
      },
      'channels.list': () => this.store().directory.channels({ activeOnly: true }).map(channelSummary),
      'teams.mine': ({ channelId }) => {
        const me = this.core.requireAgent();
        const viewer = viewerOf(me, this.store());
        const mine = new Set(viewer.departmentIds);
        return this.store()
          .directory.teams()
          .filter((team) => mine.has(team.id))
          .filter((team) => !channelId || team.channels.length === 0 || team.channels.some((c) => c.id === channelId))
          .map((team) => ({ id: team.id, name: team.name, isDefault: team.isDefault }));
      },
      'templates.forStart': ({ channelId, teamId }) => {
        this.requireMyTeam(teamId);
        const channel = this.channel(channelId);
        return selectStartTemplates(this.templatesFor(channelId).map((t) => ({ ...templateFields(t), template: t })), {
          channelId,
          departmentId: teamId,
          channelType: channel.type,
        }).map(({ template }): StartTemplate => ({
          id: template.id,
          name: template.name,
          text: template.text,
          footerText: template.footerText,
          params: paramNamesOf(template),
          categoryName: template.categoryName,
          media: templateMediaKind(template.fileType),
        }));
      },
      'cost.estimate': ({ channelId, templateId, contactId, phone }) =>
        costSummary(this.estimate(channelId, templateId, this.startContact({ contactId, phone }).country)),
      'conversation.start': (input) => this.start(input),
      'message.sendText': async ({ sessionId, text }) => {
        this.requireWritable(sessionId);
        this.refuseAfterFailedStart(sessionId);
        return enqueued(await this.core.requireEngines().outbox.sendText(sessionId, checkedText(text)));
      },
      'message.sendTemplate': async ({ sessionId, templateId, parameters, media }) => {
        this.requireWritable(sessionId);
        // Into a conversation whose start WhatsApp refused, a template is how a start is tried again;
        // a start HelenaCRM refused outright has no conversation to take it (the outbox would fail it).
        if (isStartKey(this.followStart(sessionId))) this.refuseAfterFailedStart(sessionId);
        const template = this.store().templates.get(templateId);
        if (!template) throw notFound('templateId', 'template.not_cached');
        const checked = checkedSend(template, parameters, media);
        return enqueued(await this.core.requireEngines().outbox.sendTemplate(sessionId, templateId, checked.parameters, checked.media));
      },
      'message.sendFile': async (input) => {
        this.requireWritable(input.sessionId);
        this.refuseAfterFailedStart(input.sessionId);
        return enqueued(await this.core.requireEngines().outbox.sendFile(input.sessionId, fileToSend(input)));
      },
      'file.fetch': async ({ localId }) => {
        const message = this.store().messages.get(localId);
        if (!message) throw notFound('localId', 'message.not_found');
        // The same conversations the agent may open: a file is as private as the messages around it.
        if (message.sessionId !== null) this.requireVisible(message.sessionId);
        return fetchReceivedFile(this.core.receivedFiles(), message);
      },
      'message.edit': async ({ localId, text, parameters, media }) => {
        const message = this.store().messages.get(localId);
        if (!message) throw notFound('localId', 'message.not_found');
        this.requireMyMessage(localId);
        const change: { text?: string; parameters?: Record<string, string>; media?: string } = {};
        if (text !== undefined) change.text = checkedText(text);
        // A file's text is its caption (a media template changes by its parameters, below).
        if (text !== undefined && message.templateId === null) assertCaptionEdit(message.type, text);
        // A text or a note carries no file: there is no link to change.
        if (media !== undefined && (message.templateId === null || isNote(message))) throw refusal('invalid_input', 'message.no_media', { field: 'media' });
        if (parameters !== undefined || media !== undefined) {
          const template = message.templateId ? this.store().templates.get(message.templateId) : null;
          if (!template) throw refusal('invalid_input', 'message.not_template', { field: parameters !== undefined ? 'parameters' : 'media' });
          // What is not given stays as it went in: parameters alone keep the link, a link alone keeps the parameters.
          const checked = checkedEdit(template, message.type, parameters, media);
          if (checked.parameters !== undefined) change.parameters = checked.parameters;
          if (checked.media !== undefined) change.media = checked.media;
        }
        if (!(await heldEditRefusals(() => this.core.requireEngines().outbox.edit(localId, change)))) throw tooLate('edit');
        return { ok: true };
      },
      'message.retry': async ({ localId }) => {
        this.requireMyMessage(localId);
        if (!(await this.core.requireEngines().outbox.retry(localId))) throw refusal('invalid_input', 'message.not_failed', { field: 'localId' });
        return { ok: true };
      },
      'message.cancel': async ({ localId }) => {
        this.requireMyMessage(localId);
        if (!(await this.core.requireEngines().outbox.cancel(localId))) {
          // A file refused here had its send request started (or it is sent): it may have reached the contact.
          const file = this.store().outbox.get(localId)?.kind === 'file';
          throw file ? refusal('too_late', 'message.too_late_cancel_file', { field: 'localId' }) : tooLate('cancel');
        }
        return { ok: true };
      },
      'message.dismissEditNote': ({ localId }) => {
        if (!this.store().messages.get(localId)) throw notFound('localId', 'message.not_found');
        this.requireMyMessage(localId);
        // False here means the line had already gone (another window dismissed it, a new edit took
        // its place): what the agent asked for is done, as with a second cancel.
        this.core.requireEngines().outbox.dismissEditNote(localId);
        return { ok: true };
      },
      'note.add': async ({ sessionId, text }) => {
        this.requireNotable(sessionId);
        if (text.trim() === '') throw refusal('invalid_input', 'note.empty', { field: 'text' });
        return enqueued(await this.core.requireEngines().outbox.addNote(sessionId, text));
      },
      'contact.update': (input) => this.updateContact(input),
      'contact.history': (input) => this.history(input),
      'schedule.create': (input) => this.schedule(input),
      'schedule.list': ({ sessionId }) => {
        const session = this.requireVisible(sessionId);
        if (session.contactId === null) throw refusal('invalid_input', 'schedule.no_contact', { field: 'sessionId' });
        return this.schedules.list(session.contactId);
      },
      'schedule.cancel': ({ id }) => this.schedules.cancel(id),
      'schedule.reschedule': ({ id, at }) => this.schedules.reschedule(id, at),
      'schedule.dismiss': ({ id }) => this.schedules.dismiss(id),
      'contact.setTags': (input) => this.setContactTags(input),
      'tags.list': () => this.listTags(),
      'agent.setAvailability': (input) => this.setAvailability(input),
      'draft.save': ({ conversationKey, text, kind = 'message' }) => {
        // Synchronous SQLite write: the draft is on disk before this resolves.
        this.store().drafts.save(conversationKey, text, kind);
        return { ok: true, savedAt: this.store().drafts.load(conversationKey, kind)?.updatedAt ?? this.core.now().toISOString() };
      },
      'draft.load': ({ conversationKey, kind }) => this.store().drafts.load(conversationKey, kind),
      'conversation.list': ({ statuses, limit }) => {
        const max = limit ?? 200;
        return this.conversations(statuses ?? OPEN_STATUSES, max).slice(0, max);
      },
      'desk.view': (input) => this.deskView(input),
      'conversation.open': (input) => this.open(input.sessionId),
      'quickReplies.list': ({ sessionId }) => {
        const key = this.followStart(sessionId);
        // A start not acknowledged yet has no session: only replies open to every channel and team fit for sure.
        const session = isStartKey(key) ? null : this.requireVisible(key);
        const me = this.core.requireAgent();
        const contact = session?.contactId ? this.store().contacts.get(session.contactId) : null;
        // Not cached yet (a first sync brings contacts a minute or more after the conversations):
        // the name HelenaCRM embedded in the session. A cached contact wins, also one with no name.
        const contactName = contact ? contact.name : (session?.embeddedContactName ?? null);
        const known: Record<string, string> = {};
        const contactFirst = firstName(contactName);
        const agentFirst = me.shortName ?? firstName(me.name);
        if (contactFirst) known.nome = contactFirst;
        if (agentFirst) known.atendente = agentFirst;
        return this.store()
          .templates.quickReplies({ channelId: session?.channelId ?? null, teamId: session?.departmentId ?? null })
          .filter((t) => t.text)
          .map((t) => ({ id: t.id, alias: t.quickReplyAlias, name: t.name, text: renderTemplate(t.text ?? '', known) }));
      },
      'conversation.markRead': ({ sessionId }) => {
        this.requireVisible(sessionId);
        this.store().sessions.markRead(sessionId);
        this.core.emit({ type: 'conversation-changed', sessionId });
        return { ok: true };
      },
      'conversation.typing': async ({ sessionId }) => {
        const { store, client } = this.core.requireOpen();
        return this.typingThrottle.typing(sessionId, {
          session: store.sessions.get(sessionId),
          viewer: this.viewer(),
          online: this.core.connectivityState().state === 'online',
          signedIn: this.core.authState() === 'logged_in',
          now: this.core.now(),
          client,
        });
      },
      'conversation.assume': async ({ sessionId }) => {
        const me = this.core.requireAgent();
        this.requireVisible(sessionId);
        return this.applied(await this.client().assignSession(sessionId, { userId: me.userId }));
      },
      'transfer.targets': ({ sessionId }) => {
        const session = this.requireVisible(sessionId);
        const me = this.core.requireAgent();
        const teams = this.store().directory.teams();
        const current = teams.find((team) => team.id === session.departmentId) ?? null;
        // A team answers in the channels linked to it (none linked: every channel).
        const serves = (team: (typeof teams)[number]) => team.channels.length === 0 || team.channels.some((c) => c.id === session.channelId);
        const members = new Set(current?.agents.map((member) => member.userId) ?? []);
        const agents = cachedAgents(this.store())
          .filter((agent) => agent.userId !== me.userId && agent.userId !== session.userId)
          // HelenaCRM takes an agent of the conversation's team, or an admin; a conversation with no team, anyone.
          .filter((agent) => current === null || members.has(agent.userId) || agent.profile === 'Admin')
          .map((agent) => ({
            userId: agent.userId,
            name: agent.name,
            teamName: current?.name ?? null,
            available: agent.availability === undefined ? null : agent.availability === 'AVAILABLE',
          }));
        return {
          teams: teams.filter((team) => team.id !== session.departmentId && serves(team)).map((team) => ({ id: team.id, name: team.name })),
          agents: agents.sort((a, b) => (a.name ?? '').localeCompare(b.name ?? '', 'pt-BR')),
        };
      },
      'conversation.transfer': async ({ sessionId, type, teamId, userId, note }) => {
        this.requireVisible(sessionId);
        // The note first, and only once HelenaCRM has it the transfer: the receiver finds it on arrival.
        if (note !== undefined && note.trim() !== '') await this.noteBeforeTransfer(sessionId, note);
        return this.applied(
          await this.client().transferSession(sessionId, { type, newDepartmentId: teamId ?? null, newUserId: userId ?? null }),
        );
      },
      'conversation.complete': async ({ sessionId }) => {
        this.requireVisible(sessionId);
        return this.applied(await this.client().completeSession(sessionId, {}));
      },
      'sync.now': async () => {
        await this.core.requireEngines().sync.syncNow();
        return { ok: true };
      },
      'recovery.dismiss': () => {
        this.core.dismissRecovery();
        return { ok: true };
      },
    };
  }

  dispatch<C extends CommandName>(command: C, input: ParsedInput<C>): Promise<CommandResult<C>> {
    const handler = this.map[command] as Handler<C>;
    return Promise.resolve(handler(input));
  }

  // ---------- helpers ----------

  private store(): Store {
    return this.core.requireOpen().store;
  }

  private client() {
    return this.core.requireOpen().client;
  }

  private viewer(): Viewer {
    return viewerOf(this.core.requireAgent(), this.store());
  }

  private channel(channelId: string) {
    const channel = this.store().directory.channels().find((c) => c.id === channelId);
    if (!channel) throw notFound('channelId', 'channel.not_cached');
    if (!channel.active) throw notAllowed('channel.disconnected', 'channelId');
    return channel;
  }

  private requireMyTeam(teamId: string): void {
    if (!this.viewer().departmentIds.includes(teamId)) {
      throw notAllowed('team.not_mine', 'teamId');
    }
  }

  /** The channel's templates plus those tied to no channel. */
  private templatesFor(channelId: string): CachedTemplate[] {
    const { templates } = this.store();
    return [...templates.forChannel(channelId), ...templates.withoutChannelTemplates()];
  }

  /**
   * The views and their counts are over every open conversation the agent may see (a queue of 300
   * is 300), and the page is cut only after the find. Counting needs only the session's own fields;
   * the contact's name is read only while a find is typed, and whole rows only for the page: a
   * supervisor's desk of thousands answers each keystroke without summarising every conversation.
   */
  private deskView({ filter = 'all', query = '', limit = 200 }: ParsedInput<'desk.view'>): DeskView {
    const viewer = this.viewer();
    const now = this.core.now();
    const store = this.store();
    const starts = this.pendingStarts(viewer, now);
    const open = this.visibleSessions(viewer, OPEN_STATUSES);
    const windowStates = open.map((session) => windowStateOf(session, now));
    // Starts that never reached the contact are not "waiting": one read for all the silent ones.
    const failedStarts = store.messages.lastSentFailed(
      open.filter((session, i) => mayBeFailedStart({ status: session.status, windowState: windowStates[i] ?? 'open' })).map((session) => session.id),
    );
    // One pass counts every view and keeps the rows of the one shown.
    const counts: DeskView['counts'] = { all: 0, mine: 0, queue: 0, waiting: 0 };
    const count = (c: FilterTarget) => {
      for (const f of FILTERS) if (matchesFilter(f, c, viewer.userId)) counts[f]++;
    };
    for (const c of starts) count(c);
    let filtered: Array<FilterTarget & { session: CachedSession; startFailed: ConversationSummary['startFailed'] }> = [];
    open.forEach((session, i) => {
      const c = {
        session,
        userId: session.userId,
        status: session.status,
        window: { state: windowStates[i] ?? 'open' },
        startFailed: startFailedFrom(failedStarts.get(session.id)),
      };
      count(c);
      if (matchesFilter(filter, c, viewer.userId)) filtered.push(c);
    });
    const find = deskQuery(query);
    // A start of the agent's own (a handful): its contact, when cached, gives the number to match.
    const shownStarts = starts.filter((c) => {
      if (!matchesFilter(filter, c, viewer.userId)) return false;
      if (!find) return true;
      const contact = c.contactId ? store.contacts.get(c.contactId) : null;
      return find({ ...c, contactNational: phoneKeys(contact?.phoneNumber)?.national ?? null });
    });
    if (find) {
      const contacts = store.contacts.namesAndNumbers([...new Set(filtered.flatMap((c) => (c.session.contactId ? [c.session.contactId] : [])))]);
      filtered = filtered.filter((c) => {
        const contact = c.session.contactId ? (contacts.get(c.session.contactId) ?? null) : null;
        return find({
          contactName: conversationNameOf(c.session, contact),
          lastMessageText: c.session.lastMessageText,
          contactNational: contact ? contact.national : (phoneKeys(c.session.embeddedContactPhone ?? c.session.number)?.national ?? null),
        });
      });
    }
    const shownSessions = filtered
      .slice(0, Math.max(0, limit - shownStarts.length))
      .map((c) => conversationSummary(c.session, store, viewer, now, c.startFailed));
    return { items: [...shownStarts, ...shownSessions].slice(0, limit), counts };
  }

  /**
   * The agent's conversations in these statuses, newest first, up to `max` sessions; their own
   * starts with no session yet first (pendingStarts).
   */
  private conversations(statuses: readonly CachedSession['status'][], max = Infinity): ConversationSummary[] {
    const viewer = this.viewer();
    const now = this.core.now();
    const store = this.store();
    const starts = statuses.includes('STARTED') ? this.pendingStarts(viewer, now) : [];
    const sessions = this.visibleSessions(viewer, statuses)
      .slice(0, Math.max(0, max - starts.length))
      .map((s) => conversationSummary(s, store, viewer, now));
    return [...starts, ...sessions];
  }

  /**
   * The agent's own starts with no session yet (offline, or failed): without them on the desk a
   * conversation started offline could not be found again until the network returned.
   */
  private pendingStarts(viewer: Viewer, now: Date): ConversationSummary[] {
    const store = this.store();
    return store.outbox
      .unacknowledgedStarts()
      .filter((entry) => belongsTo(store, entry.localId, viewer.userId))
      .map((entry) => pendingStartSummary(entry, store, viewer, now))
      .filter((summary): summary is ConversationSummary => summary !== null);
  }

  private visibleSessions(viewer: Viewer, statuses: readonly CachedSession['status'][]): CachedSession[] {
    return this.store()
      .sessions.list({ statuses })
      .filter((s) => canSeeSession(viewer, s));
  }

  private requireVisible(sessionId: string): CachedSession {
    const session = this.store().sessions.get(sessionId);
    if (!session) throw notFound('sessionId', 'conversation.not_cached');
    if (!canSeeSession(this.viewer(), session)) throw notAllowed('conversation.not_my_teams', 'sessionId');
    return session;
  }

  /** `start:<localId>` of a start the server acknowledged → its session id; any other key unchanged. */
  private followStart(conversationKey: string): string {
    return this.store().outbox.currentKey(conversationKey) ?? conversationKey;
  }

  /**
   * A text (or file) into a conversation whose start never reached the contact (WhatsApp refused the
   * template: a number without WhatsApp, a template withdrawn…) would be held for a reply that can
   * never come, and sit there silently. Refused at once, saying why and what to do; a template
   * (Alt+M) is still allowed into a session, as it is how a start is tried again on the same
   * conversation. A start HelenaCRM refused outright (no session) takes nothing.
   */
  private refuseAfterFailedStart(key: string): void {
    const conversationKey = this.followStart(key);
    const failed = isStartKey(conversationKey) ? this.startRefusedForGood(conversationKey) : this.sessionStartFailed(conversationKey);
    if (!failed) return;
    // The reason in each language (HelenaCRM's own words, and their English when known).
    const reason = failed.failedReason?.trim() || consoleText('message.start_failed_no_reason');
    const reasonEn = failed.failedReasonEn?.trim() || consoleText('message.start_failed_no_reason', {}, 'en');
    throw new ConsoleError({
      code: 'invalid_input',
      message: consoleText('message.start_failed', { reason }),
      messageEn: consoleText('message.start_failed', { reason: reasonEn }, 'en'),
      field: 'sessionId',
    });
  }

  /** A start HelenaCRM refused outright before it became a conversation (isRefusedForGood). */
  private startRefusedForGood(conversationKey: string): ConversationSummary['startFailed'] {
    const store = this.store();
    const start = store.outbox.listByConversation(conversationKey).find((e) => e.kind === 'start');
    if (!start || !isRefusedForGood(start)) return null;
    return startFailure(start, store.messages.get(start.localId));
  }

  private sessionStartFailed(sessionId: string): ConversationSummary['startFailed'] {
    const session = this.store().sessions.get(sessionId);
    return session ? startFailedOf(session, this.store(), this.core.now()) : null;
  }

  /** The agent may write here: a session they started or took, or a start of theirs not yet acknowledged. */
  private requireWritable(key: string): void {
    const conversationKey = this.followStart(key);
    if (isStartKey(conversationKey)) {
      if (this.store().outbox.listByConversation(conversationKey).length === 0) {
        throw notFound('sessionId', 'conversation.not_cached');
      }
      return;
    }
    const session = this.requireVisible(conversationKey);
    // A completed conversation only reads, also for its own agent: HelenaCRM refuses anything sent
    // into it, and a message queued here would only fail later. A new start (+) talks to the contact.
    if (session.status === 'COMPLETED') throw notAllowed('conversation.completed', 'sessionId');
    if (!canWriteSession(this.viewer(), session)) {
      throw notAllowed('conversation.assume_first', 'sessionId');
    }
  }

  /**
   * Internal notes: everyone who sees the conversation may write them (HelenaCRM keeps "only the
   * owner writes" for WhatsApp messages; notes are how colleagues, supervisors and the next team
   * pass context), and the agent's own start not yet acknowledged takes them too.
   */
  private requireNotable(key: string): void {
    const conversationKey = this.followStart(key);
    if (isStartKey(conversationKey)) {
      if (this.store().outbox.listByConversation(conversationKey).length === 0) throw notFound('sessionId', 'conversation.not_cached');
      return;
    }
    this.requireVisible(conversationKey);
  }

  /** Saves a transfer's note (or reuses the same one from a refused try) and waits until HelenaCRM has it; refuses the transfer otherwise. */
  private async noteBeforeTransfer(sessionId: string, text: string): Promise<void> {
    this.requireNotable(sessionId);
    const store = this.store();
    const outbox = this.core.requireEngines().outbox;
    const me = this.core.requireAgent();
    const localId = reusableNote(store, sessionId, text, me.userId)?.localId ?? (await outbox.addNote(sessionId, text)).localId;
    // The outbox sends only while the connection is 'online': otherwise the note waits in the queue
    // like any message, and the transfer cannot go now (offline: what a transfer offline always said).
    const connection = this.core.connectivityState().state;
    if (connection !== 'online' && store.outbox.get(localId)?.state !== 'sent') {
      throw connection === 'unstable' ? refusal('note_not_sent', 'transfer.note_pending', { field: 'note' }) : refusal('api.network', 'failure.network', { field: 'note' });
    }
    const entry = await noteSettled(store, outbox, localId);
    if (entry?.state !== 'sent') throw noteNotSentRefusal(entry);
  }

  /** Agents' names by userId, for the author line of notes: the account's agents, and the signed-in one. */
  private authorNames(): Map<string, string> {
    const names = new Map<string, string>();
    for (const agent of cachedAgents(this.store())) if (agent.name) names.set(agent.userId, agent.name);
    const me = this.store().directory.me();
    if (me?.name) names.set(me.userId, me.name);
    return names;
  }

  /** Queued messages belong to the agent who wrote them: no one else edits or cancels them. */
  private requireMyMessage(localId: string): void {
    if (!belongsTo(this.store(), localId, this.core.requireAgent().userId)) {
      throw notAllowed('message.other_author', 'localId');
    }
  }

  /**
   * The contact's open conversations the agent sees, one per channel (newest first), and their own
   * starts not yet acknowledged on channels without one: HelenaCRM reuses the contact's open
   * conversation on the channel of a start (unless forceStartSession, which the app never sends,
   * closes it), so a start there would only put a paid template into it. The start flow opens it
   * instead, or starts on another channel. At most 20 contacts a search: one sessions read each;
   * the pending starts are read once for the whole search. A contact not cached yet (a start by
   * phone during a big first sync) has no id to match: its open conversations are found by the
   * number, read once for the start (the search finds cached contacts only, so never there).
   */
  private openConversationsOf(
    contactId: string | null,
    viewer: Viewer,
    /** The agent's pending starts to these digits, newest first (read once per search). */
    pendingStartsTo: (digits: string) => OpenConversationRef[],
    phoneNumber?: string,
  ): OpenConversationRef[] {
    const store = this.store();
    const byChannel = new Map<string, string>();
    if (contactId !== null) {
      for (const s of store.sessions.list({ contactId })) {
        if ((OPEN_STATUSES as readonly string[]).includes(s.status) && canSeeSession(viewer, s) && !byChannel.has(s.channelId)) byChannel.set(s.channelId, s.id);
      }
    } else if (phoneNumber !== undefined) {
      for (const s of this.openSessionsTo(phoneNumber, viewer)) if (!byChannel.has(s.channelId)) byChannel.set(s.channelId, s.id);
    }
    const digits = phoneKeys(phoneNumber ?? (contactId !== null ? store.contacts.get(contactId)?.phoneNumber : null))?.digits;
    for (const start of digits ? pendingStartsTo(digits) : []) if (!byChannel.has(start.channelId)) byChannel.set(start.channelId, start.id);
    return [...byChannel].map(([channelId, id]) => ({ id, channelId }));
  }

  /**
   * The open conversations the agent sees with this number (E.164), newest first, by the number
   * HelenaCRM embedded in the session (or the session's own): for a contact not cached yet.
   */
  private openSessionsTo(e164: string, viewer: Viewer): CachedSession[] {
    // The last 8 digits survive any way of writing a number (country code, ninth digit, mask):
    // only sessions passing that cheap test are parsed.
    const tail = e164.replace(/\D+/g, '').slice(-8);
    return this.visibleSessions(viewer, OPEN_STATUSES).filter((s) => {
      const phone = s.embeddedContactPhone ?? s.number;
      return phone !== null && phone.replace(/\D+/g, '').endsWith(tail) && normalisePhone(phone)?.e164 === e164;
    });
  }

  /** The agent's starts not yet acknowledged and not failed, by the phone digits they go to (newest first, one per channel). */
  private pendingStartsByDigits(viewer: Viewer): Map<string, OpenConversationRef[]> {
    const store = this.store();
    const byDigits = new Map<string, OpenConversationRef[]>();
    for (const e of store.outbox.unacknowledgedStarts()) {
      // Only one still on its way: a failed one opened nothing, and a 'sent' one still keyed
      // start: (its session never learnt, e.g. transferred away before the answer) is no longer
      // the agent's to write into.
      if (e.payload.kind !== 'start' || !(PENDING_STATES as readonly string[]).includes(e.state)) continue;
      const { to, from: channelId } = e.payload.body;
      const digits = phoneKeys(to)?.digits;
      if (!digits || !belongsTo(store, e.localId, viewer.userId)) continue;
      const starts = byDigits.get(digits) ?? [];
      // unacknowledgedStarts is newest first: the newest start on a channel wins.
      if (!starts.some((s) => s.channelId === channelId)) starts.push({ id: e.conversationKey, channelId });
      byDigits.set(digits, starts);
    }
    return byDigits;
  }

  /** The connected WhatsApp channels, where a start may go. */
  private startChannelIds(): string[] {
    return this.store()
      .directory.channels({ activeOnly: true })
      .filter((c) => isWhatsAppFamily(channelFamilyOf(c.type)))
      .map((c) => c.id);
  }

  /** The query as a WhatsApp number no cached contact has: the agent may start with it (HelenaCRM creates the contact). */
  private newNumber(query: string): { phone: string; display: string } | null {
    const typed = normalisePhone(query);
    if (!typed || this.store().contacts.findByPhone(typed.e164)) return null;
    return { phone: typed.e164, display: phoneForDisplay(typed) };
  }

  /**
   * Who a start goes to: a cached contact with a WhatsApp number, or a number typed by the agent.
   * A typed number a cached contact already has starts with that contact.
   */
  private startContact(input: { contactId?: string | undefined; phone?: string | undefined }): { contactId: string | null; to: string; country: string } {
    if (input.phone !== undefined) {
      const typed = normalisePhone(input.phone);
      if (!typed) throw refusal('invalid_input', 'phone.invalid', { field: 'phone' });
      return { contactId: this.store().contacts.findByPhone(typed.e164)?.id ?? null, to: typed.e164, country: typed.country };
    }
    const contact = this.store().contacts.get(input.contactId ?? '');
    if (!contact) throw notFound('contactId', 'contact.not_cached');
    const phone = contact.phoneNumber ? normalisePhone(contact.phoneNumber) : null;
    if (!phone) throw refusal('invalid_input', 'contact.no_whatsapp', { field: 'contactId' });
    return { contactId: contact.id, to: phone.e164, country: phone.country };
  }

  private estimate(channelId: string, templateId: string | undefined, country: string | null) {
    const channel = this.channel(channelId);
    if (templateId === undefined) return estimateCost({ kind: 'text', channelType: channel.type }, this.prices, country);
    const template = this.store().templates.get(templateId);
    if (!template) throw notFound('templateId', 'template.not_cached');
    return estimateCost({ kind: 'template', channelType: channel.type, categoryName: template.categoryName }, this.prices, country);
  }

  private async start(input: ParsedInput<'conversation.start'>): Promise<CommandResult<'conversation.start'>> {
    const { channelId, teamId, templateId, parameters, media, text } = input;
    const contact = this.startContact(input);
    const channel = this.channel(channelId);
    this.requireMyTeam(teamId);
    // HelenaCRM would put this start into the contact's open conversation on the channel: a paid
    // template where the agent may just write, or a team-queue conversation taken over unasked.
    const viewer = this.viewer();
    const open = this.openConversationsOf(contact.contactId, viewer, (digits) => this.pendingStartsByDigits(viewer).get(digits) ?? [], contact.to);
    if (open.some((o) => o.channelId === channelId)) throw notAllowed('start.open_conversation', 'channelId');
    const family = channelFamilyOf(channel.type);

    let values: Record<string, string> | undefined;
    let file: string | undefined;
    let freeText: string | undefined;
    if (templateId !== undefined) {
      if (text !== undefined) {
        throw refusal('invalid_input', 'start.template_and_text', { field: 'text' });
      }
      const template = this.store().templates.get(templateId);
      if (!template) throw notFound('templateId', 'template.not_cached');
      const rejection = startTemplateRejection(templateFields(template), { channelId, departmentId: teamId, channelType: channel.type });
      if (rejection) throw notAllowed(REJECTION_MESSAGES[rejection], 'templateId');
      ({ parameters: values, media: file } = checkedSend(template, parameters, media));
    } else if (family === 'unofficial') {
      if (text === undefined) {
        throw refusal('invalid_input', 'start.text_or_template', { field: 'text' });
      }
      const stray = checkTemplateMedia(null, media);
      if (stray) throw new ConsoleError({ code: 'invalid_input', message: stray.message, messageEn: translate(stray.code, stray.values, 'en'), field: 'media' });
      freeText = checkedText(text);
    } else {
      throw refusal('invalid_input', 'start.template_required', { field: 'templateId' });
    }

    const cost = costSummary(this.estimate(channelId, templateId, contact.country));
    const result = await this.core.requireEngines().outbox.startConversation({
      ...(contact.contactId !== null ? { contactId: contact.contactId } : { to: contact.to }),
      channelId,
      departmentId: teamId,
      ...(templateId !== undefined ? { templateId, parameters: values ?? {}, ...(file !== undefined ? { media: file } : {}) } : {}),
      ...(freeText !== undefined ? { text: freeText } : {}),
    });
    return { ...enqueued(result), cost };
  }

  private async open(conversationKey: string): Promise<CommandResult<'conversation.open'>> {
    const store = this.store();
    // A screen opened right after the start may still hold its key once the server acknowledged
    // it: answer with the session, whose key the UI then adopts.
    const followed = this.followStart(conversationKey);
    if (followed !== conversationKey) return this.open(followed);
    const viewer = this.viewer();
    let session: CachedSession | null = null;
    if (!isStartKey(conversationKey)) {
      session = store.sessions.get(conversationKey);
      const sync = this.core.currentEngines()?.sync;
      const refresh = sync ? this.refreshOnOpen(sync, conversationKey, session === null) : { done: Promise.resolve(), newest: Promise.resolve() };
      // Our own start, acknowledged but its session not fetched yet: the cache already has the
      // messages, so answer at once (offline-first); the session lands as conversation-changed.
      const ownStart = !session && store.outbox.listByConversation(conversationKey).length > 0;
      // Cached, but not one of its messages (a past conversation "Atendimentos anteriores" listed,
      // or one a sync brought and nobody opened yet): online, its messages are worth the wait
      // rather than an empty screen; offline the cache is all there is.
      const nothingToShow =
        session !== null && store.messages.listByConversation(conversationKey, 1).length === 0 && this.core.connectivityState().state !== 'offline';
      if ((!session && !ownStart) || nothingToShow) {
        // Not cached at all (e.g. just started elsewhere): wait for it, but not for ever. Cached
        // with no message yet: the newest page of messages and of notes is enough to show it; the
        // older pages land behind it, announced (conversation-changed) with the session.
        await within(session === null ? refresh.done : refresh.newest, OPEN_WAIT_MS, undefined);
        session = store.sessions.get(conversationKey);
      }
      if (!session && !ownStart) throw notFound('sessionId', 'conversation.not_found');
      if (session && !canSeeSession(viewer, session)) throw notAllowed('conversation.not_my_teams', 'sessionId');
    } else if (store.outbox.listByConversation(conversationKey).length === 0) {
      throw notFound('sessionId', 'conversation.not_found');
    }
    const entries = new Map<string, OutboxEntry>(store.outbox.listByConversation(conversationKey).map((e) => [e.localId, e]));
    const startEntry = isStartKey(conversationKey) ? entries.get(conversationKey.slice(START_KEY_PREFIX.length)) : undefined;
    const conversation = session
      ? conversationSummary(session, store, viewer, this.core.now())
      : startEntry
        ? pendingStartSummary(startEntry, store, viewer, this.core.now())
        : null;
    const contact = conversation?.contactId ? store.contacts.get(conversation.contactId) : null;
    if (contact) this.refreshContactFields(conversationKey);
    const authors = this.authorNames();
    const listed = store.messages.listByConversation(conversationKey);
    const withServerCopy = new Set(listed.filter((m) => m.id !== null).map((m) => m.localId));
    const replaced = new Set([...entries.values()].flatMap(replacedCopiesOf));
    // Held texts with a later one held behind them: their edit would reorder them (Outbox.editServerHeld).
    const heldBehind = heldBehindLater([...entries.values()], (localId) => withServerCopy.has(localId) || (store.messages.get(localId)?.id ?? null) !== null);
    return {
      conversationKey,
      conversation,
      contact: contact ? contactDetails(contact, storedContactFieldDefinitions(store.syncState)) : null,
      contactSyncing: contactSyncingOf(session, contact),
      // The copies HelenaCRM deleted when a held text was edited: the edited line stands for them.
      messages: listed.filter((m) => m.id === null || entries.has(m.localId) || !replaced.has(m.id)).map((m) => {
        // Messages and internal notes in the order they were written; notes carry their author's name.
        const view = messageView(m, entries.get(m.localId), authors, heldBehind.has(m.localId));
        // Another agent's queued message is shown but stays theirs to edit or cancel.
        return (view.editable || view.retryable || view.cancellable) && !belongsTo(store, m.localId, viewer.userId)
          ? { ...view, editable: false, textEditable: false, editBlockedBy: null, templateEditable: false, retryable: false, cancellable: false }
          : view;
      }),
      draft: store.drafts.load(conversationKey)?.text ?? null,
      noteDraft: store.drafts.load(conversationKey, 'note')?.text ?? null,
    };
  }

  /**
   * "Atendimentos anteriores": the contact's other conversations this agent may see, newest first.
   * Online, HelenaCRM is asked first (ContactId + Status, newest first, up to HISTORY_LIMIT) and
   * its answer goes into the cache, so the list answers offline next time; offline, or when
   * HelenaCRM does not answer in time, the cache answers and says the list may be incomplete.
   * The cache is filtered by the same visibility rule as every list (HelenaCRM filters its own).
   */
  private async history({ contactId, exceptSessionId, cacheOnly }: ParsedInput<'contact.history'>): Promise<ContactHistory> {
    const viewer = this.viewer();
    let source: ContactHistory['source'] = 'cache';
    let unheard: ContactHistory['unheard'] = null;
    let more = false;
    if (!cacheOnly) {
      const sync = this.core.currentEngines()?.sync;
      if (this.core.connectivityState().state === 'offline') unheard = 'offline';
      else if (!sync || this.core.authState() !== 'logged_in') unheard = 'unavailable';
      else {
        const fetched = sync.refreshContactSessions(contactId, { statuses: HISTORY_STATUSES, limit: HISTORY_LIMIT }).then(
          (answer) => answer,
          (error: unknown) => ({ error }),
        );
        const answer = await within(fetched, HISTORY_WAIT_MS, null);
        if (answer === null) unheard = 'unavailable';
        else if ('error' in answer) unheard = isHelenaError(answer.error) && answer.error.is('network') ? 'offline' : 'unavailable';
        else {
          source = 'helena';
          more = answer.more;
        }
      }
    }
    const store = this.store();
    const except = exceptSessionId === undefined ? null : this.followStart(exceptSessionId);
    const wanted = new Set<string>(HISTORY_STATUSES);
    const sessions = store.sessions
      .list({ contactId })
      .filter((s) => s.id !== except && wanted.has(s.status) && canSeeSession(viewer, s));
    const names = {
      channels: new Map(store.directory.channels().map((c) => [c.id, c.displayName ?? c.numberFormatted ?? c.number])),
      teams: new Map(store.directory.teams().map((t) => [t.id, t.name])),
      agents: this.authorNames(),
    };
    const digests = store.messages.digests(sessions.map((s) => s.id));
    const items = sessions
      .map((s) => pastConversation(s, names, digests.get(s.id)))
      .sort((a, b) => (a.lastActivityAt === b.lastActivityAt ? a.id.localeCompare(b.id) : a.lastActivityAt < b.lastActivityAt ? 1 : -1));
    return { contactId, items: items.slice(0, HISTORY_LIMIT), source, unheard, more: more || items.length > HISTORY_LIMIT };
  }

  /**
   * The agent corrects a contact's name or e-mail. HelenaCRM's rules decide who may (the sandbox
   * lets every signed-in agent edit contacts, as HelenaCRM's API does); this needs HelenaCRM now:
   * offline it is refused at once rather than queued (contact-edit.ts says why). The server's answer
   * goes into the cache through ContactsRepo, which keeps the search indexes in step, so the new
   * name is found (and the old one no longer) at once; then the desk hears contacts-changed and a
   * conversation-changed for each conversation of that contact, its titles read from the contact.
   */
  /**
   * "Agendar modelo": the conversation's channel, team and contact, the template checked by the
   * rules of a send now (parameters, media), and the cost of that send; HelenaCRM does the rest.
   */
  private async schedule({ sessionId, templateId, parameters, media, at }: ParsedInput<'schedule.create'>): Promise<CommandResult<'schedule.create'>> {
    this.requireWritable(sessionId);
    const session = this.requireVisible(sessionId);
    if (session.contactId === null) throw refusal('invalid_input', 'schedule.no_contact', { field: 'sessionId' });
    const template = this.store().templates.get(templateId);
    if (!template) throw notFound('templateId', 'template.not_cached');
    const checked = checkedSend(template, parameters, media);
    const contact = this.startContact({ contactId: session.contactId });
    const cost = costSummary(this.estimate(session.channelId, templateId, contact.country));
    return this.schedules.create({
      contactId: session.contactId,
      channelId: session.channelId,
      teamId: session.departmentId,
      to: contact.to,
      templateId,
      parameters: checked.parameters,
      media: checked.media,
      at,
      cost,
    });
  }

  private async updateContact({ contactId, name, email }: ParsedInput<'contact.update'>): Promise<CommandResult<'contact.update'>> {
    const me = this.core.requireAgent();
    if (this.core.connectivityState().state === 'offline') throw refusal('offline', 'contact.offline');
    const dto = await this.client()
      .updateContact(contactId, contactUpdateBody({ name, email }), { signal: AbortSignal.timeout(CONTACT_SAVE_MS) })
      .catch(async (error: unknown) => {
        await this.forgetIfGone(contactId, error);
        throw contactUpdateRefusal(error);
      });
    return this.contactSaved(dto, me.userId);
  }

  /**
   * HelenaCRM answered that the contact does not exist (removed there: its API announces no
   * deletion, so this is the only way the cache learns). Off the cache, so the "+" search stops
   * offering it; its conversations stay, titled as HelenaCRM left them. Only once a plain read of
   * the contact answers 404 too: a 404 from a route (an API version, a proxy) must not cost the
   * cache a contact that exists.
   */
  private async forgetIfGone(contactId: string, error: unknown): Promise<void> {
    if (!isHelenaError(error) || !error.is('not_found')) return;
    const gone = await this.client()
      .getContact(contactId, { signal: AbortSignal.timeout(CONTACT_SAVE_MS) })
      .then(() => false)
      .catch((again: unknown) => isHelenaError(again) && again.is('not_found'));
    if (!gone) return;
    const store = this.store();
    if (!store.contacts.delete(contactId)) return;
    this.core.emit({ type: 'contacts-changed' });
    for (const session of store.sessions.list({ contactId })) this.core.emit({ type: 'conversation-changed', sessionId: session.id });
  }

  /**
   * HelenaCRM's answer to a contact change into the cache (ContactsRepo upsert), and the desk told:
   * contacts-changed, and conversation-changed for each of the contact's conversations.
   */
  private contactSaved(dto: ContactDTO, userId: string): ContactUpdated {
    const store = this.store();
    store.contacts.upsertContacts([dto]);
    // A newer version already cached (a realtime event overtook the answer) stands; else the answer.
    const cached = store.contacts.get(dto.id);
    if (!cached) throw refusal('internal', 'app.internal');
    this.core.emit({ type: 'contacts-changed' });
    for (const session of store.sessions.list({ contactId: dto.id })) this.core.emit({ type: 'conversation-changed', sessionId: session.id });
    // The agent's own starts to this contact not acknowledged yet are titled from it as well.
    const phone = cached.phoneNumber;
    if (phone) {
      for (const entry of store.outbox.unacknowledgedStarts()) {
        if (entry.payload.kind === 'start' && entry.payload.body.to === phone && belongsTo(store, entry.localId, userId)) {
          this.core.emit({ type: 'conversation-changed', sessionId: entry.conversationKey });
        }
      }
    }
    return { contact: contactDetails(cached, storedContactFieldDefinitions(store.syncState)) };
  }

  /**
   * The agent's tags on the contact (contact-tags.ts): additions, then removals, each HelenaCRM's
   * answer cached as it comes, so a removal refused after the additions went through still shows
   * the additions. Offline: refused, nothing queued.
   */
  private async setContactTags({ contactId, add, remove }: ParsedInput<'contact.setTags'>): Promise<CommandResult<'contact.setTags'>> {
    const me = this.core.requireAgent();
    if (this.core.connectivityState().state === 'offline') throw refusal('offline', 'contact.offline');
    const signal = AbortSignal.timeout(CONTACT_SAVE_MS);
    let saved: ContactUpdated | null = null;
    for (const body of contactTagCalls({ add, remove })) {
      const dto = await this.client()
        .updateContactTags(contactId, body, { signal })
        .catch(async (error: unknown) => {
          await this.forgetIfGone(contactId, error);
          throw contactTagsRefusal(error);
        });
      saved = this.contactSaved(dto, me.userId);
    }
    if (!saved) throw refusal('invalid_input', 'contact.tags_nothing_to_change', { field: 'add' });
    return saved;
  }

  /**
   * The read from HelenaCRM that opening a conversation starts: shared while under way, skipped when
   * one succeeded within OPEN_REFRESH_GAP_MS (unless the cache lacks the conversation). A failed one
   * is not remembered, so the next opening tries again. Never rejects.
   */
  private refreshOnOpen(sync: SyncEngineLike, conversationKey: string, uncached: boolean): OpenRefresh {
    const nowMs = this.core.now().getTime();
    const last = this.openRefreshes.get(conversationKey);
    if (last?.running) return last.running;
    // A sync since the last read moved the conversation on (a delta brought a reply's session, not
    // its message: no socket, a gap, RESYNC): read it. The read's own announcement moves nothing.
    const moved = last !== undefined && (this.store().sessions.get(conversationKey)?.updatedAt ?? null) !== last.seen;
    if (last && !uncached && !moved && nowMs - last.at < OPEN_REFRESH_GAP_MS) return { done: Promise.resolve(), newest: Promise.resolve() };
    const entry: { at: number; seen: string | null; running: OpenRefresh | null } = { at: last?.at ?? 0, seen: last?.seen ?? null, running: null };
    this.openRefreshes.delete(conversationKey);
    this.openRefreshes.set(conversationKey, entry);
    if (this.openRefreshes.size > OPEN_REFRESH_REMEMBERED) this.openRefreshes.delete(this.openRefreshes.keys().next().value ?? '');
    let newestIn = (): void => undefined;
    const newest = new Promise<void>((resolve) => {
      newestIn = resolve;
    });
    const done = sync.refreshSession(conversationKey, { onNewest: () => newestIn() }).then(
      () => {
        entry.at = this.core.now().getTime();
        entry.seen = this.store().sessions.get(conversationKey)?.updatedAt ?? null;
        entry.running = null;
      },
      () => {
        if (this.openRefreshes.get(conversationKey) === entry) this.openRefreshes.delete(conversationKey);
      },
    );
    // A read that failed (or a sync that never tells) settles `newest` too: nobody waits past the end.
    void done.finally(() => newestIn());
    entry.running = { done, newest };
    return entry.running;
  }

  /**
   * The contact field definitions, fetched behind a conversation's opening when the cached copy
   * is stale (contact-fields.ts); the screen is told to show the contact again when they changed.
   * After a failure the next try waits FIELDS_RETRY_MS, so an outage costs no request per opening.
   */
  private refreshContactFields(conversationKey: string): void {
    const nowMs = this.core.now().getTime();
    if (this.fieldsRefreshing || this.core.connectivityState().state === 'offline') return;
    if (this.fieldsFailedAt !== null && nowMs - this.fieldsFailedAt < FIELDS_RETRY_MS) return;
    const { store, client } = this.core.requireOpen();
    this.fieldsRefreshing = true;
    refreshContactFieldDefinitions(store.syncState, client, nowMs)
      .then((changed) => {
        this.fieldsFailedAt = null;
        if (changed) this.core.emit({ type: 'conversation-changed', sessionId: conversationKey });
      })
      .catch(() => {
        this.fieldsFailedAt = nowMs;
      })
      .finally(() => {
        this.fieldsRefreshing = false;
      });
  }

  /** The company's tags: HelenaCRM's list when it answers in time (kept), else the last one heard. */
  private async listTags(): Promise<TagList> {
    if (this.core.connectivityState().state !== 'offline') {
      const answer = await this.client()
        .listTags({ signal: AbortSignal.timeout(TAGS_WAIT_MS) })
        .then(tagViews)
        .catch(() => null);
      if (answer) {
        this.lastTags = answer;
        return { tags: answer, fresh: true };
      }
    }
    return { tags: this.lastTags ?? [], fresh: false };
  }

  /**
   * "Em pausa" / "Disponível" for the signed-in agent. Needs HelenaCRM now (availability.ts says
   * why it is not queued). HelenaCRM's answer goes into the cached signed-in agent and the agents
   * directory (a colleague's transfer list on this machine reads it), and the desk hears agent-changed.
   */
  private async setAvailability({ availability }: ParsedInput<'agent.setAvailability'>): Promise<CommandResult<'agent.setAvailability'>> {
    const me = this.core.requireAgent();
    if (this.core.connectivityState().state === 'offline') throw refusal('offline', 'agent.availability_offline');
    const dto = await this.client()
      .updateAgentAvailability(me.id, availability, { signal: AbortSignal.timeout(AVAILABILITY_SAVE_MS) })
      .catch((error: unknown) => {
        throw availabilityRefusal(error);
      });
    const store = this.store();
    store.transaction(() => {
      if (dto.id === me.id) store.directory.setMe(dto);
      putCachedAgent(store, dto);
    });
    this.core.emit({ type: 'agent-changed' });
    return { agent: agentSummary(store.directory.me() ?? me) };
  }

  /** A session the server just answered: into the cache (through sync, which announces it), then summarised. */
  private applied(dto: SessionDTO): ConversationSummary {
    const store = this.store();
    const sync = this.core.currentEngines()?.sync;
    if (sync) sync.applySession(dto);
    else store.sessions.upsertSessions([dto]);
    const session = store.sessions.get(dto.id);
    if (!session) throw notFound('sessionId', 'conversation.not_cached');
    return conversationSummary(session, store, this.viewer(), this.core.now());
  }

  private snapshot(): StateSnapshot {
    const store = this.store();
    const auth = this.core.authState();
    const me = auth === 'logged_out' ? null : store.directory.me();
    let conversations = { total: 0, unread: 0, waitingContact: 0 };
    if (me) {
      const visible = this.visibleSessions(viewerOf(me, store), OPEN_STATUSES);
      const notStarted = visible.filter((s) => s.windowStatus === 'NOT_STARTED').map((s) => s.id);
      conversations = {
        total: visible.length,
        unread: visible.filter((s) => s.unreadCount > 0).length,
        // A start WhatsApp refused is not waiting for anyone (desk-filters.ts, 'waiting').
        waitingContact: notStarted.length - store.messages.lastSentFailed(notStarted).size,
      };
    }
    return {
      auth,
      agent: me ? agentSummary(me) : null,
      connectivity: this.core.connectivityState(),
      sync: this.core.syncStatus(),
      outbox: outboxCountsFor(store, me?.userId ?? null),
      outboxOtherAgents: pendingOfOtherAgents(store, me?.userId ?? null),
      outboxHeldHere: heldHereFor(store, me?.userId ?? null),
      conversations,
      disk: this.core.diskSpace(),
      recovery: this.core.recoveryReport(),
    };
  }
}

/** The outbox's refusals of an edit of a text HelenaCRM holds for the reply (held-edit.ts), as the agent reads them. */
async function heldEditRefusals(edit: () => Promise<boolean>): Promise<boolean> {
  try {
    return await edit();
  } catch (error) {
    if (!(error instanceof HeldEditRefused)) throw error;
    switch (error.reason) {
      case 'offline':
        throw refusal('offline', 'message.edit_held_offline', { field: 'localId' });
      case 'order':
        throw refusal('not_allowed', 'message.edit_held_order', { field: 'localId' });
      case 'unsettled':
        throw refusal('edit_pending', 'message.edit_held_unsettled', { field: 'localId' });
      case 'server_error':
        throw refusal('edit_pending', 'message.edit_held_server_error', { field: 'localId' });
      case 'abandoned':
        throw refusal('not_allowed', 'message.edit_held_abandoned', { field: 'localId' });
    }
  }
}

function tooLate(change: 'edit' | 'cancel'): ConsoleError {
  return refusal('too_late', change === 'edit' ? 'message.too_late_edit' : 'message.too_late_cancel', { field: 'localId' });
}
