/**
 * How the files API names a file's type in each of its shapes: the `Type` an upload asks for
 * (UNDEFINED: "o sistema tentará identificar"), the type of the message that carries it, and the
 * narrower enum of chat.json's PublicFileDTO, which has no DOCUMENT.
 */
import type { FileType, UploadFileType } from '../../src/api/helena-dto';
import { attachmentTypeOf, extensionOf, type AttachmentMessageType } from '../../src/domain/attachments';
import type { z } from 'zod';

/** The type a file is saved as: the one asked for, or for UNDEFINED the one its MIME type or extension names. */
export function identifiedType(asked: UploadFileType, name: string, mimeType: string): UploadFileType {
  if (asked !== 'UNDEFINED') return asked;
  return attachmentTypeOf(name, mimeType)?.uploadType ?? 'UNDEFINED';
}

/** The MIME type a file is saved with: the one given, else the one its extension names. */
export function identifiedMimeType(name: string, given: string | undefined): string {
  const declared = given?.trim().toLowerCase();
  if (declared) return declared;
  return attachmentTypeOf(name, '')?.mimeType ?? 'application/octet-stream';
}

/** The type of the message a file goes out in: documents (PDF, Word, Excel …) are DOCUMENT. */
export function messageTypeOfFile(type: UploadFileType, name: string, mimeType: string): AttachmentMessageType {
  switch (type) {
    case 'IMAGE':
    case 'VIDEO':
    case 'AUDIO':
      return type;
    case 'UNDEFINED':
      return attachmentTypeOf(name, mimeType)?.messageType ?? 'DOCUMENT';
    default:
      return 'DOCUMENT';
  }
}

/** PublicFileDTO `type` (chat.json), which knows no DOCUMENT: a plain document reads UNDEFINED there. */
export function chatFileType(type: string | null, messageType: string, name: string | null): z.infer<typeof FileType> {
  switch (type) {
    case 'PDF':
    case 'EXCEL':
    case 'WORD':
    case 'IMAGE':
    case 'AUDIO':
    case 'VIDEO':
      return type;
    case null:
      break;
    default:
      return 'UNDEFINED';
  }
  if (messageType === 'IMAGE' || messageType === 'VIDEO' || messageType === 'AUDIO') return messageType;
  return name !== null && extensionOf(name) === 'pdf' ? 'PDF' : 'UNDEFINED';
}
