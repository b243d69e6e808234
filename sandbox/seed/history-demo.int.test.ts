/**
 * A contact's earlier conversations over real HTTP, as "Atendimentos anteriores" asks for them:
 * GET /chat/v2/session with ContactId and Status (repeated or comma-separated, as the OpenAPI
 * array allows), newest first, only what each agent may see; and the demo's past conversations of
 * João da Silva with their messages and their internal note.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { InternalException, MessagePage, SessionPage } from '../../src/api/helena-dto';
import { receiveInboundMessage } from '../conversations/inbound';
import { api, DEMO_LOGINS, loginAs, startTestSandbox, type RunningSandbox } from '../testing';
import { CHANNEL, TEAM, demoAgentIds, demoContactId } from '.';
import { HISTORY_CONTACT, HISTORY_SESSION_IDS, seedHistoryDemo } from './history-demo';
import { seedReceptiveDemo } from './receptive-demo';

let sandbox: RunningSandbox | null = null;
afterEach(async () => {
  await sandbox?.close();
  sandbox = null;
});

async function sessionsAs(sb: RunningSandbox, login: string, query: string) {
  const { token } = await loginAs(sb, login);
  const res = await api(sb, token).get(`/chat/v2/session?${query}`);
  expect(res.status).toBe(200);
  return SessionPage.parse(res.body);
}

const JOAO = HISTORY_CONTACT.id;
const [ESTORNO, SEGUNDA_VIA, PLANO] = HISTORY_SESSION_IDS;

describe('a contact’s earlier conversations (ContactId + Status)', () => {
  it('lists João da Silva’s completed conversations newest first, each agent only those HelenaCRM lets them see', async () => {
    sandbox = await startTestSandbox();
    const sb = sandbox;
    expect(seedHistoryDemo(sb.ctx)).toBe(3);
    const completed = `ContactId=${JOAO}&Status=COMPLETED&OrderBy=updatedAt&OrderDirection=DESCENDING`;

    const admin = await sessionsAs(sb, DEMO_LOGINS.admin, completed);
    expect(admin).toMatchObject({ totalItems: 3, orderBy: 'updatedAt', orderDirection: 'DESCENDING' });
    expect(admin.items.map((s) => s.id)).toEqual([ESTORNO, SEGUNDA_VIA, PLANO]);
    expect(admin.items[0]).toMatchObject({
      contactId: JOAO,
      status: 'COMPLETED',
      channelId: CHANNEL.official.id,
      departmentId: TEAM.suporte.id,
      userId: demoAgentIds({ key: 'agent2' }).userId,
      lastMessageText: 'Combinado, obrigado!',
      windowStatus: 'EXPIRED',
      unreadCount: 0,
    });
    for (const s of admin.items) expect((s.endAt ?? '') > (s.startAt ?? '')).toBe(true);
    const lastWeek = Date.now() - Date.parse(admin.items[0]?.endAt ?? '');
    expect(lastWeek).toBeGreaterThan(6 * 86_400_000);
    expect(lastWeek).toBeLessThan(8 * 86_400_000);

    // Ana (Vendas, Suporte): not the Financeiro one. João Pedro (Suporte, Financeiro): not Ana's sale in Vendas. Luís (restricted): none is his.
    expect((await sessionsAs(sb, DEMO_LOGINS.agent, completed)).items.map((s) => s.id)).toEqual([ESTORNO, PLANO]);
    expect((await sessionsAs(sb, DEMO_LOGINS.agent2, completed)).items.map((s) => s.id)).toEqual([ESTORNO, SEGUNDA_VIA]);
    expect(await sessionsAs(sb, DEMO_LOGINS.restricted, completed)).toMatchObject({ totalItems: 0, items: [] });
  });

  it('combines ContactId with Status as repeated keys or a comma list, pages, and refuses a malformed ContactId', async () => {
    sandbox = await startTestSandbox();
    const sb = sandbox;
    seedHistoryDemo(sb.ctx);
    // João writes again: a new conversation in the team queue; another contact writes too.
    const open = receiveInboundMessage(sb.ctx, { contactId: JOAO, text: 'Oi, o estorno ainda não caiu.' }).session;
    receiveInboundMessage(sb.ctx, { contactId: demoContactId(1), text: 'Bom dia!' });

    const all = await sessionsAs(sb, DEMO_LOGINS.admin, `ContactId=${JOAO}&OrderDirection=DESCENDING`);
    expect(all.items.map((s) => s.id)).toEqual([open.id, ESTORNO, SEGUNDA_VIA, PLANO]);
    expect((await sessionsAs(sb, DEMO_LOGINS.admin, `ContactId=${JOAO}&Status=PENDING`)).items.map((s) => s.id)).toEqual([open.id]);
    const repeated = await sessionsAs(sb, DEMO_LOGINS.admin, `ContactId=${JOAO}&Status=COMPLETED&Status=PENDING`);
    const comma = await sessionsAs(sb, DEMO_LOGINS.admin, `ContactId=${JOAO}&Status=COMPLETED,PENDING`);
    expect(repeated.totalItems).toBe(4);
    expect(comma.items.map((s) => s.id)).toEqual(repeated.items.map((s) => s.id));
    expect((await sessionsAs(sb, DEMO_LOGINS.admin, `ContactId=${demoContactId(1)}&Status=COMPLETED`)).totalItems).toBe(0);

    const page1 = await sessionsAs(sb, DEMO_LOGINS.admin, `ContactId=${JOAO}&Status=COMPLETED&OrderDirection=DESCENDING&PageSize=2`);
    const page2 = await sessionsAs(sb, DEMO_LOGINS.admin, `ContactId=${JOAO}&Status=COMPLETED&OrderDirection=DESCENDING&PageSize=2&PageNumber=2`);
    expect(page1).toMatchObject({ totalItems: 3, totalPages: 2, hasMorePages: true });
    expect([...page1.items, ...page2.items].map((s) => s.id)).toEqual([ESTORNO, SEGUNDA_VIA, PLANO]);

    const { token } = await loginAs(sb, DEMO_LOGINS.admin);
    const bad = await api(sb, token).get('/chat/v2/session?ContactId=joao');
    expect(bad.status).toBe(400);
    expect(InternalException.parse(bad.body).text).toContain('ContactId');
    const badStatus = await api(sb, token).get(`/chat/v2/session?ContactId=${JOAO}&Status=DONE`);
    expect(badStatus.status).toBe(400);
  });

  it('keeps the past conversation’s messages and its internal note apart, and is seeded once, with no events', async () => {
    sandbox = await startTestSandbox();
    const sb = sandbox;
    const before = sb.ctx.events.lastOffset();
    seedHistoryDemo(sb.ctx);
    expect(seedHistoryDemo(sb.ctx)).toBe(0);
    expect(sb.ctx.events.lastOffset()).toBe(before);

    const { token } = await loginAs(sb, DEMO_LOGINS.agent);
    const http = api(sb, token);
    const messages = MessagePage.parse((await http.get(`/chat/v1/session/${ESTORNO}/message?PageSize=100`)).body);
    expect(messages.items.map((m) => [m.direction, m.text])).toEqual([
      ['TO_HUB', 'Boa tarde! Comprei o plano anual e a cobrança veio em dobro no cartão.'],
      ['FROM_HUB', 'Olá, João! Sinto muito pelo transtorno. Abri o chamado 48213 para estornar a cobrança duplicada.'],
      ['TO_HUB', 'Em quanto tempo o estorno cai?'],
      ['FROM_HUB', 'Em até duas faturas. Assim que o Financeiro confirmar, eu te aviso por aqui.'],
      ['TO_HUB', 'Combinado, obrigado!'],
    ]);
    const notes = MessagePage.parse((await http.get(`/chat/v1/session/${ESTORNO}/note`)).body);
    expect(notes.items).toMatchObject([{ type: 'NOTE', userId: demoAgentIds({ key: 'agent2' }).userId, text: expect.stringContaining('chamado 48213') }]);
    // Not Ana's team: as if it did not exist.
    expect((await http.get(`/chat/v1/session/${SEGUNDA_VIA}/message`)).status).toBe(404);
    // Completed: nobody writes in it any more, not even its agent.
    const agent2 = await loginAs(sb, DEMO_LOGINS.agent2);
    const refused = await api(sb, agent2.token).post(`/chat/v1/session/${ESTORNO}/message`, { text: 'Oi de novo' });
    expect(refused.status).toBe(409);

    // The history is not activity: the receptive demo still opens its three conversations.
    expect(seedReceptiveDemo(sb.ctx)).toBe(3);
  });
});
