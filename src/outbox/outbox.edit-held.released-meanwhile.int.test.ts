/**
 * An edit of a held text that ends without the edit — given up after HelenaCRM's server errors, or
 * refused — while the contact's reply releases the original: the reply arrives after HelenaCRM's
 * copy was read (still WAIT_REPLY) and before the outcome, while the intent made onContactReplied
 * leave the row to the withdrawal's answer. The row must read sent as soon as that outcome is
 * known, not when a later sync brings HelenaCRM's copy; nothing goes twice. Real sandbox.
 */
import { describe, expect, it } from 'vitest';
import { HelenaError } from '../api';
import { eventually } from '../../sandbox/conversations/test-fixture';
import { abandonedEditOf, HELD_EDIT_GIVE_UP_AFTER, HeldEditRefused, heldEditOf } from './held-edit';
import type { Outbox } from './outbox';
import { outboxClientWith, type Rig } from './testing/harness';
import { delivered, heldText, type Held } from './testing/held-text';
import { rigPerTest } from './testing/rig-per-test';

const rigs = rigPerTest();

const ORIGINAL = 'Segue o boleto de março.';
const EDITED = 'Segue o boleto de abril.';

/**
 * An outbox whose reads of a message copy let Maria reply once `replyAfter(copy read)` says so:
 * after HelenaCRM answered the read, before the outbox hears the answer — the reply the outbox
 * hears (onContactReplied) while the withdrawal is still under way.
 */
function outboxWithReplyAfterRead(r: Rig, replyAfter: (held: Held) => boolean): { outbox: Outbox; hold(held: Held): void } {
  let target: Held | null = null;
  let replied = false;
  const client = outboxClientWith(r.client, {
    async getMessage(messageId, opts) {
      const copy = await r.client.getMessage(messageId, opts);
      if (target && !replied && messageId === target.serverId && copy.status === 'WAIT_REPLY' && replyAfter(target)) {
        replied = true;
        await r.sandbox.api('DELETE', '/control/v1/faults/scripted', null);
        await r.contactWrites(r.sandbox.company.contacts.maria);
        outbox.onContactReplied(target.sessionId);
      }
      return copy;
    },
  });
  const outbox = r.newOutbox({ client });
  return { outbox, hold: (held) => (target = held) };
}

/** The original went once, to the contact, and the row reads it sent; the edit's text never left. */
async function expectReadsSentOnce(r: Rig, held: Held): Promise<void> {
  expect(r.store.outbox.get(held.localId)?.state).toBe('sent');
  expect(r.store.messages.get(held.localId)).toMatchObject({ status: 'SENT', text: ORIGINAL, id: held.serverId });
  expect(r.events.some((e) => e.type === 'message-status' && e.localId === held.localId && e.status === 'sent')).toBe(true);
  const server = await r.serverMessages(held.sessionId);
  expect(delivered(server)).toEqual([ORIGINAL]);
  expect(server.filter((m) => m.refId === held.refId)).toHaveLength(1);
  expect(server.filter((m) => m.text === EDITED)).toHaveLength(0);
}

describe('the contact replies while an edit of the held original ends without the edit', () => {
  it('given up after the server errors: the row reads sent at the give-up, not after a sync', async () => {
    const r = await rigs.start();
    const serverErrors = (held: Held) => {
      const entry = r.store.outbox.get(held.localId);
      return (entry && heldEditOf(entry)?.serverErrors) ?? 0;
    };
    // The reply lands during the last withdrawal: its copy already read WAIT_REPLY, the count not yet written.
    const { outbox, hold } = outboxWithReplyAfterRead(r, (held) => serverErrors(held) === HELD_EDIT_GIVE_UP_AFTER - 1);
    const held = await heldText(r, outbox, { text: ORIGINAL, protocolo: 'S-1' });
    hold(held);
    const armed = await r.sandbox.api('POST', '/control/v1/faults/scripted', null, { method: 'DELETE', path: `/chat/v1/message/${held.serverId}`, when: 'before', status: 500, times: 1000 });
    expect(armed.status).toBe(200);

    await expect(outbox.edit(held.localId, { text: EDITED })).rejects.toEqual(new HeldEditRefused('server_error'));
    const given = await eventually(() => {
      const entry = r.store.outbox.get(held.localId);
      return entry && heldEditOf(entry) === null ? entry : undefined;
    }, 'the edit given up', 15_000);
    // The row was given up (the count reached) in the same answer that settles it; the original
    // having gone first, the text typed is kept as too late, for the sent line to show.
    expect(abandonedEditOf(given)).toEqual({ text: EDITED, reason: 'too_late' });
    await expectReadsSentOnce(r, held);
    await outbox.flush();
    expect((await r.serverMessages(held.sessionId)).filter((m) => m.refId === held.refId)).toHaveLength(1);
  }, 30_000);

  it('refused (no access): the row reads sent when the refusal is said', async () => {
    const r = await rigs.start();
    const { outbox, hold } = outboxWithReplyAfterRead(r, () => true);
    const held = await heldText(r, outbox, { text: ORIGINAL, protocolo: 'S-1' });
    hold(held);
    const armed = await r.sandbox.api('POST', '/control/v1/faults/scripted', null, { method: 'DELETE', path: `/chat/v1/message/${held.serverId}`, when: 'before', status: 403, times: 1 });
    expect(armed.status).toBe(200);

    const refused = await outbox.edit(held.localId, { text: EDITED }).then(
      () => null,
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(HelenaError);
    const entry = r.store.outbox.get(held.localId);
    expect(entry && heldEditOf(entry)).toBeNull();
    await expectReadsSentOnce(r, held);
  }, 30_000);

  it('withdrawal accepted, the copy then unreadable (refused): a reply meanwhile does not make the deleted original read sent', async () => {
    const r = await rigs.start();
    let target: Held | null = null;
    const client = outboxClientWith(r.client, {
      async cancelMessage(messageId, opts) {
        const copy = await r.client.cancelMessage(messageId, opts);
        if (!target || messageId !== target.serverId) return copy;
        // HelenaCRM accepted the DELETE but answered with the copy as it was (WAIT_REPLY), so the
        // outbox reads it again; Maria writes meanwhile, and that read is refused outright.
        await r.sandbox.api('POST', '/control/v1/faults/scripted', null, { method: 'GET', path: `/chat/v1/message/${messageId}`, when: 'before', status: 403, times: 1 });
        await r.contactWrites(r.sandbox.company.contacts.maria);
        outbox.onContactReplied(target.sessionId);
        return { ...copy, status: 'WAIT_REPLY' };
      },
    });
    const outbox = r.newOutbox({ client });
    const held = await heldText(r, outbox, { text: ORIGINAL, protocolo: 'S-1' });
    target = held;

    await expect(outbox.edit(held.localId, { text: EDITED })).rejects.toBeInstanceOf(HelenaError);
    // HelenaCRM deleted the original: nothing went to the contact, and the row must not say it did.
    expect((await r.serverMessages(held.sessionId)).filter((m) => m.refId === held.refId).map((m) => m.status)).toEqual(['DELETED']);
    expect(r.store.outbox.get(held.localId)?.state).not.toBe('sent');
    expect(r.events.some((e) => e.type === 'message-status' && e.localId === held.localId && e.status === 'sent')).toBe(false);
  }, 30_000);
});
