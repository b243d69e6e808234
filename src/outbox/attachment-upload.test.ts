import { describe, expect, it } from 'vitest';
import { HelenaError } from '../api';
import type { SavedFile, UploadUrl } from '../api';
import { uploadAttachment, type UploadClient } from './attachment-upload';

const ATTACHMENT = { name: 'boleto.pdf', mimeType: 'application/pdf', size: 3, uploadType: 'PDF' as const };
const BYTES = new Uint8Array([1, 2, 3]);

function httpError(kind: 'not_found' | 'forbidden' | 'server', status: number): HelenaError {
  return new HelenaError({ detail: { kind }, status, key: `http.${status}` });
}

/** A client that answers each step by a script and records the calls. */
function fakeClient(script: { put?: (n: number) => void; save?: (n: number) => void } = {}) {
  const calls: string[] = [];
  let slots = 0;
  let puts = 0;
  let saves = 0;
  const client: UploadClient = {
    async requestUploadUrl(file) {
      slots++;
      calls.push(`url ${file.type} ${file.name} ${file.mimeType ?? ''}`);
      return { tempFileId: `00000000-0000-4000-8000-00000000000${slots}`, urlUpload: `https://storage.example/slot-${slots}` } satisfies UploadUrl;
    },
    async uploadFile(url, bytes, mimeType) {
      calls.push(`put ${url} ${bytes.byteLength} ${mimeType}`);
      script.put?.(++puts);
    },
    async saveFile(tempFileId) {
      calls.push(`save ${tempFileId}`);
      script.save?.(++saves);
      return { id: `file-of-${tempFileId.slice(-1)}`, name: 'boleto.pdf', type: 'PDF', size: 3 } as SavedFile;
    },
  };
  return { client, calls };
}

describe('uploadAttachment', () => {
  it('asks for a slot, PUTs the bytes with their type, saves, and answers the file id', async () => {
    const { client, calls } = fakeClient();
    expect(await uploadAttachment(client, ATTACHMENT, BYTES)).toBe('file-of-1');
    expect(calls).toEqual(['url PDF boleto.pdf application/pdf', 'put https://storage.example/slot-1 3 application/pdf', 'save 00000000-0000-4000-8000-000000000001']);
  });

  it('asks for a new slot once when the first one is lost (expired or refused URL, slot gone before the save)', async () => {
    const expired = fakeClient({ put: (n) => { if (n === 1) throw httpError('forbidden', 403); } });
    expect(await uploadAttachment(expired.client, ATTACHMENT, BYTES)).toBe('file-of-2');
    expect(expired.calls.filter((c) => c.startsWith('url'))).toHaveLength(2);

    const gone = fakeClient({ save: (n) => { if (n === 1) throw httpError('not_found', 404); } });
    expect(await uploadAttachment(gone.client, ATTACHMENT, BYTES)).toBe('file-of-2');

    const always = fakeClient({ put: () => { throw httpError('not_found', 410); } });
    await expect(uploadAttachment(always.client, ATTACHMENT, BYTES)).rejects.toMatchObject({ kind: 'not_found' });
    expect(always.calls.filter((c) => c.startsWith('put'))).toHaveLength(2);
  });

  it('leaves any other failure to the outbox’s policy (retry later, pause, fail)', async () => {
    const down = fakeClient({ put: () => { throw httpError('server', 503); } });
    await expect(uploadAttachment(down.client, ATTACHMENT, BYTES)).rejects.toMatchObject({ kind: 'server' });
    expect(down.calls.filter((c) => c.startsWith('url'))).toHaveLength(1);
  });
});
