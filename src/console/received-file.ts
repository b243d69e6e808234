/**
 * file.fetch: the bytes of a file a message carries (a photo of a receipt, a PDF the contact sent),
 * from the disk cache when it holds them, else from the file's public link (download-transport.ts:
 * no token, https or HelenaCRM's own origin, capped, timed), then kept. The agent reads each
 * failure in pt-BR and English, with what to do. The type handed to the window is the sniffed one
 * for an image shown inline or a voice note played, never just what the sender declared (file-sniff.ts).
 */
import { DownloadError, type DownloadFailure, type DownloadTransport } from '../api/download-transport';
import { formatBytes, MAX_ATTACHMENT_BYTES } from '../domain/attachments';
import { deliveredMimeType, playableMedia, previewImageType } from '../domain/file-sniff';
import type { CachedMessage } from '../store';
import type { ConsoleMessageCode } from './console-messages';
import type { CoreEvent } from './core-events';
import { consoleText } from './console-messages';
import { refusal, type ConsoleErrorCode } from './errors';
import type { ReceivedFileCache } from './received-file-cache';
import type { FetchedFile } from './results';

/** Progress is announced at most this often (a screen needs no more). */
const PROGRESS_EVERY_MS = 200;

const FAILURES: Record<DownloadFailure, { code: ConsoleErrorCode; text: ConsoleMessageCode }> = {
  url_refused: { code: 'not_allowed', text: 'received.url_refused' },
  too_big: { code: 'not_allowed', text: 'received.too_big' },
  gone: { code: 'not_found', text: 'received.gone' },
  refused: { code: 'not_allowed', text: 'received.refused' },
  server: { code: 'api.server', text: 'received.server' },
  network: { code: 'offline', text: 'received.offline' },
  timeout: { code: 'offline', text: 'received.timeout' },
  aborted: { code: 'offline', text: 'received.offline' },
};

export interface ReceivedFileDeps {
  cache: ReceivedFileCache;
  downloader: DownloadTransport;
  emit: (event: CoreEvent) => void;
  now?: () => number;
}

/** Extensions for the nameless files contacts send most: voice notes above all. */
const MEDIA_EXTENSIONS: Readonly<Record<string, string>> = { 'audio/ogg': '.ogg', 'audio/mpeg': '.mp3', 'audio/mp4': '.m4a', 'audio/aac': '.aac', 'audio/amr': '.amr', 'video/mp4': '.mp4' };

/** A name to save under when HelenaCRM gave none. */
function fallbackName(message: CachedMessage): string {
  const mimeType = message.file?.mimeType?.split(';')[0]?.trim().toLowerCase() ?? '';
  const extension = mimeType === 'application/pdf' ? '.pdf' : message.type === 'IMAGE' ? '.jpg' : (MEDIA_EXTENSIONS[mimeType] ?? '');
  return `arquivo-${(message.id ?? message.localId).slice(0, 8)}${extension}`;
}

function tooBig(size: number) {
  return refusal('not_allowed', 'received.too_big', { field: 'file', values: { size: formatBytes(size) } });
}

export async function fetchReceivedFile(deps: ReceivedFileDeps, message: CachedMessage): Promise<FetchedFile> {
  const file = message.file;
  if (file === null) throw refusal('not_found', 'received.no_file', { field: 'localId' });
  // The cache is keyed by HelenaCRM's id of the file (several messages may carry one file), else the message's.
  const key = file.remoteId ?? message.id ?? message.localId;
  const declared = file.mimeType;
  const name = file.name ?? fallbackName(message);
  const answer = (bytes: Buffer, cached: boolean, notice: FetchedFile['notice']): FetchedFile => ({
    name,
    mimeType: deliveredMimeType(declared, bytes),
    size: bytes.length,
    data: bytes.toString('base64'),
    preview: previewImageType(declared, bytes) !== null,
    playable: playableMedia(declared, bytes)?.kind ?? null,
    cached,
    notice,
  });

  const hit = deps.cache.read(key);
  if (hit) return answer(hit, true, null);

  if (!file.downloadUrl) throw refusal('not_found', 'received.no_link', { field: 'file' });
  if (file.size !== null && file.size > MAX_ATTACHMENT_BYTES) throw tooBig(file.size);
  const now = deps.now ?? (() => Date.now());
  let announced = 0;
  let bytes: Buffer;
  try {
    ({ bytes } = await deps.downloader.get(file.downloadUrl, {
      maxBytes: MAX_ATTACHMENT_BYTES,
      onProgress: (received, total) => {
        const at = now();
        if (at - announced < PROGRESS_EVERY_MS && received !== total) return;
        announced = at;
        deps.emit({ type: 'download-progress', localId: message.localId, received, total: total ?? file.size });
      },
    }));
  } catch (error) {
    if (!(error instanceof DownloadError)) throw error;
    if (error.reason === 'too_big') throw tooBig(file.size ?? MAX_ATTACHMENT_BYTES + 1);
    const failure = FAILURES[error.reason];
    throw refusal(failure.code, failure.text, { field: 'file' });
  }
  try {
    deps.cache.write(key, bytes);
  } catch {
    // A full disk costs the agent the offline copy, not the file.
    return answer(bytes, false, { message: consoleText('received.not_saved'), messageEn: consoleText('received.not_saved', {}, 'en') });
  }
  return answer(bytes, false, null);
}
