/**
 * Editing the caption of a file HelenaCRM holds for the contact's reply (WAIT_REPLY), against the
 * real sandbox: as for a held text, the held copy is withdrawn (DELETE) and the file sent again in
 * its place, with the new caption, on the same line and a new refId — by the fileId HelenaCRM
 * already has, never uploaded again. What the contact gets is read from the sandbox: the file
 * messages it released to WhatsApp. Also: the process killed at each instant, and the refusals
 * (audio has no caption, too long, offline, order).
 */
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { eventually } from '../../sandbox/conversations/test-fixture';
import { openStore } from '../store';
import { AttachmentFiles } from './attachment-files';
import { HeldEditRefused, heldEditOf } from './held-edit';
import { OutboxInputError } from './input-error';
import { Outbox, type OutboxClient } from './outbox';
import { clientFor, FAST_RETRY, outboxClientWith, tempDir, type Rig } from './testing/harness';
import { killAtFirstLine, spawnHeldEditChild } from './testing/held-edit-crash';
import { BOLETO, deliveredFiles, heldFile, RECADO, savedUploads, type HeldFile } from './testing/held-file';
import { delivered, withdrawalAnswersLost } from './testing/held-text';
import { rigPerTest } from './testing/rig-per-test';

const rigs = rigPerTest();
let child: ChildProcess | null = null;
// A child whose test failed before its kill is not left running; killed before the rig closes
// (registered after rigPerTest: after-each hooks run last-registered first).
afterEach(() => {
  child?.kill('SIGKILL');
  child = null;
});

const EDITED = 'Segue o boleto de abril (corrigido).';

async function fileRig(storeDir = tempDir()): Promise<{ r: Rig; attachments: AttachmentFiles; storeDir: string }> {
  const attachments = new AttachmentFiles(join(storeDir, 'attachments'));
  const r = await rigs.start({ storeDir, outbox: { attachments } });
  return { r, attachments, storeDir };
}

/** The rig's client, counting the outbox's requests by method. */
function counting(r: Rig): { client: OutboxClient; calls: Record<string, number> } {
  const calls: Record<string, number> = {};
  const real = outboxClientWith(r.client, {});
  const client = Object.fromEntries(
    Object.entries(real).map(([name, call]) => [
      name,
      (...args: unknown[]) => {
        calls[name] = (calls[name] ?? 0) + 1;
        return (call as (...a: unknown[]) => unknown)(...args);
      },
    ]),
  ) as unknown as OutboxClient;
  return { client, calls };
}

/** The new caption went, on the same line with the same file: new refId, the old copy deleted and never sent, one upload. */
async function expectEditedAndDelivered(r: Rig, outbox: Outbox, held: HeldFile, attachments: AttachmentFiles): Promise<void> {
  const entry = r.store.outbox.get(held.localId);
  expect(entry?.state).toBe('waiting_reply');
  expect(entry?.refId).not.toBe(held.refId);
  expect(entry?.fileId).toBe(held.fileId);
  expect(entry && heldEditOf(entry)).toBeNull();
  const line = r.store.messages.get(held.localId);
  expect(line?.text).toBe(EDITED);
  expect(line?.file?.name).toBe('boleto-marco.pdf');
  expect(line?.id).not.toBeNull();
  expect(line?.id).not.toBe(held.serverId);

  await r.contactWrites(r.sandbox.company.contacts.maria);
  outbox.onContactReplied(held.sessionId);
  const server = await r.serverMessages(held.sessionId);
  // The contact gets the file once, with the new caption; the original caption never.
  expect(deliveredFiles(server)).toEqual([[EDITED, held.fileId]]);
  expect(server.filter((m) => m.refId === held.refId).map((m) => m.status)).toEqual(['DELETED']);
  expect(server.filter((m) => m.refId === entry?.refId)).toHaveLength(1);
  expect(await savedUploads(r)).toBe(1);
  expect(r.store.outbox.get(held.localId)?.state).toBe('sent');
  await eventually(() => (existsSync(join(attachments.dir, held.localId)) ? undefined : true), 'the bytes deleted once released');
}

describe('editing the caption of a file HelenaCRM holds for the contact\'s reply', () => {
  it('the contact receives the same file once with the new caption; two requests, no upload', async () => {
    const { r, attachments } = await fileRig();
    const { client, calls } = counting(r);
    const ob = r.newOutbox({ client });
    const held = await heldFile(r, ob, BOLETO, { protocolo: 'EF-1' });
    const before = r.store.outbox.get(held.localId);
    for (const name of Object.keys(calls)) delete calls[name];

    expect(await ob.edit(held.localId, { text: EDITED })).toBe(true);
    await ob.flush();
    // One withdrawal and one send of the same fileId: nothing read back, nothing uploaded.
    expect(calls).toEqual({ cancelMessage: 1, sendSessionMessage: 1 });
    console.log(`[edit-held-file] requests per caption edit: ${JSON.stringify(calls)}`);
    expect(r.store.outbox.get(held.localId)?.seq).toBe(before?.seq);
    // Still HelenaCRM's to hold, with the new caption, the same file.
    const server = await r.serverMessages(held.sessionId);
    expect(server.filter((m) => m.fileId === held.fileId).map((m) => [m.text, m.status])).toEqual([
      [BOLETO.caption, 'DELETED'],
      [EDITED, 'WAIT_REPLY'],
    ]);
    await expectEditedAndDelivered(r, ob, held, attachments);
  });

  it('an audio has no caption: refused before anything is recorded or withdrawn', async () => {
    const { r } = await fileRig();
    const { client, calls } = counting(r);
    const ob = r.newOutbox({ client });
    const held = await heldFile(r, ob, RECADO, { protocolo: 'EF-2' });
    for (const name of Object.keys(calls)) delete calls[name];

    const refused = await ob.edit(held.localId, { text: 'Ouça o recado.' }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(OutboxInputError);
    expect(refused).toMatchObject({ field: 'text', message: expect.stringMatching(/^O WhatsApp não mostra legenda em áudio/) });
    expect(calls).toEqual({});
    const entry = r.store.outbox.get(held.localId);
    expect(entry).toMatchObject({ state: 'waiting_reply', refId: held.refId });
    expect(entry && heldEditOf(entry)).toBeNull();
    expect((await r.serverMessages(held.sessionId)).find((m) => m.refId === held.refId)?.status).toBe('WAIT_REPLY');
  });

  it('the same refusals as a held text: too long a caption, offline, a later message held behind it', async () => {
    const { r } = await fileRig();
    const ob = r.newOutbox();
    const held = await heldFile(r, ob, BOLETO, { protocolo: 'EF-3' });

    await expect(ob.edit(held.localId, { text: 'x'.repeat(1025) })).rejects.toMatchObject({ name: 'OutboxInputError', message: expect.stringMatching(/^A legenda tem 1025 caracteres/) });
    ob.setOnline(false);
    await expect(ob.edit(held.localId, { text: EDITED })).rejects.toEqual(new HeldEditRefused('offline'));
    ob.setOnline(true);
    const later = await ob.sendText(held.sessionId, 'Qualquer dúvida, estou à disposição.');
    await ob.flush();
    expect(r.store.outbox.get(later.localId)?.state).toBe('waiting_reply');
    await expect(ob.edit(held.localId, { text: EDITED })).rejects.toEqual(new HeldEditRefused('order'));

    const entry = r.store.outbox.get(held.localId);
    expect(entry).toMatchObject({ state: 'waiting_reply', refId: held.refId });
    expect(entry && heldEditOf(entry)).toBeNull();
    expect(r.store.messages.get(held.localId)?.text).toBe(BOLETO.caption);
    await r.contactWrites(r.sandbox.company.contacts.maria);
    const server = await r.serverMessages(held.sessionId);
    expect(deliveredFiles(server)).toEqual([[BOLETO.caption, held.fileId]]);
    expect(delivered(server)).toEqual([BOLETO.caption, 'Qualquer dúvida, estou à disposição.']);
  });
});

describe('a caption edit left unfinished (HelenaCRM deleted the held file, its answers were lost)', () => {
  it('a reply heard meanwhile does not read it "sent": the edit is finished, the file goes once with the new caption', async () => {
    const { r, attachments } = await fileRig();
    const lossy = withdrawalAnswersLost(r);
    const ob = r.newOutbox({ client: lossy.client });
    const held = await heldFile(r, ob, BOLETO, { protocolo: 'EF-4' });
    lossy.lose(true);

    await expect(ob.edit(held.localId, { text: EDITED })).rejects.toEqual(new HeldEditRefused('unsettled'));
    const recorded = r.store.outbox.get(held.localId);
    expect(recorded && heldEditOf(recorded)?.text).toBe(EDITED);
    await r.contactWrites(r.sandbox.company.contacts.maria);
    ob.onContactReplied(held.sessionId);
    // Not guessed released: HelenaCRM's word on the withdrawal decides.
    expect(r.store.outbox.get(held.localId)?.state).toBe('waiting_reply');
    lossy.lose(false);
    await eventually(() => (r.store.outbox.get(held.localId)?.state === 'sent' ? true : undefined), 'the new caption sent', 10_000);

    expect(r.store.messages.get(held.localId)?.text).toBe(EDITED);
    const server = await r.serverMessages(held.sessionId);
    expect(deliveredFiles(server)).toEqual([[EDITED, held.fileId]]);
    expect(server.filter((m) => m.refId === held.refId).map((m) => m.status)).toEqual(['DELETED']);
    expect(await savedUploads(r)).toBe(1);
    await eventually(() => (existsSync(join(attachments.dir, held.localId)) ? undefined : true), 'the bytes deleted once sent');
  });
});

describe('editing a held file\'s caption: the process killed at each instant', () => {
  for (const stop of ['before-delete', 'after-delete', 'before-send'] as const) {
    it(`killed ${stop}: after a restart the file goes once with the new caption, the original never, one upload`, async () => {
      const { r, attachments, storeDir } = await fileRig();
      const first = r.newOutbox();
      const held = await heldFile(r, first, BOLETO, { protocolo: 'EF-K' });
      await first.stop();

      const proc = spawnHeldEditChild('edit-held-file-child.ts', r, { storeDir, localId: held.localId, text: EDITED, stop });
      child = proc;
      const line = await killAtFirstLine(proc);
      child = null;
      const reached = JSON.parse(line) as { at: string; fileId?: string };
      expect(reached.at).toBe(stop);
      // The send that never left named the file HelenaCRM has.
      if (stop === 'before-send') expect(reached.fileId).toBe(held.fileId);

      // What the kill left on disk.
      const afterCrash = openStore({ location: storeDir });
      const left = afterCrash.outbox.get(held.localId);
      afterCrash.close();
      expect(left?.fileId).toBe(held.fileId);
      if (stop === 'before-send') {
        expect(left?.state).toBe('sending');
        expect(left?.refId).not.toBe(held.refId);
        expect(left && heldEditOf(left)).toBeNull();
      } else {
        expect(left?.state).toBe('waiting_reply');
        expect(left && heldEditOf(left)?.text).toBe(EDITED);
      }
      const onServer = (await r.serverMessages(held.sessionId)).find((m) => m.refId === held.refId)?.status;
      expect(onServer).toBe(stop === 'before-delete' ? 'WAIT_REPLY' : 'DELETED');

      const outbox = r.track(new Outbox({ store: r.store, client: clientFor(r.proxy.url, r.agent.token), retry: FAST_RETRY, attachments }));
      await outbox.start();
      await outbox.flush();
      await expectEditedAndDelivered(r, outbox, held, attachments);
    }, 30_000);
  }
});
