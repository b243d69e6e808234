/**
 * One upload of a file to HelenaCRM, in its three steps (core.json, "Arquivos"): ask for an upload
 * URL, PUT the bytes there, save them as a file. Returns the saved file's id, which messages take
 * as `fileId`. Each step retries what it may by itself (the client); here, a slot that vanished
 * between the steps (its URL expired or was refused, HelenaCRM lost it) is asked for once more,
 * since a new slot costs nothing and the agent would otherwise have to attach the file again.
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
  options: Pick<UploadOptions, 'onProgress'> = {},
): Promise<string> {
  for (let slots = 1; ; slots++) {
    const slot = await client.requestUploadUrl({ type: attachment.uploadType, name: attachment.name, mimeType: attachment.mimeType });
    try {
      await client.uploadFile(slot.urlUpload, bytes, attachment.mimeType, options);
      return (await client.saveFile(slot.tempFileId)).id;
    } catch (error) {
      if (slots >= 2 || !slotLost(error)) throw error;
    }
  }
}
