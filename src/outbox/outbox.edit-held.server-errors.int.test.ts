/**
 * Editing a text HelenaCRM holds for the reply while HelenaCRM keeps answering the withdrawal of
 * the original (DELETE) with a server error, its copy still WAIT_REPLY. The edit is tried again
 * with backoff, but not for ever: after HELD_EDIT_GIVE_UP_AFTER answered 5xx it is given up as a
 * refusal is — the original stays held, unchanged, and goes once on the reply; the row keeps the
 * edit's text to say it was not made. The count survives a restart; no answer at all (the
 * network) never counts. Real sandbox: its scripted faults answer the DELETE 500 before acting.
 */
import { describe, expect, it } from 'vitest';
import { eventually } from '../../sandbox/conversations/test-fixture';
import { abandonedEditOf, HELD_EDIT_GIVE_UP_AFTER, HeldEditRefused, heldEditOf } from './held-edit';
import { Outbox } from './outbox';
import { FAST_RETRY, outboxClientWith, tempDir, type Rig } from './testing/harness';
import { delivered, heldText, type Held } from './testing/held-text';
import { rigPerTest } from './testing/rig-per-test';

const rigs = rigPerTest();

const ORIGINAL = 'Segue o boleto de março.';
const EDITED = 'Segue o boleto de abril.';

/** The rig's client (one request per call), counting the withdrawals it makes. */
function countingDeletes(r: Rig): { client: ReturnType<typeof outboxClientWith>; deletes(): number } {
  let deletes = 0;
  const client = outboxClientWith(r.client, {
    cancelMessage(messageId, opts) {
      deletes++;
      return r.client.cancelMessage(messageId, opts);
    },
  });
  return { client, deletes: () => deletes };
}

/** Every withdrawal of `held`'s copy answered 500 before HelenaCRM acts, until disarmed. */
async function deletesFail(r: Rig, held: Held): Promise<void> {
  const armed = await r.sandbox.api('POST', '/control/v1/faults/scripted', null, { method: 'DELETE', path: `/chat/v1/message/${held.serverId}`, when: 'before', status: 500, times: 1000 });
  expect(armed.status).toBe(200);
}

/** The row given up on: held as before the edit, the original its text, the edit's text kept to say so. */
function expectGivenUp(r: Rig, held: Held): void {
  const entry = r.store.outbox.get(held.localId);
  expect(entry?.state).toBe('waiting_reply');
  expect(entry?.refId).toBe(held.refId);
  expect(entry && heldEditOf(entry)).toBeNull();
  expect(entry && abandonedEditOf(entry)).toEqual({ text: EDITED });
  expect(r.store.messages.get(held.localId)).toMatchObject({ id: held.serverId, text: ORIGINAL, refId: held.refId });
}

/** The contact replies: the original, once, is what they get; the line reads it sent. */
async function expectOriginalReleasedOnce(r: Rig, outbox: Outbox, held: Held): Promise<void> {
  await r.sandbox.api('DELETE', '/control/v1/faults/scripted', null);
  await r.contactWrites(r.sandbox.company.contacts.maria);
  outbox.onContactReplied(held.sessionId);
  await outbox.flush();
  const server = await r.serverMessages(held.sessionId);
  expect(delivered(server)).toEqual([ORIGINAL]);
  expect(server.filter((m) => m.refId === held.refId)).toHaveLength(1);
  expect(r.store.outbox.get(held.localId)?.state).toBe('sent');
  expect(r.store.messages.get(held.localId)?.text).toBe(ORIGINAL);
}

describe('HelenaCRM answers every withdrawal of the held original with a server error', () => {
  it(`the edit is given up after ${HELD_EDIT_GIVE_UP_AFTER} tries, not pending for ever; the original goes once on the reply`, async () => {
    const r = await rigs.start();
    const { client, deletes } = countingDeletes(r);
    const outbox = r.newOutbox({ client });
    const held = await heldText(r, outbox, { text: ORIGINAL, protocolo: 'S-1' });
    await deletesFail(r, held);

    await expect(outbox.edit(held.localId, { text: EDITED })).rejects.toEqual(new HeldEditRefused('server_error'));
    const seen = r.events.length;
    const given = await eventually(() => {
      const entry = r.store.outbox.get(held.localId);
      return entry && heldEditOf(entry) === null ? entry : undefined;
    }, 'the edit given up', 15_000);
    expect(deletes()).toBe(HELD_EDIT_GIVE_UP_AFTER);
    expectGivenUp(r, held);
    expect(given.state).toBe('waiting_reply');
    expect((await r.serverMessages(held.sessionId)).find((m) => m.refId === held.refId)?.status).toBe('WAIT_REPLY');
    // The agent's screen hears of it (the view then reads the given-up edit off the row).
    expect(r.events.slice(seen).some((e) => e.type === 'message-status' && e.localId === held.localId && e.status === 'waiting_reply')).toBe(true);
    // Nothing more is asked of HelenaCRM for it: the conversation is not held behind it any more.
    const later = await outbox.sendText(held.sessionId, 'Obrigado!');
    await outbox.flush();
    expect(r.store.outbox.get(later.localId)?.state).toBe('waiting_reply');
    expect(deletes()).toBe(HELD_EDIT_GIVE_UP_AFTER);

    await r.sandbox.api('DELETE', '/control/v1/faults/scripted', null);
    await r.contactWrites(r.sandbox.company.contacts.maria);
    outbox.onContactReplied(held.sessionId);
    await outbox.flush();
    const server = await r.serverMessages(held.sessionId);
    expect(delivered(server)).toEqual([ORIGINAL, 'Obrigado!']);
    expect(server.filter((m) => m.refId === held.refId)).toHaveLength(1);
    expect(r.store.outbox.get(held.localId)?.state).toBe('sent');
    expect(r.store.messages.get(held.localId)?.text).toBe(ORIGINAL);
  }, 30_000);

  it('the count survives a restart: the next process makes only the tries left', async () => {
    const storeDir = tempDir();
    const r = await rigs.start({ storeDir });
    const first = countingDeletes(r);
    const ob = r.newOutbox({ client: first.client });
    const held = await heldText(r, ob, { text: ORIGINAL, protocolo: 'S-1' });
    await deletesFail(r, held);

    await expect(ob.edit(held.localId, { text: EDITED })).rejects.toEqual(new HeldEditRefused('server_error'));
    await eventually(() => {
      const entry = r.store.outbox.get(held.localId);
      return (entry && heldEditOf(entry)?.serverErrors) === 4 ? true : undefined;
    }, 'a few server errors counted', 10_000);
    await ob.stop();
    // A try may have been under way at stop(): the count is whatever the process wrote, one per DELETE.
    const stopped = r.store.outbox.get(held.localId);
    const before = (stopped && heldEditOf(stopped)?.serverErrors) ?? 0;
    expect(before).toBeGreaterThanOrEqual(4);
    expect(before).toBeLessThan(HELD_EDIT_GIVE_UP_AFTER);
    expect(first.deletes()).toBe(before);

    // Another process on the same data folder: what it knows of the count is what SQLite kept.
    const reopened = r.reopenStore();
    const second = countingDeletes(r);
    const outbox = r.track(new Outbox({ store: reopened, client: second.client, retry: FAST_RETRY }));
    await outbox.start();
    await eventually(() => {
      const entry = reopened.outbox.get(held.localId);
      return entry && heldEditOf(entry) === null ? true : undefined;
    }, 'the edit given up after the restart', 15_000);
    expect(second.deletes()).toBe(HELD_EDIT_GIVE_UP_AFTER - before);
    expectGivenUp(r, held);
    await expectOriginalReleasedOnce({ ...r, store: reopened }, outbox, held);
  }, 30_000);

  it('HelenaCRM answers again before the last try: the edit goes as usual, the count forgotten', async () => {
    const r = await rigs.start();
    const outbox = r.newOutbox();
    const held = await heldText(r, outbox, { text: ORIGINAL, protocolo: 'S-1' });
    const failures = HELD_EDIT_GIVE_UP_AFTER - 1;
    await r.sandbox.api('POST', '/control/v1/faults/scripted', null, { method: 'DELETE', path: `/chat/v1/message/${held.serverId}`, when: 'before', status: 500, times: failures });

    await expect(outbox.edit(held.localId, { text: EDITED })).rejects.toEqual(new HeldEditRefused('server_error'));
    await eventually(() => (r.store.messages.get(held.localId)?.text === EDITED ? true : undefined), 'edit finished by its retry', 15_000);
    const entry = r.store.outbox.get(held.localId);
    expect(entry?.refId).not.toBe(held.refId);
    expect(entry && abandonedEditOf(entry)).toBeNull();
    await r.contactWrites(r.sandbox.company.contacts.maria);
    outbox.onContactReplied(held.sessionId);
    await outbox.flush();
    expect(delivered(await r.serverMessages(held.sessionId))).toEqual([EDITED]);
  }, 30_000);
});

describe('no answer at all (the network) during the withdrawal', () => {
  it('never counts toward giving up: the edit stays pending and is finished when HelenaCRM is reached', async () => {
    const r = await rigs.start();
    const { client, deletes } = countingDeletes(r);
    const outbox = r.newOutbox({ client });
    const held = await heldText(r, outbox, { text: ORIGINAL, protocolo: 'S-1' });
    r.proxy.setMode('down');

    await expect(outbox.edit(held.localId, { text: EDITED })).rejects.toEqual(new HeldEditRefused('unsettled'));
    await eventually(() => (deletes() >= 2 * HELD_EDIT_GIVE_UP_AFTER ? true : undefined), 'the withdrawal tried again and again', 15_000);
    const pending = r.store.outbox.get(held.localId);
    expect(pending && heldEditOf(pending)).toMatchObject({ text: EDITED });
    expect(pending && (heldEditOf(pending)?.serverErrors ?? 0)).toBe(0);

    r.proxy.setMode('pass');
    await eventually(() => (r.store.messages.get(held.localId)?.text === EDITED ? true : undefined), 'edit finished once reached', 15_000);
    await r.contactWrites(r.sandbox.company.contacts.maria);
    outbox.onContactReplied(held.sessionId);
    await outbox.flush();
    expect(delivered(await r.serverMessages(held.sessionId))).toEqual([EDITED]);
  }, 30_000);
});
