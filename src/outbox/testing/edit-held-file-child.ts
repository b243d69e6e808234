/**
 * Child process of the held-file caption edit crash test: opens a file store (with its attachments
 * folder) and edits the caption of a file HelenaCRM holds (OUTBOX_LOCAL_ID) to OUTBOX_TEXT, and
 * stops dead at the instant OUTBOX_STOP names, printing one line there; the test then SIGKILLs it.
 * The instants and the environment: held-edit-crash.ts. Any upload is refused here: the edit must
 * reuse the file HelenaCRM has.
 */
import { join } from 'node:path';
import { openStore } from '../../store';
import { AttachmentFiles } from '../attachment-files';
import { Outbox } from '../outbox';
import { clientStoppingAtInstant, requiredEnv } from './held-edit-crash';

const storeDir = requiredEnv('OUTBOX_STORE_DIR');
const store = openStore({ location: storeDir });
const client = clientStoppingAtInstant((body) => ({ refId: body.refId, fileId: body.fileId }), {
  requestUploadUrl() {
    throw new Error('a caption edit must not upload the file again');
  },
});
const outbox = new Outbox({ store, client, attachments: new AttachmentFiles(join(storeDir, 'attachments')) });
await outbox.start();
// An edit that ends (refused, or not even tried) never reaches the instant: said at once, not left to time out.
void outbox.edit(requiredEnv('OUTBOX_LOCAL_ID'), { text: requiredEnv('OUTBOX_TEXT') }).then(
  (edited) => process.stdout.write(`${JSON.stringify({ at: 'ended', edited })}\n`),
  (error: unknown) => process.stdout.write(`${JSON.stringify({ at: 'ended', error: String(error) })}\n`),
);
setInterval(() => undefined, 60_000);
