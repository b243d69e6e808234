/**
 * For the file crash tests: a file message sent into Maria's open-window conversation by a child
 * process (file-send-child.ts), killed (SIGKILL) the moment its send reaches `step`. The rig must
 * keep its store in `storeDir`; its own outbox starts the conversation and is stopped again.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { tempDir, welcomeMaria, type Rig } from './harness';

export type CrashStep = 'upload' | 'saved' | 'send' | 'sent';

export interface KilledSend {
  sessionId: string;
  sent: { localId: string; refId: string };
}

export async function fileSendKilledAt(r: Rig, options: { storeDir: string; bytes: Buffer; name: string; step: CrashStep; protocolo: string }): Promise<KilledSend> {
  const file = join(tempDir(), options.name);
  writeFileSync(file, options.bytes);
  await r.outbox.start();
  const start = await r.outbox.startConversation(welcomeMaria(r.sandbox.company, options.protocolo));
  await r.outbox.flush();
  const sessionId = r.store.outbox.get(start.localId)?.conversationKey ?? '';
  await r.contactWrites(r.sandbox.company.contacts.maria);
  await r.outbox.stop();

  // node --import tsx rather than the tsx wrapper: the wrapper would forward SIGKILL to nobody.
  const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'file-send-child.ts')], {
    env: {
      ...process.env,
      OUTBOX_STORE_DIR: options.storeDir,
      OUTBOX_BASE_URL: r.sandbox.url,
      OUTBOX_TOKEN: r.agent.token,
      OUTBOX_SESSION_ID: sessionId,
      OUTBOX_CRASH_AT: options.step,
      OUTBOX_FILE: file,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = once(child, 'exit');
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const sent = JSON.parse(String((await lines.next()).value)) as KilledSend['sent'];
  const reached = String((await lines.next()).value);
  child.kill('SIGKILL');
  await exited;
  if (reached !== options.step) throw new Error(`the child stopped at "${reached}", not "${options.step}"`);
  return { sessionId, sent };
}
