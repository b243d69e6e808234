/**
 * A file send killed at each step (the crash-test pattern of outbox.crash.int.test.ts): a child
 * process sends a file through the outbox and stops for good at the step under test — the PUT
 * about to leave, the file saved but its id not recorded, the id recorded and the message about
 * to leave, the message on the server with its answer lost — and is SIGKILLed there. A new
 * outbox on the same data folder must end with exactly one message on the server carrying the
 * file's exact bytes, the entry 'sent' and the bytes gone from the data folder. Only the kill
 * after the save may leave an extra, unused upload behind.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { eventually } from '../../sandbox/conversations/test-fixture';
import { openStore } from '../store';
import { AttachmentFiles } from './attachment-files';
import { Outbox } from './outbox';
import { fileSendKilledAt } from './testing/file-send-crash';
import { clientFor, FAST_RETRY, tempDir } from './testing/harness';
import { rigPerTest } from './testing/rig-per-test';

const PDF = Buffer.from(`%PDF-1.4\n% boleto\n${'x'.repeat(200_000)}\n%%EOF\n`);

const rigs = rigPerTest();

describe('a file send killed at any step', () => {
  it.each([
    ['upload', 1],
    ['saved', 2],
    ['send', 1],
    ['sent', 1],
  ] as const)('killed at "%s": one message with the right bytes after the restart (%i upload(s) on the server)', async (step, uploads) => {
    const storeDir = tempDir();
    const r = await rigs.start({ storeDir });
    const { sessionId, sent } = await fileSendKilledAt(r, { storeDir, bytes: PDF, name: 'boleto-marco.pdf', step, protocolo: 'K-F' });

    const afterCrash = openStore({ location: storeDir });
    expect(afterCrash.outbox.get(sent.localId)?.state).toBe('sending');
    expect(afterCrash.outbox.get(sent.localId)?.fileId === null).toBe(step === 'upload' || step === 'saved');
    afterCrash.close();

    const attachments = new AttachmentFiles(join(storeDir, 'attachments'));
    const outbox = r.track(new Outbox({ store: r.store, client: clientFor(r.sandbox.url, r.agent.token), retry: FAST_RETRY, attachments }));
    await outbox.start();
    await eventually(() => (r.store.outbox.get(sent.localId)?.state === 'sent' ? true : undefined), 'reconciled', 10_000);
    await outbox.stop();

    const withFile = (await r.serverMessages(sessionId)).filter((m) => m.type === 'DOCUMENT');
    expect(withFile).toHaveLength(1);
    expect(withFile[0]?.refId).toBe(sent.refId);
    const bytes = Buffer.from(await (await fetch(`${r.sandbox.url}/control/v1/files/${withFile[0]?.fileId ?? ''}`)).arrayBuffer());
    expect(bytes.equals(PDF)).toBe(true);
    const files = await r.sandbox.api<{ count: number }>('GET', '/control/v1/files', null);
    expect(files.body.count).toBe(uploads);
    expect(r.store.messages.get(sent.localId)?.id).toBe(withFile[0]?.id);
    await eventually(() => (existsSync(join(attachments.dir, sent.localId)) ? undefined : true), 'the bytes deleted');
    expect(readdirSync(attachments.dir)).toEqual([]);
  }, 40_000);
});
