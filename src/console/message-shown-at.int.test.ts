/**
 * The time a message's line shows (MessageView.shownAt) is the moment the conversation is ordered by:
 * when it went out or arrived (HelenaCRM's timestamp), so a text held for the reply and released by
 * it reads after that reply; while still held, when it was written.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_LOGINS } from '../../sandbox/testing';
import { CHANNEL } from '../../sandbox/seed';
import { conversationWithNewNumber, nextEvent, startConsoleRig, until, type ConsoleRig } from './testing/console-rig';

let rig: ConsoleRig | null = null;
afterEach(async () => {
  await rig?.close();
  rig = null;
});

const REPLY = 'Pode mandar, estou aguardando.';
const HELD = 'Segue o link do boleto atualizado.';

describe('the time a message line shows', () => {
  it('is when the written text was held (WAIT_REPLY), then when HelenaCRM sent it, after the reply that released it', async () => {
    rig = await startConsoleRig();
    const r = rig;
    const { core } = r;
    await r.login(DEMO_LOGINS.agent);
    const { sessionId, contactId } = await conversationWithNewNumber(r, '+5511987650891');
    const viewOf = async (localId: string) => (await core.invoke('conversation.open', { sessionId })).messages.find((m) => m.localId === localId);

    const held = await core.invoke('message.sendText', { sessionId, text: HELD });
    await until('the text held by HelenaCRM', async () => {
      const m = await viewOf(held.localId);
      return m?.id !== null && m?.outboxState === 'waiting_reply';
    });
    const waiting = await viewOf(held.localId);
    // Not on WhatsApp yet: the line shows when it was written.
    expect(waiting?.status).toBe('WAIT_REPLY');
    expect(waiting?.shownAt).toBe(waiting?.createdAt);

    const replied = nextEvent(core, 'contact-replied', (e) => e.sessionId === sessionId);
    await r.inbound(contactId, REPLY, CHANNEL.official.id);
    await replied;
    const onServer = await r.serverMessages(sessionId, DEMO_LOGINS.agent);
    const releasedAt = onServer.find((m) => m.text === HELD)?.timestamp;
    const replyAt = onServer.find((m) => m.text === REPLY)?.timestamp;
    if (!releasedAt || !replyAt) throw new Error('HelenaCRM has no timestamp for the reply or the released text');
    const { store } = core.requireOpen();
    await until('HelenaCRM’s copy of the released text in the cache', () => store.messages.get(held.localId)?.sentAt === releasedAt);

    const messages = (await core.invoke('conversation.open', { sessionId })).messages;
    const reply = messages.find((m) => m.text === REPLY);
    const released = messages.find((m) => m.localId === held.localId);
    expect(reply?.shownAt).toBe(replyAt);
    // Shown at the moment it went, after the reply — not at its createdAt, before the reply.
    expect(released?.shownAt).toBe(releasedAt);
    expect(Date.parse(released?.createdAt ?? '')).toBeLessThan(Date.parse(replyAt));
    expect(Date.parse(released?.shownAt ?? '')).toBeGreaterThan(Date.parse(reply?.shownAt ?? ''));
  });
});
