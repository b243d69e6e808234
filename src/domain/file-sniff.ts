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
 * Audio and video the conversation plays inline: what Chromium (Debian's and Electron's) decodes.
 * Not AMR, the old WhatsApp voice format: Chromium has no decoder for it, so it is only saved.
 */
export type PlayableMediaType = 'audio/ogg' | 'audio/mpeg' | 'audio/aac' | 'audio/mp4' | 'audio/wav' | 'audio/webm' | 'video/mp4' | 'video/webm';
export interface PlayableMedia {
  kind: 'audio' | 'video';
  mimeType: PlayableMediaType;
}

/** Codecs an Ogg file may open with that Chromium plays (Theora and Speex it does not). */
const OGG_CODECS = [ASCII('OpusHead'), [0x01, ...ASCII('vorbis')], [0x7f, ...ASCII('FLAC')]];

function oggCodecPlayable(bytes: Uint8Array): boolean {
  // The first page's first packet names the codec; it starts after the page's segment table.
  const segments = bytes[26];
  if (segments === undefined) return false;
  return OGG_CODECS.some((codec) => startsWith(bytes, codec, 27 + segments));
}

/** MP4 brands not to play: 3GP (H.263 and AMR inside, which Chromium lacks), QuickTime, and HEIC stills. */
function mp4BrandPlayable(bytes: Uint8Array): boolean {
  const brand = String.fromCharCode(...bytes.subarray(8, 12));
  return !brand.startsWith('3g') && brand !== 'qt  ' && !HEIC_BRANDS.has(brand);
}

/**
 * What to play the bytes as, or null when they are only to be saved: the declared type must say
 * audio or video (a voice note is often declared "audio/ogg; codecs=opus"), and the bytes be a
 * format of that kind Chromium plays. Undeclared, only the unmistakable audio signatures (Ogg,
 * ID3-tagged MP3, WAV) play; an MP4 or a bare MPEG frame sync proves too little on its own. A
 * file that passes and still does not decode (an HEVC video, say) is caught by the player.
 */
export function playableMedia(declaredMimeType: string | null, bytes: Uint8Array): PlayableMedia | null {
  const declared = declaredMimeType?.trim().toLowerCase() ?? '';
  const kind = declared.startsWith('audio/') ? 'audio' : declared.startsWith('video/') ? 'video' : declared === '' ? null : undefined;
  if (kind === undefined) return null;
  const audio = (mimeType: PlayableMediaType): PlayableMedia | null => (kind === 'video' ? null : { kind: 'audio', mimeType });
  if (startsWith(bytes, ASCII('RIFF')) && startsWith(bytes, ASCII('WAVE'), 8)) return audio('audio/wav');
  if (startsWith(bytes, [0x1a, 0x45, 0xdf, 0xa3])) return kind === null ? null : { kind, mimeType: kind === 'audio' ? 'audio/webm' : 'video/webm' };
  const format = contentFormatOf(bytes);
  switch (format) {
    case 'audio/ogg':
      return oggCodecPlayable(bytes) ? audio('audio/ogg') : null;
    case 'audio/mpeg':
      return kind === 'audio' || startsWith(bytes, ASCII('ID3')) ? audio('audio/mpeg') : null;
    case 'audio/aac':
      return kind === 'audio' ? audio('audio/aac') : null;
    case 'mp4-family':
      if (kind === null || !mp4BrandPlayable(bytes)) return null;
      return { kind, mimeType: kind === 'audio' ? 'audio/mp4' : 'video/mp4' };
    default:
      return null;
  }
}

/**
 * The type the file is handed to the window with: the sniffed image type when it is shown, the
 * sniffed media type when it is played, else the declared one — except a declared image whose
 * bytes are not one, which becomes a plain binary so nothing downstream treats it as an image.
 */
export function deliveredMimeType(declaredMimeType: string | null, bytes: Uint8Array): string {
  const preview = previewImageType(declaredMimeType, bytes);
  if (preview) return preview;
  const media = playableMedia(declaredMimeType, bytes);
  if (media) return media.mimeType;
  const declared = declaredMimeType?.trim().toLowerCase() ?? '';
  if (declared === '' || declared.startsWith('image/')) return 'application/octet-stream';
  return declared;
}

/**
 * What a file's first bytes say it is, for the files an agent sends: the formats WhatsApp takes
 * and the look-alikes picked by mistake (a WebP or HEIC photo, a renamed program). 'mp4-family'
 * covers MP4, 3GP and M4A alike (one container); 'ole' the old Office files, 'zip' the new ones.
 * null: not a format named here (which for text, audio and video proves nothing).
 */
export type ContentFormat =
  | 'application/pdf'
  | 'image/jpeg'
  | 'image/png'
  | 'image/gif'
  | 'image/webp'
  | 'image/heic'
  | 'mp4-family'
  | 'audio/ogg'
  | 'audio/mpeg'
  | 'audio/aac'
  | 'audio/amr'
  | 'ole'
  | 'zip'
  | 'program';

const HEIC_BRANDS = new Set(['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx', 'mif1', 'msf1', 'avif']);

export function contentFormatOf(bytes: Uint8Array): ContentFormat | null {
  const image = sniffMimeType(bytes);
  if (image !== null) return image;
  // PDF readers accept the header anywhere in the first KB (some generators write junk first).
  if (indexOf(bytes.subarray(0, 1024), ASCII('%PDF-')) >= 0) return 'application/pdf';
  if (startsWith(bytes, ASCII('ftyp'), 4)) {
    const brand = String.fromCharCode(...bytes.subarray(8, 12));
    return HEIC_BRANDS.has(brand) ? 'image/heic' : 'mp4-family';
  }
  if (startsWith(bytes, ASCII('OggS'))) return 'audio/ogg';
  if (startsWith(bytes, ASCII('#!AMR'))) return 'audio/amr';
  if (startsWith(bytes, ASCII('ID3'))) return 'audio/mpeg';
  if (bytes.length >= 2 && bytes[0] === 0xff) {
    const second = bytes[1] ?? 0;
    // Both are MPEG frame syncs (11 bits set); the layer bits tell AAC's ADTS (00) from MP3's (non-zero).
    if ((second & 0xf6) === 0xf0) return 'audio/aac';
    if ((second & 0xe0) === 0xe0 && (second & 0x06) !== 0) return 'audio/mpeg';
  }
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return 'ole';
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return 'zip';
  if (startsWith(bytes, ASCII('MZ')) || startsWith(bytes, [0x7f, 0x45, 0x4c, 0x46])) return 'program';
  return null;
}

function indexOf(bytes: Uint8Array, signature: readonly number[]): number {
  for (let i = 0; i + signature.length <= bytes.length; i++) if (startsWith(bytes, signature, i)) return i;
  return -1;
}
