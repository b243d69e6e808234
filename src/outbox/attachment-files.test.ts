import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AttachmentFiles, AttachmentMissingError } from './attachment-files';

const A = '0f8fad5b-d9cb-469f-a165-70867728950e';
const B = '7c9e6679-7425-40de-944b-e07fc1f90ae7';
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function folder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'attachments-test-'));
  dirs.push(dir);
  return join(dir, 'attachments');
}

describe('attachment files in the data folder', () => {
  it('keeps the bytes under the message’s local id, readable only by the agent, until removed', async () => {
    const files = new AttachmentFiles(folder());
    const bytes = new Uint8Array([37, 80, 68, 70, 0, 255]);
    await files.save(A, bytes);
    expect(readdirSync(files.dir)).toEqual([A]);
    expect((await files.read(A)).equals(Buffer.from(bytes))).toBe(true);
    if (process.platform !== 'win32') expect(statSync(join(files.dir, A)).mode & 0o777).toBe(0o600);
    await files.remove(A);
    await files.remove(A);
    await expect(files.read(A)).rejects.toBeInstanceOf(AttachmentMissingError);
  });

  it('never turns anything but a local id into a path', async () => {
    const files = new AttachmentFiles(folder());
    await expect(files.save('../../etc/passwd', new Uint8Array([1]))).rejects.toThrow(/not a local message id/);
    await expect(files.read('boleto.pdf')).rejects.toThrow(/not a local message id/);
  });

  it('sweeps files no message waits for and halves of interrupted writes, and keeps the rest', async () => {
    const files = new AttachmentFiles(folder());
    expect(await files.sweep(() => true)).toBe(0); // no folder yet
    await files.save(A, new Uint8Array([1]));
    await files.save(B, new Uint8Array([2]));
    writeFileSync(join(files.dir, `${A}.1a2b3c4d.partial`), 'meio');
    writeFileSync(join(files.dir, 'leia-me.txt'), 'not ours');
    expect(await files.sweep((id) => id === A)).toBe(2);
    expect(readdirSync(files.dir).sort()).toEqual([A, 'leia-me.txt']);
  });
});
