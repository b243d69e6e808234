/**
 * The whole active start on the demo company, through nothing but HTTP: log in, find the
 * attendance templates of the official channel, start a conversation, queue text while the
 * window is closed, have the contact reply through the control API, and see the queue go out.
 * Proves the conversation rules work on the data `npm run sandbox` serves.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MessagePage, QuickMessageDTO, SendMessageResponse, SessionDTO, TemplatePage } from '../../src/api/helena-dto';
import { CHANNEL, TEAM } from '../seed';
import { api, DEMO_LOGINS, loginAs, startTestSandbox, type RunningSandbox } from '../testing';

let sandbox: RunningSandbox;
let token: string;

beforeAll(async () => {
  sandbox = await startTestSandbox();
  token = (await loginAs(sandbox, DEMO_LOGINS.agent)).token;
});
afterAll(async () => {
  await sandbox.close();
});

describe('demo company, active start', () => {
  it('starts with an attendance template, holds text, and releases it when the contact replies', async () => {
    const http = api(sandbox, token);
    const templates = TemplatePage.parse(
      (await http.get(`/chat/v1/template?ChannelId=${CHANNEL.official.id}&Type=ATTENDANCE&ApprovedOnly=true&IncludeDetails=Params&PageSize=100`)).body,
    );
    const welcome = templates.items.find((t) => t.name === 'boas_vindas');
    expect(welcome).toBeDefined();
    const parameters = Object.fromEntries((welcome?.params ?? []).map((p) => [p.name ?? '', 'Teste']));

    const start = await http.post('/chat/v1/send/template', {
      from: CHANNEL.official.number,
      to: '(48) 99123-4567',
      templateId: welcome?.id,
      parameters,
      options: { department: { id: TEAM.vendas.id } },
      refId: 'c0ffee00-1234-4abc-8def-0123456789ab',
    });
    expect(start.status).toBe(200);
    const sent = SendMessageResponse.parse(start.body);
    const session = SessionDTO.parse((await http.get(`/chat/v2/session/${sent.sessionId}`)).body);
    expect(session).toMatchObject({ status: 'STARTED', windowStatus: 'NOT_STARTED', departmentId: TEAM.vendas.id });

    const held = QuickMessageDTO.parse((await http.post(`/chat/v1/session/${session.id}/message`, { text: 'Fico no aguardo!' })).body);
    expect(held.status).toBe('WAIT_REPLY');

    const reply = await api(sandbox).post('/control/v1/inbound', { contactId: session.contactId, channelId: session.channelId, text: 'Oi, pode falar' });
    expect(reply.status).toBe(200);
    const after = SessionDTO.parse((await http.get(`/chat/v2/session/${session.id}`)).body);
    expect(after).toMatchObject({ status: 'IN_PROGRESS', windowStatus: 'ACTIVE', unreadCount: 1 });
    const list = MessagePage.parse((await http.get(`/chat/v1/session/${session.id}/message`)).body);
    // Released: SENT, or already DELIVERED/READ (receipts run on 50/100 ms timers).
    expect(['SENT', 'DELIVERED', 'READ']).toContain(list.items.find((m) => m.id === held.id)?.status);
    expect(list.items.map((m) => m.direction)).toEqual(['FROM_HUB', 'FROM_HUB', 'TO_HUB']);
  });
});
