/**
 * The whole realtime path as the console sees it: real login, a socket per agent, a conversation
 * started over REST, and the simulated contact's reply arriving on the socket.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MessageDTO, SessionDTO, TemplatePage } from '../../src/api/helena-dto';
import { CHANNEL, TEAM } from '../seed';
import { DEMO_LOGINS, api, loginAs, startTestSandbox, type RunningSandbox } from '../testing';
import { connectClient, waitUntil, type TestClient } from './test-fixtures';

let sandbox: RunningSandbox;
const clients: TestClient[] = [];

beforeAll(async () => {
  sandbox = await startTestSandbox();
});
afterAll(async () => {
  for (const client of clients) client.close();
  await sandbox.close();
});

async function socketOf(login: string): Promise<TestClient> {
  const { token } = await loginAs(sandbox, login);
  const client = await connectClient(sandbox.url, { token });
  clients.push(client);
  return client;
}

describe('realtime end to end', () => {
  it('pushes a started conversation and the contact reply to those who may see it, and only to them', async () => {
    const { token } = await loginAs(sandbox, DEMO_LOGINS.agent);
    const [ana, admin, otherTeam, restricted] = await Promise.all([
      connectClient(sandbox.url, { token }),
      socketOf(DEMO_LOGINS.admin),
      socketOf(DEMO_LOGINS.agent2),
      socketOf(DEMO_LOGINS.restricted),
    ]);
    clients.push(ana!);
    const http = api(sandbox, token);
    const contact = sandbox.ctx.db.prepare('SELECT id FROM contacts WHERE phone = ?').get('+5511987654321') as { id: string };
    const script = await api(sandbox).put(`/control/v1/contacts/${contact.id}/script`, { replyAfterMs: 100, replyText: 'Oi! Pode falar, sim.' });
    expect(script.status).toBe(200);

    const templates = await http.get(`/chat/v1/template?ChannelId=${CHANNEL.official.id}&Type=ATTENDANCE&IncludeDetails=Params`);
    const template = TemplatePage.parse(templates.body).items.find((t) => t.name === 'boas_vindas');
    expect(template).toBeDefined();
    const start = await http.post('/chat/v1/send/template', {
      from: CHANNEL.official.id,
      to: '+5511987654321',
      templateId: template!.id,
      parameters: { nome: 'João', atendente: 'Ana' },
      options: { department: { id: TEAM.vendas.id } },
    });
    expect(start.status).toBe(200);

    const types = (client: TestClient) => client.received.map((e) => e.eventType);
    await waitUntil(() => types(ana!).includes('MESSAGE_RECEIVED'), 'the simulated reply on the socket');
    const reply = ana!.received.find((e) => e.eventType === 'MESSAGE_RECEIVED');
    expect(MessageDTO.parse(reply && 'content' in reply ? reply.content : null)).toMatchObject({
      direction: 'TO_HUB',
      text: 'Oi! Pode falar, sim.',
    });
    const sessions = ana!.received.flatMap((e) => (e.eventType.startsWith('SESSION') && 'content' in e ? [SessionDTO.parse(e.content)] : []));
    expect(sessions[0]).toMatchObject({ status: 'STARTED', windowStatus: 'NOT_STARTED' });
    expect(sessions.at(-1)).toMatchObject({ windowStatus: 'ACTIVE' });
    const offsets = ana!.received.map((e) => e.offset);
    expect(offsets).toEqual([...offsets].sort((a, b) => a - b));
    expect(new Set(offsets).size).toBe(offsets.length);

    await waitUntil(() => types(admin!).includes('MESSAGE_RECEIVED'), 'the reply on the admin socket');
    const sessionEvents = (client: TestClient) => types(client).filter((t) => t.startsWith('SESSION') || t.startsWith('MESSAGE'));
    expect(sessionEvents(otherTeam!)).toEqual([]);
    expect(sessionEvents(restricted!)).toEqual([]);
  });

  it('tells the agent who transfers a conversation away that it moved, then nothing more of it', async () => {
    const { token } = await loginAs(sandbox, DEMO_LOGINS.restricted);
    const luis = await connectClient(sandbox.url, { token });
    clients.push(luis);
    const joao = await socketOf(DEMO_LOGINS.agent2);
    const http = api(sandbox, token);
    const templates = await http.get(`/chat/v1/template?ChannelId=${CHANNEL.official.id}&Type=ATTENDANCE&IncludeDetails=Params`);
    const template = TemplatePage.parse(templates.body).items.find((t) => t.name === 'boas_vindas');
    const phone = '+5511955554444';
    const start = await http.post('/chat/v1/send/template', {
      from: CHANNEL.official.id,
      to: phone,
      templateId: template!.id,
      parameters: { nome: 'Rita', atendente: 'Luís' },
      options: { department: { id: TEAM.vendas.id } },
    });
    expect(start.status).toBe(200);
    const sessionId = (start.body as { sessionId: string }).sessionId;
    const joaoUser = (await loginAs(sandbox, DEMO_LOGINS.agent2)).agent.userId;

    const moved = await http.put(`/chat/v1/session/${sessionId}/transfer`, { type: 'USER', newUserId: joaoUser, newDepartmentId: TEAM.suporte.id });
    expect(moved.status).toBe(200);
    const update = (client: TestClient) =>
      client.received.find((e) => e.eventType === 'SESSION_UPDATE' && 'content' in e && SessionDTO.parse(e.content).id === sessionId);
    await waitUntil(() => update(luis) !== undefined && update(joao) !== undefined, 'the transfer on both sockets');
    const seen = update(luis);
    expect(SessionDTO.parse(seen && 'content' in seen ? seen.content : null)).toMatchObject({ userId: joaoUser, departmentId: TEAM.suporte.id });

    // The contact answers João now: Luís, who may no longer see the conversation, hears nothing of it.
    const reply = await api(sandbox).post('/control/v1/inbound', { phone, channelId: CHANNEL.official.id, text: 'Oi, João!' });
    expect(reply.status).toBe(200);
    await waitUntil(() => joao.received.some((e) => e.eventType === 'MESSAGE_RECEIVED'), 'the reply on João\'s socket');
    const luisContentAfter = luis.received.flatMap((e) => ('content' in e && e.offset > (seen?.offset ?? 0) ? [JSON.stringify(e.content)] : []));
    expect(luisContentAfter.filter((content) => content.includes(sessionId))).toEqual([]);
  });
});
