/**
 * Child process of the held-file caption edit crash test: opens a file store (with its attachments
 * folder) and edits the caption of a file HelenaCRM holds (OUTBOX_LOCAL_ID) to OUTBOX_TEXT, and
 * stops dead at the instant OUTBOX_STOP names, printing one line there; the test then SIGKILLs it.
 * - `before-delete`: the intent is committed, the DELETE has not left;
 * - `after-delete`: HelenaCRM deleted the held copy, its answer never reached the outbox;
 * - `before-send`: the new caption is swapped in (queued, new refId), its send has not left.
 * Any upload is refused here: the edit must reuse the file HelenaCRM has.
 */
import { join } from 'node:path';
import { openStore } from '../../store';
import { AttachmentFiles } from '../attachment-files';
import { Outbox } from '../outbox';
import { clientFor, outboxClientWith } from './harness';

function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`missing ${name}`);
  return value;
}

const stop = env('OUTBOX_STOP');
const forever = new Promise<never>(() => undefined);
function reached(detail: Record<string, unknown>): Promise<never> {
  process.stdout.write(`${JSON.stringify({ at: stop, ...detail })}\n`);
  return forever;
}

const storeDir = env('OUTBOX_STORE_DIR');
const store = openStore({ location: storeDir });
const real = clientFor(env('OUTBOX_BASE_URL'), env('OUTBOX_TOKEN'));
const client = outboxClientWith(real, {
  async cancelMessage(messageId, opts) {
    if (stop === 'before-delete') return reached({ messageId });
    const answer = await real.cancelMessage(messageId, opts);
    if (stop === 'after-delete') return reached({ messageId, status: answer.status });
    return answer;
  },
  async sendSessionMessage(sessionId, body, opts) {
    if (stop === 'before-send') return reached({ refId: body.refId, fileId: body.fileId });
    return real.sendSessionMessage(sessionId, body, opts);
  },
  requestUploadUrl() {
    throw new Error('a caption edit must not upload the file again');
  },
});
const outbox = new Outbox({ store, client, attachments: new AttachmentFiles(join(storeDir, 'attachments')) });
await outbox.start();
// An edit that ends (refused, or not even tried) never reaches the instant: said at once, not left to time out.
void outbox.edit(env('OUTBOX_LOCAL_ID'), { text: env('OUTBOX_TEXT') }).then(
  (edited) => process.stdout.write(`${JSON.stringify({ at: 'ended', edited })}\n`),
  (error: unknown) => process.stdout.write(`${JSON.stringify({ at: 'ended', error: String(error) })}\n`),
);
setInterval(() => undefined, 60_000);
