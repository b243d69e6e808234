/**
 * Files an agent attaches to a message (a PDF boleto, a photo of a receipt): which types WhatsApp
 * takes, how big each may be, how HelenaCRM names them, and the refusal the agent reads for
 * anything else. Free of zod and of Node, so the renderer refuses a file the moment it is picked by
 * the same rule the core applies before anything is queued, and the sandbox before anything is sent.
 *
 * Sizes are decimal (1 MB = 1,000,000 bytes), as WhatsApp states its limits: a file under the
 * limit here is under WhatsApp's, whichever way it counts.
 */
import { translate, type MessageCode } from './messages';
import type { Locale } from './window';
import { contentFormatOf, type ContentFormat } from './file-sniff';

/** What the agent reads the file as. */
export type AttachmentKind = 'document' | 'image' | 'video' | 'audio';
/** The MessageDTO `type` of a message carrying the file. */
export type AttachmentMessageType = 'DOCUMENT' | 'IMAGE' | 'VIDEO' | 'AUDIO';
/** GET /core/v2/file's `Type` query value (and PublicFileV2DTO.type) for the file. */
export type UploadFileType = 'PDF' | 'EXCEL' | 'WORD' | 'IMAGE' | 'AUDIO' | 'VIDEO' | 'DOCUMENT';

interface AcceptedType {
  mimeType: string;
  extensions: readonly string[];
  kind: AttachmentKind;
  uploadType: UploadFileType;
}

/**
 * WhatsApp Cloud API's supported media types (Meta's "Supported media types"): documents are
 * sent as they are; images and videos only in the formats every phone plays. Stickers (webp) are
 * not something an agent attaches.
 */
const ACCEPTED: readonly AcceptedType[] = [
  { mimeType: 'application/pdf', extensions: ['pdf'], kind: 'document', uploadType: 'PDF' },
  { mimeType: 'application/msword', extensions: ['doc'], kind: 'document', uploadType: 'WORD' },
  { mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', extensions: ['docx'], kind: 'document', uploadType: 'WORD' },
  { mimeType: 'application/vnd.ms-excel', extensions: ['xls'], kind: 'document', uploadType: 'EXCEL' },
  { mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', extensions: ['xlsx'], kind: 'document', uploadType: 'EXCEL' },
  { mimeType: 'application/vnd.ms-powerpoint', extensions: ['ppt'], kind: 'document', uploadType: 'DOCUMENT' },
  { mimeType: 'application/vnd.openxmlformats-officedocument.presentationml.presentation', extensions: ['pptx'], kind: 'document', uploadType: 'DOCUMENT' },
  { mimeType: 'text/plain', extensions: ['txt'], kind: 'document', uploadType: 'DOCUMENT' },
  { mimeType: 'image/jpeg', extensions: ['jpg', 'jpeg'], kind: 'image', uploadType: 'IMAGE' },
  { mimeType: 'image/png', extensions: ['png'], kind: 'image', uploadType: 'IMAGE' },
  { mimeType: 'video/mp4', extensions: ['mp4'], kind: 'video', uploadType: 'VIDEO' },
  { mimeType: 'video/3gpp', extensions: ['3gp'], kind: 'video', uploadType: 'VIDEO' },
  { mimeType: 'audio/mpeg', extensions: ['mp3'], kind: 'audio', uploadType: 'AUDIO' },
  { mimeType: 'audio/ogg', extensions: ['ogg', 'opus'], kind: 'audio', uploadType: 'AUDIO' },
  { mimeType: 'audio/aac', extensions: ['aac'], kind: 'audio', uploadType: 'AUDIO' },
  { mimeType: 'audio/amr', extensions: ['amr'], kind: 'audio', uploadType: 'AUDIO' },
  { mimeType: 'audio/mp4', extensions: ['m4a'], kind: 'audio', uploadType: 'AUDIO' },
];

/** What browsers and systems call some of these types besides their registered name. */
const MIME_ALIASES: Readonly<Record<string, string>> = {
  'image/jpg': 'image/jpeg',
  'image/pjpeg': 'image/jpeg',
  'application/x-pdf': 'application/pdf',
  'audio/mp3': 'audio/mpeg',
  'audio/x-m4a': 'audio/mp4',
  'audio/opus': 'audio/ogg',
  'audio/x-aac': 'audio/aac',
};

/** WhatsApp Cloud API's limits per kind. */
export const WHATSAPP_MAX_BYTES: Readonly<Record<AttachmentKind, number>> = {
  document: 100_000_000,
  image: 5_000_000,
  video: 16_000_000,
  audio: 16_000_000,
};

/**
 * The app's own cap on any file. The bytes cross the bridge in one message (base64, a third
 * larger), are held in memory a few times on the way and kept in the data folder until sent;
 * 16 MB (WhatsApp's own limit for video and audio) covers the boletos, notas fiscais, contracts
 * and photos of a service desk many times over. A larger document is better shared as a link.
 */
export const MAX_ATTACHMENT_BYTES = 16_000_000;

/** What the agent may attach, per kind: WhatsApp's limit, under the app's cap. */
export const ATTACHMENT_MAX_BYTES: Readonly<Record<AttachmentKind, number>> = {
  document: Math.min(WHATSAPP_MAX_BYTES.document, MAX_ATTACHMENT_BYTES),
  image: Math.min(WHATSAPP_MAX_BYTES.image, MAX_ATTACHMENT_BYTES),
  video: Math.min(WHATSAPP_MAX_BYTES.video, MAX_ATTACHMENT_BYTES),
  audio: Math.min(WHATSAPP_MAX_BYTES.audio, MAX_ATTACHMENT_BYTES),
};

/** WhatsApp's limit on a media caption (a text message may be 4096). */
export const MAX_CAPTION_LENGTH = 1024;
/** Longest file name kept (most file systems stop at 255). */
export const MAX_ATTACHMENT_NAME_LENGTH = 255;

const MESSAGE_TYPE_OF_KIND: Readonly<Record<AttachmentKind, AttachmentMessageType>> = {
  document: 'DOCUMENT',
  image: 'IMAGE',
  video: 'VIDEO',
  audio: 'AUDIO',
};
const KIND_OF_MESSAGE_TYPE: Readonly<Record<AttachmentMessageType, AttachmentKind>> = {
  DOCUMENT: 'document',
  IMAGE: 'image',
  VIDEO: 'video',
  AUDIO: 'audio',
};

/** The `accept` list of the file picker: the extensions above (the check after the pick is what counts). */
export const ATTACHMENT_ACCEPT = ACCEPTED.flatMap((t) => t.extensions.map((e) => `.${e}`)).join(',');

/** How a file goes out: its registered MIME type, what the agent reads it as, and how HelenaCRM names it. */
export interface AttachmentType {
  mimeType: string;
  kind: AttachmentKind;
  messageType: AttachmentMessageType;
  uploadType: UploadFileType;
}

/** The lower-case extension of a file name, without the dot; '' when it has none. */
export function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot <= 0 || dot === name.length - 1 ? '' : name.slice(dot + 1).toLowerCase();
}

function typeOf(accepted: AcceptedType): AttachmentType {
  return { mimeType: accepted.mimeType, kind: accepted.kind, messageType: MESSAGE_TYPE_OF_KIND[accepted.kind], uploadType: accepted.uploadType };
}

/**
 * The type a file goes out as: by the MIME type the system declared, when WhatsApp takes it;
 * otherwise by the name's extension (systems often declare nothing, or application/octet-stream).
 * Null when neither names a type WhatsApp takes.
 */
export function attachmentTypeOf(name: string, declaredMimeType: string): AttachmentType | null {
  const declared = declaredMimeType.split(';')[0]?.trim().toLowerCase() ?? '';
  const canonical = MIME_ALIASES[declared] ?? declared;
  const byMime = ACCEPTED.find((t) => t.mimeType === canonical);
  if (byMime) return typeOf(byMime);
  const extension = extensionOf(name);
  const byExtension = extension === '' ? undefined : ACCEPTED.find((t) => t.extensions.includes(extension));
  return byExtension ? typeOf(byExtension) : null;
}

/** The kind of a message `type` (DOCUMENT, IMAGE, VIDEO, AUDIO); null for any other type. */
export function attachmentKindOfMessageType(type: string | null | undefined): AttachmentKind | null {
  return type && Object.hasOwn(KIND_OF_MESSAGE_TYPE, type) ? KIND_OF_MESSAGE_TYPE[type as AttachmentMessageType] : null;
}

/**
 * A file name as it may be kept and shown: the name itself, never a path. Control characters and
 * path separators have no business in it (a renderer bug or a forged request).
 */
export function isAcceptableFileName(name: string): boolean {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  return name.trim() !== '' && name.length <= MAX_ATTACHMENT_NAME_LENGTH && !/[\u0000-\u001f\u007f/\\]/.test(name) && name !== '.' && name !== '..';
}

export type AttachmentProblem = 'name_invalid' | 'empty' | 'type_not_allowed' | 'too_big';

export interface AttachmentIssue {
  problem: AttachmentProblem;
  /** Stable key for the UI's i18n (see DOMAIN_MESSAGES). */
  code: MessageCode;
  /** The file's kind when its type is known. */
  kind: AttachmentKind | null;
  /** Raw values: sizes in bytes, formatted for the agent's language by attachmentIssueText. */
  values: { name: string; size: number; max: number };
  /** pt-BR, for the agent. */
  message: string;
}

function issueOf(problem: AttachmentProblem, kind: AttachmentKind | null, values: AttachmentIssue['values']): AttachmentIssue {
  const code: MessageCode = problem === 'too_big' ? `attachment.too_big_${kind ?? 'document'}` : `attachment.${problem}`;
  const partial = { problem, code, kind, values };
  return { ...partial, message: attachmentIssueText(partial, 'pt-BR') };
}

/**
 * Whether this file may be sent: a proper name, not empty, a type WhatsApp takes, within its
 * kind's limit. Null when it may. Checked on the file's declared size: the core checks the bytes
 * it receives against that size.
 */
export function checkAttachment(file: { name: string; mimeType: string; size: number }): AttachmentIssue | null {
  const values = { name: file.name, size: file.size, max: MAX_ATTACHMENT_BYTES };
  if (!isAcceptableFileName(file.name)) return issueOf('name_invalid', null, values);
  const type = attachmentTypeOf(file.name, file.mimeType);
  if (type === null) return issueOf('type_not_allowed', null, values);
  const max = ATTACHMENT_MAX_BYTES[type.kind];
  if (!(file.size > 0)) return issueOf('empty', type.kind, { ...values, max });
  if (file.size > max) return issueOf('too_big', type.kind, { ...values, max });
  return null;
}

/** The issue's sentence in `locale`, with sizes written as that language writes them. */
export function attachmentIssueText(issue: Pick<AttachmentIssue, 'code' | 'values'>, locale: Locale): string {
  const { name, size, max } = issue.values;
  const limit = formatBytes(max, locale);
  let shown = formatBytes(size, locale);
  // Just over the limit rounds to the limit itself ("5 MB; até 5 MB"): the exact count says why.
  if (size > max && shown === limit) shown = `${new Intl.NumberFormat(locale).format(size)} bytes`;
  return translate(issue.code, { name, size: shown, max: limit }, locale);
}

export type CaptionProblem = 'too_long' | 'audio';

export interface CaptionIssue {
  problem: CaptionProblem;
  code: MessageCode;
  values: { length: number; max: number };
  /** pt-BR, for the agent. */
  message: string;
}

/**
 * The text that goes with a file (its caption): at most 1024 characters, and none on audio,
 * which WhatsApp plays without one. Blank counts as no caption. Null when it may go.
 */
export function checkCaption(caption: string | null | undefined, kind: AttachmentKind): CaptionIssue | null {
  const text = caption ?? '';
  if (text.trim() === '') return null;
  const values = { length: text.length, max: MAX_CAPTION_LENGTH };
  const problem: CaptionProblem | null = kind === 'audio' ? 'audio' : text.length > MAX_CAPTION_LENGTH ? 'too_long' : null;
  if (problem === null) return null;
  const code: MessageCode = problem === 'audio' ? 'attachment.caption_audio' : 'attachment.caption_too_long';
  return { problem, code, values, message: translate(code, values) };
}

const UNITS = ['B', 'KB', 'MB', 'GB'] as const;

/** "120 KB", "1,2 MB" (pt-BR) / "1.2 MB" (en): decimal units, one decimal under 10. */
export function formatBytes(bytes: number, locale: Locale = 'pt-BR'): string {
  let value = Math.max(0, bytes);
  let unit = 0;
  while (value >= 1000 && unit < UNITS.length - 1) {
    value /= 1000;
    unit++;
  }
  const digits = unit === 0 || value >= 10 ? 0 : 1;
  const number = new Intl.NumberFormat(locale, { maximumFractionDigits: digits, minimumFractionDigits: 0 }).format(value);
  return `${number} ${UNITS[unit] ?? 'B'}`;
}

/** Characters of the base64 text of `bytes` bytes (with padding). */
export function base64Length(bytes: number): number {
  return 4 * Math.ceil(bytes / 3);
}

/** Bytes a padded base64 text decodes to, without decoding it. */
export function decodedBase64Length(data: string): number {
  if (data.length % 4 !== 0) return -1;
  const padding = data.endsWith('==') ? 2 : data.endsWith('=') ? 1 : 0;
  return (data.length / 4) * 3 - padding;
}

/** The format each accepted type's bytes must show (text has none to show). */
const EXPECTED_CONTENT: Readonly<Record<string, ContentFormat>> = {
  'application/pdf': 'application/pdf',
  'application/msword': 'ole',
  'application/vnd.ms-excel': 'ole',
  'application/vnd.ms-powerpoint': 'ole',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'zip',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'zip',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': 'zip',
  'image/jpeg': 'image/jpeg',
  'image/png': 'image/png',
  'video/mp4': 'mp4-family',
  'video/3gpp': 'mp4-family',
  'audio/mp4': 'mp4-family',
  'audio/ogg': 'audio/ogg',
  'audio/mpeg': 'audio/mpeg',
  'audio/aac': 'audio/aac',
  'audio/amr': 'audio/amr',
};
/**
 * Signatures every valid file of the format carries: a file named so without one is not what its
 * name says. Audio and video containers vary (an MP3 without tags, a .mov named .mp4 that phones
 * still play): their absence proves nothing, and refusing a good file is worse than letting one by.
 */
const SIGNATURE_REQUIRED: ReadonlySet<ContentFormat> = new Set(['application/pdf', 'ole', 'zip', 'image/jpeg', 'image/png']);
/** Signatures of one or two bytes (MPEG frame syncs): a text's byte-order mark can look like one. */
const WEAK_SIGNATURES: ReadonlySet<ContentFormat> = new Set(['audio/mpeg', 'audio/aac']);
const IMAGE_FORMAT_NAMES: Partial<Record<ContentFormat, string>> = { 'image/gif': 'GIF', 'image/webp': 'WebP', 'image/heic': 'HEIC' };

/** A file whose bytes are not what its name and type say, for the agent in pt-BR (translate for en). */
export interface ContentIssue {
  code: MessageCode;
  values: { name: string; format: string };
  message: string;
}

/**
 * Whether the first bytes of a file (a few KB) agree with the type it goes out as. WhatsApp judges
 * the bytes, after the upload: a HEIC photo renamed .jpg or a .docx saved as .pdf fails then, with
 * a reason the agent cannot act on. Returns the type to send with (a PNG named .jpg goes as PNG:
 * same kind, and WhatsApp takes both) or the issue.
 */
export function checkAttachmentContent(name: string, type: AttachmentType, head: Uint8Array): { type: AttachmentType } | { issue: ContentIssue } {
  const found = contentFormatOf(head);
  const expected = EXPECTED_CONTENT[type.mimeType];
  const format = extensionOf(name).toUpperCase() || (ACCEPTED.find((t) => t.mimeType === type.mimeType)?.extensions[0] ?? '').toUpperCase();
  const issue = (code: MessageCode, shown = format): { issue: ContentIssue } => {
    const values = { name, format: shown };
    return { issue: { code, values, message: translate(code, values, 'pt-BR') } };
  };
  if (found === expected) return { type };
  if (found === 'program') return issue('attachment.program');
  if (type.kind === 'image') {
    if (found === 'image/jpeg' || found === 'image/png') {
      const accepted = ACCEPTED.find((t) => t.mimeType === found);
      return { type: accepted ? typeOf(accepted) : type };
    }
    const imageFormat = found === null ? undefined : IMAGE_FORMAT_NAMES[found];
    if (imageFormat) return issue('attachment.image_format', imageFormat);
  }
  if (found === null) return expected !== undefined && SIGNATURE_REQUIRED.has(expected) ? issue('attachment.content_mismatch') : { type };
  return WEAK_SIGNATURES.has(found) ? { type } : issue('attachment.content_mismatch');
}
