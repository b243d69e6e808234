/**
 * The send bodies kept in outbox.payload, read back with zod: the row crossed a disk (and maybe
 * an app version), so it is checked like any other input before it goes to the network.
 */
import { z } from 'zod';
import { NoteSendBody, QuickSendBody, SendTemplateBody, SendTextBody } from '../api/helena-dto';

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
