/**
 * "Atendimentos anteriores" through the console, against a real sandbox behind a TCP proxy: João
 * da Silva's past conversations (sandbox/seed/history-demo.ts), seeded after the agent's first
 * sync so the cache has never seen them. The history asks HelenaCRM and keeps what it answers; a
 * past conversation opens with its messages and its internal note; nothing can be sent into it;
 * offline (also after a restart) the cached history still answers and says it may be incomplete;
 * each agent sees only what HelenaCRM lets them see, also from a cache another agent filled.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { CHANNEL, TEAM, demoAgentIds } from '../../sandbox/seed';
import { HISTORY_CONTACT, HISTORY_SESSION_IDS, seedHistoryDemo } from '../../sandbox/seed/history-demo';
import { DEMO_LOGINS } from '../../sandbox/testing';
import type { HelenaConsole } from './console';
import { connectivity, type ConsoleRig, nextEvent, startConsoleRig, until } from './testing/console-rig';

let rig: ConsoleRig | null = null;
afterEach(async () => {
  await rig?.close();
  rig = null;
});

const JOAO = HISTORY_CONTACT.id;
const [ESTORNO = '', SEGUNDA_VIA = '', PLANO = ''] = HISTORY_SESSION_IDS;

/** Signed in and synced; then João's past conversations appear on HelenaCRM (the cache has not seen them). */
async function signedInBeforeHistory(login: string): Promise<ConsoleRig> {
  rig = await startConsoleRig();
  await rig.login(login);
  await until('online', async () => (await connectivity(rig?.core as HelenaConsole)) === 'online');
  seedHistoryDemo(rig.sandbox.ctx);
  return rig;
}

/** João writes again: the conversation on the agent's screen, which the history leaves out. */
async function joaoWritesAgain(r: ConsoleRig): Promise<string> {
  await r.silence(JOAO);
  const replied = nextEvent(r.core, 'contact-replied', (e) => e.contactId === JOAO);
  await r.inbound(JOAO, 'Oi, o estorno ainda não caiu. O que vocês me prometeram?', CHANNEL.official.id);
  return (await replied).sessionId;
}

describe('contact.history ("Atendimentos anteriores")', () => {
  it('asks HelenaCRM for the contact’s past conversations, opens one with its messages and note, and refuses to send into it', async () => {
    const r = await signedInBeforeHistory(DEMO_LOGINS.agent);
    const { core } = r;
    const current = await joaoWritesAgain(r);
    const { store } = core.requireOpen();
    expect(store.sessions.get(ESTORNO)).toBeNull();

    // The cache alone knows nothing yet; HelenaCRM does.
    expect(await core.invoke('contact.history', { contactId: JOAO, exceptSessionId: current, cacheOnly: true })).toEqual({
      contactId: JOAO,
      items: [],
      source: 'cache',
      unheard: null,
      more: false,
    });
    const history = await core.invoke('contact.history', { contactId: JOAO, exceptSessionId: current });
    expect(history).toMatchObject({ contactId: JOAO, source: 'helena', unheard: null, more: false });
    // Ana is in Vendas and Suporte: not the Financeiro one; newest first; the conversation on screen left out.
    expect(history.items.map((c) => c.id)).toEqual([ESTORNO, PLANO]);
    expect(history.items[0]).toMatchObject({
      status: 'COMPLETED',
      channelId: CHANNEL.official.id,
      channelName: 'Helena Demo · WhatsApp Oficial',
      teamId: TEAM.suporte.id,
      teamName: 'Suporte',
      agentUserId: demoAgentIds({ key: 'agent2' }).userId,
      agentName: 'João Pedro Araújo',
      lastMessageText: 'Combinado, obrigado!',
      cachedMessages: null,
    });
    expect(history.items[1]).toMatchObject({ teamName: 'Vendas', agentName: 'Ana Lúcia Souza', channelName: 'Helena Demo · WhatsApp QR Code' });
    const [estorno] = history.items;
    expect(estorno?.endedAt && estorno.endedAt > estorno.startedAt).toBe(true);
    expect(estorno?.lastActivityAt).toBe(estorno?.endedAt);
    // Kept for next time; the desk's list of open conversations does not grow with them.
    expect(store.sessions.get(ESTORNO)).toMatchObject({ status: 'COMPLETED', contactId: JOAO });
    expect((await core.invoke('conversation.list', {})).map((c) => c.id)).not.toContain(ESTORNO);

    // Opening it fetches its messages and its internal note (none cached yet), in the order they were written.
    const opened = await core.invoke('conversation.open', { sessionId: ESTORNO });
    expect(opened.conversation).toMatchObject({ id: ESTORNO, status: 'COMPLETED', canWrite: false, contactName: 'João da Silva' });
    expect(opened.messages.map((m) => [m.kind, m.direction, m.authorName])).toEqual([
      ['message', 'TO_HUB', null],
      ['message', 'FROM_HUB', null],
      ['message', 'TO_HUB', null],
      ['note', 'FROM_HUB', 'João Pedro Araújo'],
      ['message', 'FROM_HUB', null],
      ['message', 'TO_HUB', null],
    ]);
    expect(opened.messages[3]?.text).toContain('avisar por aqui quando o Financeiro confirmar o estorno');
    expect(opened.messages.every((m) => !m.editable && !m.retryable)).toBe(true);
    // Now the history knows how much of it is here.
    const again = await core.invoke('contact.history', { contactId: JOAO, exceptSessionId: current, cacheOnly: true });
    expect(again.items.map((c) => [c.id, c.cachedMessages])).toEqual([
      [ESTORNO, 5],
      [PLANO, null],
    ]);

    // Read-only: nothing goes into a completed conversation, not even into Ana's own sale.
    const completed = { code: 'not_allowed', field: 'sessionId', message: expect.stringContaining('foi concluído') };
    await expect(core.invoke('message.sendText', { sessionId: ESTORNO, text: 'Oi de novo!' })).rejects.toMatchObject(completed);
    const plano = await core.invoke('conversation.open', { sessionId: PLANO });
    expect(plano.conversation).toMatchObject({ userId: demoAgentIds({ key: 'agent' }).userId, status: 'COMPLETED', canWrite: false });
    expect(plano.messages.map((m) => m.text)).toContain('Fechado, pode mandar o link.');
    await expect(core.invoke('message.sendText', { sessionId: PLANO, text: 'Tudo certo com o plano?' })).rejects.toMatchObject({
      ...completed,
      messageEn: expect.stringContaining('was completed'),
    });
    const template = (await core.invoke('templates.forStart', { channelId: CHANNEL.official.id, teamId: TEAM.vendas.id })).find((t) => t.name === 'boas_vindas');
    await expect(
      core.invoke('message.sendTemplate', { sessionId: ESTORNO, templateId: template?.id ?? '', parameters: { nome: 'João', atendente: 'Ana' } }),
    ).rejects.toMatchObject(completed);
    expect(store.outbox.listByConversation(ESTORNO)).toEqual([]);
    expect(store.outbox.listByConversation(PLANO)).toEqual([]);
    expect((await r.serverMessages(ESTORNO, DEMO_LOGINS.admin)).length).toBe(5);
  });

  it('answers from the cache offline, also after a restart, and says the list may be incomplete', async () => {
    const r = await signedInBeforeHistory(DEMO_LOGINS.agent);
    await r.core.invoke('contact.history', { contactId: JOAO });
    await r.core.invoke('conversation.open', { sessionId: ESTORNO });

    r.proxy.setMode('down');
    await until('the console offline', async () => (await connectivity(r.core)) !== 'online');
    const offline = await r.core.invoke('contact.history', { contactId: JOAO });
    expect(offline).toMatchObject({ source: 'cache', unheard: 'offline', more: false });
    expect(offline.items.map((c) => [c.id, c.teamName, c.agentName])).toEqual([
      [ESTORNO, 'Suporte', 'João Pedro Araújo'],
      [PLANO, 'Vendas', 'Ana Lúcia Souza'],
    ]);
    expect((await r.core.invoke('conversation.open', { sessionId: ESTORNO })).messages).toHaveLength(6);

    // The app closes and opens again, still offline: the history is on disk.
    await r.core.close();
    await r.core.open({ location: r.dataDir, baseUrl: r.proxy.url });
    await until('signed in again from the kept token', async () => (await r.core.invoke('state.snapshot', {})).auth === 'logged_in');
    const restarted = await r.core.invoke('contact.history', { contactId: JOAO });
    expect(restarted).toMatchObject({ source: 'cache', unheard: 'offline' });
    expect(restarted.items.map((c) => c.id)).toEqual([ESTORNO, PLANO]);
    // A past conversation never opened here opens with what there is: nothing, rather than a wait.
    expect((await r.core.invoke('conversation.open', { sessionId: PLANO })).messages).toEqual([]);

    r.proxy.setMode('pass');
    await until('online again', async () => (await connectivity(r.core)) === 'online', 20_000);
    expect(await r.core.invoke('contact.history', { contactId: JOAO })).toMatchObject({ source: 'helena', unheard: null });
  });

  it('shows each agent only what HelenaCRM lets them see, also from a cache another agent filled on this machine', async () => {
    const r = await signedInBeforeHistory(DEMO_LOGINS.admin);
    const admin = await r.core.invoke('contact.history', { contactId: JOAO });
    expect(admin.items.map((c) => [c.id, c.teamName])).toEqual([
      [ESTORNO, 'Suporte'],
      [SEGUNDA_VIA, 'Financeiro'],
      [PLANO, 'Vendas'],
    ]);
    await r.core.invoke('auth.logout', {});

    // Ana signs in on the same machine: the Financeiro conversation is in the cache, but not hers to see.
    await r.login(DEMO_LOGINS.agent);
    const cached = await r.core.invoke('contact.history', { contactId: JOAO, cacheOnly: true });
    expect(cached.items.map((c) => c.id)).toEqual([ESTORNO, PLANO]);
    await expect(r.core.invoke('conversation.open', { sessionId: SEGUNDA_VIA })).rejects.toMatchObject({ code: 'not_allowed' });
    await r.core.invoke('auth.logout', {});

    // Luís (restricted) sees only his own conversations: none of these.
    await r.login(DEMO_LOGINS.restricted);
    expect(await r.core.invoke('contact.history', { contactId: JOAO })).toMatchObject({ source: 'helena', items: [] });
  });
});
