/**
 * Killed between send and acknowledgement: a child process sends through the outbox, the proxy
 * lets the request reach the server but holds the answer, the test waits until the server has
 * the message and SIGKILLs the child. A new outbox on the same store file must reconcile: the
 * server ends with exactly one message for that refId and the local row is 'sent'.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { eventually } from '../../sandbox/conversations/test-fixture';
import { openStore } from '../store';
import { Outbox } from './outbox';
import { clientFor, FAST_RETRY, tempDir, welcomeMaria } from './testing/harness';
import { rigPerTest } from './testing/rig-per-test';

const rigs = rigPerTest();

describe('outbox crash safety', () => {
  it('no duplicate and nothing lost when the process is killed between send and acknowledgement', async () => {
    const storeDir = tempDir();
    const r = await rigs.start({ storeDir });
    const { company } = r.sandbox;
    await r.outbox.start();
    const start = await r.outbox.startConversation(welcomeMaria(company, 'K-9'));
    await r.outbox.flush();
    const sessionId = r.store.outbox.get(start.localId)?.conversationKey ?? '';
    await r.contactWrites(company.contacts.maria);
    await r.outbox.stop();

    r.proxy.setMode('hold');
    // node --import tsx rather than the tsx wrapper: the wrapper would forward SIGKILL to nobody and leave the real process running.
    const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'testing/send-child.ts')], {
      env: {
        ...process.env,
        OUTBOX_STORE_DIR: storeDir,
        OUTBOX_BASE_URL: r.proxy.url,
        OUTBOX_TOKEN: r.agent.token,
        OUTBOX_SESSION_ID: sessionId,
        OUTBOX_TEXT: 'sobrevivente',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = once(child, 'exit');
    const [line] = (await once(createInterface({ input: child.stdout }), 'line')) as [string];
    const sent = JSON.parse(line) as { localId: string; refId: string };

    // The server has acted on the request; the child never heard back.
    await eventually(async () => ((await r.serverMessages(sessionId)).some((m) => m.refId === sent.refId) ? true : undefined), 'server got it', 10_000);
    child.kill('SIGKILL');
    await exited;

    const afterCrash = openStore({ location: storeDir });
    expect(afterCrash.outbox.get(sent.localId)?.state).toBe('sending');
    afterCrash.close();

    r.proxy.setMode('pass');
    const outbox = r.track(new Outbox({ store: r.store, client: clientFor(r.proxy.url, r.agent.token), retry: FAST_RETRY }));
    await outbox.start();
    // The first try may meet a connection the proxy cut while it held the answer: the outbox retries.
    await eventually(() => (r.store.outbox.get(sent.localId)?.state === 'sent' ? true : undefined), 'reconciled', 10_000);
    await outbox.stop();

    const server = await r.serverMessages(sessionId);
    expect(server.filter((m) => m.refId === sent.refId)).toHaveLength(1);
    expect(server.filter((m) => m.text === 'sobrevivente')).toHaveLength(1);
    const entry = r.store.outbox.get(sent.localId);
    expect(entry?.state).toBe('sent');
    expect(entry?.attempts).toBeGreaterThanOrEqual(2);
    expect(r.store.messages.get(sent.localId)?.id).toBe(server.find((m) => m.refId === sent.refId)?.id);
  }, 30_000);
});
