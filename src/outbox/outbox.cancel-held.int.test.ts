/**
 * Withdrawing a text HelenaCRM holds for the contact's reply (WAIT_REPLY) when the answer to the
 * DELETE is lost: HelenaCRM deleted it, and the next DELETE (the client's own retry, or the agent
 * pressing "Cancelar envio" again) is refused with 409 because it is no longer WAIT_REPLY. That 409
 * must not be read as "already handed to WhatsApp": the screen would say "Enviado" (and the agent
 * "tarde demais") for a message the contact never gets.
 */
import { describe, expect, it } from 'vitest';
import { HelenaClient } from '../api';
import type { Rig } from './testing/harness';
import { heldText, replyHeardDuringWithdrawal } from './testing/held-text';
import { rigPerTest } from './testing/rig-per-test';

const rigs = rigPerTest();

/** The text HelenaCRM holds for Maria's reply, in a conversation started with her. */
const HELD = { text: 'Segue o boleto de março.', protocolo: 'C-1' };

async function loseNextDeleteAnswer(r: Rig, serverId: string): Promise<void> {
  await r.sandbox.api('POST', '/control/v1/faults/scripted', null, { method: 'DELETE', path: `/chat/v1/message/${serverId}`, when: 'after', status: 500 });
}

async function expectWithdrawn(r: Rig, sessionId: string, localId: string, refId: string): Promise<void> {
  // What the screen reads: the outbox's state wins while it is not 'sent'.
  expect(r.store.outbox.get(localId)?.state).toBe('cancelled');
  // The contact writes: HelenaCRM releases what it holds, and this one is not among them.
  await r.contactWrites(r.sandbox.company.contacts.maria);
  const onServer = (await r.serverMessages(sessionId)).filter((m) => m.refId === refId);
  expect(onServer.map((m) => m.status)).toEqual(['DELETED']);
}

describe('withdrawing a server-held text whose DELETE answer was lost', () => {
  it('the client retries the DELETE and HelenaCRM answers 409 (already deleted): cancelled, not "sent"', async () => {
    const r = await rigs.start();
    // The app's client repeats an idempotent DELETE after an unknown outcome.
    const client = new HelenaClient({ baseUrl: r.proxy.url, getToken: () => r.agent.token, retry: { maxAttempts: 3, baseMs: 10, capMs: 20 }, timeoutMs: 3_000 });
    const ob = r.newOutbox({ client });
    const held = await heldText(r, ob, HELD);
    await loseNextDeleteAnswer(r, held.serverId);

    expect(await ob.cancel(held.localId)).toBe(true);
    await expectWithdrawn(r, held.sessionId, held.localId, held.refId);
  });

  it('the agent presses cancel again after the first one failed: cancelled, not "sent"', async () => {
    const r = await rigs.start();
    const ob = r.newOutbox();
    const held = await heldText(r, ob, HELD);
    await loseNextDeleteAnswer(r, held.serverId);

    await expect(ob.cancel(held.localId)).rejects.toThrow();
    expect(r.store.outbox.get(held.localId)?.state).toBe('waiting_reply');
    expect(await ob.cancel(held.localId)).toBe(true);
    await expectWithdrawn(r, held.sessionId, held.localId, held.refId);
  });

  it('a text HelenaCRM really released first is still refused as too late, and reads sent', async () => {
    const r = await rigs.start();
    const ob = r.newOutbox();
    const held = await heldText(r, ob, HELD);
    // The contact writes, but this app has not heard of it yet: HelenaCRM released the text.
    await r.contactWrites(r.sandbox.company.contacts.maria);

    expect(await ob.cancel(held.localId)).toBe(false);
    expect(r.store.outbox.get(held.localId)?.state).toBe('sent');
    expect(r.store.messages.get(held.localId)?.status).toMatch(/^(SENT|DELIVERED|READ)$/);
  });

  it('HelenaCRM deleted it, but a reply heard while the DELETE was on its way marked it sent here: cancelled', async () => {
    const r = await rigs.start();
    const race = replyHeardDuringWithdrawal(r);
    const outbox = r.newOutbox({ client: race.client });
    const held = await heldText(r, outbox, HELD);
    race.onHeard(() => outbox.onContactReplied(held.sessionId));

    expect(await outbox.cancel(held.localId)).toBe(true);
    expect(r.store.outbox.get(held.localId)?.state).toBe('cancelled');
    const onServer = (await r.serverMessages(held.sessionId)).filter((m) => m.refId === held.refId);
    expect(onServer.map((m) => m.status)).toEqual(['DELETED']);
  });
});
