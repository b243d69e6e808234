/** "há 3 dias", "3 days ago": how long ago something happened, in the agent's language, to the coarsest sensible unit. */
const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['year', 365 * 24 * 3600_000],
  ['month', 30 * 24 * 3600_000],
  ['week', 7 * 24 * 3600_000],
  ['day', 24 * 3600_000],
  ['hour', 3600_000],
  ['minute', 60_000],
];

export function timeAgo(iso: string, nowMs: number, language: string): string | null {
  const then = Date.parse(iso);
  if (!Number.isFinite(then)) return null;
  const ms = Math.max(0, nowMs - then);
  const format = relativeFormat(language);
  for (const [unit, size] of UNITS) {
    if (ms >= size) return format.format(-Math.floor(ms / size), unit);
  }
  return format.format(0, 'second');
}

/** When a message was sent, as a chat shows it: the time today, the date and time before today. */
export function messageTime(iso: string, nowMs: number, language: string): string | null {
  const at = new Date(iso);
  if (!Number.isFinite(at.getTime())) return null;
  const now = new Date(nowMs);
  const sameDay = at.getFullYear() === now.getFullYear() && at.getMonth() === now.getMonth() && at.getDate() === now.getDate();
  return timeFormat(language, sameDay).format(at);
}

/*
 * Building an Intl formatter costs far more than formatting with one (locale data is resolved each
 * time): a conversation of 500 messages built 500 of them per render. One per language and shape.
 */
const timeFormats = new Map<string, Intl.DateTimeFormat>();
function timeFormat(language: string, sameDay: boolean): Intl.DateTimeFormat {
  const key = `${language}|${sameDay ? 'time' : 'date'}`;
  let format = timeFormats.get(key);
  if (!format) {
    // The 24-hour clock in English too, as the schedule's moments and the contact's fields show times ("17:30", never "05:30 PM").
    const time: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit', hour12: false };
    format = new Intl.DateTimeFormat(language, sameDay ? time : { ...time, day: '2-digit', month: '2-digit' });
    timeFormats.set(key, format);
  }
  return format;
}

const relativeFormats = new Map<string, Intl.RelativeTimeFormat>();
function relativeFormat(language: string): Intl.RelativeTimeFormat {
  let format = relativeFormats.get(language);
  if (!format) {
    format = new Intl.RelativeTimeFormat(language, { numeric: 'auto' });
    relativeFormats.set(language, format);
  }
  return format;
}
