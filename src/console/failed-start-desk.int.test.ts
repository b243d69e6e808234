/**
 * A start HelenaCRM opened but WhatsApp refused ("Número não possui WhatsApp"): the conversation's
 * summary says so, on the desk and when opened, and it is not counted as waiting for the contact;
 * a start that went is waiting, and a failed one the contact answered anyway is an ordinary one.
 */
import { describe, expect, it } from 'vitest';
import { CHANNEL } from '../../sandbox/seed';
import { DEMO_LOGINS } from '../../sandbox/testing';
import { acknowledgedStart, rigPerTest, until } from './testing/console-rig';

const rigs = rigPerTest();

describe('a start WhatsApp refused', () => {
  it('reads failed, with the reason, on the desk and in the conversation, and is not waiting for the contact', async () => {
    const r = await rigs.start();
    await r.login(DEMO_LOGINS.agent);
    const ok = await acknowledgedStart(r, '(11) 91234-5678');
    const failed = await acknowledgedStart(r, '(11) 91234-0000');
    await until('the start failed on delivery', async () => {
      const m = (await r.core.invoke('conversation.open', { sessionId: failed.sessionId })).messages.find((x) => x.localId === failed.localId);
      return m?.status === 'FAILED';
    });

    const desk = await r.core.invoke('desk.view', { filter: 'all' });
    const row = desk.items.find((c) => c.id === failed.sessionId);
    expect(row?.startFailed).toEqual({ failedReason: 'Número não possui WhatsApp', failedReasonEn: 'WhatsApp refused the message: Número não possui WhatsApp' });
    expect(desk.items.find((c) => c.id === ok.sessionId)?.startFailed ?? null).toBeNull();
    const waiting = await r.core.invoke('desk.view', { filter: 'waiting' });
    expect(waiting.items.map((c) => c.id)).toContain(ok.sessionId);
    expect(waiting.items.map((c) => c.id)).not.toContain(failed.sessionId);
    expect(waiting.counts.waiting).toBe(waiting.items.length);
    expect((await r.core.invoke('state.snapshot', {})).conversations.waitingContact).toBe(waiting.counts.waiting);
    // The list the desk does not page (conversation.list) and the opened conversation say the same.
    expect((await r.core.invoke('conversation.list', {})).find((c) => c.id === failed.sessionId)?.startFailed?.failedReason).toBe('Número não possui WhatsApp');
    const opened = await r.core.invoke('conversation.open', { sessionId: failed.sessionId });
    expect(opened.conversation?.startFailed?.failedReason).toBe('Número não possui WhatsApp');

    // The contact writes after all (the number got WhatsApp): an ordinary conversation, window open.
    const contactId = opened.conversation?.contactId;
    if (!contactId) throw new Error('no contact');
    await r.inbound(contactId, 'Oi, agora tenho WhatsApp', CHANNEL.official.id);
    const answered = await until('the reply reached the cache', async () => {
      const c = (await r.core.invoke('conversation.open', { sessionId: failed.sessionId })).conversation;
      return c?.window.state === 'open' ? c : null;
    });
    expect(answered.startFailed ?? null).toBeNull();
  }, 60_000);
});
