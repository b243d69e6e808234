/**
 * Internal notes over real HTTP and the realtime socket: a note is listed under /note and not
 * under /message, never reaches the contact (no send event, no receipts, the session untouched),
 * is written by anyone who sees the conversation (and by no one else: 404), is validated like a
 * text, dedupes its refId, and reaches the agents who see the conversation live.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { InternalException, MessageDTO, MessagePage, SendMessageResponse, SessionDTO } from '../../src/api/helena-dto';
import { connectClient, waitUntil, type TestClient } from '../realtime/test-fixtures';
import { startConversationSandbox, type ConversationSandbox, type FixtureAgent } from './test-fixture';

let sb: ConversationSandbox;
const sockets: TestClient[] = [];
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.close();
  await sb.close();
});

/** Ana starts a conversation with Maria on the official channel, in Vendas; returns the session id. */
async function started(): Promise<string> {
  const res = await sb.api('POST', '/chat/v1/send/template', sb.company.agents.ana.token, {
    from: sb.company.channels.official,
    to: sb.company.contacts.mariaPhone,
    templateId: sb.company.templates.lembrete,
    parameters: { nome: 'Maria' },
    options: { department: { id: sb.company.teams.vendas } },
  });
  expect(res.status).toBe(200);
  return SendMessageResponse.parse(res.body).sessionId ?? '';
}

function note(sessionId: string, agent: FixtureAgent, body: Record<string, unknown>) {
  return sb.api('POST', `/chat/v1/session/${sessionId}/note`, agent.token, body);
}

async function notes(sessionId: string, agent: FixtureAgent = sb.company.agents.ana) {
  const res = await sb.api('GET', `/chat/v1/session/${sessionId}/note`, agent.token);
  expect(res.status).toBe(200);
  return MessagePage.parse(res.body);
}

async function messages(sessionId: string) {
  const res = await sb.api('GET', `/chat/v1/session/${sessionId}/message`, sb.company.agents.ana.token);
  expect(res.status).toBe(200);
  return MessagePage.parse(res.body);
}

async function session(id: string) {
  const res = await sb.api('GET', `/chat/v2/session/${id}`, sb.company.agents.ana.token);
  expect(res.status).toBe(200);
  return SessionDTO.parse(res.body);
}

describe('internal notes', () => {
  it('lists a note under /note, not under /message, and never sends it to the contact', async () => {
    sb = await startConversationSandbox();
    const { ana } = sb.company.agents;
    const id = await started();
    const before = await session(id);
    const offset = sb.ctx.events.lastOffset();

    const res = await note(id, ana, { text: 'Cliente pediu 2ª via do boleto.' });
    expect(res.status).toBe(200);
    const saved = MessageDTO.parse(res.body);
    expect(saved).toMatchObject({ sessionId: id, type: 'NOTE', status: 'SAVED', direction: 'FROM_HUB', userId: ana.userId, text: 'Cliente pediu 2ª via do boleto.', templateId: null });
    expect(saved.details).toMatchObject({ waitReply: false, cost: null });

    const listed = await notes(id);
    expect(listed.items.map((n) => n.id)).toEqual([saved.id]);
    expect(listed.totalItems).toBe(1);
    // The conversation with the contact: only the template.
    expect((await messages(id)).items.map((m) => m.type)).toEqual(['TEXT']);
    expect((await sb.api('GET', `/chat/v1/message/${saved.id}`, ana.token)).status).toBe(404);
    expect((await sb.api('DELETE', `/chat/v1/message/${saved.id}`, ana.token)).status).toBe(404);

    // Nothing went to WhatsApp: one note event, no send, the session as it was; no receipts come
    // (the template's own receipts, MESSAGE_UPDATED, keep coming on their timers).
    const events = () => (sb.ctx.events.after(offset) ?? []).filter((e) => e.eventType !== 'MESSAGE_UPDATED' || (e.content as { id?: string }).id === saved.id);
    expect(events().map((e) => e.eventType)).toEqual(['SESSION_NOTE_NEW']);
    const after = await session(id);
    expect(after).toMatchObject({
      updatedAt: before.updatedAt,
      lastMessageText: before.lastMessageText,
      lastMessageOut: before.lastMessageOut,
      unreadCount: before.unreadCount,
      windowStatus: before.windowStatus,
    });
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect((await notes(id)).items[0]?.status).toBe('SAVED');
    expect(events()).toHaveLength(1);
  });

  it('lets everyone who sees the conversation write notes, also without owning it or after it ended; others get 404', async () => {
    sb = await startConversationSandbox();
    const { ana, sofia, bruno, rita, admin } = sb.company.agents;
    const id = await started();
    // Sofia (Vendas) may not write to the contact here, but may leave a note for the team.
    expect((await sb.api('POST', `/chat/v1/session/${id}/message`, sofia.token, { text: 'oi' })).status).toBe(403);
    expect((await note(id, sofia, { text: 'Sofia: cliente VIP, prioridade.' })).status).toBe(200);
    expect((await note(id, admin, { text: 'Admin: ok.' })).status).toBe(200);
    for (const outsider of [bruno, rita]) {
      const denied = await note(id, outsider, { text: 'não devia' });
      expect(denied.status).toBe(404);
      expect(InternalException.parse(denied.body).key).toBe('session.not_found');
      expect((await sb.api('GET', `/chat/v1/session/${id}/note`, outsider.token)).status).toBe(404);
    }
    const done = await sb.api('PUT', `/chat/v1/session/${id}/complete`, ana.token, {});
    expect(done.status).toBe(200);
    expect((await note(id, ana, { text: 'Encerrado: boleto enviado por e-mail.' })).status).toBe(200);
    const listed = await notes(id, sofia);
    expect(listed.items.map((n) => [n.userId, n.text])).toEqual([
      [sofia.userId, 'Sofia: cliente VIP, prioridade.'],
      [admin.userId, 'Admin: ok.'],
      [ana.userId, 'Encerrado: boleto enviado por e-mail.'],
    ]);
  });

  it('validates the text like a message (required, 4096 characters), refuses files, and dedupes a refId', async () => {
    sb = await startConversationSandbox();
    const { ana } = sb.company.agents;
    const id = await started();
    const expectRefused = async (body: Record<string, unknown>, key: string, field: string) => {
      const res = await note(id, ana, body);
      expect(res.status).toBe(400);
      const error = InternalException.parse(res.body);
      expect(error.key).toBe(key);
      expect(error.details).toMatchObject({ field });
    };
    await expectRefused({}, 'validation.field_required', 'text');
    await expectRefused({ text: '   ' }, 'validation.field_required', 'text');
    await expectRefused({ text: 'x'.repeat(4097) }, 'message.text_too_long', 'text');
    await expectRefused({ text: 'com anexo', filesUrls: ['https://exemplo.com/boleto.pdf'] }, 'note.files_unsupported', 'filesUrls');
    expect((await note(id, ana, { text: 'x'.repeat(4096) })).status).toBe(200);

    const refId = '6d3f2c1a-1111-4a4a-8b8b-123456789abc';
    const first = MessageDTO.parse((await note(id, ana, { text: 'uma vez', refId })).body);
    const again = MessageDTO.parse((await note(id, ana, { text: 'uma vez', refId })).body);
    expect(again.id).toBe(first.id);
    expect(first.refId).toBe(refId);
    expect((await notes(id)).items.filter((n) => n.text === 'uma vez')).toHaveLength(1);
    // A refId a note took is not a message's, and the reverse.
    expect((await sb.api('POST', `/chat/v1/session/${id}/message`, ana.token, { text: 'oi', refId })).status).toBe(409);
    const messageRef = '6d3f2c1a-2222-4a4a-8b8b-123456789abc';
    expect((await sb.api('POST', `/chat/v1/session/${id}/message`, ana.token, { text: 'oi', refId: messageRef })).status).toBe(200);
    expect((await note(id, ana, { text: 'nota', refId: messageRef })).status).toBe(409);
  });

  it('reaches the agents who see the conversation live, as SESSION_NOTE_NEW, and no one else', async () => {
    sb = await startConversationSandbox();
    const { ana, sofia, bruno } = sb.company.agents;
    const id = await started();
    const offset = sb.ctx.events.lastOffset();
    const teammate = await connectClient(sb.url, { token: sofia.token, offset });
    const outsider = await connectClient(sb.url, { token: bruno.token, offset });
    sockets.push(teammate, outsider);

    const saved = MessageDTO.parse((await note(id, ana, { text: 'Transferir para o Financeiro amanhã.' })).body);
    // The start's simulated receipts (MESSAGE_UPDATED) may come first on a busy machine: look for the note.
    await waitUntil(() => teammate.received.some((e) => e.eventType === 'SESSION_NOTE_NEW'), 'the note reaching the teammate');
    const event = teammate.received.find((e) => e.eventType === 'SESSION_NOTE_NEW');
    expect(event).toMatchObject({ eventType: 'SESSION_NOTE_NEW' });
    const content = MessageDTO.parse(event && 'content' in event ? event.content : null);
    expect(content).toMatchObject({ id: saved.id, type: 'NOTE', sessionId: id, userId: ana.userId, text: 'Transferir para o Financeiro amanhã.' });
    // Bruno (Suporte) hears nothing but the watermark past it.
    await waitUntil(() => outsider.watermarks.some((w) => w.offset >= (event?.offset ?? Infinity)), 'the outsider’s watermark');
    expect(outsider.received).toEqual([]);
  });
});
