/**
 * Whose messages go and when, at outbox level against the sandbox: entries belong to the agent
 * who wrote them (another agent's outbox leaves them untouched and counts them apart), and a 401
 * for an expired token pauses sending instead of retrying, until setAuthorized(true).
 */
import { describe, expect, it } from 'vitest';
import { eventually } from '../../sandbox/conversations/test-fixture';
import { loginAs } from '../../sandbox/testing';
import { HelenaClient } from '../api';
import type { MessageDTO } from '../api/helena-dto';
import type { CoreEvent } from '../console/core-events';
import { authorOf } from './authors';
import type { Outbox } from './outbox';
import { clientFor, conversationWithMaria, type Rig } from './testing/harness';
import { rigPerTest } from './testing/rig-per-test';

const rigs = rigPerTest();

function outboxFor(r: Rig, agentId: string, client: HelenaClient, events: CoreEvent[] = []): Outbox {
  const outbox = r.newOutbox({ agentId, client });
  outbox.on((e) => events.push(e));
  return outbox;
}

describe('queued messages belong to their author', () => {
  it('another agent’s outbox sends none of them and counts them apart; the author’s sends them', async () => {
    const r = await rigs.start();
    const { ana, bruno } = r.sandbox.company.agents;
    await r.outbox.stop();
    const anas = outboxFor(r, ana.userId, r.client);
    await anas.start();
    const sessionId = await conversationWithMaria(r, anas, '9');
    await r.contactWrites(r.sandbox.company.contacts.maria);
    anas.onContactReplied(sessionId);
    anas.setOnline(false);
    const a1 = await anas.sendText(sessionId, 'da Ana, 1');
    const a2 = await anas.sendText(sessionId, 'da Ana, 2');
    expect(authorOf(r.store, a1.localId)).toBe(ana.userId);
    await anas.stop();

    const brunoEvents: CoreEvent[] = [];
    const brunos = outboxFor(r, bruno.userId, clientFor(r.proxy.url, bruno.token), brunoEvents);
    await brunos.start();
    brunos.onContactReplied(sessionId);
    await brunos.flush();
    expect(r.store.outbox.get(a1.localId)).toMatchObject({ state: 'queued', attempts: 0 });
    expect(r.store.outbox.get(a2.localId)).toMatchObject({ state: 'queued', attempts: 0 });
    expect(await brunos.edit(a1.localId, { text: 'do Bruno' })).toBe(false);
    expect(await brunos.cancel(a2.localId)).toBe(false);
    // Bruno's own message counts as his; Ana's two are "other agents'".
    const mine = await brunos.sendText(sessionId, 'do Bruno');
    await eventually(() => brunoEvents.findLast((e) => e.type === 'outbox-counts'), 'counts');
    const counts = brunoEvents.findLast((e) => e.type === 'outbox-counts');
    expect(counts).toMatchObject({ type: 'outbox-counts', otherAgents: 2 });
    expect(counts?.type === 'outbox-counts' && counts.counts.sent).toBe(0);
    expect(authorOf(r.store, mine.localId)).toBe(bruno.userId);
    await brunos.stop();

    const again = outboxFor(r, ana.userId, r.client);
    await again.start();
    again.onContactReplied(sessionId);
    await again.flush();
    const server = await r.serverMessages(sessionId);
    expect(server.filter((m) => m.refId === a1.refId || m.refId === a2.refId).map((m) => [m.text, m.userId])).toEqual([
      ['da Ana, 1', ana.userId],
      ['da Ana, 2', ana.userId],
    ]);
  });
});

describe('an expired token pauses the outbox', () => {
  it('the 401 puts the message back untried, nothing else is tried, and setAuthorized(true) sends each once', async () => {
    const r = await rigs.start();
    const { ana } = r.sandbox.company.agents;
    await r.outbox.stop();
    let token = ana.token;
    const client = new HelenaClient({ baseUrl: r.proxy.url, getToken: () => token, retry: { maxAttempts: 1 }, timeoutMs: 3_000 });
    const events: CoreEvent[] = [];
    const outbox = outboxFor(r, ana.userId, client, events);
    await outbox.start();
    const sessionId = await conversationWithMaria(r, outbox, '9');

    // Past the fixture's 90-day token.
    await r.sandbox.api('POST', '/control/v1/clock/advance', null, { hours: 24 * 91 });
    const first = await outbox.sendText(sessionId, 'depois do vencimento');
    await outbox.flush();
    expect(outbox.isPausedForAuth).toBe(true);
    const second = await outbox.sendText(sessionId, 'outra');
    await outbox.flush();
    for (const m of [first, second]) {
      expect(r.store.outbox.get(m.localId)).toMatchObject({ attempts: 0, nextAttemptAt: null, retryable: null });
      expect(r.store.outbox.get(m.localId)?.state).toMatch(/^(queued|waiting_reply)$/);
      expect(r.store.messages.get(m.localId)?.status).toBe('LOCAL');
    }
    expect(r.store.outbox.get(first.localId)?.lastError).toMatch(/expirou/);
    expect(events.some((e) => e.type === 'message-status' && e.status === 'failed')).toBe(false);

    // A new login (the fixture's own token expired with the clock, so the server is read with the new one).
    token = (await loginAs(r.sandbox, ana.email)).token;
    const serverMessages = async () =>
      (await r.sandbox.api<{ items: MessageDTO[] }>('GET', `/chat/v1/session/${sessionId}/message?PageSize=100`, token)).body.items;
    expect((await serverMessages()).some((m) => m.text === 'depois do vencimento')).toBe(false);
    await r.contactWrites(r.sandbox.company.contacts.maria);
    outbox.onContactReplied(sessionId);
    outbox.setAuthorized(true);
    await outbox.flush();
    expect(outbox.isPausedForAuth).toBe(false);
    const server = await serverMessages();
    expect(server.filter((m) => m.refId === first.refId)).toHaveLength(1);
    expect(server.filter((m) => m.refId === second.refId)).toHaveLength(1);
    expect(server.filter((m) => m.direction === 'FROM_HUB').map((m) => m.text).slice(-2)).toEqual(['depois do vencimento', 'outra']);
    expect([r.store.outbox.get(first.localId)?.state, r.store.outbox.get(second.localId)?.state]).toEqual(['sent', 'sent']);
  });
});
