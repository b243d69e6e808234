/**
 * The file a message carries, whichever way it came: the id of a saved file (POST /core/v2/file)
 * or a public URL, sent alone with `text` as its caption or as a media template's header. The
 * message's type is the file's (DOCUMENT, IMAGE, VIDEO, AUDIO) and its DTO describes it
 * (PublicFileDTO: name, MIME type, size). WhatsApp's own limits are enforced here, as the Cloud
 * API would refuse what breaks them.
 */
import {
  attachmentKindOfMessageType,
  attachmentTypeOf,
  checkCaption,
  formatBytes,
  WHATSAPP_MAX_BYTES,
  type AttachmentMessageType,
} from '../../src/domain/attachments';
import { isMediaFileId, isValidMediaRef } from '../../src/domain/template-media';
import type { SandboxContext } from '../context';
import { messageTypeOfFile } from '../files/file-kinds';
import { filesRepoOf } from '../files/files-repo';
import { ApiError } from '../http-errors';
import type { TemplateFile } from './rules';

export interface MessageFile {
  /** The message's type. */
  type: AttachmentMessageType;
  fileId: string | null;
  fileUrl: string | null;
  name: string | null;
  mimeType: string | null;
  size: number | null;
  /** PublicFileV2DTO type of a saved file (PDF, WORD, DOCUMENT …); null for a file sent by URL. */
  kind: string | null;
}

/** The last segment of a URL's path, decoded: what a file sent by link is called. */
export function nameOfUrl(url: string): string | null {
  try {
    return decodeURIComponent(new URL(url).pathname.split('/').pop() ?? '') || null;
  } catch {
    return null;
  }
}

function savedFile(ctx: SandboxContext, fileId: string, field: string): MessageFile {
  const file = filesRepoOf(ctx).fileById.get(fileId.toLowerCase());
  if (!file) {
    throw new ApiError(400, 'file.not_found', `Field "${field}": no saved file ${fileId}. Upload it first (GET, PUT and POST /core/v2/file).`, { field });
  }
  return {
    type: messageTypeOfFile(file.type, file.name, file.mime_type),
    fileId: file.id,
    fileUrl: null,
    name: file.name,
    mimeType: file.mime_type,
    size: file.size,
    kind: file.type,
  };
}

function linkedFile(url: string, field: string): MessageFile {
  const value = url.trim();
  if (!isValidMediaRef(value) || isMediaFileId(value)) {
    throw new ApiError(400, 'validation.invalid_file', `Field "${field}": give a public https URL of the file.`, { field });
  }
  const name = nameOfUrl(value);
  const type = name ? attachmentTypeOf(name, '') : null;
  return { type: type?.messageType ?? 'DOCUMENT', fileId: null, fileUrl: value, name, mimeType: type?.mimeType ?? null, size: null, kind: null };
}

/** WhatsApp's refusals of a file: a type it does not deliver, or more bytes than its limit for the kind. */
function assertWhatsAppTakes(file: MessageFile, field: string): void {
  if (file.fileId === null) return; // a link is fetched by WhatsApp itself, which judges it then
  const known = file.name !== null && attachmentTypeOf(file.name, file.mimeType ?? '') !== null;
  if (!known) {
    throw new ApiError(400, 'message.file_type_unsupported', `Field "${field}": WhatsApp does not deliver ${file.mimeType ?? 'this kind of'} files.`, {
      field,
      mimeType: file.mimeType,
    });
  }
  const kind = attachmentKindOfMessageType(file.type) ?? 'document';
  const max = WHATSAPP_MAX_BYTES[kind];
  if (file.size !== null && file.size > max) {
    throw new ApiError(400, 'message.file_too_large', `Field "${field}": the file has ${file.size} bytes; WhatsApp takes ${kind} files of up to ${formatBytes(max, 'en')}.`, {
      field,
      max,
      size: file.size,
    });
  }
}

/** The file of a message sent without a template: `fileId` (a saved file) or `fileUrl` (a public link). */
export function attachedFile(ctx: SandboxContext, body: { fileId?: string | null | undefined; fileUrl?: string | null | undefined }): MessageFile {
  const field = body.fileId ? 'fileId' : 'fileUrl';
  const file = body.fileId ? savedFile(ctx, body.fileId, field) : linkedFile(body.fileUrl ?? '', field);
  assertWhatsAppTakes(file, field);
  return file;
}

/**
 * A media template's file, described: a saved file's name, type and size when its id is one; a
 * template takes any file id as before (the sandbox had no uploads then), described by the
 * template's header type alone.
 */
export function describedTemplateFile(ctx: SandboxContext, file: TemplateFile): MessageFile {
  const saved = file.fileId ? filesRepoOf(ctx).fileById.get(file.fileId) : undefined;
  const name = saved?.name ?? (file.fileUrl ? nameOfUrl(file.fileUrl) : null);
  return {
    type: file.type,
    fileId: file.fileId,
    fileUrl: file.fileUrl,
    name,
    mimeType: saved?.mime_type ?? null,
    size: saved?.size ?? null,
    kind: saved?.type ?? null,
  };
}

/** A file's caption goes by WhatsApp's rules: at most 1024 characters, and none on audio. */
export function assertCaption(caption: string | null, file: MessageFile): void {
  const issue = checkCaption(caption, attachmentKindOfMessageType(file.type) ?? 'document');
  if (!issue) return;
  if (issue.problem === 'audio') {
    throw new ApiError(400, 'message.caption_not_allowed', 'Field "text": WhatsApp shows no caption on audio; send the text as a message of its own.', { field: 'text' });
  }
  throw new ApiError(400, 'message.caption_too_long', `Field "text" has ${issue.values.length} characters; a caption takes at most ${issue.values.max}.`, {
    field: 'text',
    max: issue.values.max,
    length: issue.values.length,
  });
}
