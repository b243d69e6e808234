/**
 * WhatsApp's 24-hour customer-service window as the client sees it (ARCHITECTURE.md, "WhatsApp
 * rules" and "Window expiry"). HelenaCRM gives `windowStatus` but no expiry time, so the time left
 * is derived from `lastMessageIn` + 24 h, and `windowStatus` wins whenever the two disagree:
 *
 * - ACTIVE and lastMessageIn within 24 h: open, with the expiry and the time left.
 * - ACTIVE but lastMessageIn missing or more than 24 h old: open, expiry unknown (`expiresAt` and
 *   `msLeft` null, never 0: 0 would read as "closing now" while the server says it is open; the
 *   likely cause is an inbound message our cache has not seen yet). The UI shows "open" with no
 *   countdown.
 * - EXPIRED (whatever lastMessageIn says): closed. `expiresAt` is when it closed, if that is
 *   consistent (in the past), else null.
 * - NOT_STARTED: the contact never wrote; closed for free text until they do.
 *
 * A status ages: an ACTIVE snapshot taken at `observedAt` whose derived expiry has since passed is
 * closed now (reason `expired_since_observed`), so a countdown that reaches zero closes the window
 * without waiting for the server. Without `observedAt`, windowStatus is trusted as is.
 *
 * Channels: QR-code WhatsApp (Z-API, Evolution API) has no window: always open. Instagram and
 * Messenger have their own 7-day rules, out of scope here: treated as always open. A null or
 * unknown channel type follows the official WhatsApp rules.
 */
import type { WindowStatus } from '../api/helena-dto';
import { channelFamilyOf, type AnyChannelType } from './channels';

export const WINDOW_MS = 24 * 60 * 60 * 1000;

export type WindowState = 'open' | 'closed' | 'not_started';

export type WindowReason =
  /** Open, expiry derived from lastMessageIn. */
  | 'active'
  /** Server says open; lastMessageIn missing or too old to derive an expiry. */
  | 'active_expiry_unknown'
  /** Server says expired. */
  | 'expired'
  /** Was ACTIVE when observed; its derived expiry has passed since. */
  | 'expired_since_observed'
  /** The contact has not written yet. */
  | 'not_started'
  /** QR-code WhatsApp channel: no window. */
  | 'no_window_unofficial'
  /** Instagram / Messenger: treated as always open. */
  | 'no_window_other_channel';

export interface WindowInput {
  windowStatus: WindowStatus;
  /** ISO-8601 date of the contact's last message, as HelenaCRM sends it, or a Date. */
  lastMessageIn: string | Date | null;
  channelType: AnyChannelType | string | null;
}

export interface WindowOptions {
  /** When the session's windowStatus was received from the server. */
  observedAt?: Date | number | null;
}

export interface WindowInfo {
  state: WindowState;
  expiresAt: Date | null;
  /** Milliseconds until expiresAt (0 < msLeft ≤ 24 h) while open with a known expiry; else null. */
  msLeft: number | null;
  canSendFreeText: boolean;
  reason: WindowReason;
}

function toMs(value: string | Date | number | null | undefined): number | null {
  if (value === null || value === undefined) return null;
  const ms = typeof value === 'number' ? value : typeof value === 'string' ? Date.parse(value) : value.getTime();
  return Number.isFinite(ms) ? ms : null;
}

const ALWAYS_OPEN = { state: 'open', expiresAt: null, msLeft: null, canSendFreeText: true } as const;

export function computeWindow(session: WindowInput, now: Date | number, options: WindowOptions = {}): WindowInfo {
  const family = channelFamilyOf(session.channelType);
  if (family === 'unofficial') return { ...ALWAYS_OPEN, reason: 'no_window_unofficial' };
  if (family === 'other') return { ...ALWAYS_OPEN, reason: 'no_window_other_channel' };

  const nowMs = toMs(now) ?? Date.now();
  const lastInMs = toMs(session.lastMessageIn);
  const derivedExpiry = lastInMs === null ? null : lastInMs + WINDOW_MS;

  switch (session.windowStatus) {
    case 'NOT_STARTED':
      return { state: 'not_started', expiresAt: null, msLeft: null, canSendFreeText: false, reason: 'not_started' };
    case 'EXPIRED':
      return {
        state: 'closed',
        expiresAt: derivedExpiry !== null && derivedExpiry <= nowMs ? new Date(derivedExpiry) : null,
        msLeft: null,
        canSendFreeText: false,
        reason: 'expired',
      };
    case 'ACTIVE': {
      if (derivedExpiry !== null && derivedExpiry > nowMs) {
        // A lastMessageIn ahead of our clock (skew) never yields more than a full window.
        const msLeft = Math.min(derivedExpiry - nowMs, WINDOW_MS);
        return { state: 'open', expiresAt: new Date(nowMs + msLeft), msLeft, canSendFreeText: true, reason: 'active' };
      }
      const observedMs = toMs(options.observedAt);
      if (derivedExpiry !== null && observedMs !== null && derivedExpiry > observedMs) {
        return { state: 'closed', expiresAt: new Date(derivedExpiry), msLeft: null, canSendFreeText: false, reason: 'expired_since_observed' };
      }
      return { state: 'open', expiresAt: null, msLeft: null, canSendFreeText: true, reason: 'active_expiry_unknown' };
    }
  }
}

export type Locale = 'pt-BR' | 'en';

/**
 * "23 h 12 min", "45 min", "menos de 1 min" (en: "less than 1 min"). Minutes are rounded down so
 * the time left is never overstated. Null or ≤ 0 gives "0 min".
 */
export function formatTimeLeft(msLeft: number | null, locale: Locale = 'pt-BR'): string {
  if (msLeft === null || !Number.isFinite(msLeft) || msLeft <= 0) return '0 min';
  const totalMinutes = Math.floor(msLeft / 60_000);
  if (totalMinutes < 1) return locale === 'en' ? 'less than 1 min' : 'menos de 1 min';
  const hours = Math.floor(totalMinutes / 60);
  const minutes = totalMinutes % 60;
  if (hours === 0) return `${minutes} min`;
  return minutes === 0 ? `${hours} h` : `${hours} h ${minutes} min`;
}
