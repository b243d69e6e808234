/**
 * Channel families by the rules that differ between them. HelenaCRM spells channel types two
 * ways (`CloudAPI_WhatsApp` on channels, `CLOUDAPI_WHATSAPP` on sessions and templates); both are
 * accepted, case-insensitively.
 */
import type { ChannelType, SessionChannelType } from '../api/helena-dto';

export type AnyChannelType = ChannelType | SessionChannelType;

/**
 * - official: WhatsApp Business API (Cloud API, 360dialog, Gupshup): 24-hour window, templates
 *   reviewed by Meta, business-initiated messages charged.
 * - unofficial: WhatsApp Web through a QR code (Z-API, Evolution API): no window, no review, no charge.
 * - other: Instagram, Messenger. Their own 7-day rules are out of scope; treated as always open.
 * - unknown: null or a type this version does not know; treated as official (the strictest).
 */
export type ChannelFamily = 'official' | 'unofficial' | 'other' | 'unknown';

const UNOFFICIAL = new Set(['ZAPI_WHATSAPP', 'EVOLUTIONAPI_WHATSAPP']);
const OFFICIAL = new Set(['CLOUDAPI_WHATSAPP', 'DIALOG360_WHATSAPP', 'GUPSHUP_WHATSAPP']);
const OTHER = new Set(['INSTAGRAM', 'MESSENGER']);

export function channelFamilyOf(channelType: AnyChannelType | string | null | undefined): ChannelFamily {
  if (!channelType) return 'unknown';
  const key = channelType.toUpperCase();
  if (UNOFFICIAL.has(key)) return 'unofficial';
  if (OFFICIAL.has(key)) return 'official';
  if (OTHER.has(key)) return 'other';
  return 'unknown';
}

/** QR-code channels: free text at any time, no template needed, nothing charged. */
export function isUnofficialWhatsApp(channelType: AnyChannelType | string | null | undefined): boolean {
  return channelFamilyOf(channelType) === 'unofficial';
}

/**
 * Where an atendimento starts: WhatsApp, official or QR. Instagram and Messenger have no templates
 * to start with, and an unknown type is no channel to offer.
 */
export function isWhatsAppFamily(family: ChannelFamily): boolean {
  return family === 'official' || family === 'unofficial';
}
