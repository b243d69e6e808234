/**
 * The moments of "Agendar modelo": the quick choices (tomorrow at 9, in 2 hours, Monday at 9), the
 * chosen moment spelled out in the agent's language and timezone, and the `datetime-local` field's
 * value. Pure (the clock and the locale are arguments), tested under Node.
 */
export type QuickMomentKey = 'tomorrow9' | 'in2h' | 'monday9';

export interface QuickMoment {
  key: QuickMomentKey;
  at: Date;
}

function atNine(day: Date): Date {
  const d = new Date(day);
  d.setHours(9, 0, 0, 0);
  return d;
}

/** In local time, as the agent promised it ("amanhã às 9h" is 9h on the agent's clock). */
export function quickMoments(now: Date): QuickMoment[] {
  const tomorrow = new Date(now);
  tomorrow.setDate(now.getDate() + 1);
  const in2h = new Date(now.getTime() + 2 * 3_600_000);
  in2h.setSeconds(0, 0);
  // The next Monday: a week ahead when today is Monday (this Monday's 9h has passed or is too near to promise).
  const monday = new Date(now);
  monday.setDate(now.getDate() + (((8 - now.getDay()) % 7) || 7));
  return [
    { key: 'tomorrow9', at: atNine(tomorrow) },
    { key: 'in2h', at: in2h },
    { key: 'monday9', at: atNine(monday) },
  ];
}

/** "quarta, 2 de dezembro, 09:00" / "Wednesday, 2 December, 09:00", in the machine's timezone. */
export function spelledMoment(at: Date, locale: string): string {
  const weekday = new Intl.DateTimeFormat(locale, { weekday: 'long' }).format(at).replace(/-feira$/, '');
  const day = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'long' }).format(at);
  const time = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', hour12: false }).format(at);
  return `${weekday}, ${day}, ${time}`;
}

/** The line's short form: "hoje 15:30", "amanhã 09:00", else "02/12 09:00". */
export function shortMoment(at: Date, now: Date, locale: string, words: { today: string; tomorrow: string }): string {
  const time = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', hour12: false }).format(at);
  const dayOf = (d: Date) => new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
  const days = Math.round((dayOf(at) - dayOf(now)) / 86_400_000);
  if (days === 0) return `${words.today} ${time}`;
  if (days === 1) return `${words.tomorrow} ${time}`;
  return `${new Intl.DateTimeFormat(locale, { day: '2-digit', month: '2-digit' }).format(at)} ${time}`;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The `datetime-local` value of a moment (local time, to the minute). */
export function toLocalInput(at: Date): string {
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}T${pad(at.getHours())}:${pad(at.getMinutes())}`;
}

/** What the field holds, as a moment; null while it is incomplete. */
export function fromLocalInput(value: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value);
  if (!match) return null;
  const [, y, mo, d, h, mi] = match.map(Number) as [number, number, number, number, number, number];
  const at = new Date(y, mo - 1, d, h, mi);
  return Number.isNaN(at.getTime()) ? null : at;
}
