/**
 * A transfer with a note for whoever receives it, through the console against a real sandbox
 * behind a TCP proxy: the note is on HelenaCRM (authored by the agent transferring) before the
 * transfer, so the receiving team reads it; a transfer HelenaCRM refuses keeps the note and says
 * why, and trying again does not write it twice; offline nothing is transferred, the note waits in
 * the queue and the agent reads what a transfer offline has always said.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { MessageDTO } from '../api/helena-dto';
import { CHANNEL, demoAgentIds, TEAM } from '../../sandbox/seed';
import { api, DEMO_LOGINS, loginAs } from '../../sandbox/testing';
import { consoleText } from './console-messages';
import { nextEvent, startConsoleRig, until, type ConsoleRig } from './testing/console-rig';

let rig: ConsoleRig | null = null;
afterEach(async () => {
  await rig?.close();
  rig = null;
});

const ANA = demoAgentIds({ key: 'agent' }).userId;
const JOAO_PEDRO = demoAgentIds({ key: 'agent2' }).userId;
const NOTE = 'Cliente quer 2ª via do boleto, já confirmei o CPF.';

/** A contact writes first (Vendas queue) and Ana takes the conversation. */
async function anasConversation(r: ConsoleRig, query: string): Promise<string> {
  const contactId = (await r.core.invoke('contacts.search', { query })).items[0]?.id ?? '';
  await r.silence(contactId);
  const replied = nextEvent(r.core, 'contact-replied', (e) => e.contactId === contactId);
  await r.inbound(contactId, 'Bom dia, preciso da segunda via do boleto.', CHANNEL.official.id);
  const { sessionId } = await replied;
  await until('the conversation in the list', async () => (await r.core.invoke('conversation.list', {})).find((c) => c.id === sessionId));
  await r.core.invoke('conversation.assume', { sessionId });
  return sessionId;
}

async function serverNotes(r: ConsoleRig, sessionId: string, login: string): Promise<MessageDTO[]> {
  const { token } = await loginAs(r.sandbox, login);
  const res = await api(r.sandbox, token).get<{ items: MessageDTO[] }>(`/chat/v1/session/${sessionId}/note?PageSize=100`);
  if (res.status !== 200) throw new Error(`list notes: HTTP ${res.status}`);
  return res.body.items;
}

async function connectivity(r: ConsoleRig): Promise<string> {
  return (await r.core.invoke('state.snapshot', {})).connectivity.state;
}

describe('a note for whoever receives a transfer', () => {
  it('saves the note first, authored by the agent; a refused transfer keeps it and says why; again, it is not written twice', async () => {
    rig = await startConsoleRig();
    const r = rig;
    await r.login(DEMO_LOGINS.agent);
    const sessionId = await anasConversation(r, 'vinicius romao');

    // João Pedro is not in Vendas: HelenaCRM refuses the transfer, after the note went.
    await expect(r.core.invoke('conversation.transfer', { sessionId, type: 'USER', userId: JOAO_PEDRO, note: NOTE })).rejects.toMatchObject({
      code: expect.stringMatching(/^api\./) as unknown,
    });
    expect(await serverNotes(r, sessionId, DEMO_LOGINS.agent)).toMatchObject([{ type: 'NOTE', userId: ANA, text: NOTE }]);
    expect((await r.core.invoke('conversation.open', { sessionId })).conversation).toMatchObject({ userId: ANA, departmentId: TEAM.vendas.id });

    // The same note again, to Suporte: the note already there is the one, and the transfer goes.
    const moved = await r.core.invoke('conversation.transfer', { sessionId, type: 'DEPARTMENT', teamId: TEAM.suporte.id, note: NOTE });
    expect(moved).toMatchObject({ departmentId: TEAM.suporte.id });
    // Whoever receives it in Suporte reads the note, by Ana, once; the contact never got it.
    expect(await serverNotes(r, sessionId, DEMO_LOGINS.agent2)).toMatchObject([{ type: 'NOTE', userId: ANA, text: NOTE }]);
    expect((await r.serverMessages(sessionId, DEMO_LOGINS.admin)).map((m) => m.text)).toEqual(['Bom dia, preciso da segunda via do boleto.']);
    const notes = (await r.core.invoke('conversation.open', { sessionId })).messages.filter((m) => m.kind === 'note');
    expect(notes.map((m) => [m.text, m.authorName, m.outboxState])).toEqual([[NOTE, 'Ana Lúcia Souza', 'sent']]);
  });

  it('a note typed with a transfer to a colleague is on HelenaCRM before the conversation reaches them; a blank note is no note', async () => {
    rig = await startConsoleRig();
    const r = rig;
    await r.login(DEMO_LOGINS.agent);
    const sessionId = await anasConversation(r, 'vinicius romao');
    // Luís (Vendas) gets it; from his desk, the note must already be there when the conversation is his.
    const luis = (await r.core.invoke('transfer.targets', { sessionId })).agents.find((a) => a.name === 'Luís Fernando Magalhães');
    const moved = await r.core.invoke('conversation.transfer', { sessionId, type: 'USER', userId: luis?.userId ?? '', note: `${NOTE}\nLigar depois das 14h.` });
    expect(moved).toMatchObject({ userId: luis?.userId, canWrite: false });
    const notes = await serverNotes(r, sessionId, DEMO_LOGINS.restricted);
    expect(notes).toMatchObject([{ userId: ANA, text: `${NOTE}\nLigar depois das 14h.` }]);

    // A blank note is no note: the transfer goes as without one.
    const sessionId2 = await anasConversation(r, 'sebastiao magalhaes');
    await r.core.invoke('conversation.transfer', { sessionId: sessionId2, type: 'DEPARTMENT', teamId: TEAM.suporte.id, note: '  \n ' });
    expect(await serverNotes(r, sessionId2, DEMO_LOGINS.admin)).toEqual([]);
  });

  it('offline: no transfer, the note waits in the queue, the words of a transfer offline; online again, the same note is not doubled', async () => {
    rig = await startConsoleRig();
    const r = rig;
    await r.login(DEMO_LOGINS.agent);
    const sessionId = await anasConversation(r, 'vinicius romao');
    r.proxy.setMode('down');
    await until('the console offline', async () => (await connectivity(r)) !== 'online', 20_000);
    await expect(r.core.invoke('conversation.transfer', { sessionId, type: 'DEPARTMENT', teamId: TEAM.suporte.id, note: NOTE })).rejects.toMatchObject({
      code: 'api.network',
      message: consoleText('failure.network'),
      messageEn: consoleText('failure.network', {}, 'en'),
    });
    const offline = await r.core.invoke('conversation.open', { sessionId });
    expect(offline.conversation).toMatchObject({ departmentId: TEAM.vendas.id });
    expect(offline.messages.filter((m) => m.kind === 'note').map((m) => [m.text, m.outboxState])).toEqual([[NOTE, 'queued']]);

    r.proxy.setMode('pass');
    await until('online', async () => (await connectivity(r)) === 'online', 20_000);
    const moved = await r.core.invoke('conversation.transfer', { sessionId, type: 'DEPARTMENT', teamId: TEAM.suporte.id, note: NOTE });
    expect(moved).toMatchObject({ departmentId: TEAM.suporte.id });
    expect(await serverNotes(r, sessionId, DEMO_LOGINS.agent2)).toMatchObject([{ userId: ANA, text: NOTE }]);
  });
});
