/**
 * The two other ways a conversation begins, through the console against a real sandbox: a
 * receptive one (the contact writes first, the agent takes it with conversation.assume) and an
 * active start on an unofficial QR channel, where no template is needed.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { CHANNEL, TEAM, demoAgentIds } from '../../sandbox/seed';
import { DEMO_LOGINS } from '../../sandbox/testing';
import { ConsoleError } from './errors';
import type { HelenaConsole } from './console';
import { type ConsoleRig, contactNamed, nextEvent, startConsoleRig, until } from './testing/console-rig';

let rig: ConsoleRig | null = null;
afterEach(async () => {
  await rig?.close();
  rig = null;
});

const SENT = ['SENT', 'DELIVERED', 'READ'];
const ANA = demoAgentIds({ key: 'agent' }).userId;

async function sentText(core: HelenaConsole, sessionId: string, localId: string) {
  return until('the text sent', async () =>
    (await core.invoke('conversation.open', { sessionId })).messages.find((m) => m.localId === localId && SENT.includes(m.status)),
  );
}

describe('receptive conversation', () => {
  it('a contact writes first: PENDING in the default team with nobody; the agent assumes it and free text goes at once', async () => {
    rig = await startConsoleRig();
    const r = rig;
    const { core } = r;
    await r.login(DEMO_LOGINS.agent);
    await until('online', async () => (await core.invoke('state.snapshot', {})).connectivity.state === 'online');
    const contactId = await contactNamed(core, 'vinicius romao');

    const replied = nextEvent(core, 'contact-replied', (e) => e.contactId === contactId);
    await r.inbound(contactId, 'Boa tarde, queria saber do meu pedido.', CHANNEL.official.id);
    const { sessionId } = await replied;
    const waiting = await until('the receptive conversation in the list', async () =>
      (await core.invoke('conversation.list', {})).find((c) => c.id === sessionId),
    );
    expect(waiting).toMatchObject({ status: 'PENDING', userId: null, departmentId: TEAM.vendas.id, canWrite: false });
    expect(waiting.window.canSendFreeText).toBe(true);

    // Not hers yet: the console refuses to write, and nothing is queued.
    const refused = await core.invoke('message.sendText', { sessionId, text: 'Olá!' }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ConsoleError);
    expect((refused as ConsoleError).toJSON()).toMatchObject({ code: 'not_allowed', field: 'sessionId' });
    expect((await core.invoke('state.snapshot', {})).outbox.queued).toBe(0);

    const taken = await core.invoke('conversation.assume', { sessionId });
    expect(taken).toMatchObject({ id: sessionId, userId: ANA, status: 'IN_PROGRESS', canWrite: true });

    // The window is open because the contact wrote: the text is sent, not held.
    const text = await core.invoke('message.sendText', { sessionId, text: 'Boa tarde! Vou verificar o seu pedido agora.' });
    const sent = await sentText(core, sessionId, text.localId);
    expect(sent.outboxState).toBe('sent');
    const server = await r.serverMessages(sessionId, DEMO_LOGINS.agent);
    expect(server.map((m) => [m.direction, m.text])).toEqual([
      ['TO_HUB', 'Boa tarde, queria saber do meu pedido.'],
      ['FROM_HUB', 'Boa tarde! Vou verificar o seu pedido agora.'],
    ]);
    expect(server[1]).toMatchObject({ userId: ANA, status: expect.stringMatching(/^(SENT|DELIVERED|READ)$/) as unknown });
  });
});

describe('QR-channel start', () => {
  it('free text, no template: the conversation opens at once and free text is allowed', async () => {
    rig = await startConsoleRig();
    const r = rig;
    const { core } = r;
    await r.login(DEMO_LOGINS.agent);
    const contactId = await contactNamed(core, 'sebastiao magalhaes');
    const qr = (await core.invoke('channels.list', {})).find((c) => c.id === CHANNEL.qr.id);
    expect(qr).toMatchObject({ family: 'unofficial', needsTemplate: false });
    const cost = await core.invoke('cost.estimate', { channelId: CHANNEL.qr.id, contactId });
    expect(cost.charged).toBe(false);

    const started = await core.invoke('conversation.start', {
      contactId, channelId: CHANNEL.qr.id, teamId: TEAM.vendas.id, text: 'Oi Sebastião, aqui é a Ana da Helena Demo.',
    });
    expect(started.cost.charged).toBe(false);
    const conversation = await until('the QR conversation in the list', async () =>
      (await core.invoke('conversation.list', {})).find((c) => c.contactId === contactId && c.pendingStart === null),
    );
    expect(conversation).toMatchObject({ channelId: CHANNEL.qr.id, userId: ANA, canWrite: true, window: { canSendFreeText: true } });
    const sessionId = conversation.id;
    await sentText(core, sessionId, started.localId);

    // The contact has not written, and yet free text goes straight out (no WAIT_REPLY on a QR channel).
    const text = await core.invoke('message.sendText', { sessionId, text: 'Posso te mandar o catálogo?' });
    expect(text.state).toBe('queued');
    await sentText(core, sessionId, text.localId);
    const server = await r.serverMessages(sessionId, DEMO_LOGINS.agent);
    expect(server.map((m) => m.text)).toEqual(['Oi Sebastião, aqui é a Ana da Helena Demo.', 'Posso te mandar o catálogo?']);
    expect(server.every((m) => m.direction === 'FROM_HUB' && m.templateId === null && SENT.includes(m.status))).toBe(true);
    expect(server.some((m) => m.details.waitReply === true)).toBe(false);
  });
});
