/**
 * "Atendimentos anteriores" (Alt+H in a conversation): the shortcut, how a past conversation is
 * dated and named in the list and in the read-only banner, what the list says about how complete
 * it is, and which line stays selected when HelenaCRM's answer replaces the cache's. Pure, so the
 * rules are tested under Node (logic.test.ts).
 */
import type { ContactHistory, PastConversation } from '../../src/console/results';
import { isAltKey, type ShortcutKey } from './alt-key';

/** Alt+H (alt-key.ts). */
export function isHistoryShortcut(event: ShortcutKey): boolean {
  return isAltKey(event, 'h');
}

/** "12/11" this year, "12/11/2024" before; with `time`, "12/11, 14:05". Null for a date that is not one. */
export function pastDate(iso: string, nowMs: number, language: string, time = false): string | null {
  const at = new Date(iso);
  if (!Number.isFinite(at.getTime())) return null;
  const sameYear = at.getFullYear() === new Date(nowMs).getFullYear();
  const options: Intl.DateTimeFormatOptions = { day: '2-digit', month: '2-digit', ...(sameYear ? {} : { year: 'numeric' }) };
  // The 24-hour clock in both languages, as the messages and the schedule show times.
  return new Intl.DateTimeFormat(language, time ? { ...options, hour: '2-digit', minute: '2-digit', hour12: false } : options).format(at);
}

/** What the list says under its title: still asking HelenaCRM, what it answered, or only the cache (and why). */
export type HistoryNote = 'asking' | 'complete' | 'offline' | 'unavailable';

export function historyNote(answer: Pick<ContactHistory, 'source' | 'unheard'> | null, asking: boolean): HistoryNote {
  if (asking) return 'asking';
  if (answer === null || answer.source === 'helena') return 'complete';
  return answer.unheard === 'offline' ? 'offline' : 'unavailable';
}

/**
 * The line to select once the list changes (HelenaCRM's answer replacing the cache's): the same
 * conversation if it is still there, else the first.
 */
export function keepSelection(items: readonly Pick<PastConversation, 'id'>[], selectedId: string | null): number {
  const index = selectedId === null ? -1 : items.findIndex((item) => item.id === selectedId);
  return Math.max(0, index);
}

/** The sentence of the read-only banner (its i18n key under "history.") and its values. */
export interface PastBanner {
  key: 'bannerCompleted' | 'bannerCompletedNoAgent' | 'bannerOpen' | 'bannerQueue';
  values: { date: string; agent: string; team: string };
}

/**
 * "Atendimento concluído em 12/11 por Ana Lúcia Souza — somente leitura"; an open one (with
 * another team, say) is "em andamento" with its agent, or waiting in its team's queue.
 */
export function pastBanner(item: PastConversation, nowMs: number, language: string, unknownTeam: string): PastBanner {
  const agent = item.agentName?.trim() ?? '';
  const team = item.teamName?.trim() || unknownTeam;
  if (item.status === 'COMPLETED') {
    const date = pastDate(item.endedAt ?? item.lastActivityAt, nowMs, language) ?? '';
    return { key: agent ? 'bannerCompleted' : 'bannerCompletedNoAgent', values: { date, agent, team } };
  }
  const date = pastDate(item.startedAt, nowMs, language) ?? '';
  return { key: item.agentUserId === null ? 'bannerQueue' : 'bannerOpen', values: { date, agent: agent || team, team } };
}
