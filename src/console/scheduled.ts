/**
 * "Agendar modelo": a template HelenaCRM sends into the contact's conversation at a set moment
 * (schedule.create, schedule.list, schedule.cancel).
 *
 * Nothing here is queued: a schedule matters only once HelenaCRM has it (a promise "amanhã às 9h"
 * queued offline and sent at 10h would break the promise silently), so offline it is refused like
 * a contact edit. The create has no idempotency key in HelenaCRM's API, so it is tried once; when
 * its answer is lost the agent is told to look at the list before scheduling again.
 *
 * The list is HelenaCRM's. Offline, the last answer for the contact is shown from memory, marked as
 * possibly stale. Memory rather than the store: the list is small, only useful while the answer is
 * recent (HelenaCRM sends and cancels without telling this machine), and a migration and cache
 * invalidation for a list that is re-read each time a conversation opens would cost more than it
 * gives; after a restart offline the conversation says it cannot tell what is scheduled.
 *
 * A schedule HelenaCRM could not send at its moment (FAILED, with its `failureReason`) stays in the
 * list for FAILURE_LISTED_MS after that moment, until the agent dismisses it ("Dispensar", kept in
 * the store per agent: migration 014): a week covers a failure on Friday evening read on Monday, or
 * a few days off, and past it the promise is long broken and the conversation has moved on.
 * "Alterar horário" moves one still SCHEDULED (PUT with `fields: ['Scheduling']`).
 */
import type { HelenaClient } from '../api/helena-client';
import { isHelenaError } from '../api/errors';
import type { FileDTO, ScheduledMessageDTO } from '../api/helena-dto';
import type { ScheduleFailuresRepo } from '../store/schedule-failures-repo';
import { failureText } from '../api/failure-messages';
import { ConsoleError, refusal, toConsoleError } from './errors';
import type { CostSummary, ScheduledItem, ScheduledList } from './results';

/** At least a minute ahead: less and HelenaCRM may already be past it when the request lands. */
export const SCHEDULE_MIN_AHEAD_MS = 60_000;
/** HelenaCRM's OpenAPI names no limit; 90 days keeps a typo ("2026" for "2025") from hiding a message for a year. */
export const SCHEDULE_MAX_AHEAD_MS = 90 * 24 * 3_600_000;
/** How long a FAILED schedule stays listed after its moment (see the module comment). */
export const FAILURE_LISTED_MS = 7 * 24 * 3_600_000;
const SAVE_MS = 20_000;
const LIST_MS = 8_000;
const LIST_SIZE = 50;

/** Media as the agent gave it: an uploaded file's id or a public link (templateParams has a field for each). */
function fileParams(media: string | undefined): { fileId?: string; fileUrl?: string } {
  if (media === undefined) return {};
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(media) ? { fileId: media } : { fileUrl: media };
}

/** The moment, checked against the core's clock: a minute ahead at least, 90 days at most. */
export function checkedMoment(at: string, nowMs: number): Date {
  const when = new Date(at);
  if (when.getTime() < nowMs + SCHEDULE_MIN_AHEAD_MS) throw refusal('invalid_input', 'schedule.too_soon', { field: 'at' });
  if (when.getTime() > nowMs + SCHEDULE_MAX_AHEAD_MS) throw refusal('invalid_input', 'schedule.too_far', { field: 'at' });
  return when;
}

/** What schedule.create takes back as `media`: the link the file is served from, else its id. */
function mediaOf(file: FileDTO | null): string | null {
  if (file === null) return null;
  return file.publicUrl?.trim() || file.id;
}

export function scheduledItem(dto: ScheduledMessageDTO): ScheduledItem {
  return {
    id: dto.id,
    templateId: dto.templateId ?? null,
    templateName: dto.template?.name ?? null,
    at: dto.scheduling,
    status: dto.status,
    failureReason: dto.failureReason ?? null,
    sessionId: dto.sessionId ?? null,
    createdAt: dto.createdAt,
    parameters: Object.fromEntries(
      Object.entries(dto.template?.templateParams?.parameters ?? {}).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
    ),
    media: mediaOf(dto.template?.templateParams?.file ?? null),
  };
}

/** Worth showing in the conversation: still to go, or failed recently and not dismissed. */
export function listable(item: ScheduledItem, nowMs: number, dismissed: ReadonlySet<string>): boolean {
  if (item.status !== 'FAILED') return true;
  return !dismissed.has(item.id) && Date.parse(item.at) >= nowMs - FAILURE_LISTED_MS;
}

/** What the agent reads when HelenaCRM did not take a create; a lost answer says to check the list first. */
function createRefusal(error: unknown): ConsoleError {
  if (!isHelenaError(error)) return toConsoleError(error);
  if (error.kind === 'network') {
    // A refused connection never reached HelenaCRM; anything else may have been taken.
    const cause = error.detail.kind === 'network' ? error.detail.cause : 'other';
    return cause === 'refused' || cause === 'offline' || cause === 'dns' ? refusal('offline', 'schedule.offline') : refusal('api.unknown_outcome', 'schedule.unknown_outcome');
  }
  if (error.kind === 'server') return refusal('api.unknown_outcome', 'schedule.unknown_outcome');
  if (error.kind === 'rate_limited') return refusal('api.rate_limited', 'schedule.server_unstable');
  if (error.kind === 'forbidden') return refusal('not_allowed', 'schedule.forbidden');
  return bilingual(error);
}

/** HelenaCRM's own reason (a template no longer approved, a parameter refused) in both languages. */
function bilingual(error: unknown): ConsoleError {
  const base = toConsoleError(error);
  const reason = isHelenaError(error) ? error.reason : null;
  return reason ? new ConsoleError({ ...base.toJSON(), messageEn: failureText(reason, 'en') }) : base;
}

function rescheduleRefusal(error: unknown): ConsoleError {
  if (!isHelenaError(error)) return toConsoleError(error);
  switch (error.kind) {
    case 'network':
      return refusal('offline', 'schedule.move_offline');
    case 'conflict':
      return refusal('too_late', 'schedule.move_too_late', { field: 'id' });
    case 'not_found':
      return refusal('not_found', 'schedule.not_found', { field: 'id' });
    case 'server':
    case 'rate_limited':
      return refusal(`api.${error.kind}`, 'schedule.server_unstable');
    case 'forbidden':
      return refusal('not_allowed', 'schedule.forbidden');
    default:
      return bilingual(error);
  }
}

function cancelRefusal(error: unknown): ConsoleError {
  if (!isHelenaError(error)) return toConsoleError(error);
  switch (error.kind) {
    case 'network':
      return refusal('offline', 'schedule.cancel_offline');
    case 'conflict':
      return refusal('too_late', 'schedule.already_processed', { field: 'id' });
    case 'not_found':
      return refusal('not_found', 'schedule.not_found', { field: 'id' });
    case 'server':
    case 'rate_limited':
      return refusal(`api.${error.kind}`, 'schedule.server_unstable');
    default:
      return bilingual(error);
  }
}

export interface ScheduleRequest {
  contactId: string;
  channelId: string;
  teamId: string | null;
  to: string;
  templateId: string;
  parameters: Record<string, string>;
  media: string | undefined;
  at: string;
  cost: CostSummary;
}

export class ScheduledMessages {
  /**
   * The last list HelenaCRM answered, per agent and contact (see the module comment for why not the
   * store): per agent, because on a shared machine the next shift may not see the same ones.
   */
  private readonly lastHeard = new Map<string, ScheduledItem[]>();

  private key(contactId: string): string {
    return `${this.deps.agentId()}:${contactId}`;
  }

  constructor(
    private readonly deps: {
      client: () => HelenaClient;
      online: () => boolean;
      nowMs: () => number;
      agentId: () => string;
      failures: () => ScheduleFailuresRepo;
    },
  ) {}

  async create(request: ScheduleRequest): Promise<{ scheduled: ScheduledItem; cost: CostSummary }> {
    const when = checkedMoment(request.at, this.deps.nowMs());
    if (!this.deps.online()) throw refusal('offline', 'schedule.offline');
    const dto = await this.deps
      .client()
      .createScheduledMessage(
        {
          from: request.channelId,
          to: request.to,
          ...(request.teamId ? { department: { id: request.teamId } } : {}),
          type: 'TEMPLATE',
          templateId: request.templateId,
          scheduling: when.toISOString(),
          templateParams: { parameters: request.parameters, ...fileParams(request.media) },
        },
        { signal: AbortSignal.timeout(SAVE_MS) },
      )
      .catch((error: unknown) => {
        throw createRefusal(error);
      });
    const scheduled = scheduledItem(dto);
    this.lastHeard.set(this.key(request.contactId), [scheduled, ...(this.lastHeard.get(this.key(request.contactId)) ?? []).filter((i) => i.id !== scheduled.id)]);
    return { scheduled, cost: request.cost };
  }

  /** HelenaCRM's list for the contact, newest first; offline or unanswered, the last one heard, marked stale. */
  async list(contactId: string): Promise<ScheduledList> {
    const remembered = this.lastHeard.get(this.key(contactId));
    const stale = (unheard: 'offline' | 'unavailable'): ScheduledList => ({ contactId, items: this.shown(remembered ?? []), source: remembered ? 'memory' : 'none', unheard });
    if (!this.deps.online()) return stale('offline');
    try {
      const page = await this.deps
        .client()
        .listScheduledMessages({ to: contactId, orderBy: 'createdAt', orderDirection: 'DESCENDING', pageSize: LIST_SIZE }, { signal: AbortSignal.timeout(LIST_MS) });
      const items = page.items.map(scheduledItem).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
      this.lastHeard.set(this.key(contactId), items);
      return { contactId, items: this.shown(items), source: 'helena', unheard: null };
    } catch (error) {
      if (isHelenaError(error) && error.kind === 'unauthorized') throw toConsoleError(error);
      return stale(isHelenaError(error, 'network') ? 'offline' : 'unavailable');
    }
  }

  private shown(items: ScheduledItem[]): ScheduledItem[] {
    const dismissed = this.deps.failures().dismissed(this.deps.agentId());
    const now = this.deps.nowMs();
    return items.filter((i) => listable(i, now, dismissed));
  }

  /** The last answer heard for this schedule, in any contact's list. */
  private heard(id: string): ScheduledItem | null {
    for (const items of this.lastHeard.values()) {
      const found = items.find((i) => i.id === id);
      if (found) return found;
    }
    return null;
  }

  private remember(item: ScheduledItem): void {
    for (const [key, items] of this.lastHeard) {
      if (items.some((i) => i.id === item.id)) this.lastHeard.set(key, items.map((i) => (i.id === item.id ? item : i)));
    }
  }

  /**
   * "Alterar horário": a new moment for one still SCHEDULED. Offline it is refused (a move queued
   * and applied after the old moment would be no move); HelenaCRM answers 409 once it went.
   */
  async reschedule(id: string, at: string): Promise<{ scheduled: ScheduledItem }> {
    const when = checkedMoment(at, this.deps.nowMs());
    if (!this.deps.online()) throw refusal('offline', 'schedule.move_offline');
    const dto = await this.deps
      .client()
      .updateScheduledMessage(id, { fields: ['Scheduling'], scheduling: when.toISOString() }, { signal: AbortSignal.timeout(SAVE_MS) })
      .catch((error: unknown) => {
        throw rescheduleRefusal(error);
      });
    // PUT answers PublicReqScheduledMessageDTO (no sessionId, maybe no template name): keep what was heard.
    const answered = scheduledItem(dto);
    const known = this.heard(id);
    const scheduled: ScheduledItem = known ? { ...known, at: answered.at, status: answered.status } : answered;
    this.remember(scheduled);
    return { scheduled };
  }

  /** "Dispensar": a failed one leaves this agent's conversation on this machine. */
  dismiss(id: string): { ok: true } {
    const known = this.heard(id);
    if (known && known.status !== 'FAILED') throw refusal('invalid_input', 'schedule.not_failed', { field: 'id' });
    this.deps.failures().dismiss(this.deps.agentId(), id, known?.at ?? new Date(this.deps.nowMs()).toISOString());
    return { ok: true };
  }

  async cancel(id: string): Promise<{ ok: true }> {
    if (!this.deps.online()) throw refusal('offline', 'schedule.cancel_offline');
    await this.deps
      .client()
      .cancelScheduledMessage(id, { signal: AbortSignal.timeout(SAVE_MS) })
      .catch((error: unknown) => {
        throw cancelRefusal(error);
      });
    for (const [key, items] of this.lastHeard) {
      this.lastHeard.set(key, items.map((i) => (i.id === id ? { ...i, status: 'CANCELED' as const } : i)));
    }
    return { ok: true };
  }
}
