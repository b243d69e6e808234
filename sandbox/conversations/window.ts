/**
 * WhatsApp's 24-hour customer-service window, computed at read time from the session's
 * `last_message_in` and the sandbox clock (never stored, so moving the clock expires it).
 */
import type { ChannelType, WindowStatus } from '../../src/api/helena-dto';
import { channelFamilyOf, isUnofficialWhatsApp } from '../../src/domain/channels';

export const WINDOW_MS = 24 * 60 * 60 * 1000;

/** Channels where WhatsApp message templates exist: every WhatsApp channel (QR ones send them as text), not Instagram or Messenger. */
export function supportsTemplates(type: string): boolean {
  return channelFamilyOf(type) !== 'other';
}

export function windowStatusOf(channelType: ChannelType | string, lastMessageIn: string | null, nowMs: number): WindowStatus {
  // QR-code channels speak WhatsApp Web: no window.
  if (isUnofficialWhatsApp(channelType)) return 'ACTIVE';
  if (lastMessageIn === null) return 'NOT_STARTED';
  return nowMs - Date.parse(lastMessageIn) < WINDOW_MS ? 'ACTIVE' : 'EXPIRED';
}
