/**
 * Child process of the file crash test: opens a file store, sends one file through the outbox
 * and prints {localId, refId} once the enqueue committed; then, when the send reaches the step
 * named by OUTBOX_CRASH_AT, prints that step and stops there for good, to be killed:
 *   upload — the PUT of the bytes is about to leave
 *   saved  — HelenaCRM saved the file; its id is not recorded on the entry yet
 *   send   — the file id is recorded; the message is about to leave
 *   sent   — HelenaCRM has the message; its answer never arrives
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { OutboxClient } from '../outbox';
import { openStore } from '../../store';
import { AttachmentFiles } from '../attachment-files';
import { Outbox } from '../outbox';
import { clientFor, outboxClientWith } from './harness';

function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`missing ${name}`);
  return value;
}

const crashAt = env('OUTBOX_CRASH_AT');
const never = new Promise<never>(() => undefined);
function reached(step: string): Promise<never> {
  process.stdout.write(`${step}\n`);
  return never;
}

const real = clientFor(env('OUTBOX_BASE_URL'), env('OUTBOX_TOKEN'));
const client: OutboxClient = outboxClientWith(real, {
  async uploadFile(url, bytes, mimeType, opts) {
    if (crashAt === 'upload') return reached('upload');
    return real.uploadFile(url, bytes, mimeType, opts);
  },
  async saveFile(tempFileId, opts) {
    const saved = await real.saveFile(tempFileId, opts);
    return crashAt === 'saved' ? reached('saved') : saved;
  },
  async sendSessionMessage(sessionId, body, opts) {
    if (crashAt === 'send') return reached('send');
    const answer = await real.sendSessionMessage(sessionId, body, opts);
    return crashAt === 'sent' ? reached('sent') : answer;
  },
});

const storeDir = env('OUTBOX_STORE_DIR');
const store = openStore({ location: storeDir });
const outbox = new Outbox({ store, client, attachments: new AttachmentFiles(join(storeDir, 'attachments')) });
await outbox.start();
const result = await outbox.sendFile(env('OUTBOX_SESSION_ID'), {
  name: 'boleto-marco.pdf',
  mimeType: 'application/pdf',
  bytes: readFileSync(env('OUTBOX_FILE')),
  caption: 'Segue o boleto.',
});
process.stdout.write(`${JSON.stringify({ localId: result.localId, refId: result.refId })}\n`);
setInterval(() => undefined, 60_000);
