/**
 * Files contacts sent, as the window holds them: the core hands over the bytes (file.fetch) and
 * they become a blob: URL here — the remote link is never loaded by the window. A few are kept
 * while the app runs, so scrolling back to a photo or opening it again costs no second trip over
 * the bridge; the oldest URL is revoked past that, freeing its bytes.
 */
import type { BridgeResult } from '../../src/console/bridge-contract';
import type { ConsoleErrorBody } from '../../src/console/errors';
import { callCore } from '../state/app-store';

export interface LoadedFile {
  url: string;
  name: string;
  mimeType: string;
  size: number;
  /** An image its bytes prove to be: shown inline. */
  preview: boolean;
  /** Audio or video its bytes prove to be, of a format Chromium plays: played in the window. */
  playable: 'audio' | 'video' | null;
  /** Fetched but not kept for offline use (pt-BR, English). */
  notice: { message: string; messageEn: string } | null;
}

/**
 * Kept: at most this many files and this many bytes (a blob holds its bytes in memory: 24 videos of
 * 16 MB would be ~380 MB), the least recently used going first. The newest is always kept.
 */
const KEPT = 24;
const KEPT_BYTES = 96 * 1024 * 1024;
const loaded = new Map<string, LoadedFile>();
let keptBytes = 0;
const pending = new Map<string, Promise<{ ok: true; file: LoadedFile } | { ok: false; error: ConsoleErrorBody }>>();

function bytesOf(base64: string): Uint8Array<ArrayBuffer> {
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

function keep(localId: string, file: LoadedFile): void {
  loaded.set(localId, file);
  keptBytes += file.size;
  while (loaded.size > 1 && (loaded.size > KEPT || keptBytes > KEPT_BYTES)) {
    const [oldest, old] = loaded.entries().next().value as [string, LoadedFile];
    URL.revokeObjectURL(old.url);
    loaded.delete(oldest);
    keptBytes -= old.size;
  }
}

/** A file in use again (a photo scrolled back to, an áudio played) moves to the back of the line. */
function touched(localId: string): LoadedFile | null {
  const file = loaded.get(localId);
  if (!file) return null;
  loaded.delete(localId);
  loaded.set(localId, file);
  return file;
}

export function loadedFile(localId: string): LoadedFile | null {
  return touched(localId);
}

/** The message's file as a blob: URL, fetched once (two asks at the same time share the trip). */
export function loadReceivedFile(localId: string): Promise<{ ok: true; file: LoadedFile } | { ok: false; error: ConsoleErrorBody }> {
  const ready = touched(localId);
  if (ready) return Promise.resolve({ ok: true, file: ready });
  const inFlight = pending.get(localId);
  if (inFlight) return inFlight;
  const trip = callCore('file.fetch', { localId })
    .then((answer: BridgeResult<'file.fetch'>) => {
      if (!answer.ok) return { ok: false as const, error: answer.error };
      const { name, mimeType, size, data, preview, playable, notice } = answer.value;
      const file: LoadedFile = { url: URL.createObjectURL(new Blob([bytesOf(data)], { type: mimeType })), name, mimeType, size, preview, playable, notice };
      keep(localId, file);
      return { ok: true as const, file };
    })
    .finally(() => pending.delete(localId));
  pending.set(localId, trip);
  return trip;
}

/**
 * Saves the file where the agent chooses: a download of the blob (the browser's download bar in a
 * tab, Electron's save dialog in the app). Never opened with the system's default application.
 */
export function saveFile(file: LoadedFile): void {
  const link = document.createElement('a');
  link.href = file.url;
  link.download = file.name;
  link.rel = 'noopener';
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
}

/** "45" from the bytes so far; null while the total is unknown. */
export function downloadPercent(progress: { received: number; total: number | null } | undefined): number | null {
  if (!progress || progress.total === null || progress.total <= 0) return null;
  return Math.min(100, Math.floor((progress.received / progress.total) * 100));
}
