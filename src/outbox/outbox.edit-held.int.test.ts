/**
 * Editing a text HelenaCRM holds for the contact's reply (WAIT_REPLY), against the real sandbox:
 * the held copy is withdrawn (DELETE) and the new text sent in its place on the same line with a
 * new refId. What the contact gets is read from the sandbox: the messages it released to WhatsApp
 * (FROM_HUB, SENT / DELIVERED / READ).
 */
import { describe, expect, it } from 'vitest';
import { eventually } from '../../sandbox/conversations/test-fixture';
import { HelenaClient } from '../api';
import { openStore } from '../store';
import { HeldEditRefused, heldEditOf } from './held-edit';
import { Outbox } from './outbox';
import { clientFor, FAST_RETRY, outboxClientWith, tempDir, type Rig } from './testing/harness';
import { killAtFirstLine, spawnHeldEditChild } from './testing/held-edit-crash';
import { delivered, heldText, type Held, lostAnswer, replyHeardDuringWithdrawal } from './testing/held-text';
import { rigPerTest } from './testing/rig-per-test';

const rigs = rigPerTest();

const ORIGINAL = 'Segue o boleto de março.';
const EDITED = 'Segue o boleto de abril.';

/** The edit went, on the same line: new refId everywhere, the old copy deleted and never sent. */
async function expectEditedAndDelivered(r: Rig, outbox: Outbox | null, held: Held): Promise<void> {
  const entry = r.store.outbox.get(held.localId);
  expect(entry?.state).toBe('waiting_reply');
  expect(entry?.refId).not.toBe(held.refId);
  expect(entry && heldEditOf(entry)).toBeNull();
  const line = r.store.messages.get(held.localId);
  expect(line?.text).toBe(EDITED);
  expect(line?.refId).toBe(entry?.refId);
  expect(line?.id).not.toBeNull();
  expect(line?.id).not.toBe(held.serverId);

  await r.contactWrites(r.sandbox.company.contacts.maria);
  outbox?.onContactReplied(held.sessionId);
  const server = await r.serverMessages(held.sessionId);
  expect(delivered(server)).toEqual([EDITED]);
  expect(server.filter((m) => m.refId === held.refId).map((m) => m.status)).toEqual(['DELETED']);
  expect(server.filter((m) => m.refId === entry?.refId)).toHaveLength(1);
  if (outbox) expect(r.store.outbox.get(held.localId)?.state).toBe('sent');
}

describe('editing a text HelenaCRM holds for the contact\'s reply', () => {
  it('the contact replies and receives only the edited text, once; the line keeps its place', async () => {
    const r = await rigs.start();
    const ob = r.newOutbox();
    const held = await heldText(r, ob, { text: ORIGINAL, protocolo: 'E-1' });
    const before = r.store.outbox.get(held.localId);

    expect(await ob.edit(held.localId, { text: EDITED })).toBe(true);
    // Queued on the same row, where it was: the same localId and seq.
    expect(r.store.outbox.get(held.localId)?.seq).toBe(before?.seq);
    await ob.flush();
    await expectEditedAndDelivered(r, ob, held);
  });

  it('released by a reply before the DELETE: too late, the original reads sent and nothing else goes', async () => {
    const r = await rigs.start();
    const ob = r.newOutbox();
    const held = await heldText(r, ob, { text: ORIGINAL, protocolo: 'E-1' });
    // The contact writes; this app has not heard of it yet: HelenaCRM released the original.
    await r.contactWrites(r.sandbox.company.contacts.maria);

    expect(await ob.edit(held.localId, { text: EDITED })).toBe(false);
    await ob.flush();
    const entry = r.store.outbox.get(held.localId);
    expect(entry?.state).toBe('sent');
    expect(entry?.refId).toBe(held.refId);
    expect(entry && heldEditOf(entry)).toBeNull();
    expect(r.store.messages.get(held.localId)?.text).toBe(ORIGINAL);
    expect(r.store.messages.get(held.localId)?.status).toMatch(/^(SENT|DELIVERED|READ)$/);
    expect(delivered(await r.serverMessages(held.sessionId))).toEqual([ORIGINAL]);
  });

  it('HelenaCRM deleted it, and a reply heard while the DELETE answer was on its way: still edited', async () => {
    const r = await rigs.start();
    const race = replyHeardDuringWithdrawal(r);
    const outbox = r.newOutbox({ client: race.client });
    const held = await heldText(r, outbox, { text: ORIGINAL, protocolo: 'E-1' });
    race.onHeard(() => outbox.onContactReplied(held.sessionId));

    expect(await outbox.edit(held.localId, { text: EDITED })).toBe(true);
    await outbox.flush();
    // The window is open now: the edited text went straight out.
    const server = await r.serverMessages(held.sessionId);
    expect(delivered(server)).toEqual([EDITED]);
    expect(server.filter((m) => m.refId === held.refId).map((m) => m.status)).toEqual(['DELETED']);
    expect(r.store.outbox.get(held.localId)?.state).toBe('sent');
    expect(r.store.messages.get(held.localId)?.text).toBe(EDITED);
  });

  it('the DELETE answer is lost and the client retries it (409): HelenaCRM\'s copy says deleted, the edit goes', async () => {
    const r = await rigs.start();
    const first = r.newOutbox();
    const held = await heldText(r, first, { text: ORIGINAL, protocolo: 'E-1' });
    await r.sandbox.api('POST', '/control/v1/faults/scripted', null, { method: 'DELETE', path: `/chat/v1/message/${held.serverId}`, when: 'after', status: 500 });
    // The app's client repeats an idempotent DELETE after an unknown outcome.
    const retrying = new HelenaClient({ baseUrl: r.proxy.url, getToken: () => r.agent.token, retry: { maxAttempts: 3, baseMs: 10, capMs: 20 }, timeoutMs: 3_000 });
    await first.stop();
    const ob = r.newOutbox({ client: retrying });
    await ob.start();

    expect(await ob.edit(held.localId, { text: EDITED })).toBe(true);
    await ob.flush();
    await expectEditedAndDelivered(r, ob, held);
  });

  it('offline: refused at once, nothing recorded, the original still held as it was', async () => {
    const r = await rigs.start();
    const ob = r.newOutbox();
    const held = await heldText(r, ob, { text: ORIGINAL, protocolo: 'E-1' });
    ob.setOnline(false);

    await expect(ob.edit(held.localId, { text: EDITED })).rejects.toEqual(new HeldEditRefused('offline'));
    const entry = r.store.outbox.get(held.localId);
    expect(entry?.state).toBe('waiting_reply');
    expect(entry && heldEditOf(entry)).toBeNull();
    expect(r.store.messages.get(held.localId)?.text).toBe(ORIGINAL);
    expect((await r.serverMessages(held.sessionId)).find((m) => m.refId === held.refId)?.status).toBe('WAIT_REPLY');
  });

  it('a later text is held too: the earlier is refused (order), the last one may be edited', async () => {
    const r = await rigs.start();
    const ob = r.newOutbox();
    const first = await heldText(r, ob, { text: ORIGINAL, protocolo: 'E-1' });
    const second = await heldText(r, ob, { text: 'Qualquer dúvida, estou à disposição.', protocolo: 'E-1', sessionId: first.sessionId });

    await expect(ob.edit(first.localId, { text: EDITED })).rejects.toEqual(new HeldEditRefused('order'));
    expect(r.store.outbox.get(first.localId)?.state).toBe('waiting_reply');
    expect((await r.serverMessages(first.sessionId)).filter((m) => m.status === 'WAIT_REPLY').map((m) => m.text)).toEqual([
      ORIGINAL,
      'Qualquer dúvida, estou à disposição.',
    ]);

    expect(await ob.edit(second.localId, { text: 'Qualquer dúvida, me chame aqui.' })).toBe(true);
    await ob.flush();
    await r.contactWrites(r.sandbox.company.contacts.maria);
    expect(delivered(await r.serverMessages(first.sessionId))).toEqual([ORIGINAL, 'Qualquer dúvida, me chame aqui.']);
  });

  it('the connection drops during the withdrawal: the edit stays recorded and is finished when it returns', async () => {
    const r = await rigs.start();
    const ob = r.newOutbox();
    const held = await heldText(r, ob, { text: ORIGINAL, protocolo: 'E-1' });
    r.proxy.setMode('down');

    await expect(ob.edit(held.localId, { text: EDITED })).rejects.toEqual(new HeldEditRefused('unsettled'));
    const recorded = r.store.outbox.get(held.localId);
    expect(recorded && heldEditOf(recorded)?.text).toBe(EDITED);
    // A later text waits behind the unfinished edit, so it cannot be held before the edited one.
    const later = await ob.sendText(held.sessionId, 'Obrigado!');
    await ob.flush();

    r.proxy.setMode('pass');
    ob.setOnline(false);
    ob.setOnline(true);
    await eventually(() => (r.store.outbox.get(later.localId)?.state === 'waiting_reply' ? true : undefined), 'edit finished and the later text held', 10_000);
    await r.contactWrites(r.sandbox.company.contacts.maria);
    expect(delivered(await r.serverMessages(held.sessionId))).toEqual([EDITED, 'Obrigado!']);
  });
});

/** The rig's client, but the first DELETE's answer and the read after it are lost (HelenaCRM did delete it). */
function firstWithdrawalUnanswered(r: Rig) {
  let deletes = 0;
  let reads = 0;
  return outboxClientWith(r.client, {
    async cancelMessage(messageId, opts) {
      const answer = await r.client.cancelMessage(messageId, opts);
      if (++deletes === 1) throw lostAnswer();
      return answer;
    },
    async getMessage(messageId, opts) {
      if (++reads === 1) throw lostAnswer();
      return r.client.getMessage(messageId, opts);
    },
  });
}

describe('an edit left unfinished (HelenaCRM deleted the held copy, its answer was lost)', () => {
  it('a reply heard meanwhile does not read it "sent": the edit is finished and the contact gets it', async () => {
    const r = await rigs.start();
    const ob = r.newOutbox({ client: firstWithdrawalUnanswered(r) });
    const held = await heldText(r, ob, { text: ORIGINAL, protocolo: 'E-1' });

    await expect(ob.edit(held.localId, { text: EDITED })).rejects.toEqual(new HeldEditRefused('unsettled'));
    await r.contactWrites(r.sandbox.company.contacts.maria);
    ob.onContactReplied(held.sessionId);
    await eventually(() => (r.store.outbox.get(held.localId)?.state === 'sent' ? true : undefined), 'edited text sent', 10_000);

    expect(r.store.messages.get(held.localId)?.text).toBe(EDITED);
    const server = await r.serverMessages(held.sessionId);
    expect(delivered(server)).toEqual([EDITED]);
    expect(server.filter((m) => m.refId === held.refId).map((m) => m.status)).toEqual(['DELETED']);
  });

  it('sync brings the deleted copy meanwhile: not "cancelled", the edit is finished', async () => {
    const r = await rigs.start();
    const ob = r.newOutbox({ client: firstWithdrawalUnanswered(r) });
    const held = await heldText(r, ob, { text: ORIGINAL, protocolo: 'E-1' });
    ob.setOnline(false);
    ob.setOnline(true);

    await expect(ob.edit(held.localId, { text: EDITED })).rejects.toEqual(new HeldEditRefused('unsettled'));
    // What sync writes when it hears of the deletion.
    r.store.messages.upsertMessages([await r.client.getMessage(held.serverId)]);
    expect(r.store.messages.get(held.localId)?.status).toBe('DELETED');
    await ob.flush();
    ob.retryNow();
    await eventually(() => (r.store.outbox.get(held.localId)?.state === 'waiting_reply' && r.store.messages.get(held.localId)?.text === EDITED ? true : undefined), 'edit finished', 10_000);
    await expectEditedAndDelivered(r, ob, held);
  });
});

describe('editing a held text: the process killed at each instant', () => {
  for (const stop of ['before-delete', 'after-delete', 'before-send'] as const) {
    it(`killed ${stop}: after a restart the edited text goes once, the original never`, async () => {
      const storeDir = tempDir();
      const r = await rigs.start({ storeDir });
      const first = r.newOutbox();
      const held = await heldText(r, first, { text: ORIGINAL, protocolo: 'E-1' });
      await first.stop();

      await killAtFirstLine(spawnHeldEditChild('edit-held-child.ts', r, { storeDir, localId: held.localId, text: EDITED, stop }));

      // What the kill left on disk.
      const afterCrash = openStore({ location: storeDir });
      const left = afterCrash.outbox.get(held.localId);
      afterCrash.close();
      if (stop === 'before-send') {
        // Swapped in and claimed for its send, which never left.
        expect(left?.state).toBe('sending');
        expect(left?.refId).not.toBe(held.refId);
        expect(left && heldEditOf(left)).toBeNull();
      } else {
        expect(left?.state).toBe('waiting_reply');
        expect(left && heldEditOf(left)?.text).toBe(EDITED);
      }
      const onServer = (await r.serverMessages(held.sessionId)).find((m) => m.refId === held.refId)?.status;
      expect(onServer).toBe(stop === 'before-delete' ? 'WAIT_REPLY' : 'DELETED');

      const outbox = r.track(new Outbox({ store: r.store, client: clientFor(r.proxy.url, r.agent.token), retry: FAST_RETRY }));
      await outbox.start();
      await outbox.flush();
      await expectEditedAndDelivered(r, outbox, held);
    }, 30_000);
  }
});
