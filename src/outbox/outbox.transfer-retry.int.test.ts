/**
 * A send whose answer was lost, retried (same refId) after the conversation was transferred away:
 * what HelenaCRM (the sandbox) answers the retry and what the outbox makes of it. Also a text
 * HelenaCRM holds for the reply (WAIT_REPLY) when the conversation leaves the agent's sight.
 */
import { describe, expect, it } from 'vitest';
import type { HelenaClient } from '../api';
import { eventually } from '../../sandbox/conversations/test-fixture';
import type { Outbox } from './outbox';
import { conversationWithMaria, outboxClientWith, welcomeMaria, type Rig } from './testing/harness';
import { rigPerTest } from './testing/rig-per-test';

const rigs = rigPerTest();

type Transfer = { type: 'DEPARTMENT'; newDepartmentId: string } | { type: 'USER'; newUserId: string };

async function transfer(r: Rig, sessionId: string, to: Transfer): Promise<void> {
  const res = await r.sandbox.api('PUT', `/chat/v1/session/${sessionId}/transfer`, r.agent.token, to);
  if (res.status !== 200) throw new Error(`transfer: HTTP ${res.status} ${JSON.stringify(res.body)}`);
}

/** Ana's open conversation with Maria, as the server lists it (the start's answer never came). */
async function mariasSession(r: Rig): Promise<string> {
  const res = await r.sandbox.api<{ items: { id: string; contactId: string; status: string }[] }>('GET', '/chat/v2/session?PageSize=100', r.agent.token);
  const found = res.body.items.find((s) => s.contactId === r.sandbox.company.contacts.maria && s.status !== 'COMPLETED');
  if (!found) throw new Error('no session for Maria');
  return found.id;
}

/** A conversation with Maria, started and answered (window open), by the rig's own outbox. */
async function openConversation(r: Rig): Promise<string> {
  await r.outbox.start();
  const sessionId = await conversationWithMaria(r, r.outbox, '900');
  await r.outbox.stop();
  await r.contactWrites(r.sandbox.company.contacts.maria, 'Oi, pode falar.');
  return sessionId;
}

/**
 * An outbox whose first `which` call reaches HelenaCRM (taken) but whose answer is lost (500 after
 * the route ran); before that loss reaches the outbox, `meanwhile` runs (the transfer).
 */
function lostThenMeanwhile(r: Rig, which: 'sendSessionMessage' | 'sendTemplate', meanwhile: () => Promise<void>): Outbox {
  const real: HelenaClient = r.client;
  let first = true;
  const wrap = <A extends unknown[], T>(call: (...args: A) => Promise<T>) =>
    async (...args: A): Promise<T> => {
      if (!first) return call(...args);
      first = false;
      try {
        return await call(...args);
      } catch (error) {
        await meanwhile();
        throw error;
      }
    };
  const overrides =
    which === 'sendTemplate'
      ? { sendTemplate: wrap((body: Parameters<HelenaClient['sendTemplate']>[0], opts?: Parameters<HelenaClient['sendTemplate']>[1]) => real.sendTemplate(body, opts)) }
      : { sendSessionMessage: wrap((id: string, body: Parameters<HelenaClient['sendSessionMessage']>[1], opts?: Parameters<HelenaClient['sendSessionMessage']>[2]) => real.sendSessionMessage(id, body, opts)) };
  return r.newOutbox({ client: outboxClientWith(real, overrides) });
}

async function loseAnswerOf(r: Rig, path: string): Promise<void> {
  await r.sandbox.api('POST', '/control/v1/faults/scripted', null, { method: 'POST', path, when: 'after', status: 500 });
}

const settled = (r: Rig, localId: string) => () => {
  const state = r.store.outbox.get(localId)?.state;
  return state === 'sent' || state === 'failed' || state === 'cancelled' ? state : undefined;
};

describe('a retry (same refId) after the conversation was transferred', () => {
  it('text taken, answer lost, transferred to a teammate: the retry is deduped and the text shows sent, once', async () => {
    const r = await rigs.start();
    const sessionId = await openConversation(r);
    await loseAnswerOf(r, `/chat/v1/session/${sessionId}/message`);
    const outbox = lostThenMeanwhile(r, 'sendSessionMessage', () => transfer(r, sessionId, { type: 'USER', newUserId: r.sandbox.company.agents.sofia.userId }));
    await outbox.start();
    const sent = await outbox.sendText(sessionId, 'Seu boleto vence amanhã.');
    const outcome = await eventually(settled(r, sent.localId), 'settled');
    const onServer = (await r.serverMessages(sessionId)).filter((m) => m.refId === sent.refId);
    expect(onServer).toHaveLength(1);
    expect(outcome).toBe('sent');
  });

  it('text taken, answer lost, transferred to another team: the retry is refused (404) and the text fails saying it may have reached the contact, never sent twice', async () => {
    const r = await rigs.start();
    const sessionId = await openConversation(r);
    await loseAnswerOf(r, `/chat/v1/session/${sessionId}/message`);
    const outbox = lostThenMeanwhile(r, 'sendSessionMessage', () => transfer(r, sessionId, { type: 'DEPARTMENT', newDepartmentId: r.sandbox.company.teams.suporte }));
    await outbox.start();
    const sent = await outbox.sendText(sessionId, 'Seu boleto vence amanhã.');
    expect(await eventually(settled(r, sent.localId), 'settled')).toBe('failed');
    // The contact has it, once (the admin still sees the conversation).
    const admin = r.sandbox.company.agents.admin;
    const all = await r.sandbox.api<{ items: { refId: string | null }[] }>('GET', `/chat/v1/session/${sessionId}/message?PageSize=100`, admin.token);
    expect(all.body.items.filter((m) => m.refId === sent.refId)).toHaveLength(1);
    // The agent reads why in pt-BR: not "Não encontrado…", which says nothing of the transfer nor of the contact.
    const entry = r.store.outbox.get(sent.localId);
    expect(entry?.lastErrorCode?.code).toBe('conversation_gone_unconfirmed');
    expect(entry?.lastError).toContain('pode ter chegado ao contato');
    expect(entry?.retryable).toBe(false);
    expect(r.store.messages.get(sent.localId)?.status).toBe('FAILED');
    // Nothing more goes: the outbox does not try it again.
    await outbox.flush();
    expect(r.store.outbox.get(sent.localId)?.attempts).toBe(2);
  });

  it('start taken, answer lost, transferred to another team: the retry\'s 409 "refId already used" shows the start sent (pt-BR), and the text queued behind it fails unsent', async () => {
    const r = await rigs.start();
    await loseAnswerOf(r, '/chat/v1/send/template');
    let sessionId = '';
    const outbox = lostThenMeanwhile(r, 'sendTemplate', async () => {
      sessionId = await mariasSession(r);
      await transfer(r, sessionId, { type: 'DEPARTMENT', newDepartmentId: r.sandbox.company.teams.suporte });
    });
    await outbox.start();
    const started = await outbox.startConversation(welcomeMaria(r.sandbox.company, '901'));
    const follower = await outbox.sendText(started.conversationKey, 'Qualquer dúvida, estou aqui.');
    // Before the fix: 'failed', "Conflito no HelenaCRM: refId … was already used for another message."
    expect(await eventually(settled(r, started.localId), 'start settled')).toBe('sent');
    const start = r.store.outbox.get(started.localId);
    expect(start?.lastErrorCode?.code).toBe('sent_conversation_gone');
    expect(start?.lastError).not.toMatch(/refId|already used/);
    expect(r.store.messages.get(started.localId)?.status).toBe('SENT');
    // Before the fix the follower stayed 'queued' for ever behind a start that never got its session.
    expect(await eventually(settled(r, follower.localId), 'follower settled')).toBe('failed');
    expect(r.store.outbox.get(follower.localId)?.lastErrorCode?.code).toBe('conversation_gone_unsent');
    expect(r.store.outbox.get(follower.localId)?.sendStartedAt).toBeNull();
    // The contact got the welcome template once, and nothing else.
    const admin = r.sandbox.company.agents.admin;
    const all = await r.sandbox.api<{ items: { refId: string | null; direction: string }[] }>('GET', `/chat/v1/session/${sessionId}/message?PageSize=100`, admin.token);
    expect(all.body.items.filter((m) => m.direction === 'FROM_HUB').map((m) => m.refId)).toEqual([started.refId]);
  });
});

describe('a text HelenaCRM holds for the reply (WAIT_REPLY) when the conversation is transferred away', () => {
  it('stays held with a pt-BR reason (never sent again, never "sent" locally); a text queued after it fails unsent; HelenaCRM releases the held one once, to the new owner', async () => {
    const r = await rigs.start();
    await r.outbox.start();
    const started = await r.outbox.startConversation(welcomeMaria(r.sandbox.company, '902'));
    await r.outbox.flush();
    const sessionId = r.store.outbox.get(started.localId)?.conversationKey ?? '';
    // The window never opened (only the template went): HelenaCRM holds the text.
    const held = await r.outbox.sendText(sessionId, 'Assim que responder, te mando o boleto.');
    await r.outbox.flush();
    expect(r.store.messages.get(held.localId)?.status).toBe('WAIT_REPLY');
    expect(r.store.outbox.get(held.localId)?.state).toBe('waiting_reply');

    await transfer(r, sessionId, { type: 'DEPARTMENT', newDepartmentId: r.sandbox.company.teams.suporte });
    // What sync does when the conversation leaves the agent's sight (SessionsRepo.removeIfUnchanged), and tells the outbox.
    const cached = r.store.sessions.get(sessionId);
    expect(r.store.sessions.removeIfUnchanged(sessionId, cached?.updatedAt ?? '')).toBe(true);
    const later = await r.outbox.sendText(sessionId, 'Qualquer dúvida, estou aqui.');
    r.outbox.onSessionChanged(sessionId);
    await r.outbox.flush();

    const entry = r.store.outbox.get(held.localId);
    expect(entry?.state).toBe('waiting_reply');
    expect(entry?.attempts).toBe(1);
    expect(entry?.lastErrorCode?.code).toBe('held_conversation_gone');
    // Before the fix: sent, refused (404) and failed as "Não encontrado no HelenaCRM…".
    expect(r.store.outbox.get(later.localId)?.state).toBe('failed');
    expect(r.store.outbox.get(later.localId)?.lastErrorCode?.code).toBe('conversation_gone_unsent');
    expect(r.store.outbox.get(later.localId)?.sendStartedAt).toBeNull();

    // The contact replies: HelenaCRM releases the held text, once; the later one never went.
    await r.contactWrites(r.sandbox.company.contacts.maria, 'Oi');
    const admin = r.sandbox.company.agents.admin;
    const all = await r.sandbox.api<{ items: { refId: string | null; status: string; direction: string }[] }>('GET', `/chat/v1/session/${sessionId}/message?PageSize=100`, admin.token);
    const fromHub = all.body.items.filter((m) => m.direction === 'FROM_HUB');
    expect(fromHub.map((m) => [m.refId, m.status])).toEqual([
      [started.refId, expect.any(String)],
      [held.refId, 'SENT'],
    ]);
  });
});
