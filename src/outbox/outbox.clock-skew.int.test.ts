/**
 * The agent's computer clock runs ahead of HelenaCRM's (a PC clock drifts minutes; nothing here
 * trusts it to agree with the server's). Once a message this app sent is acknowledged, HelenaCRM's
 * later news about it — delivered, read, or FAILED ("Número não possui WhatsApp") — carries the
 * server's updatedAt, which is then "older" than the local write's time. None of it may be dropped
 * as stale: the screen would keep saying "Enviado" for a message WhatsApp never delivered.
 */
import { describe, expect, it } from 'vitest';
import { eventually } from '../../sandbox/conversations/test-fixture';
import { HelenaError } from '../api';
import { outboxClientWith, welcomeMaria } from './testing/harness';
import { rigPerTest } from './testing/rig-per-test';

const rigs = rigPerTest();

const AHEAD_MS = 2 * 60_000;

describe('the local clock ahead of HelenaCRM’s', () => {
  it('a start WhatsApp fails after it was acknowledged reads failed once sync brings the news', async () => {
    const r = await rigs.start();
    const { company } = r.sandbox;
    const ob = r.newOutbox({ now: () => Date.now() + AHEAD_MS });
    await ob.start();
    const started = await ob.startConversation({
      contactId: company.contacts.semWhats,
      channelId: company.channels.official,
      departmentId: company.teams.vendas,
      templateId: company.templates.boasVindas,
      parameters: { nome: 'Sem WhatsApp', protocolo: 'K-1' },
    });
    await ob.flush();
    const sessionId = r.store.outbox.get(started.localId)?.conversationKey ?? '';
    expect(r.store.messages.get(started.localId)?.status).toBe('SENT');

    const failed = await eventually(async () => {
      const copy = (await r.serverMessages(sessionId)).find((m) => m.refId === started.refId);
      return copy?.status === 'FAILED' ? copy : undefined;
    }, 'failed on HelenaCRM');
    // What sync does with MESSAGE_UPDATED (and a delta pass).
    r.store.messages.upsertMessages([failed]);

    const local = r.store.messages.get(started.localId);
    expect(local?.status).toBe('FAILED');
    expect(local?.failedReason).toMatch(/WhatsApp/);
  });
});

describe('the local clock put back while a text waits out a retry', () => {
  it("a 429's wait set while the clock ran an hour ahead does not hold the text for that hour once the clock is put right", async () => {
    const r = await rigs.start();
    let aheadMs = 60 * 60_000;
    let tries = 0;
    const outbox = r.newOutbox({
      now: () => Date.now() + aheadMs,
      client: outboxClientWith(r.client, {
        sendSessionMessage: (sessionId, body, opts) => {
          tries++;
          if (tries === 1) return Promise.reject(new HelenaError({ detail: { kind: 'rate_limited', retryAfterMs: 1_000 }, status: 429, key: 'test' }));
          return r.client.sendSessionMessage(sessionId, body, opts);
        },
      }),
    });
    await outbox.start();
    const started = await outbox.startConversation(welcomeMaria(r.sandbox.company, 'K-2'));
    await outbox.flush();
    const sessionId = r.store.outbox.get(started.localId)?.conversationKey ?? '';
    await r.contactWrites(r.sandbox.company.contacts.maria);
    outbox.onContactReplied(sessionId);

    const text = await outbox.sendText(sessionId, 'Segue o boleto.');
    await eventually(() => r.store.outbox.get(text.localId)?.nextAttemptAt ?? undefined, 'told to wait by the 429');
    // Windows syncs its clock after a wake: an hour back. The 429 asked for 1 s, not an hour and 1 s
    // (and a network change does not lift a 429's wait, so nothing else would send it).
    aheadMs = 0;
    await eventually(() => (r.store.outbox.get(text.localId)?.state === 'sent' ? true : undefined), 'sent once the second is over', 5_000);
    expect(tries).toBe(2);
    expect((await r.serverMessages(sessionId)).filter((m) => m.refId === text.refId)).toHaveLength(1);
  });
});
