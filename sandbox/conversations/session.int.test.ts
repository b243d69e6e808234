/**
 * Writing in a conversation over real HTTP: the 24-hour window (WAIT_REPLY by default, 131047 in
 * strict mode and on /send/text), the contact's reply releasing held messages in order,
 * cancelling a held message, window expiry by moving the clock, text length, and who may see,
 * write in, take, transfer and complete a conversation.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  InternalException,
  MessageDTO,
  MessagePage,
  ProblemDetails,
  QuickMessageDTO,
  SendMessageResponse,
  SessionDTO,
  SessionPage,
} from '../../src/api/helena-dto';
import { receiveInboundMessage } from './inbound';
import { WINDOW_MS } from './window';
import { eventually, startConversationSandbox, type ConversationSandbox, type FixtureAgent } from './test-fixture';

let sb: ConversationSandbox;
afterEach(async () => {
  await sb.close();
});

async function open(overrides: Parameters<typeof startConversationSandbox>[0] = {}) {
  sb = await startConversationSandbox(overrides);
  return sb;
}

/** Ana starts a conversation with Maria on the official channel; returns the session id. */
async function started(agent: FixtureAgent = sb.company.agents.ana, team = sb.company.teams.vendas): Promise<string> {
  const res = await sb.api('POST', '/chat/v1/send/template', agent.token, {
    from: sb.company.channels.official,
    to: sb.company.contacts.mariaPhone,
    templateId: sb.company.templates.lembrete,
    parameters: { nome: 'Maria' },
    options: { department: { id: team } },
  });
  expect(res.status).toBe(200);
  return SendMessageResponse.parse(res.body).sessionId ?? '';
}

async function say(sessionId: string, body: Record<string, unknown>, agent: FixtureAgent = sb.company.agents.ana) {
  return sb.api('POST', `/chat/v1/session/${sessionId}/message`, agent.token, body);
}

async function messages(sessionId: string, query = '', agent: FixtureAgent = sb.company.agents.ana) {
  const res = await sb.api('GET', `/chat/v1/session/${sessionId}/message${query}`, agent.token);
  expect(res.status).toBe(200);
  return MessagePage.parse(res.body);
}

/** Events after `offset` other than the receipts (MESSAGE_UPDATED) that timers emit on their own schedule. */
function changesAfter(offset: number) {
  return (sb.ctx.events.after(offset) ?? []).filter((e) => e.eventType !== 'MESSAGE_UPDATED');
}

async function session(id: string, agent: FixtureAgent = sb.company.agents.ana) {
  const res = await sb.api('GET', `/chat/v2/session/${id}`, agent.token);
  expect(res.status).toBe(200);
  return SessionDTO.parse(res.body);
}

/** SENT for a message that went out, whatever receipt has come back since. */
function sentOrLater(status: string): string {
  return status === 'DELIVERED' || status === 'READ' ? 'SENT' : status;
}

describe('free text and the 24-hour window', () => {
  it('holds free text as WAIT_REPLY until the contact replies, then releases it in order', async () => {
    await open();
    const id = await started();
    const held: string[] = [];
    for (const text of ['primeira', 'segunda', 'terceira']) {
      const res = await say(id, { text });
      expect(res.status).toBe(200);
      const quick = QuickMessageDTO.parse(res.body);
      expect(quick.status).toBe('WAIT_REPLY');
      held.push(quick.id);
    }
    const before = await messages(id);
    // Receipts run on 40/80 ms timers: on a busy machine a sent message may already read DELIVERED or READ.
    expect(before.items.map((m) => sentOrLater(m.status))).toEqual(['SENT', 'WAIT_REPLY', 'WAIT_REPLY', 'WAIT_REPLY']);
    expect(before.items.filter((m) => m.status === 'WAIT_REPLY').every((m) => m.details.waitReply && m.details.cost == null)).toBe(true);
    const offset = sb.ctx.events.lastOffset();

    const { session: after, message } = receiveInboundMessage(sb.ctx, { contactId: sb.company.contacts.maria, text: 'Oi, pode falar' });
    expect(SessionDTO.parse(after)).toMatchObject({ id, status: 'IN_PROGRESS', windowStatus: 'ACTIVE', unreadCount: 1, lastMessageText: 'terceira' });
    expect(MessageDTO.parse(message).direction).toBe('TO_HUB');

    const list = await messages(id);
    // Listed in the order they were written: the held ones before the reply that released them.
    expect(list.items.map((m) => m.text)).toEqual(['Oi Maria, lembrete do seu pedido.', 'primeira', 'segunda', 'terceira', 'Oi, pode falar']);
    const released = list.items.filter((m) => held.includes(m.id));
    expect(released.map((m) => sentOrLater(m.status))).toEqual(['SENT', 'SENT', 'SENT']);
    expect(released.every((m) => m.details.cost?.category === 'SERVICE' && m.details.cost.amount === 0)).toBe(true);

    // The template's own receipts run on timers and may land in between: leave them out.
    const templateId = before.items[0]?.id;
    const events = (sb.ctx.events.after(offset) ?? []).filter((e) => !(e.eventType === 'MESSAGE_UPDATED' && MessageDTO.parse(e.content).id === templateId));
    expect(events.map((e) => e.eventType)).toEqual(['SESSION_UPDATE', 'MESSAGE_RECEIVED', 'MESSAGE_UPDATED', 'MESSAGE_UPDATED', 'MESSAGE_UPDATED']);
    expect(events.slice(2).map((e) => MessageDTO.parse(e.content).id)).toEqual(held);

    // Released messages then get their receipts like any other.
    await eventually(async () => ((await messages(id)).items.filter((m) => m.status === 'READ').length === 4 ? true : undefined), 'receipts of released messages');
  });

  it('sends free text at once inside the window (SENT, SERVICE, free) and holds it again after 24 h', async () => {
    await open();
    const id = await started();
    receiveInboundMessage(sb.ctx, { contactId: sb.company.contacts.maria, text: 'oi' });
    const inside = QuickMessageDTO.parse((await say(id, { text: 'Olá! Em que posso ajudar?' })).body);
    expect(inside.status).toBe('SENT');

    sb.ctx.clock.advance(WINDOW_MS);
    expect((await session(id)).windowStatus).toBe('EXPIRED');
    const outside = QuickMessageDTO.parse((await say(id, { text: 'Ainda está aí?' })).body);
    expect(outside.status).toBe('WAIT_REPLY');
  });

  it('in strict mode refuses free text outside the window with 131047 and stores nothing', async () => {
    await open({ strictWindow: true });
    const id = await started();
    const offset = sb.ctx.events.lastOffset();
    const res = await say(id, { text: 'Oi?', refId: '8e2f0f64-9a8b-4c1e-9a57-6f1f3e2d1c0b' });
    expect(res.status).toBe(400);
    const error = InternalException.parse(res.body);
    expect(error.key).toBe('whatsapp.131047');
    expect(error.text).toContain('Re-engagement message: more than 24 hours have passed since the customer last replied');
    expect((await messages(id)).totalItems).toBe(1);
    expect(changesAfter(offset)).toEqual([]);
    // Templates still go out outside the window.
    const template = await say(id, { templateId: sb.company.templates.lembrete, parameters: { nome: 'Maria' } });
    expect(QuickMessageDTO.parse(template.body).status).toBe('SENT');
    // After the reply, the same refId may be sent: nothing was stored under it.
    receiveInboundMessage(sb.ctx, { contactId: sb.company.contacts.maria, text: 'oi' });
    const retry = await say(id, { text: 'Oi?', refId: '8e2f0f64-9a8b-4c1e-9a57-6f1f3e2d1c0b' });
    expect(QuickMessageDTO.parse(retry.body).status).toBe('SENT');
  });

  it('fails /send/text outside the window with a ProblemDetails 131047, storing nothing; inside it sends', async () => {
    await open();
    const id = await started();
    const before = sb.ctx.events.lastOffset();
    const refused = await sb.api('POST', '/chat/v1/send/text', sb.company.agents.ana.token, { sessionId: id, text: 'Oi' });
    expect(refused.status).toBe(400);
    expect(ProblemDetails.parse(refused.body).key).toBe('whatsapp.131047');
    const byPhone = await sb.api('POST', '/chat/v1/send/text', sb.company.agents.ana.token, { from: sb.company.channels.official, to: sb.company.contacts.joaoPhone, text: 'Oi' });
    expect(byPhone.status).toBe(400);
    expect(ProblemDetails.parse(byPhone.body).key).toBe('whatsapp.131047');
    expect(changesAfter(before)).toEqual([]);

    receiveInboundMessage(sb.ctx, { contactId: sb.company.contacts.maria, text: 'oi' });
    const ok = await sb.api('POST', '/chat/v1/send/text', sb.company.agents.ana.token, { from: sb.company.channels.officialNumber, to: sb.company.contacts.mariaPhone, text: 'Oi' });
    expect(ok.status).toBe(200);
    expect(SendMessageResponse.parse(ok.body)).toMatchObject({ status: 'SENT', sessionId: id, waitReply: false });
  });

  it('accepts 4096 characters of text and refuses 4097 naming the field', async () => {
    await open();
    const id = await started();
    receiveInboundMessage(sb.ctx, { contactId: sb.company.contacts.maria, text: 'oi' });
    expect((await say(id, { text: 'x'.repeat(4096) })).status).toBe(200);
    const tooLong = await say(id, { text: 'x'.repeat(4097) });
    expect(tooLong.status).toBe(400);
    expect(InternalException.parse(tooLong.body)).toMatchObject({ key: 'message.text_too_long' });
    expect(InternalException.parse(tooLong.body).text).toContain('"text"');
  });

  it('checks template parameters in a conversation too, naming the parameter', async () => {
    await open();
    const id = await started();
    const res = await say(id, { templateId: sb.company.templates.boasVindas, parameters: { nome: 'Maria', protocolo: 'a     b' } });
    expect(res.status).toBe(400);
    expect(InternalException.parse(res.body).text).toContain('"protocolo"');
  });

  it('dedupes a repeated refId in a conversation', async () => {
    await open();
    const id = await started();
    const refId = '5a0c8a0e-1f4e-4b7a-8d6c-2b1e3f4a5c6d';
    const a = QuickMessageDTO.parse((await say(id, { text: 'uma vez', refId })).body);
    const b = QuickMessageDTO.parse((await say(id, { text: 'uma vez', refId })).body);
    expect(b.id).toBe(a.id);
    expect((await messages(id)).totalItems).toBe(2);
  });
});

describe('cancelling a held message', () => {
  it('deletes a WAIT_REPLY message, which is then not released; anything else is 409', async () => {
    await open();
    const id = await started();
    const held = QuickMessageDTO.parse((await say(id, { text: 'esquece' })).body);
    const del = await sb.api('DELETE', `/chat/v1/message/${held.id}`, sb.company.agents.ana.token);
    expect(del.status).toBe(200);
    expect(MessageDTO.parse(del.body).status).toBe('DELETED');
    const again = await sb.api('DELETE', `/chat/v1/message/${held.id}`, sb.company.agents.ana.token);
    expect(again.status).toBe(409);
    expect(InternalException.parse(again.body).key).toBe('message.not_cancellable');

    const template = (await messages(id)).items[0];
    const sentDel = await sb.api('DELETE', `/chat/v1/message/${template?.id}`, sb.company.agents.ana.token);
    expect(sentDel.status).toBe(409);

    receiveInboundMessage(sb.ctx, { contactId: sb.company.contacts.maria, text: 'oi' });
    expect((await messages(id)).items.find((m) => m.id === held.id)?.status).toBe('DELETED');
  });
});

describe('visibility and ownership', () => {
  it('lists only what each profile may see and hides the rest (404)', async () => {
    await open();
    const { ana, bruno, rita, admin } = sb.company.agents;
    const vendas = await started(ana, sb.company.teams.vendas);
    const res = await sb.api('POST', '/chat/v1/send/template', bruno.token, {
      from: sb.company.channels.official,
      to: sb.company.contacts.joaoPhone,
      templateId: sb.company.templates.soSuporte,
      options: { department: { id: sb.company.teams.suporte } },
    });
    const suporte = SendMessageResponse.parse(res.body).sessionId ?? '';

    const ids = async (agent: FixtureAgent) => SessionPage.parse((await sb.api('GET', '/chat/v2/session', agent.token)).body).items.map((s) => s.id);
    expect(await ids(ana)).toEqual([vendas]);
    expect(await ids(bruno)).toEqual([suporte]);
    expect(await ids(rita)).toEqual([]);
    expect((await ids(admin)).sort()).toEqual([vendas, suporte].sort());

    expect((await sb.api('GET', `/chat/v2/session/${suporte}`, ana.token)).status).toBe(404);
    expect((await sb.api('GET', `/chat/v1/session/${suporte}/message`, ana.token)).status).toBe(404);
    expect((await sb.api('POST', `/chat/v1/session/${suporte}/message`, ana.token, { text: 'oi' })).status).toBe(404);
    const firstMessage = (await messages(suporte, '', bruno)).items[0]?.id ?? '';
    expect((await sb.api('GET', `/chat/v1/message/${firstMessage}`, ana.token)).status).toBe(404);

    // A restricted agent sees a conversation once it is theirs.
    const own = await sb.api('PUT', `/chat/v1/session/${vendas}/transfer`, admin.token, { type: 'USER', newUserId: rita.userId });
    expect(own.status).toBe(200);
    expect(await ids(rita)).toEqual([vendas]);
  });

  it('lets a teammate see but not write in a conversation another agent started, until they take it', async () => {
    await open();
    const { sofia, ana } = sb.company.agents;
    const id = await started();
    expect((await session(id, sofia)).userId).toBe(ana.userId);
    const denied = await say(id, { text: 'oi' }, sofia);
    expect(denied.status).toBe(403);
    expect(InternalException.parse(denied.body).key).toBe('session.not_owner');

    // Sofia supervises Vendas: she may take it.
    const taken = await sb.api('PUT', `/chat/v1/session/${id}/assignee`, sofia.token, { userId: sofia.userId });
    expect(taken.status).toBe(200);
    expect(SessionDTO.parse(taken.body).userId).toBe(sofia.userId);
    expect((await say(id, { text: 'assumi' }, sofia)).status).toBe(200);
    expect((await say(id, { text: 'e eu?' }, ana)).status).toBe(403);
  });

  it('a plain agent cannot take a teammate’s conversation (403)', async () => {
    await open();
    const id = await started(sb.company.agents.sofia);
    const res = await sb.api('PUT', `/chat/v1/session/${id}/assignee`, sb.company.agents.ana.token, { userId: sb.company.agents.ana.userId });
    expect(res.status).toBe(403);
    expect(InternalException.parse(res.body).key).toBe('session.forbidden');
  });
});

describe('receptive conversations and session actions', () => {
  it('a contact writing first opens a PENDING conversation in the default team that an agent takes', async () => {
    await open();
    const { ana } = sb.company.agents;
    const { session: created } = receiveInboundMessage(sb.ctx, { contactId: sb.company.contacts.joao, text: 'Bom dia' });
    expect(created).toMatchObject({ status: 'PENDING', userId: null, departmentId: sb.company.teams.vendas, windowStatus: 'ACTIVE', unreadCount: 1 });
    expect((sb.ctx.events.after(0) ?? []).map((e) => e.eventType)).toEqual(['SESSION_NEW', 'MESSAGE_RECEIVED']);

    expect((await say(created.id, { text: 'oi' })).status).toBe(403);
    const taken = SessionDTO.parse((await sb.api('PUT', `/chat/v1/session/${created.id}/assignee`, ana.token, { userId: ana.userId })).body);
    expect(taken).toMatchObject({ status: 'IN_PROGRESS', userId: ana.userId });
    expect(QuickMessageDTO.parse((await say(created.id, { text: 'Bom dia! Como posso ajudar?' })).body).status).toBe('SENT');
    expect((await session(created.id)).unreadCount).toBe(0);
  });

  it('transfers to a team (back to its queue), and completes, failing held messages', async () => {
    await open();
    const { ana, bruno } = sb.company.agents;
    const id = await started();
    const held = QuickMessageDTO.parse((await say(id, { text: 'fica pra depois' })).body);

    const moved = await sb.api('PUT', `/chat/v1/session/${id}/transfer`, ana.token, { type: 'DEPARTMENT', newDepartmentId: sb.company.teams.suporte });
    expect(SessionDTO.parse(moved.body)).toMatchObject({ departmentId: sb.company.teams.suporte, userId: null, status: 'PENDING' });
    expect((await sb.api('GET', `/chat/v2/session/${id}`, ana.token)).status).toBe(404);

    const done = await sb.api('PUT', `/chat/v1/session/${id}/complete`, bruno.token, {});
    expect(done.status).toBe(200);
    const completed = SessionDTO.parse(done.body);
    expect(completed.status).toBe('COMPLETED');
    expect(completed.endAt).not.toBeNull();
    const events = sb.ctx.events.after(0) ?? [];
    expect(events.some((e) => e.eventType === 'SESSION_COMPLETE')).toBe(true);
    const heldNow = MessageDTO.parse((await sb.api('GET', `/chat/v1/message/${held.id}`, bruno.token)).body);
    expect(heldNow).toMatchObject({ status: 'FAILED', failedReason: 'Conversa concluída antes da resposta do contato' });

    // A completed conversation takes no more messages; a new reply opens a new conversation.
    expect((await sb.api('PUT', `/chat/v1/session/${id}/complete`, bruno.token, {})).status).toBe(409);
    const { session: next } = receiveInboundMessage(sb.ctx, { contactId: sb.company.contacts.maria, text: 'voltei' });
    expect(next.id).not.toBe(id);
    expect(next.status).toBe('PENDING');
  });

  it('changes status and validates the action bodies, naming the field', async () => {
    await open();
    const id = await started();
    const res = await sb.api('PUT', `/chat/v1/session/${id}/status`, sb.company.agents.ana.token, { newStatus: 'HIDDEN' });
    expect(SessionDTO.parse(res.body).status).toBe('HIDDEN');
    const bad = await sb.api('PUT', `/chat/v1/session/${id}/status`, sb.company.agents.ana.token, { newStatus: 'NOPE' });
    expect(bad.status).toBe(400);
    expect(InternalException.parse(bad.body).text).toContain('newStatus');
    const noUser = await sb.api('PUT', `/chat/v1/session/${id}/transfer`, sb.company.agents.ana.token, { type: 'USER' });
    expect(noUser.status).toBe(400);
    expect(InternalException.parse(noUser.body).text).toContain('newUserId');
  });
});

describe('paged lists', () => {
  it('filters sessions by repeated Status, UpdatedAt.After and pages them in (updatedAt, id) order', async () => {
    await open();
    const { admin } = sb.company.agents;
    const a = await started();
    receiveInboundMessage(sb.ctx, { contactId: sb.company.contacts.joao, text: 'oi' });
    receiveInboundMessage(sb.ctx, { contactId: sb.company.contacts.semWhats, text: 'oi' });
    const all = SessionPage.parse((await sb.api('GET', '/chat/v2/session?PageSize=2', admin.token)).body);
    expect(all).toMatchObject({ pageNumber: 1, pageSize: 2, totalItems: 3, totalPages: 2, hasMorePages: true, orderBy: 'updatedAt', orderDirection: 'ASCENDING' });
    const page2 = SessionPage.parse((await sb.api('GET', '/chat/v2/session?PageSize=2&PageNumber=2', admin.token)).body);
    const ordered = [...all.items, ...page2.items];
    expect(ordered.map((s) => s.updatedAt)).toEqual([...ordered.map((s) => s.updatedAt)].sort());

    const pending = SessionPage.parse((await sb.api('GET', '/chat/v2/session?Status=PENDING', admin.token)).body);
    expect(pending.totalItems).toBe(2);
    const both = SessionPage.parse((await sb.api('GET', '/chat/v2/session?Status=PENDING&Status=STARTED', admin.token)).body);
    expect(both.totalItems).toBe(3);

    sb.ctx.clock.advance(1_000);
    const mark = sb.ctx.clock.iso();
    sb.ctx.clock.advance(1_000);
    receiveInboundMessage(sb.ctx, { contactId: sb.company.contacts.maria, text: 'de novo' });
    const delta = SessionPage.parse((await sb.api('GET', `/chat/v2/session?UpdatedAt.After=${encodeURIComponent(mark)}`, admin.token)).body);
    expect(delta.items.map((s) => s.id)).toEqual([a]);

    const tooBig = await sb.api('GET', '/chat/v2/session?PageSize=101', admin.token);
    expect(tooBig.status).toBe(400);
    expect(InternalException.parse(tooBig.body).text).toContain('PageSize');
    expect((await sb.api('GET', '/chat/v2/session?UpdatedAt.After=ontem', admin.token)).status).toBe(400);
  });

  it('lists messages oldest first and filters by UpdatedAt.After', async () => {
    // No receipts during the test: a DELIVERED/READ of the template landing after the mark (a
    // loaded machine takes longer than the 80 ms they wait) would rightly be in the delta.
    await open({ statusDelaysMs: { delivered: 600_000, read: 600_000 } });
    const id = await started();
    sb.ctx.clock.advance(1_000);
    const mark = sb.ctx.clock.iso();
    sb.ctx.clock.advance(1_000);
    await say(id, { text: 'segunda' });
    const all = await messages(id);
    expect(all.items.map((m) => m.text)).toEqual(['Oi Maria, lembrete do seu pedido.', 'segunda']);
    const newest = await messages(id, '?OrderDirection=DESCENDING&PageSize=1');
    expect(newest.items[0]?.text).toBe('segunda');
    const delta = await messages(id, `?UpdatedAt.After=${encodeURIComponent(mark)}`);
    expect(delta.items.map((m) => m.text)).toEqual(['segunda']);
  });
});

describe('IncludeDetails=ContactDetails', () => {
  /** The raw items, before any schema: a `contactDetails` the client's schema would drop still shows. */
  async function listed(query: string): Promise<Array<Record<string, unknown>>> {
    const res = await sb.api<{ items: Array<Record<string, unknown>> }>('GET', `/chat/v2/session${query}`, sb.company.agents.ana.token);
    expect(res.status).toBe(200);
    SessionPage.parse(res.body);
    return res.body.items;
  }

  it('embeds the contact as PublicContactDataDTO in the list and the single read, only when asked', async () => {
    await open();
    const id = await started();
    const maria = {
      id: sb.company.contacts.maria,
      name: 'Maria da Conceição',
      pictureUrl: null,
      phonenumber: '+5511987654321',
      instagram: null,
      phonenumberFormatted: '(11) 98765-4321',
      tagsId: [],
      tagsName: [],
      status: 'ACTIVE',
    };
    for (const query of ['?IncludeDetails=ContactDetails', '?includedetails=contactdetails', '?IncludeDetails=AgentDetails,ContactDetails', '?IncludeDetails=AgentDetails&IncludeDetails=ContactDetails']) {
      const items = await listed(query);
      expect(items.map((s) => s.id), query).toEqual([id]);
      expect(items[0]?.contactDetails, query).toEqual(maria);
    }
    for (const query of ['', '?IncludeDetails=AgentDetails']) {
      expect((await listed(query)).map((s) => 'contactDetails' in s), query).toEqual([false]);
    }

    const one = async (query: string) => {
      const res = await sb.api<Record<string, unknown>>('GET', `/chat/v2/session/${id}${query}`, sb.company.agents.ana.token);
      expect(res.status).toBe(200);
      SessionDTO.parse(res.body);
      return res.body;
    };
    expect((await one('?includeDetails=ContactDetails')).contactDetails).toEqual(maria);
    expect('contactDetails' in (await one(''))).toBe(false);

    const bad = await sb.api('GET', '/chat/v2/session?IncludeDetails=Contact', sb.company.agents.ana.token);
    expect(bad.status).toBe(400);
    expect(InternalException.parse(bad.body).text).toContain('IncludeDetails');
  });
});
