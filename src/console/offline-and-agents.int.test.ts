/**
 * Through nothing but the console, against a real sandbox behind a TCP proxy that can cut the
 * network: an offline start with texts queued behind it, then reconnect and the reply; queued
 * messages that stay with the agent who wrote them when another agent signs in on the machine;
 * and an expired token that pauses the outbox until the next login.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { CHANNEL, TEAM, demoAgentIds } from '../../sandbox/seed';
import { api, DEMO_LOGINS, loginAs } from '../../sandbox/testing';
import { ConsoleError } from './errors';
import type { HelenaConsole } from './console';
import { connectivity, type ConsoleRig, contactNamed, nextEvent, startConsoleRig, until } from './testing/console-rig';

let rig: ConsoleRig | null = null;
afterEach(async () => {
  await rig?.close();
  rig = null;
});

const SENT = ['SENT', 'DELIVERED', 'READ'];

async function welcomeTemplate(core: HelenaConsole, teamId: string): Promise<string> {
  const templates = await core.invoke('templates.forStart', { channelId: CHANNEL.official.id, teamId });
  const id = templates.find((t) => t.name === 'boas_vindas')?.id;
  if (!id) throw new Error('no boas_vindas template');
  return id;
}

/** The network goes: the console sees it (and so the outbox is told it is offline). */
async function cutNetwork(r: ConsoleRig): Promise<void> {
  await until('online first', async () => (await connectivity(r.core)) === 'online');
  r.proxy.setMode('down');
  await until('the console offline', async () => (await connectivity(r.core)) !== 'online');
}

async function conversationOf(core: HelenaConsole, contactId: string) {
  return until('the conversation in the cache', async () => (await core.invoke('conversation.list', {})).find((c) => c.contactId === contactId && c.pendingStart === null));
}

describe('offline start through the console', () => {
  it('start + two texts while offline are queued and shown; on reconnect they go out in order; the reply releases the texts', async () => {
    rig = await startConsoleRig();
    const r = rig;
    const { core } = r;
    await r.login(DEMO_LOGINS.agent);
    const contactId = await contactNamed(core, 'sebastiao magalhaes');
    const templateId = await welcomeTemplate(core, TEAM.vendas.id);
    await cutNetwork(r);

    const started = await core.invoke('conversation.start', {
      contactId, channelId: CHANNEL.official.id, teamId: TEAM.vendas.id, templateId,
      parameters: { nome: 'Sebastião', atendente: 'Ana Lúcia' },
    });
    expect(started.conversationKey).toBe(`start:${started.localId}`);
    const first = await core.invoke('message.sendText', { sessionId: started.conversationKey, text: 'Primeira mensagem da fila.' });
    const second = await core.invoke('message.sendText', { sessionId: started.conversationKey, text: 'Segunda mensagem da fila.' });
    expect([first.state, second.state]).toEqual(['waiting_reply', 'waiting_reply']);

    // What the agent sees while offline: the start queued, the texts waiting for the reply.
    const snapshot = await core.invoke('state.snapshot', {});
    expect(snapshot.connectivity.state).not.toBe('online');
    expect(snapshot.outbox).toMatchObject({ queued: 1, waiting_reply: 2, sending: 0, sent: 0, failed: 0 });
    // All three exist only on this machine: signing out now would leave them for the next login.
    expect(snapshot.outboxHeldHere).toBe(3);
    const offline = await core.invoke('conversation.open', { sessionId: started.conversationKey });
    expect(offline.conversation).toMatchObject({ id: started.conversationKey, contactId, pendingStart: { state: 'queued' } });
    expect(offline.messages.map((m) => [m.localId, m.outboxState, m.editable, m.textEditable])).toEqual([
      [started.localId, 'queued', true, false],
      [first.localId, 'waiting_reply', true, true],
      [second.localId, 'waiting_reply', true, true],
    ]);
    // The desk lists it, so the agent can find it again before the server has it.
    const listed = (await core.invoke('conversation.list', {})).find((c) => c.id === started.conversationKey);
    expect(listed).toMatchObject({ contactId, status: 'STARTED', canWrite: true, pendingStart: { state: 'queued', failedReason: null } });
    expect(listed?.contactName).toMatch(/^Sebastião/);
    expect(listed?.lastMessageText).toMatch(/^Olá Sebastião/);
    await until('an outbox-counts event with the queue', () =>
      r.events.some((e) => e.type === 'outbox-counts' && e.counts.queued === 1 && e.counts.waiting_reply === 2),
    );

    // The network returns: the start goes, then the texts, which the server holds for the reply.
    r.proxy.setMode('pass');
    const conversation = await conversationOf(core, contactId);
    const sessionId = conversation.id;
    // Acknowledged: the session replaces the start on the desk.
    await until('the start gone from the list', async () => !(await core.invoke('conversation.list', {})).some((c) => c.pendingStart !== null));
    await until('the texts handed to the server', async () => {
      const list = (await core.invoke('conversation.open', { sessionId })).messages;
      const texts = list.filter((m) => m.localId === first.localId || m.localId === second.localId);
      return texts.length === 2 && texts.every((m) => m.id !== null && m.outboxState === 'waiting_reply');
    });
    const held = (await r.serverMessages(sessionId, DEMO_LOGINS.agent)).filter((m) => m.direction === 'FROM_HUB');
    expect(held.map((m) => m.text)).toEqual([
      'Olá Sebastião, tudo bem? Aqui é Ana Lúcia, da Helena Demo. Podemos falar sobre o seu atendimento?',
      'Primeira mensagem da fila.',
      'Segunda mensagem da fila.',
    ]);
    expect(held.map((m) => m.status === 'WAIT_REPLY')).toEqual([false, true, true]);
    expect(held[0]?.templateId).toBe(templateId);
    const handedOver = await core.invoke('state.snapshot', {});
    expect(handedOver.outbox).toMatchObject({ queued: 0, sending: 0, waiting_reply: 2, sent: 1 });
    // HelenaCRM holds the two texts now and releases them on the reply, app or no app.
    expect(handedOver.outboxHeldHere).toBe(0);
    // Held by the server now: still withdrawable; only the last one editable (an edit of the first
    // would release it after the second), and the view says so.
    const handedList = (await core.invoke('conversation.open', { sessionId })).messages;
    expect(handedList.find((m) => m.localId === first.localId)).toMatchObject({ editable: true, textEditable: false, editBlockedBy: 'later_held', cancellable: true });
    expect(handedList.find((m) => m.localId === second.localId)).toMatchObject({ editable: true, textEditable: true, editBlockedBy: null, cancellable: true });
    await expect(core.invoke('message.edit', { localId: first.localId, text: 'Outra coisa.' })).rejects.toMatchObject({ code: 'not_allowed' });

    // The contact replies: the held texts are released, in order, and nothing waits any more.
    const replied = nextEvent(core, 'contact-replied', (e) => e.sessionId === sessionId);
    await r.inbound(contactId, 'Oi, pode falar!', CHANNEL.official.id);
    await replied;
    await until('the texts released', async () => {
      const list = (await core.invoke('conversation.open', { sessionId })).messages;
      return list.filter((m) => (m.localId === first.localId || m.localId === second.localId) && m.outboxState === 'sent').length === 2;
    });
    const released = (await r.serverMessages(sessionId, DEMO_LOGINS.agent)).filter((m) => m.direction === 'FROM_HUB');
    expect(released.map((m) => m.text).slice(1)).toEqual(['Primeira mensagem da fila.', 'Segunda mensagem da fila.']);
    expect(released.every((m) => SENT.includes(m.status))).toBe(true);
    expect((await core.invoke('state.snapshot', {})).outbox).toMatchObject({ queued: 0, waiting_reply: 0, sending: 0, sent: 3 });
  });
});

describe('offline start with a media template', () => {
  it('keeps the image link with the queued start, across a restart of the core, and sends it as fileIdOrUrl on reconnect', async () => {
    rig = await startConsoleRig();
    const r = rig;
    await r.login(DEMO_LOGINS.agent);
    const contactId = await contactNamed(r.core, 'vinicius romao');
    const catalog = (await r.core.invoke('templates.forStart', { channelId: CHANNEL.official.id, teamId: TEAM.vendas.id })).find((t) => t.name === 'catalogo_produtos');
    expect(catalog?.media).toBe('image');
    await cutNetwork(r);

    // Offline the rule still holds: the cached template knows it has an image.
    const start = { contactId, channelId: CHANNEL.official.id, teamId: TEAM.vendas.id, templateId: catalog?.id ?? '', parameters: { nome: 'Vinícius' } };
    await expect(r.core.invoke('conversation.start', start)).rejects.toMatchObject({ code: 'invalid_parameters', field: 'media' });
    const link = 'https://cdn.helena-demo.com.br/catalogo/inverno.jpg';
    const started = await r.core.invoke('conversation.start', { ...start, media: link });
    expect(started.state).toBe('queued');
    const offline = await r.core.invoke('conversation.open', { sessionId: started.conversationKey });
    expect(offline.messages).toMatchObject([{ localId: started.localId, outboxState: 'queued', media: { kind: 'image', link } }]);

    // The app closes and opens again while offline: the link is on disk with the queued start.
    await r.core.close();
    await r.core.open({ location: r.dataDir, baseUrl: r.proxy.url });
    await until('signed in again from the kept token', async () => (await r.core.invoke('state.snapshot', {})).auth === 'logged_in');
    expect((await r.core.invoke('conversation.open', { sessionId: started.conversationKey })).messages[0]?.media).toEqual({ kind: 'image', link });

    r.proxy.setMode('pass');
    const conversation = await conversationOf(r.core, contactId);
    const [sent] = (await r.serverMessages(conversation.id, DEMO_LOGINS.agent)).filter((m) => m.direction === 'FROM_HUB');
    expect(sent).toMatchObject({ type: 'IMAGE', templateId: catalog?.id, details: { file: { publicUrl: link, type: 'IMAGE' } } });
    expect(sent?.text).toMatch(/^Oi Vinícius!/);
  });
});

describe('HelenaCRM reachable but failing', () => {
  it('is shown as unstable, not online, until HelenaCRM answers again', async () => {
    rig = await startConsoleRig();
    const r = rig;
    const { core } = r;
    await r.login(DEMO_LOGINS.agent);
    await until('online first', async () => (await connectivity(core)) === 'online');
    const faults = (errorRate: number) => api(r.sandbox).put('/control/v1/faults', { errorRate });
    await faults(1);
    await core.invoke('sync.now', {}).catch(() => undefined);
    await until('unstable', async () => (await connectivity(core)) === 'unstable');
    expect(r.events.some((e) => e.type === 'connectivity' && e.state === 'unstable')).toBe(true);
    await faults(0);
    await core.invoke('sync.now', {});
    await until('online again', async () => (await connectivity(core)) === 'online');
  });
});

describe('queued messages belong to the agent who wrote them', () => {
  it('another agent signing in on the machine sends none of them; they go when their author is back', async () => {
    rig = await startConsoleRig();
    const r = rig;
    const { core } = r;
    const { store } = core.requireOpen();
    await r.login(DEMO_LOGINS.agent);
    // João Pedro shares Suporte with Ana: he could see (and, without the rule, send into) her conversation.
    const contactId = await contactNamed(core, 'vinicius romao');
    const templateId = await welcomeTemplate(core, TEAM.suporte.id);
    await cutNetwork(r);
    const started = await core.invoke('conversation.start', {
      contactId, channelId: CHANNEL.official.id, teamId: TEAM.suporte.id, templateId,
      parameters: { nome: 'Vinícius', atendente: 'Ana' },
    });
    const text = await core.invoke('message.sendText', { sessionId: started.conversationKey, text: 'Mensagem da Ana.' });
    await core.invoke('auth.logout', {});
    r.proxy.setMode('pass');

    await r.login(DEMO_LOGINS.agent2);
    await until('João Pedro online', async () => (await connectivity(core)) === 'online');
    await core.currentEngines()?.outbox.flush();
    // Untouched: not tried, not failed, not lost.
    expect(store.outbox.get(started.localId)).toMatchObject({ state: 'queued', attempts: 0, lastError: null });
    expect(store.outbox.get(text.localId)).toMatchObject({ state: 'waiting_reply', attempts: 0 });
    const his = await core.invoke('state.snapshot', {});
    expect(his.agent?.email).toBe(DEMO_LOGINS.agent2);
    expect(his.outbox).toMatchObject({ queued: 0, waiting_reply: 0, sending: 0 });
    expect(his.outboxOtherAgents).toBe(2);
    const refused = await core.invoke('message.cancel', { localId: started.localId }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ConsoleError);
    expect((refused as ConsoleError).toJSON()).toMatchObject({ code: 'not_allowed', field: 'localId' });
    const shown = await core.invoke('conversation.open', { sessionId: started.conversationKey });
    expect(shown.messages.map((m) => m.editable)).toEqual([false, false]);
    const admin = await loginAs(r.sandbox, DEMO_LOGINS.admin);
    const sessions = await api(r.sandbox, admin.token).get<{ totalItems: number }>(`/chat/v2/session?ContactId=${contactId}`);
    expect(sessions.body.totalItems).toBe(0);

    // Ana is back: her start and text go out, once each, as hers.
    await core.invoke('auth.logout', {});
    await r.login(DEMO_LOGINS.agent);
    expect((await core.invoke('state.snapshot', {})).outboxOtherAgents).toBe(0);
    const conversation = await conversationOf(core, contactId);
    await until('Ana’s messages sent', () => store.outbox.get(text.localId)?.state === 'waiting_reply' && store.messages.get(text.localId)?.id);
    const server = (await r.serverMessages(conversation.id, DEMO_LOGINS.agent)).filter((m) => m.direction === 'FROM_HUB');
    expect(server.map((m) => m.refId)).toEqual([store.outbox.get(started.localId)?.refId, store.outbox.get(text.localId)?.refId]);
    expect(server.every((m) => m.userId === demoAgentIds({ key: 'agent' }).userId)).toBe(true);
    expect(conversation.userId).toBe(demoAgentIds({ key: 'agent' }).userId);
  });
});

describe('token expiry pauses the outbox', () => {
  it('while expired nothing is tried and nothing fails; the next login sends it once', async () => {
    rig = await startConsoleRig();
    const r = rig;
    const { core } = r;
    const { store } = core.requireOpen();
    await r.login(DEMO_LOGINS.agent);
    const contactId = await contactNamed(core, 'sebastiao magalhaes');
    // A QR conversation: no window, so the text would go at once if anything were sent.
    await core.invoke('conversation.start', { contactId, channelId: CHANNEL.qr.id, teamId: TEAM.vendas.id, text: 'Olá, Sebastião!' });
    const sessionId = (await conversationOf(core, contactId)).id;

    const expired = nextEvent(core, 'auth-expired');
    await api(r.sandbox).post('/control/v1/clock/advance', { hours: 13 });
    // Queued at once: whichever finds the expiry first (the socket or this send), nothing goes.
    const queued = await core.invoke('message.sendText', { sessionId, text: 'Escrito com a sessão vencida.' });
    await expired;
    const outbox = core.currentEngines()?.outbox;
    // Even if the network indicator says online, an expired token is not tried.
    outbox?.setOnline(true);
    await outbox?.flush();
    expect(store.outbox.get(queued.localId)).toMatchObject({ state: 'queued', attempts: 0, retryable: null, nextAttemptAt: null });
    expect(store.messages.get(queued.localId)?.status).toBe('LOCAL');
    const snapshot = await core.invoke('state.snapshot', {});
    expect(snapshot).toMatchObject({ auth: 'expired', outbox: { queued: 1, failed: 0, sending: 0 } });
    expect(r.events.some((e) => e.type === 'message-status' && e.localId === queued.localId && e.status === 'failed')).toBe(false);

    await r.login(DEMO_LOGINS.agent);
    await until('sent after the login', () => store.outbox.get(queued.localId)?.state === 'sent');
    const server = await r.serverMessages(sessionId, DEMO_LOGINS.agent);
    const copies = server.filter((m) => m.text === 'Escrito com a sessão vencida.');
    expect(copies).toHaveLength(1);
    expect(copies[0]?.refId).toBe(store.outbox.get(queued.localId)?.refId);
  });
});
