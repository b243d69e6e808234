/**
 * The held-edit crash tests, both sides of their command line: the test spawns a child
 * (edit-held-child.ts for a text, edit-held-file-child.ts for a file's caption) that opens the
 * rig's file store and edits the held line, and kills it (SIGKILL) at the first line it prints,
 * which it prints at the instant OUTBOX_STOP names and then stops dead:
 * - `before-delete`: the intent is committed, the DELETE has not left;
 * - `after-delete`: HelenaCRM deleted the held copy, its answer never reached the outbox;
 * - `before-send`: the edited message is swapped in (queued, new refId), its send has not left.
 * The environment: OUTBOX_STORE_DIR, OUTBOX_BASE_URL, OUTBOX_TOKEN, OUTBOX_LOCAL_ID, OUTBOX_TEXT, OUTBOX_STOP.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { OutboxClient } from '../outbox';
import { clientFor, outboxClientWith, type Rig } from './harness';

type SendBody = Parameters<OutboxClient['sendSessionMessage']>[1];

export type HeldEditStop = 'before-delete' | 'after-delete' | 'before-send';

// ---------- the test's side ----------

/** Starts `script` (a child in this folder) editing the held line `localId` of the rig's store in `storeDir` to `text`. */
export function spawnHeldEditChild(
  script: 'edit-held-child.ts' | 'edit-held-file-child.ts',
  r: Rig,
  edit: { storeDir: string; localId: string; text: string; stop: HeldEditStop },
): ChildProcess {
  // node --import tsx rather than the tsx wrapper: the wrapper would forward SIGKILL to nobody.
  return spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, script)], {
    env: {
      ...process.env,
      OUTBOX_STORE_DIR: edit.storeDir,
      OUTBOX_BASE_URL: r.proxy.url,
      OUTBOX_TOKEN: r.agent.token,
      OUTBOX_LOCAL_ID: edit.localId,
      OUTBOX_TEXT: edit.text,
      OUTBOX_STOP: edit.stop,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
}

/** Waits for the child's first line (the instant reached), kills it there and waits for it to go: the line. */
export async function killAtFirstLine(child: ChildProcess): Promise<string> {
  const exited = once(child, 'exit');
  if (!child.stdout) throw new Error('the child was spawned without a stdout pipe');
  const [line] = (await once(createInterface({ input: child.stdout }), 'line')) as [string];
  child.kill('SIGKILL');
  await exited;
  return line;
}

// ---------- the child's side ----------

/** An environment variable the test must set. */
export function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`missing ${name}`);
  return value;
}

/**
 * The client of OUTBOX_BASE_URL with OUTBOX_TOKEN that stops dead at OUTBOX_STOP, printing
 * {at, ...detail} there (`sendDetail` says what the send that never leaves carries); `overrides`
 * replace more of its calls.
 */
export function clientStoppingAtInstant(sendDetail: (body: SendBody) => Record<string, unknown>, overrides: Partial<OutboxClient> = {}): OutboxClient {
  const stop = requiredEnv('OUTBOX_STOP');
  const forever = new Promise<never>(() => undefined);
  const reached = (detail: Record<string, unknown>): Promise<never> => {
    process.stdout.write(`${JSON.stringify({ at: stop, ...detail })}\n`);
    return forever;
  };
  const real = clientFor(requiredEnv('OUTBOX_BASE_URL'), requiredEnv('OUTBOX_TOKEN'));
  return outboxClientWith(real, {
    async cancelMessage(messageId, opts) {
      if (stop === 'before-delete') return reached({ messageId });
      const answer = await real.cancelMessage(messageId, opts);
      if (stop === 'after-delete') return reached({ messageId, status: answer.status });
      return answer;
    },
    async sendSessionMessage(sessionId, body, opts) {
      if (stop === 'before-send') return reached(sendDetail(body));
      return real.sendSessionMessage(sessionId, body, opts);
    },
    ...overrides,
  });
}
