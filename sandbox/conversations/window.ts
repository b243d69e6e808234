/**
 * WhatsApp's 24-hour customer-service window, computed at read time from the session's
 * `last_message_in` and the sandbox clock (never stored, so moving the clock expires it).
 */
import { UNOFFICIAL_WHATSAPP_CHANNELS, type ChannelType, type WindowStatus } from '../../src/api/helena-dto';

export const WINDOW_MS = 24 * 60 * 60 * 1000;

/** QR-code channels speak WhatsApp Web: no templates, no window, no charge. */
export function isUnofficialChannel(type: string): boolean {
  return (UNOFFICIAL_WHATSAPP_CHANNELS as readonly string[]).includes(type);
}

/** Channels where WhatsApp message templates exist (Meta's official API). */
export function supportsTemplates(type: string): boolean {
  return type !== 'Instagram' && type !== 'Messenger';
}

export function windowStatusOf(channelType: ChannelType | string, lastMessageIn: string | null, nowMs: number): WindowStatus {
  if (isUnofficialChannel(channelType)) return 'ACTIVE';
  if (lastMessageIn === null) return 'NOT_STARTED';
  return nowMs - Date.parse(lastMessageIn) < WINDOW_MS ? 'ACTIVE' : 'EXPIRED';
}
