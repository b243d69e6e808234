/**
 * The contact replies while a text to them is in flight: the server stores the text as
 * WAIT_REPLY, the reply releases it at once, and only then does the answer (WAIT_REPLY) reach the
 * outbox, after sync already told it the contact replied. The outbox must not keep that text as
 * 'waiting_reply': nothing would ever release it again, and the agent would see "waiting for the
 * contact" on a message the contact already has, and might send it twice.
 */
import { describe, expect, it } from 'vitest';
import { eventually } from '../../sandbox/conversations/test-fixture';
import type { HelenaClient } from '../api';
import type { OutboxClient } from './outbox';
import { outboxClientWith, welcomeMaria } from './testing/harness';
import { rigPerTest } from './testing/rig-per-test';

const rigs = rigPerTest();

/** The rig's client, but a session send's answer waits for `open()` once the server has acted. */
function answerHeldUntilOpened(real: HelenaClient): { client: OutboxClient; open(): void } {
  let open = () => undefined as void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  const client: OutboxClient = outboxClientWith(real, {
    async sendSessionMessage(sessionId, body, opts) {
      const answer = await real.sendSessionMessage(sessionId, body, opts);
      await gate;
      return answer;
    },
  });
  return { client, open: () => open() };
}

describe('outbox: the contact replies while a text to them is in flight', () => {
  it('the text ends sent, not waiting for a reply that already came', async () => {
    const r = await rigs.start();
    const { company } = r.sandbox;
    const held = answerHeldUntilOpened(r.client);
    const outbox = r.newOutbox({ client: held.client });
    await outbox.start();
    const start = await outbox.startConversation(welcomeMaria(company, 'R-1'));
    await outbox.flush();
    const sessionId = r.store.outbox.get(start.localId)?.conversationKey ?? '';
    expect(sessionId).not.toMatch(/^start:/);

    const text = await outbox.sendText(sessionId, 'Consegue me confirmar o endereço?');
    await eventually(async () => ((await r.serverMessages(sessionId)).find((m) => m.refId === text.refId)?.status === 'WAIT_REPLY' ? true : undefined), 'held by the server');
    await r.contactWrites(company.contacts.maria);
    // What the console does when sync sees the contact's message; the answer is still on its way.
    outbox.onContactReplied(sessionId);
    held.open();
    await outbox.flush();

    expect((await r.serverMessages(sessionId)).find((m) => m.refId === text.refId)?.status).toMatch(/^(SENT|DELIVERED|READ)$/);
    expect(r.store.outbox.get(text.localId)?.state).toBe('sent');
    expect(r.store.messages.get(text.localId)?.status).not.toBe('WAIT_REPLY');
  });
});
