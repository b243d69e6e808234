/**
 * A text held for the contact's reply reaches WhatsApp after that reply, so the conversation reads
 * reply first, then the text — as the contact saw it — whether HelenaCRM held it (WAIT_REPLY,
 * released by the reply) or this computer did (written offline, sent once the reply was heard).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { api, DEMO_LOGINS } from '../../sandbox/testing';
import { CHANNEL } from '../../sandbox/seed';
import { conversationWithNewNumber, nextEvent, startConsoleRig, until, type ConsoleRig } from './testing/console-rig';

let rig: ConsoleRig | null = null;
afterEach(async () => {
  await rig?.close();
  rig = null;
});

const REPLY = 'Pode mandar, estou aguardando.';
const HELD = 'Segue o link do boleto atualizado.';

async function texts(r: ConsoleRig, sessionId: string): Promise<(string | null)[]> {
  return (await r.core.invoke('conversation.open', { sessionId })).messages.map((m) => m.text);
}

describe('a text held for the reply, in the conversation once released', () => {
  it('HelenaCRM held it (WAIT_REPLY): the reply, then the text, with the release timestamped after the reply', async () => {
    rig = await startConsoleRig();
    const r = rig;
    const { core } = r;
    await r.login(DEMO_LOGINS.agent);
    const { sessionId, contactId } = await conversationWithNewNumber(r, '+5511987650881');

    const held = await core.invoke('message.sendText', { sessionId, text: HELD });
    await until('the text held by HelenaCRM', async () => {
      const m = (await core.invoke('conversation.open', { sessionId })).messages.find((x) => x.localId === held.localId);
      return m?.id !== null && m?.outboxState === 'waiting_reply';
    });
    const heldOnServer = (await r.serverMessages(sessionId, DEMO_LOGINS.agent)).find((m) => m.text === HELD);
    // Not on WhatsApp yet: no timestamp.
    expect(heldOnServer).toMatchObject({ status: 'WAIT_REPLY', timestamp: null });

    const replied = nextEvent(core, 'contact-replied', (e) => e.sessionId === sessionId);
    await r.inbound(contactId, REPLY, CHANNEL.official.id);
    await replied;
    // Released: HelenaCRM's copy (SENT, with its timestamp) is in the cache.
    const { store } = core.requireOpen();
    await until('the released copy in the cache', () => store.messages.get(held.localId)?.status === 'SENT' && store.messages.get(held.localId)?.sentAt);

    const onServer = await r.serverMessages(sessionId, DEMO_LOGINS.agent);
    const reply = onServer.find((m) => m.text === REPLY);
    const released = onServer.find((m) => m.text === HELD);
    // Released (the sandbox's receipts may already have moved it on to DELIVERED or READ).
    expect(released).toMatchObject({ details: { waitReply: true } });
    expect(['SENT', 'DELIVERED', 'READ']).toContain(released?.status);
    // Written before the reply, sent after it.
    expect(Date.parse(released?.createdAt ?? '')).toBeLessThan(Date.parse(reply?.createdAt ?? ''));
    expect(Date.parse(released?.timestamp ?? '')).toBeGreaterThan(Date.parse(reply?.timestamp ?? ''));

    const shown = await texts(r, sessionId);
    expect(shown.slice(-2)).toEqual([REPLY, HELD]);
    // The desk's last line is the last one the conversation shows.
    expect((await core.invoke('conversation.list', {})).find((c) => c.id === sessionId)?.lastMessageText).toBe(HELD);
  });

  it('this computer held it (written offline): last while it waits, and after the reply once it goes', async () => {
    rig = await startConsoleRig();
    const r = rig;
    const { core } = r;
    await r.login(DEMO_LOGINS.agent);
    const { sessionId, contactId } = await conversationWithNewNumber(r, '+5511987650882');
    await until('online', async () => (await core.invoke('state.snapshot', {})).connectivity.state === 'online');

    r.proxy.setMode('down');
    await until('offline', async () => (await core.invoke('state.snapshot', {})).connectivity.state !== 'online');
    const held = await core.invoke('message.sendText', { sessionId, text: HELD });
    expect(held.state).toBe('waiting_reply');
    // The contact writes while this computer is offline, after the text was written.
    await new Promise((resolve) => setTimeout(resolve, 20));
    await r.inbound(contactId, REPLY, CHANNEL.official.id);
    // Back online, HelenaCRM refuses the text for a while: the reply is heard, the text not gone.
    const armed = await api(r.sandbox).post('/control/v1/faults/scripted', {
      method: 'POST', path: `/chat/v1/session/${sessionId}/message`, when: 'before', status: 503, times: 1000,
    });
    expect(armed.status).toBe(200);
    r.proxy.setMode('pass');
    await until('the reply in the conversation', async () => (await texts(r, sessionId)).includes(REPLY));
    const waiting = (await core.invoke('conversation.open', { sessionId })).messages;
    expect(waiting.find((m) => m.localId === held.localId)?.id).toBeNull();
    // Not gone yet: last, below the reply it waited for.
    expect(waiting.map((m) => m.text).slice(-2)).toEqual([REPLY, HELD]);

    await api(r.sandbox).delete('/control/v1/faults/scripted');
    await core.checkConnectionNow();
    await until('the text handed to HelenaCRM', async () =>
      (await core.invoke('conversation.open', { sessionId })).messages.find((m) => m.localId === held.localId)?.id,
    );
    expect((await texts(r, sessionId)).slice(-2)).toEqual([REPLY, HELD]);
    const { store } = core.requireOpen();
    const sentCopy = (await r.serverMessages(sessionId, DEMO_LOGINS.agent)).find((m) => m.text === HELD);
    // It went once the reply was heard: HelenaCRM's copy is timestamped after the reply.
    expect(Date.parse(sentCopy?.timestamp ?? '')).toBeGreaterThan(Date.parse((await r.serverMessages(sessionId, DEMO_LOGINS.agent)).find((m) => m.text === REPLY)?.timestamp ?? ''));
    await until('HelenaCRM’s copy in the cache', () => store.messages.get(held.localId)?.sentAt === sentCopy?.timestamp);
    expect((await texts(r, sessionId)).slice(-2)).toEqual([REPLY, HELD]);
  });
});
