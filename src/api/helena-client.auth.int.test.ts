/**
 * Full agent login and the cache-filling lists (contacts, templates, channels, teams, agents)
 * against the real sandbox, the agent's availability (pause / back), plus the sandbox's own rate
 * limit under a burst.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startConversationSandbox, type ConversationSandbox } from '../../sandbox/conversations/test-fixture';
import { HelenaClient } from './helena-client';
import { HelenaError } from './errors';
import { fetchAllPages } from './paging';
import { startScriptedServer } from './testing/scripted-server';


const LoginCodePeek = z.object({ code: z.string().regex(/^\d{6}$/) });

let sb: ConversationSandbox | null = null;
afterEach(async () => {
  await sb?.close();
  sb = null;
});

async function peekCode(url: string, login: string): Promise<string> {
  const res = await fetch(`${url}/control/v1/login-code?login=${encodeURIComponent(login)}`);
  expect(res.status).toBe(200);
  return LoginCodePeek.parse(await res.json()).code;
}

describe('HelenaClient × sandbox auth and lists', () => {
  it('logs in with a one-time code, reads me, lists contacts and templates, logs out', async () => {
    sb = await startConversationSandbox();
    let token: string | null = null;
    const client = new HelenaClient({ baseUrl: sb.url, getToken: () => token });
    const login = 'ana@teste.com.br';

    const sent = await client.requestLoginCode(login);
    expect(sent.channel).toBe('email');
    const code = await peekCode(sb.url, login);
    const result = await client.verifyLoginCode(login, code);
    token = result.token;
    expect(result.agent.userId).toBe(sb.company.agents.ana.userId);

    const me = await client.me();
    expect(me.email).toBe(login);

    const contacts: string[] = [];
    for await (const page of fetchAllPages((n) => client.listContacts({ pageNumber: n, pageSize: 2 }))) {
      contacts.push(...page.items.map((c) => c.name ?? ''));
    }
    expect(contacts).toEqual(expect.arrayContaining(['Maria da Conceição', 'João Português']));

    const templates = await client.listTemplates({ channelId: sb.company.channels.official, type: 'ATTENDANCE', approvedOnly: true });
    const boasVindas = templates.items.find((t) => t.id === sb?.company.templates.boasVindas);
    expect(boasVindas?.params?.map((p) => p.name)).toEqual(['nome', 'protocolo']);
    expect(templates.items.every((t) => t.status === 'Approved')).toBe(true);

    expect((await client.listChannels()).map((c) => c.id)).toContain(sb.company.channels.official);
    expect((await client.listDepartments()).map((d) => d.id)).toContain(sb.company.teams.vendas);
    expect((await client.listAgents()).map((a) => a.userId)).toContain(sb.company.agents.ana.userId);

    const filtered = await client.filterContacts({ textFilter: 'Maria' });
    expect(filtered.items.map((c) => c.id)).toContain(sb.company.contacts.maria);

    await client.logout();
    const after = await client.me().catch((e: unknown) => e);
    expect(after).toBeInstanceOf(HelenaError);
    expect((after as HelenaError).kind).toBe('unauthorized');
    expect(JSON.stringify(after)).not.toContain(result.token);
  });

  it('a wrong code is refused and does not log in', async () => {
    sb = await startConversationSandbox();
    const client = new HelenaClient({ baseUrl: sb.url, getToken: () => null });
    await client.requestLoginCode('ana@teste.com.br');
    const real = await peekCode(sb.url, 'ana@teste.com.br');
    const wrong = real === '000000' ? '111111' : '000000';
    const err = await client.verifyLoginCode('ana@teste.com.br', wrong).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HelenaError);
    expect(['unauthorized', 'validation']).toContain((err as HelenaError).kind);
  });

  it('a burst stays under the sandbox rate limit: no 429 at all', async () => {
    sb = await startConversationSandbox({ rateLimit: { max: 10, windowMs: 500 } });
    const warnings: string[] = [];
    const client = new HelenaClient({
      baseUrl: sb.url,
      getToken: () => sb?.company.agents.ana.token ?? null,
      rateLimit: { max: 10, windowMs: 500 },
      logger: { warn: (m) => warnings.push(m) },
    });
    const pages = await Promise.all(Array.from({ length: 40 }, () => client.listChannels()));
    expect(pages).toHaveLength(40);
    expect(warnings).toEqual([]); // no 429, so nothing was retried
  });

  it("pauses and frees the agent (PUT /core/v1/agent/{id}, fields [Availability]); another agent's is forbidden", async () => {
    sb = await startConversationSandbox();
    const company = sb.company;
    const ana = new HelenaClient({ baseUrl: sb.url, getToken: () => company.agents.ana.token });
    const me = await ana.me();
    const paused = await ana.updateAgentAvailability(me.id, 'UNAVAILABLE');
    expect(paused).toMatchObject({ id: me.id, userId: me.userId, availability: 'UNAVAILABLE' });
    expect((await ana.listAgents()).find((a) => a.id === me.id)?.availability).toBe('UNAVAILABLE');
    expect((await ana.updateAgentAvailability(me.id, 'AVAILABLE')).availability).toBe('AVAILABLE');

    const other = (await ana.listAgents()).find((a) => a.userId === company.agents.bruno.userId);
    const refused = await ana.updateAgentAvailability(other?.id ?? '', 'UNAVAILABLE').catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(HelenaError);
    expect((refused as HelenaError).kind).toBe('forbidden');
  });

  it('sends the partial body and refuses an answer that is not an agent', async () => {
    const server = await startScriptedServer(() => ({ status: 200, body: { ok: true } }));
    try {
      const client = new HelenaClient({ baseUrl: server.url, getToken: () => 't', retry: { maxAttempts: 1 } });
      const agentId = '6f1c1f3e-0d5c-4a43-9a57-4d2b8e1f0a11';
      const err = await client.updateAgentAvailability(agentId, 'UNAVAILABLE').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(HelenaError);
      expect((err as HelenaError).kind).toBe('invalid_response');
      expect(server.requests[0]).toMatchObject({ method: 'PUT', path: `/core/v1/agent/${agentId}` });
      expect(JSON.parse(server.requests[0]?.body ?? '{}')).toEqual({ availability: 'UNAVAILABLE', fields: ['Availability'] });
    } finally {
      await server.close();
    }
  });
});
