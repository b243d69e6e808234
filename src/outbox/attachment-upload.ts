/**
 * One upload of a file to HelenaCRM, in its three steps (core.json, "Arquivos"): ask for an upload
 * URL, PUT the bytes there, save them as a file. Returns the saved file's id, which messages take
 * as `fileId`. Each step retries what it may by itself (the client); here, a slot that vanished
 * between the steps (its URL expired or was refused, HelenaCRM lost it) is asked for once more,
 * since a new slot costs nothing and the agent would otherwise have to attach the file again.
 *
 * `signal` (the agent cancelled the message) stops whichever step is under way, and no step starts
 * after it. What already reached HelenaCRM stays there: its API has no way to delete an upload or a
 * saved file, and one no message names is never seen by the contact.
 */
import type { HelenaClient, UploadOptions } from '../api';
import { isHelenaError } from '../api';
import type { FileMessagePayload } from '../store';

export type UploadClient = Pick<HelenaClient, 'requestUploadUrl' | 'uploadFile' | 'saveFile'>;

/** The slot is gone, not the network nor HelenaCRM: a new one may work. */
function slotLost(error: unknown): boolean {
  return isHelenaError(error) && (error.kind === 'not_found' || error.kind === 'forbidden');
}

export async function uploadAttachment(
  client: UploadClient,
  attachment: FileMessagePayload['attachment'],
  bytes: Uint8Array,
  options: UploadOptions = {},
): Promise<string> {
  const { signal } = options;
  const call = signal ? { signal } : {};
  for (let slots = 1; ; slots++) {
    signal?.throwIfAborted();
    const slot = await client.requestUploadUrl({ type: attachment.uploadType, name: attachment.name, mimeType: attachment.mimeType }, call);
    try {
      signal?.throwIfAborted();
      await client.uploadFile(slot.urlUpload, bytes, attachment.mimeType, options);
      signal?.throwIfAborted();
      const saved = await client.saveFile(slot.tempFileId, call);
      // A save that answered after the cancel: its file stays unused on HelenaCRM, never sent.
      signal?.throwIfAborted();
      return saved.id;
    } catch (error) {
      if (slots >= 2 || signal?.aborted || !slotLost(error)) throw error;
    }
  }
}
