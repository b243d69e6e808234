/**
 * Child process of the held-edit crash test: opens a file store and edits a text HelenaCRM holds
 * (OUTBOX_LOCAL_ID) to OUTBOX_TEXT, and stops dead at the instant OUTBOX_STOP names, printing one
 * line there; the test then SIGKILLs it. The instants and the environment: held-edit-crash.ts.
 */
import { openStore } from '../../store';
import { Outbox } from '../outbox';
import { clientStoppingAtInstant, requiredEnv } from './held-edit-crash';

const store = openStore({ location: requiredEnv('OUTBOX_STORE_DIR') });
const client = clientStoppingAtInstant((body) => ({ refId: body.refId }));
const outbox = new Outbox({ store, client });
await outbox.start();
void outbox.edit(requiredEnv('OUTBOX_LOCAL_ID'), { text: requiredEnv('OUTBOX_TEXT') });
setInterval(() => undefined, 60_000);
