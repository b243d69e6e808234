import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MessageDTO } from '../../src/api/helena-dto';
import { createSandbox, type RunningSandbox } from '../app';
import { realtimeOf } from '../realtime/registry';
import { addAgent, addConversation, addTeam, connectClient, waitUntil, type TestClient } from '../realtime/test-fixtures';
import { DEFAULT_REPLY_TEXT } from './contact-replies';

let sandbox: RunningSandbox;
const clients: TestClient[] = [];

/** What the send routes log when a template goes out in a conversation. */
function templateSent(sessionId: string, departmentId: string, status = 'SENT'): void {
  sandbox.ctx.events.append(
    'MESSAGE_SENT',
    { id: randomUUID(), sessionId, direction: 'FROM_HUB', templateId: randomUUID(), status, text: 'Olá!' },
    { kind: 'session', departmentId, userId: null },
  );
}

const pending = () => realtimeOf(sandbox.ctx)?.pendingReplies() ?? [];
const received = (client: TestClient) =>
  client.received.flatMap((e) => (e.eventType === 'MESSAGE_RECEIVED' && 'content' in e ? [e] : []));

beforeAll(async () => {
  // No control flag: demos need replies without it.
  sandbox = await createSandbox({ port: 0 });
});
afterEach(() => {
  for (const client of clients.splice(0)) client.close();
});
afterAll(async () => {
  await sandbox.close();
});

describe('simulated contacts', () => {
  it('answer a burst of templates once, after the scripted delay, with the scripted text', async () => {
    const team = addTeam(sandbox.ctx, 'Vendas');
    const agent = addAgent(sandbox.ctx, 'Agent', [team]);
    const conversation = addConversation(sandbox.ctx, team, { replyAfterMs: 150, replyText: 'Oi, tudo bem? Pode mandar.' });
    const client = await connectClient(sandbox.url, { token: agent.token });
    clients.push(client);

    const sentAt = performance.now();
    templateSent(conversation.sessionId, team);
    templateSent(conversation.sessionId, team);
    templateSent(conversation.sessionId, team);
    await waitUntil(() => pending().includes(conversation.contactId), 'the reply to be scheduled');
    await waitUntil(() => received(client).length === 1, 'the simulated reply');
    expect(performance.now() - sentAt).toBeGreaterThanOrEqual(140);
    const reply = MessageDTO.parse(received(client)[0]?.content);
    expect(reply).toMatchObject({ sessionId: conversation.sessionId, direction: 'TO_HUB', text: 'Oi, tudo bem? Pode mandar.' });
    expect(pending()).not.toContain(conversation.contactId);
    const replies = sandbox.ctx.db
      .prepare("SELECT COUNT(*) AS n FROM messages WHERE session_id = ? AND direction = 'TO_HUB'")
      .get(conversation.sessionId) as { n: number };
    expect(replies.n).toBe(1);

    // The next template (a new burst) gets its own answer.
    templateSent(conversation.sessionId, team);
    await waitUntil(() => received(client).length === 2, 'the second reply');
  });

  it('use the default pt-BR reply when no text is scripted', async () => {
    const team = addTeam(sandbox.ctx, 'Suporte');
    const agent = addAgent(sandbox.ctx, 'Agent', [team]);
    const conversation = addConversation(sandbox.ctx, team, { replyAfterMs: 10 });
    const client = await connectClient(sandbox.url, { token: agent.token });
    clients.push(client);
    templateSent(conversation.sessionId, team);
    await waitUntil(() => received(client).length === 1, 'the simulated reply');
    expect(MessageDTO.parse(received(client)[0]?.content).text).toBe(DEFAULT_REPLY_TEXT);
  });

  it('never answer when scripted not to, nor for held or free-text messages', async () => {
    const team = addTeam(sandbox.ctx, 'Cobrança');
    const silent = addConversation(sandbox.ctx, team, { replyAfterMs: null });
    // Long delay: a wrongly scheduled reply would still be pending when we look.
    const chatty = addConversation(sandbox.ctx, team, { replyAfterMs: 60_000 });
    templateSent(silent.sessionId, team);
    templateSent(chatty.sessionId, team, 'WAIT_REPLY');
    sandbox.ctx.events.append(
      'MESSAGE_SENT',
      { id: randomUUID(), sessionId: chatty.sessionId, direction: 'FROM_HUB', templateId: null, status: 'SENT', text: 'texto livre' },
      { kind: 'all' },
    );
    // A marker event: once it has been dispatched, the events above have been seen by the simulation.
    const marker = sandbox.ctx.events.append('CONTACT_UPDATE', {}, { kind: 'all' }).offset;
    const agent = addAgent(sandbox.ctx, 'Admin', []);
    const client = await connectClient(sandbox.url, { token: agent.token, offset: marker - 1 });
    clients.push(client);
    await client.waitForCount(1);
    expect(pending()).toEqual([]);
  });
});
