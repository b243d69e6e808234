/**
 * POST /chat/v1/send/typing over real HTTP: 200 with no body for the conversation's own agent, 403
 * for a colleague who sees it but may not write, 404 for one who cannot see it or an unknown id,
 * 400 naming sessionId; what was accepted is counted by GET /control/v1/typing, nothing else moves.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ProblemDetails, SendMessageResponse } from '../../src/api/helena-dto';
import { startConversationSandbox, type ConversationSandbox } from './test-fixture';

let sb: ConversationSandbox;
afterEach(async () => {
  await sb.close();
});

describe('POST /chat/v1/send/typing', () => {
  it('shows "digitando…" for the agent who may write, refuses everyone else, and is counted for tests', async () => {
    sb = await startConversationSandbox();
    const { agents, channels, contacts, templates, teams } = sb.company;
    const start = await sb.api('POST', '/chat/v1/send/template', agents.ana.token, {
      from: channels.official,
      to: contacts.mariaPhone,
      templateId: templates.lembrete,
      parameters: { nome: 'Maria' },
      options: { department: { id: teams.vendas } },
    });
    const sessionId = SendMessageResponse.parse(start.body).sessionId ?? '';
    const before = sb.ctx.events.lastOffset();

    const ok = await sb.api('POST', '/chat/v1/send/typing', agents.ana.token, { sessionId });
    expect(ok.status).toBe(200);
    expect(ok.body === null || ok.body === '' || ok.body === undefined).toBe(true);

    const notOwner = await sb.api('POST', '/chat/v1/send/typing', agents.sofia.token, { sessionId });
    expect(notOwner.status).toBe(403);
    expect(ProblemDetails.parse(notOwner.body).key).toBe('session.not_owner');
    expect((await sb.api('POST', '/chat/v1/send/typing', agents.bruno.token, { sessionId })).status).toBe(404);
    expect((await sb.api('POST', '/chat/v1/send/typing', agents.ana.token, { sessionId: crypto.randomUUID() })).status).toBe(404);
    const invalid = await sb.api('POST', '/chat/v1/send/typing', agents.ana.token, { sessionId: 'x' });
    expect(invalid.status).toBe(400);
    expect(JSON.stringify(invalid.body)).toContain('sessionId');

    const counted = await sb.api<{ count: number; items: Array<{ sessionId: string; userId: string; shown: boolean }> }>(
      'GET', `/control/v1/typing?sessionId=${sessionId}`, null,
    );
    expect(counted.status).toBe(200);
    expect(counted.body).toMatchObject({ count: 1, items: [{ sessionId, userId: agents.ana.userId, shown: true }] });
    // Nothing stored, no event for anyone (receipts of the template, on their own timers, aside).
    expect((sb.ctx.events.after(before) ?? []).filter((e) => e.eventType !== 'MESSAGE_UPDATED')).toEqual([]);
  });
});
