/**
 * Child process of the held-edit crash test: opens a file store and edits a text HelenaCRM holds
 * (OUTBOX_LOCAL_ID) to OUTBOX_TEXT, and stops dead at the instant OUTBOX_STOP names, printing one
 * line there; the test then SIGKILLs it.
 * - `before-delete`: the intent is committed, the DELETE has not left;
 * - `after-delete`: HelenaCRM deleted the held copy, its answer never reached the outbox;
 * - `before-send`: the edited text is swapped in (queued, new refId), its send has not left.
 */
import { openStore } from '../../store';
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

const store = openStore({ location: env('OUTBOX_STORE_DIR') });
const real = clientFor(env('OUTBOX_BASE_URL'), env('OUTBOX_TOKEN'));
const client = outboxClientWith(real, {
  async cancelMessage(messageId, opts) {
    if (stop === 'before-delete') return reached({ messageId });
    const answer = await real.cancelMessage(messageId, opts);
    if (stop === 'after-delete') return reached({ messageId, status: answer.status });
    return answer;
  },
  async sendSessionMessage(sessionId, body, opts) {
    if (stop === 'before-send') return reached({ refId: body.refId });
    return real.sendSessionMessage(sessionId, body, opts);
  },
});
const outbox = new Outbox({ store, client });
await outbox.start();
void outbox.edit(env('OUTBOX_LOCAL_ID'), { text: env('OUTBOX_TEXT') });
setInterval(() => undefined, 60_000);
