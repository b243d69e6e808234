/**
 * The send bodies kept in outbox.payload, read back with zod: the row crossed a disk (and maybe
 * an app version), so it is checked like any other input before it goes to the network.
 */
import { z } from 'zod';
import { NoteSendBody, QuickSendBody, SendTemplateBody, SendTextBody, UploadFileType } from '../api/helena-dto';
import { MAX_ATTACHMENT_NAME_LENGTH } from '../domain/attachments';

/** A start: a template (official or QR channel) or, on a QR channel, free text to `to` from `from`. */
const TemplateStart = SendTemplateBody;
const TextStart = SendTextBody.extend({ from: z.string().min(1), to: z.string().min(1) });
export const StartBody = z.union([TemplateStart, TextStart]);
export type StartBody = z.infer<typeof StartBody>;

export const SessionBody = QuickSendBody;
export type SessionBody = z.infer<typeof SessionBody>;

/** An internal note: its text (and refId); the outbox sends no files with notes. */
export const NoteBody = NoteSendBody.extend({ text: z.string().min(1) });
export type NoteBody = z.infer<typeof NoteBody>;

/** A file: its caption and refId as they are sent, and what the upload needs of the attachment (its bytes are in the data folder). */
export const FileBody = z.object({
  text: z.string().nullable().optional(),
  refId: z.uuid(),
  attachment: z.object({
    name: z.string().min(1).max(MAX_ATTACHMENT_NAME_LENGTH),
    mimeType: z.string().min(1).max(255),
    size: z.number().int().positive(),
    uploadType: UploadFileType,
  }),
});
export type FileBody = z.infer<typeof FileBody>;

export class CorruptPayloadError extends Error {
  override readonly name = 'CorruptPayloadError';
}

export function parseStartBody(body: unknown): StartBody {
  const parsed = StartBody.safeParse(body);
  if (!parsed.success) throw new CorruptPayloadError(`outbox start payload: ${parsed.error.message}`);
  return parsed.data;
}

export function parseSessionBody(body: unknown): SessionBody {
  const parsed = SessionBody.safeParse(body);
  if (!parsed.success) throw new CorruptPayloadError(`outbox message payload: ${parsed.error.message}`);
  return parsed.data;
}

export function parseNoteBody(body: unknown): NoteBody {
  const parsed = NoteBody.safeParse(body);
  if (!parsed.success) throw new CorruptPayloadError(`outbox note payload: ${parsed.error.message}`);
  return parsed.data;
}

export function parseFileBody(body: unknown): FileBody {
  const parsed = FileBody.safeParse(body);
  if (!parsed.success) throw new CorruptPayloadError(`outbox file payload: ${parsed.error.message}`);
  return parsed.data;
}
