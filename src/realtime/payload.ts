/**
 * What arrives on the realtime socket, checked with zod before anything else sees it. The
 * envelope ({eventType, date, content, offset[, previousOffset]}, RESYNC_REQUIRED or the
 * sandbox's OFFSET watermark) decides whether a payload is
 * usable at all; the content is then read with the same DTO schema the REST API uses. An event
 * whose envelope is fine but whose content is not still carries a trustworthy offset, so it is
 * handed on as `unreadable`: the sync engine records the offset and re-syncs instead of guessing.
 */
import {
  ContactDTO,
  MessageDTO,
  RealtimeEvent,
  RealtimeWatermark,
  ResyncRequired,
  SessionDTO,
  TemplateDTO,
  type WebhookEventType,
} from '../api/helena-dto';

interface Envelope<T extends WebhookEventType> {
  eventType: T;
  offset: number;
  date: string;
  /** Sandbox extension: offset of the previous event this connection sent (see RealtimeEvent). Absent from a plain HelenaCRM gateway. */
  previousOffset?: number;
}

type SessionEventType = 'SESSION_NEW' | 'SESSION_UPDATE' | 'SESSION_COMPLETE';
type MessageEventType = 'MESSAGE_RECEIVED' | 'MESSAGE_UPDATED' | 'MESSAGE_SENT';
type ContactEventType = 'CONTACT_NEW' | 'CONTACT_UPDATE' | 'CONTACT_TAG_UPDATE';

export type RealtimeMessage =
  | (Envelope<SessionEventType> & { kind: 'session'; session: SessionDTO })
  | (Envelope<MessageEventType> & { kind: 'message'; message: MessageDTO })
  | (Envelope<ContactEventType> & { kind: 'contact'; contact: ContactDTO })
  | (Envelope<'TEMPLATE_UPDATE'> & { kind: 'template'; template: TemplateDTO })
  /** Sandbox extension: an internal note saved in a session (a MessageDTO of type NOTE). */
  | (Envelope<'SESSION_NOTE_NEW'> & { kind: 'note'; note: MessageDTO })
  | (Envelope<WebhookEventType> & { kind: 'unreadable'; reason: string })
  | { kind: 'resync'; offset: number }
  /** Sandbox extension: nothing for this agent after previousOffset up to offset. */
  | { kind: 'watermark'; offset: number; previousOffset: number };

export type ParsedPayload = { ok: true; message: RealtimeMessage } | { ok: false; reason: string };

function issueText(error: { issues: ReadonlyArray<{ path: PropertyKey[]; message: string }> }): string {
  const first = error.issues[0];
  if (!first) return 'invalid';
  const path = first.path.map(String).join('.');
  return path ? `${path}: ${first.message}` : first.message;
}

/** Reads one socket payload. Never throws. */
export function parseRealtimePayload(raw: unknown): ParsedPayload {
  const resync = ResyncRequired.safeParse(raw);
  if (resync.success) return { ok: true, message: { kind: 'resync', offset: resync.data.offset } };
  const watermark = RealtimeWatermark.safeParse(raw);
  if (watermark.success) return { ok: true, message: { kind: 'watermark', offset: watermark.data.offset, previousOffset: watermark.data.previousOffset } };
  const envelope = RealtimeEvent.safeParse(raw);
  if (!envelope.success) return { ok: false, reason: issueText(envelope.error) };
  const { eventType, offset, date, content, previousOffset } = envelope.data;
  const base = previousOffset === undefined ? { offset, date } : { offset, date, previousOffset };
  const unreadable = (reason: string): ParsedPayload => ({
    ok: true,
    message: { kind: 'unreadable', eventType, ...base, reason: `content.${reason}` },
  });
  switch (eventType) {
    case 'SESSION_NEW':
    case 'SESSION_UPDATE':
    case 'SESSION_COMPLETE': {
      const parsed = SessionDTO.safeParse(content);
      return parsed.success
        ? { ok: true, message: { kind: 'session', eventType, ...base, session: parsed.data } }
        : unreadable(issueText(parsed.error));
    }
    case 'MESSAGE_RECEIVED':
    case 'MESSAGE_UPDATED':
    case 'MESSAGE_SENT': {
      const parsed = MessageDTO.safeParse(content);
      return parsed.success
        ? { ok: true, message: { kind: 'message', eventType, ...base, message: parsed.data } }
        : unreadable(issueText(parsed.error));
    }
    case 'CONTACT_NEW':
    case 'CONTACT_UPDATE':
    case 'CONTACT_TAG_UPDATE': {
      const parsed = ContactDTO.safeParse(content);
      return parsed.success
        ? { ok: true, message: { kind: 'contact', eventType, ...base, contact: parsed.data } }
        : unreadable(issueText(parsed.error));
    }
    case 'SESSION_NOTE_NEW': {
      const parsed = MessageDTO.safeParse(content);
      return parsed.success
        ? { ok: true, message: { kind: 'note', eventType, ...base, note: parsed.data } }
        : unreadable(issueText(parsed.error));
    }
    case 'TEMPLATE_UPDATE': {
      const parsed = TemplateDTO.safeParse(content);
      return parsed.success
        ? { ok: true, message: { kind: 'template', eventType, ...base, template: parsed.data } }
        : unreadable(issueText(parsed.error));
    }
  }
}
