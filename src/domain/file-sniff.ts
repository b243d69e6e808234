/**
 * What a file's first bytes say it is, for the few types the conversation shows inline. A
 * contact's file is shown as an image only when its bytes are one of these images and the type it
 * was declared with says image too: a PDF or a script renamed .jpg, or an image declared as
 * something else, is offered to save, never rendered. Pure, no Node: the renderer may use it too.
 */

/** Images the conversation shows inline (what every Chromium decodes; no SVG: it can carry script). */
export const PREVIEW_IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/gif', 'image/webp'] as const;
export type PreviewImageType = (typeof PREVIEW_IMAGE_TYPES)[number];

function startsWith(bytes: Uint8Array, signature: readonly number[], offset = 0): boolean {
  if (bytes.length < offset + signature.length) return false;
  return signature.every((b, i) => bytes[offset + i] === b);
}

const ASCII = (text: string): number[] => [...text].map((c) => c.charCodeAt(0));

/** The type the bytes' signature names, among the previewable images and PDF; null for anything else. */
export function sniffMimeType(bytes: Uint8Array): PreviewImageType | 'application/pdf' | null {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(bytes, ASCII('GIF87a')) || startsWith(bytes, ASCII('GIF89a'))) return 'image/gif';
  if (startsWith(bytes, ASCII('RIFF')) && startsWith(bytes, ASCII('WEBP'), 8)) return 'image/webp';
  if (startsWith(bytes, ASCII('%PDF-'))) return 'application/pdf';
  return null;
}

/**
 * The image type to show the bytes as, or null when they are not to be shown: the bytes must be a
 * previewable image, and the declared type (when there is one) an image — not necessarily the
 * same one (phones and WhatsApp re-encode, a .png that is really a JPEG is common and harmless).
 */
export function previewImageType(declaredMimeType: string | null, bytes: Uint8Array): PreviewImageType | null {
  const declared = declaredMimeType?.trim().toLowerCase() ?? '';
  if (declared !== '' && !declared.startsWith('image/')) return null;
  const sniffed = sniffMimeType(bytes);
  return sniffed !== null && sniffed !== 'application/pdf' ? sniffed : null;
}

/**
 * The type the file is handed to the window with: the sniffed image type when it is shown, else
 * the declared one — except a declared image whose bytes are not one, which becomes a plain
 * binary so nothing downstream treats it as an image.
 */
export function deliveredMimeType(declaredMimeType: string | null, bytes: Uint8Array): string {
  const preview = previewImageType(declaredMimeType, bytes);
  if (preview) return preview;
  const declared = declaredMimeType?.trim().toLowerCase() ?? '';
  if (declared === '' || declared.startsWith('image/')) return 'application/octet-stream';
  return declared;
}
