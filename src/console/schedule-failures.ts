/**
 * How the desk learns that a schedule failed at its moment. HelenaCRM pushes nothing for it: its
 * webhook events (core.json: SESSION_*, MESSAGE_*, CONTACT_*, …) have no scheduled-message event,
 * and a scheduled template that never went produces no message at all. So the desk asks: one
 * GET /chat/v1/scheduled-message?Status=FAILED&User=<me>&ScheduledAt.After=<a week ago> every
 * SCHEDULE_WATCH_MS (3 minutes: one request out of the account's 200 per 5 s, shared by the whole
 * app, about 20 an hour), a first one shortly after sign-in, none while offline. A failure not
 * announced before (the store remembers, per agent: migration 014) becomes a 'schedule-failed'
 * event, which the shell shows as a tray notification; a restart does not announce it again.
 *
 * The conversation's own list (scheduled.ts) shows the failure whenever it is opened, polled or not.
 */
import type { HelenaClient } from '../api/helena-client';
import type { Store } from '../store';
import type { CoreEvent } from './core-events';
import { FAILURE_LISTED_MS, scheduledItem } from './scheduled';

export const SCHEDULE_WATCH_MS = 3 * 60_000;
/** The first look after sign-in or app start: soon, but after the first sync's burst of requests. */
const FIRST_LOOK_MS = 20_000;
const LIST_MS = 8_000;
const PAGE = 50;

export interface ScheduleFailureWatchDeps {
  client: () => HelenaClient;
  store: () => Store;
  agentId: () => string;
  online: () => boolean;
  nowMs: () => number;
  emit: (event: CoreEvent) => void;
  /** Between looks (default SCHEDULE_WATCH_MS). */
  intervalMs?: number;
}

export class ScheduleFailureWatch {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private running: Promise<number> | null = null;
  private stopped = true;

  constructor(private readonly deps: ScheduleFailureWatchDeps) {}

  start(): void {
    this.stopped = false;
    const interval = this.deps.intervalMs ?? SCHEDULE_WATCH_MS;
    this.next(Math.min(FIRST_LOOK_MS, interval));
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private next(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      void this.check().finally(() => this.next(this.deps.intervalMs ?? SCHEDULE_WATCH_MS));
    }, ms);
    this.timer.unref?.();
  }

  /** One look; answers how many failures were news. Never throws (the next look tries again). */
  check(): Promise<number> {
    this.running ??= this.look().finally(() => (this.running = null));
    return this.running;
  }

  private async look(): Promise<number> {
    if (!this.deps.online()) return 0;
    try {
      const agentId = this.deps.agentId();
      const now = this.deps.nowMs();
      const page = await this.deps.client().listScheduledMessages(
        {
          status: 'FAILED',
          user: agentId,
          scheduledAfter: new Date(now - FAILURE_LISTED_MS).toISOString(),
          orderBy: 'scheduling',
          orderDirection: 'DESCENDING',
          pageSize: PAGE,
        },
        { signal: AbortSignal.timeout(LIST_MS) },
      );
      const store = this.deps.store();
      store.scheduleFailures.prune(now);
      const failed = page.items.filter((dto) => dto.status === 'FAILED').map((dto) => ({ dto, item: scheduledItem(dto) }));
      const dismissed = store.scheduleFailures.dismissed(agentId);
      const candidates = failed.filter(({ item }) => !dismissed.has(item.id));
      const fresh = new Set(store.scheduleFailures.markNotified(agentId, candidates.map(({ item }) => ({ id: item.id, at: item.at }))));
      for (const { dto, item } of candidates) {
        if (!fresh.has(item.id)) continue;
        const contact = store.contacts.get(dto.contactId);
        const session = store.sessions.list({ contactId: dto.contactId, limit: 1 })[0] ?? null;
        this.deps.emit({
          type: 'schedule-failed',
          scheduledId: item.id,
          contactId: dto.contactId,
          contactName: contact?.name?.trim() || contact?.phoneNumber || '',
          sessionId: session?.id ?? null,
          templateName: item.templateName,
          at: item.at,
          reason: item.failureReason,
        });
      }
      return fresh.size;
    } catch {
      // Offline, HelenaCRM unstable, signed out meanwhile: the next look asks again.
      return 0;
    }
  }
}
