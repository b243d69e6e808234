/**
 * WhatsApp templates with a media header (HelenaCRM's `fileType`: IMAGE, VIDEO, DOCUMENT) go out
 * only with their media: POST /chat/v1/send/template's `fileIdOrUrl`, "necessário apenas para
 * templates com mídia" — a public URL, or the id of a file already uploaded to HelenaCRM.
 * Shared by the console (one clear message before anything is queued) and the sandbox (which
 * refuses what HelenaCRM would refuse).
 */
import { z } from 'zod';
import { translate, type MessageCode } from './messages';

/** The media a template carries, as the agent reads it. */
export type TemplateMediaKind = 'image' | 'video' | 'document';
/** HelenaCRM's `fileType` of a template with media (and the message `type` it is sent as). */
export type TemplateMediaFileType = 'IMAGE' | 'VIDEO' | 'DOCUMENT';

const KIND_OF_FILE_TYPE: Readonly<Record<TemplateMediaFileType, TemplateMediaKind>> = { IMAGE: 'image', VIDEO: 'video', DOCUMENT: 'document' };
export const FILE_TYPE_OF_KIND: Readonly<Record<TemplateMediaKind, TemplateMediaFileType>> = { image: 'IMAGE', video: 'VIDEO', document: 'DOCUMENT' };

/** The media kind of a template's (or a message's) `fileType`/`type`; null for UNDEFINED, null or anything else. */
export function templateMediaKind(fileType: string | null | undefined): TemplateMediaKind | null {
  return fileType && Object.hasOwn(KIND_OF_FILE_TYPE, fileType) ? KIND_OF_FILE_TYPE[fileType as TemplateMediaFileType] : null;
}

/** Longest link accepted (browsers and WhatsApp's own limits are around here). */
export const MAX_MEDIA_LINK_LENGTH = 2048;
/** Plain http is only for a server on this machine (the sandbox): WhatsApp fetches media from the internet over https. */
const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);
/** The same UUID check as the wire schemas (helena-dto.ts): a file id they would refuse is no file id. */
const UUID = z.string().uuid();

/** Is this the id of a file already uploaded to HelenaCRM (a UUID), rather than a link? */
export function isMediaFileId(media: string): boolean {
  return UUID.safeParse(media.trim()).success;
}

/** A public https URL (http only for 127.0.0.1/localhost), or a file id. */
export function isValidMediaRef(media: string): boolean {
  const value = media.trim();
  if (value === '' || value.length > MAX_MEDIA_LINK_LENGTH) return false;
  if (isMediaFileId(value)) return true;
  if (/\s/.test(value)) return false;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  if (url.hostname === '' || url.username !== '' || url.password !== '') return false;
  if (url.protocol === 'https:') return true;
  return url.protocol === 'http:' && LOCAL_HOSTS.has(url.hostname);
}

export type MediaProblem = 'missing' | 'invalid' | 'unexpected';

export interface MediaIssue {
  problem: MediaProblem;
  /** The template's media; null for 'unexpected' (a template without media). */
  kind: TemplateMediaKind | null;
  /** Stable key for the UI's i18n (see DOMAIN_MESSAGES). */
  code: MessageCode;
  values: Record<string, never>;
  /** pt-BR, for the agent. */
  message: string;
}

function issueOf(problem: MediaProblem, kind: TemplateMediaKind | null): MediaIssue {
  const code: MessageCode = kind === null ? 'template.media.unexpected' : `template.media.${problem as 'missing' | 'invalid'}_${kind}`;
  return { problem, kind, code, values: {}, message: translate(code) };
}

/**
 * The media rule: a template with media needs it (a valid link or file id); a template without
 * media takes none. `media` blank counts as not given. Null when the send is fine.
 */
export function checkTemplateMedia(kind: TemplateMediaKind | null, media: string | null | undefined): MediaIssue | null {
  const given = typeof media === 'string' && media.trim() !== '';
  if (kind === null) return given ? issueOf('unexpected', null) : null;
  if (!given) return issueOf('missing', kind);
  return isValidMediaRef(media) ? null : issueOf('invalid', kind);
}
