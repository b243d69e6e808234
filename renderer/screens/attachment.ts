/**
 * Attaching a file in a conversation: Alt+U opens the system's file picker (a hidden
 * `<input type=file>`, the same in Electron and in a browser tab); the file picked is checked at
 * once by WhatsApp's rules (src/domain/attachments.ts, the core applies the same) and shown as a
 * chip above the box, whose text becomes its caption. Pure, tested under Node (logic.test.ts),
 * except readAsBase64, which needs the browser's FileReader.
 */
import { attachmentIssueText, checkAttachment, formatBytes, type AttachmentIssue } from '../../src/domain/attachments';
import type { Locale } from '../../src/domain/window';
import { isAltKey, type ShortcutKey } from './alt-key';

/** Alt+U ("upload"; A, the first letter of "anexar", takes a conversation). */
export function isAttachShortcut(event: ShortcutKey): boolean {
  return isAltKey(event, 'u');
}

/** The language the domain writes in, from i18next's. */
export function localeOf(language: string): Locale {
  return language === 'en' ? 'en' : 'pt-BR';
}

/** A file as picked: what the chip shows, and why it cannot go, if it cannot. */
export interface PickedFile {
  name: string;
  /** As the system declared it ('' when it did not). */
  mimeType: string;
  size: number;
  issue: AttachmentIssue | null;
}

export function pickedFile(file: { name: string; type: string; size: number }): PickedFile {
  return { name: file.name, mimeType: file.type, size: file.size, issue: checkAttachment({ name: file.name, mimeType: file.type, size: file.size }) };
}

/** "📎 boleto.pdf · 120 KB" (an unknown name or size is left out). */
export function fileLabel(file: { name: string | null; size: number | null }, language: string): string {
  return ['📎', [file.name, file.size === null ? null : formatBytes(file.size, localeOf(language))].filter(Boolean).join(' · ')].join(' ');
}

/** Why the picked file cannot go, in the agent's language; null when it can. */
export function refusalText(file: PickedFile, language: string): string | null {
  return file.issue ? attachmentIssueText(file.issue, localeOf(language)) : null;
}

/**
 * Percent of an upload, for "Enviando arquivo… 45%"; null before anything is known and once every
 * byte is out (HelenaCRM still saves the file and sends the message: "100%" would read as done).
 */
export function uploadPercent(progress: { sent: number; total: number } | undefined): number | null {
  if (!progress || progress.total <= 0 || progress.sent >= progress.total) return null;
  return Math.min(99, Math.floor((progress.sent / progress.total) * 100));
}

/** The file's bytes as base64 (what message.sendFile carries), read by the browser itself. */
export function readAsBase64(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onerror = () => reject(reader.error ?? new Error('read failed'));
    reader.onload = () => {
      const url = typeof reader.result === 'string' ? reader.result : '';
      // "data:<type>;base64,<data>": the data is everything after the first comma.
      resolve(url.slice(url.indexOf(',') + 1));
    };
    reader.readAsDataURL(file);
  });
}
