/**
 * An edit of a held text left to the background (HelenaCRM answered the withdrawal with a server
 * error), where the contact replies before the next try: that try finds the original released. No
 * "Editar" call is waiting to tell the agent it was too late, so the row keeps the text they typed,
 * with the reason (abandonedEditOf, 'too_late'), for the line to say the edit was not made and show
 * it. Nothing of it is sent. Real sandbox: its scripted fault answers the first DELETE 500 before acting.
 */
import { describe, expect, it } from 'vitest';
import { eventually } from '../../sandbox/conversations/test-fixture';
import { abandonedEditOf, HeldEditRefused, heldEditOf } from './held-edit';
import { outboxClientWith, type Rig } from './testing/harness';
import { delivered, heldText } from './testing/held-text';
import { rigPerTest } from './testing/rig-per-test';

const rigs = rigPerTest();

const ORIGINAL = 'Segue o boleto de março.';
const EDITED = 'Segue o boleto de abril.';

/**
 * The rig's client, but every withdrawal after the first waits until `open()`: the background
 * retry is held back until the contact has replied, whatever the backoff.
 */
function retriesHeldBack(r: Rig): { client: ReturnType<typeof outboxClientWith>; retryWaiting(): boolean; open(): void } {
  let deletes = 0;
  let waiting = false;
  let open = () => undefined as void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  const client = outboxClientWith(r.client, {
    async cancelMessage(messageId, opts) {
      if (++deletes > 1) {
        waiting = true;
        await opened;
      }
      return r.client.cancelMessage(messageId, opts);
    },
  });
  return { client, retryWaiting: () => waiting, open: () => open() };
}

describe('the background retry of an edit finds the original released by the reply', () => {
  it('the row reads sent, keeps the typed text as too late, and only the original is on HelenaCRM', async () => {
    const r = await rigs.start();
    const gate = retriesHeldBack(r);
    const outbox = r.newOutbox({ client: gate.client });
    const held = await heldText(r, outbox, { text: ORIGINAL, protocolo: 'S-1' });
    const armed = await r.sandbox.api('POST', '/control/v1/faults/scripted', null, { method: 'DELETE', path: `/chat/v1/message/${held.serverId}`, when: 'before', status: 500, times: 1 });
    expect(armed.status).toBe(200);

    await expect(outbox.edit(held.localId, { text: EDITED })).rejects.toEqual(new HeldEditRefused('server_error'));
    await eventually(() => (gate.retryWaiting() ? true : undefined), 'the background retry under way', 10_000);

    // Maria replies while the retry waits: HelenaCRM releases the original.
    await r.contactWrites(r.sandbox.company.contacts.maria);
    outbox.onContactReplied(held.sessionId);
    const seen = r.events.length;
    gate.open();

    const settled = await eventually(() => {
      const entry = r.store.outbox.get(held.localId);
      return entry && heldEditOf(entry) === null ? entry : undefined;
    }, 'the retry settled', 15_000);
    expect(settled.state).toBe('sent');
    expect(settled.refId).toBe(held.refId);
    expect(abandonedEditOf(settled)).toEqual({ text: EDITED, reason: 'too_late' });
    expect(r.store.messages.get(held.localId)).toMatchObject({ text: ORIGINAL, id: held.serverId, refId: held.refId });
    // HelenaCRM's copy, as read by the retry: released, and by then perhaps already delivered.
    expect(['SENT', 'DELIVERED', 'READ']).toContain(r.store.messages.get(held.localId)?.status);
    expect(r.events.slice(seen).some((e) => e.type === 'message-status' && e.localId === held.localId && e.status === 'sent')).toBe(true);

    // Nothing of the edit goes afterwards either.
    await outbox.flush();
    const server = await r.serverMessages(held.sessionId);
    expect(delivered(server)).toEqual([ORIGINAL]);
    expect(server.filter((m) => m.direction === 'FROM_HUB' && m.templateId === null)).toHaveLength(1);
    expect(server.filter((m) => m.text === EDITED)).toHaveLength(0);
    expect(abandonedEditOf(r.store.outbox.get(held.localId) ?? settled)).toEqual({ text: EDITED, reason: 'too_late' });
  }, 30_000);
});
