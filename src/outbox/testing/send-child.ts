/**
 * Child process of the crash test: opens a file store, sends one text through the outbox and
 * prints {localId, refId} once the enqueue committed; then waits to be killed (the answer never
 * comes: the test's proxy holds it).
 */
import { openStore } from '../../store';
import { Outbox } from '../outbox';
import { clientFor } from './harness';

function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`missing ${name}`);
  return value;
}

const store = openStore({ location: env('OUTBOX_STORE_DIR') });
const outbox = new Outbox({ store, client: clientFor(env('OUTBOX_BASE_URL'), env('OUTBOX_TOKEN')) });
await outbox.start();
const result = await outbox.sendText(env('OUTBOX_SESSION_ID'), env('OUTBOX_TEXT'));
process.stdout.write(`${JSON.stringify({ localId: result.localId, refId: result.refId })}\n`);
setInterval(() => undefined, 60_000);
