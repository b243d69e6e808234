/**
 * message.sendFile between the bridge and the outbox: WhatsApp's rules for the file and its
 * caption, each refusal in pt-BR and English with the limit it broke (the renderer refuses at
 * the pick with the same rules; these hold for any caller), and the bytes decoded and checked
 * against the size the renderer announced.
 */
import {
  attachmentIssueText,
  attachmentKindOfMessageType,
  attachmentTypeOf,
  checkAttachment,
  checkAttachmentContent,
  checkCaption,
} from '../domain/attachments';
import { translate } from '../domain/messages';
import type { OutgoingFile } from '../outbox/contract';
import type { ParsedInput } from './commands';
import { ConsoleError, refusal } from './errors';

/** A caption refused: the domain's sentence, in both languages, under `field`. */
function captionRefusal(caption: string, kind: Parameters<typeof checkCaption>[1], field: string): ConsoleError | null {
  const issue = checkCaption(caption, kind);
  if (!issue) return null;
  return new ConsoleError({ code: 'invalid_input', message: issue.message, messageEn: translate(issue.code, issue.values, 'en'), field });
}

/** The file as the outbox takes it, or the refusal the agent reads. */
export function fileToSend(input: ParsedInput<'message.sendFile'>): OutgoingFile {
  const { name, mimeType, size, data, caption } = input;
  const issue = checkAttachment({ name, mimeType, size });
  const type = attachmentTypeOf(name, mimeType);
  if (issue || !type) {
    throw new ConsoleError({
      code: 'invalid_input',
      message: issue ? attachmentIssueText(issue, 'pt-BR') : 'Arquivo não aceito.',
      messageEn: issue ? attachmentIssueText(issue, 'en') : 'File not accepted.',
      field: 'file',
    });
  }
  const refused = captionRefusal(caption ?? '', type.kind, 'caption');
  if (refused) throw refused;
  const bytes = Buffer.from(data, 'base64');
  // The schema checked the announced size against the text's length; this is what was decoded.
  if (bytes.byteLength !== size) throw refusal('invalid_input', 'file.incomplete', { field: 'data' });
  const content = checkAttachmentContent(name, type, bytes.subarray(0, 4096));
  if ('issue' in content) {
    const { code, values, message } = content.issue;
    throw new ConsoleError({ code: 'invalid_input', message, messageEn: translate(code, values, 'en'), field: 'file' });
  }
  // The bytes name the type when the name and the system disagreed (a PNG saved as .jpg).
  const sentType = content.type.mimeType === type.mimeType ? mimeType : content.type.mimeType;
  return { name, mimeType: sentType, bytes, ...(caption !== undefined ? { caption } : {}) };
}

/** A queued file's caption, edited: the caption rules of its kind. `type` is the message's (DOCUMENT, IMAGE …). */
export function assertCaptionEdit(type: string, caption: string): void {
  const kind = attachmentKindOfMessageType(type);
  const refused = kind === null ? null : captionRefusal(caption, kind, 'text');
  if (refused) throw refused;
}
