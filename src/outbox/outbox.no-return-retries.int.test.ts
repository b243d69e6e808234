/**
 * The point of no return vs the transport's own retries of a 'deduped' POST.
 *
 * pastNoReturn clears send_started_at when the request ends in a 4xx "refusal" and `triedBefore`
 * is false. But `triedBefore` only knows the outbox's earlier tries: inside one request the
 * transport retries a deduped POST after an unknown outcome (5xx, timeout, reset). Attempt 1 may
 * have been taken by HelenaCRM (answer lost), attempt 2 refused (401: the token expired between
 * them; 403/404/422 likewise). The marker is cleared, and the message that may be — here is — on
 * HelenaCRM becomes cancellable and editable again.
 */
import { describe, expect, it } from 'vitest';
import { HelenaClient } from '../api';
import { eventually } from '../../sandbox/conversations/test-fixture';
import type { Outbox } from './outbox';
import { conversationWithMaria, type Rig } from './testing/harness';
import { rigPerTest } from './testing/rig-per-test';

const rigs = rigPerTest();

/** An outbox whose client retries as the app's does (deduped POSTs repeated after an unknown outcome). */
async function rigWithRetryingClient(): Promise<{ r: Rig; outbox: Outbox; sessionId: string }> {
  const r = await rigs.start();
  const client = new HelenaClient({ baseUrl: r.proxy.url, getToken: () => r.agent.token, retry: { maxAttempts: 3, baseMs: 10, capMs: 20 }, timeoutMs: 3_000 });
  // r.outbox is never started: only this one sends.
  const outbox = r.newOutbox({ client });
  await outbox.start();
  const sessionId = await conversationWithMaria(r, outbox, '777');
  await r.contactWrites(r.sandbox.company.contacts.maria, 'Oi, pode falar.');
  outbox.onContactReplied(sessionId);
  return { r, outbox, sessionId };
}

async function armTakenThenRefused(r: Rig, sessionId: string, status: number): Promise<void> {
  const path = `/chat/v1/session/${sessionId}/message`;
  // Attempt 1: HelenaCRM takes the text, its answer is lost (500 after the route ran).
  await r.sandbox.api('POST', '/control/v1/faults/scripted', null, { method: 'POST', path, when: 'after', status: 500 });
  // Attempt 2 (the transport's own retry): refused before the route runs.
  await r.sandbox.api('POST', '/control/v1/faults/scripted', null, { method: 'POST', path, when: 'before', status });
}

describe('point of no return after the transport retried a deduped send', () => {
  it('a text HelenaCRM took on the first attempt, refused (401) on the transport retry, must not become cancellable', async () => {
    const { r, outbox, sessionId } = await rigWithRetryingClient();
    await armTakenThenRefused(r, sessionId, 401);
    const sent = await outbox.sendText(sessionId, 'Seu boleto vence amanhã.');
    await eventually(() => (outbox.isPausedForAuth && r.store.outbox.get(sent.localId)?.state === 'queued' ? true : undefined), 'paused for auth');
    // HelenaCRM has it (the first attempt went through).
    const onServer = (await r.serverMessages(sessionId)).filter((m) => m.refId === sent.refId);
    expect(onServer.map((m) => m.text)).toEqual(['Seu boleto vence amanhã.']);
    // Bug: cancel succeeds and the screen says "cancelado" for a message HelenaCRM has (and delivers).
    expect(await outbox.cancel(sent.localId)).toBe(false);
    // The marker must survive: the message may (here: does) already exist on HelenaCRM.
    expect(r.store.outbox.get(sent.localId)?.sendStartedAt).not.toBeNull();
  });

  it('…nor editable: the edit shown would never be what the contact gets (the retry is deduped)', async () => {
    const { r, outbox, sessionId } = await rigWithRetryingClient();
    await armTakenThenRefused(r, sessionId, 403);
    const sent = await outbox.sendText(sessionId, 'Seu boleto vence amanhã.');
    await eventually(() => (r.store.outbox.get(sent.localId)?.state === 'failed' ? true : undefined), 'failed on the 403');
    const edited = await outbox.edit(sent.localId, { text: 'Seu boleto vence hoje.' });
    await outbox.flush();
    const onServer = (await r.serverMessages(sessionId)).filter((m) => m.refId === sent.refId);
    const shown = r.store.messages.get(sent.localId)?.text;
    // What the agent sees must be what HelenaCRM has (and the contact got).
    expect(onServer.map((m) => m.text)).toEqual([shown]);
    expect(edited).toBe(false);
  });
});
