/**
 * HelenaClient against the real sandbox's conversation routes (sessions, messages, sends): every
 * answer goes through the client's zod parsing and error mapping. Uses the conversation helpers'
 * fixture (a seeded company with per-agent tokens), which serves the real routes.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { HelenaClient } from './helena-client';
import { isHelenaError } from './errors';
import { failure } from './testing/failure';
import { fetchAllPages } from './paging';
import { startConversationSandbox, type ConversationSandbox, type FixtureAgent } from '../../sandbox/conversations/test-fixture';
import { receiveInboundMessage } from '../../sandbox/conversations/inbound';

let sb: ConversationSandbox;
afterEach(async () => {
  await sb.close();
});

function clientFor(agent: FixtureAgent): HelenaClient {
  return new HelenaClient({ baseUrl: sb.url, getToken: () => agent.token, retry: { maxAttempts: 2, baseMs: 10, capMs: 20 } });
}

async function startConversation(client: HelenaClient, refId = randomUUID()) {
  return client.sendTemplate({
    from: sb.company.channels.official,
    to: sb.company.contacts.mariaPhone,
    templateId: sb.company.templates.boasVindas,
    parameters: { nome: 'Maria', protocolo: '2025-001' },
    options: { department: { id: sb.company.teams.vendas } },
    refId,
  });
}

describe('HelenaClient × sandbox conversations', () => {
  beforeEach(async () => {
    sb = await startConversationSandbox();
  });

  it('starts a conversation with a template, idempotently by refId, and reads it back', async () => {
    const ana = clientFor(sb.company.agents.ana);
    const refId = randomUUID();
    const sent = await startConversation(ana, refId);
    expect(sent.sessionId).not.toBeNull();
    const again = await startConversation(ana, refId);
    expect(again.id).toBe(sent.id);

    const session = await ana.getSession(sent.sessionId as string);
    expect(session).toMatchObject({ contactId: sb.company.contacts.maria, channelId: sb.company.channels.official, windowStatus: 'NOT_STARTED' });

    const listed = await ana.listSessions({ status: ['STARTED', 'PENDING', 'IN_PROGRESS'], updatedAfter: new Date(Date.now() - 60_000) });
    expect(listed.items.map((s) => s.id)).toContain(session.id);
    const none = await ana.listSessions({ status: ['COMPLETED'] });
    expect(none.items.map((s) => s.id)).not.toContain(session.id);
    expect(listed.items.find((s) => s.id === session.id)?.contactDetails).toBeUndefined();
    const detailed = await ana.listSessions({ includeDetails: ['ContactDetails'] });
    expect(detailed.items.find((s) => s.id === session.id)?.contactDetails).toMatchObject({ id: sb.company.contacts.maria, name: 'Maria da Conceição', phonenumber: sb.company.contacts.mariaPhone });

    const messages = await ana.listMessages(session.id);
    expect(messages.items).toHaveLength(1);
    expect(messages.items[0]).toMatchObject({ id: sent.id, refId, direction: 'FROM_HUB' });
    const status = await ana.getMessageStatus(sent.id);
    expect(status.id).toBe(sent.id);
    expect((await ana.getMessage(sent.id)).refId).toBe(refId);
  });

  it('holds free text outside the window as WAIT_REPLY; it can be cancelled', async () => {
    const ana = clientFor(sb.company.agents.ana);
    const { sessionId } = await startConversation(ana);
    const held = await ana.sendSessionMessage(sessionId as string, { text: 'Oi, tudo bem?', refId: randomUUID() });
    expect(held.status).toBe('WAIT_REPLY');
    const cancelled = await ana.cancelMessage(held.id);
    expect(cancelled.id).toBe(held.id);
    // A second cancel is a conflict, mapped as such.
    const err = await failure(ana.cancelMessage(held.id));
    expect(['conflict', 'not_found']).toContain(err.kind);
  });

  it('free text after the reply is SENT; sendText outside the window is window_closed (ProblemDetails)', async () => {
    const ana = clientFor(sb.company.agents.ana);
    const { sessionId } = await startConversation(ana);
    const outside = await failure(ana.sendText({ sessionId, text: 'Oi', refId: randomUUID() }));
    expect(outside.kind).toBe('window_closed');
    expect(outside.message).toContain('janela de 24 horas');
    receiveInboundMessage(sb.ctx, { contactId: sb.company.contacts.maria, text: 'Oi, pode falar' });
    const inside = await ana.sendSessionMessage(sessionId as string, { text: 'Olá! Em que posso ajudar?', refId: randomUUID() });
    expect(inside.status).toBe('SENT');
  });

  it('names the missing template parameter as a validation field', async () => {
    const ana = clientFor(sb.company.agents.ana);
    const err = await failure(
      ana.sendTemplate({
        from: sb.company.channels.official,
        to: sb.company.contacts.mariaPhone,
        templateId: sb.company.templates.boasVindas,
        parameters: { nome: 'Maria' },
        options: { department: { id: sb.company.teams.vendas } },
        refId: randomUUID(),
      }),
    );
    expect(err.kind).toBe('validation');
    expect(isHelenaError(err, 'validation') && err.detail.fields.some((f) => f.includes('protocolo'))).toBe(true);
    expect(err.serverText).toContain('protocolo');
  });

  it('session actions: status change, transfer and complete parse as sessions; hidden sessions are not_found', async () => {
    const ana = clientFor(sb.company.agents.ana);
    const bruno = clientFor(sb.company.agents.bruno);
    const { sessionId } = await startConversation(ana);
    const id = sessionId as string;
    const pending = await ana.changeSessionStatus(id, 'PENDING');
    expect(pending.status).toBe('PENDING');
    const moved = await ana.transferSession(id, { type: 'DEPARTMENT', newDepartmentId: sb.company.teams.suporte });
    expect(moved.departmentId).toBe(sb.company.teams.suporte);
    expect((await failure(ana.getSession(id))).kind).toBe('not_found');
    const done = await bruno.completeSession(id);
    expect(done.status).toBe('COMPLETED');
  });

  it('saves internal notes (deduped by refId) and lists them apart from the messages; outsiders get not_found', async () => {
    const ana = clientFor(sb.company.agents.ana);
    const sofia = clientFor(sb.company.agents.sofia);
    const { sessionId } = await startConversation(ana);
    const id = sessionId as string;
    const refId = randomUUID();
    const saved = await sofia.addNote(id, { text: 'Cliente pediu 2ª via do boleto.', refId });
    expect(saved).toMatchObject({ type: 'NOTE', status: 'SAVED', userId: sb.company.agents.sofia.userId, refId });
    expect((await sofia.addNote(id, { text: 'Cliente pediu 2ª via do boleto.', refId })).id).toBe(saved.id);
    const notes = await ana.listNotes(id);
    expect(notes.items.map((n) => n.id)).toEqual([saved.id]);
    expect((await ana.listMessages(id)).items.map((m) => m.type)).toEqual(['TEXT']);
    expect((await failure(clientFor(sb.company.agents.bruno).addNote(id, { text: 'x', refId: randomUUID() }))).kind).toBe('not_found');
    // A blank note is refused by the server, naming the field.
    expect((await failure(ana.addNote(id, { text: ' ' }))).detail).toMatchObject({ kind: 'validation', fields: ['text'] });
  });

  it('pages through sessions with fetchAllPages', async () => {
    const ana = clientFor(sb.company.agents.ana);
    const contacts = [sb.company.contacts.mariaPhone, sb.company.contacts.joaoPhone];
    for (const to of contacts) {
      await ana.sendTemplate({
        from: sb.company.channels.official,
        to,
        templateId: sb.company.templates.lembrete,
        parameters: { nome: 'Cliente' },
        options: { department: { id: sb.company.teams.vendas } },
        refId: randomUUID(),
      });
    }
    const seen: string[] = [];
    for await (const page of fetchAllPages((n) => ana.listSessions({ pageNumber: n, pageSize: 1 }))) {
      seen.push(...page.items.map((s) => s.id));
    }
    expect(seen).toHaveLength(2);
    expect(new Set(seen).size).toBe(2);
  });

  it('a wrong token is unauthorized and never appears in the error', async () => {
    const bad = 'wrong-token-0123456789abcdefghij';
    const client = new HelenaClient({ baseUrl: sb.url, getToken: () => bad });
    const err = await failure(client.listSessions());
    expect(err.kind).toBe('unauthorized');
    expect(JSON.stringify(err)).not.toContain(bad);
    expect(String(err.stack)).not.toContain(bad);
  });
});

describe('HelenaClient × sandbox in strict window mode', () => {
  beforeEach(async () => {
    sb = await startConversationSandbox({ strictWindow: true });
  });

  it('free text into a conversation outside the window is window_closed (InternalException 131047)', async () => {
    const ana = clientFor(sb.company.agents.ana);
    const { sessionId } = await startConversation(ana);
    const err = await failure(ana.sendSessionMessage(sessionId as string, { text: 'Oi?', refId: randomUUID() }));
    expect(err.kind).toBe('window_closed');
    expect(err.key).toBe('whatsapp.131047');
    expect(err.status).toBe(400);
  });
});
