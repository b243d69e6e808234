/**
 * How long WhatsApp's 24-hour window stays open, as the agent reads it: counted from the expiry the
 * core gave (not from when the list was read), so it keeps going down on a screen left open, and
 * a window that has run out reads as closed without waiting for the next sync.
 */
import type { TFunction } from 'i18next';
import { useEffect, useState } from 'react';
import type { WindowSummary } from '../../src/console/results';

/** Below this the window is about to close: the desk shows it in amber. */
export const CLOSING_SOON_MS = 60 * 60 * 1000;

export interface WindowLeft {
  /** Whole minutes left (0 in the last minute). */
  minutes: number;
  closingSoon: boolean;
}

/** Null when the window has no known expiry (not open, no window on this channel, or unknown). */
export function windowLeft(window: WindowSummary, nowMs: number): WindowLeft | 'expired' | null {
  if (!window.canSendFreeText || window.expiresAt === null) return null;
  const ms = Date.parse(window.expiresAt) - nowMs;
  if (!Number.isFinite(ms)) return null;
  if (ms <= 0) return 'expired';
  return { minutes: Math.floor(ms / 60_000), closingSoon: ms < CLOSING_SOON_MS };
}

/**
 * "2 h 13 min", "24 h", "45 min", "menos de 1 min" via the i18n keys time.hm / time.h / time.m /
 * time.lessThanMinute: a part that is zero is left out ("24 h", never "24 h 0 min" nor "0 h 15 min").
 */
export function formatLeft(left: WindowLeft, t: TFunction): string {
  if (left.minutes < 1) return t('time.lessThanMinute');
  const h = Math.floor(left.minutes / 60);
  const m = left.minutes % 60;
  if (h === 0) return t('time.m', { m });
  return m === 0 ? t('time.h', { h }) : t('time.hm', { h, m });
}

/** The current time, refreshed every `everyMs` while mounted. */
export function useNow(everyMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}
