/**
 * HelenaClient's scheduled messages: against the real sandbox (create, list by contact, cancel,
 * typed errors) and against a scripted server for the one rule that matters most — a create whose
 * answer is lost is not sent again (no refId: a retry could schedule the template twice).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { HelenaClient } from './helena-client';
import { failure } from './testing/failure';
import { startScriptedServer, type ScriptedAnswer, type ScriptedServer } from './testing/scripted-server';
import { startConversationSandbox, type ConversationSandbox } from '../../sandbox/conversations/test-fixture';

let sb: ConversationSandbox | null = null;
let scripted: ScriptedServer | null = null;
afterEach(async () => {
  await sb?.close();
  await scripted?.close();
  sb = null;
  scripted = null;
});

const inTwoHours = (s: ConversationSandbox) => new Date(s.ctx.clock.nowMs() + 2 * 3_600_000).toISOString();

describe('HelenaClient × scheduled messages', () => {
  it('creates, lists by the contact, cancels; typed errors for bad input and a late cancel', async () => {
    const s = (sb = await startConversationSandbox());
    const ana = s.company.agents.ana;
    const client = new HelenaClient({ baseUrl: s.url, getToken: () => ana.token, retry: { maxAttempts: 2, baseMs: 10, capMs: 20 } });
    const body = {
      from: s.company.channels.official,
      to: s.company.contacts.mariaPhone,
      department: { id: s.company.teams.vendas },
      type: 'TEMPLATE' as const,
      templateId: s.company.templates.boasVindas,
      scheduling: inTwoHours(s),
      templateParams: { parameters: { nome: 'Maria', protocolo: 'P-9' } },
    };
    const created = await client.createScheduledMessage(body);
    expect(created.status).toBe('SCHEDULED');
    const later = await client.createScheduledMessage({ ...body, scheduling: new Date(s.ctx.clock.nowMs() + 3 * 3_600_000).toISOString() });

    const listed = await client.listScheduledMessages({ to: s.company.contacts.maria, orderBy: 'createdAt', orderDirection: 'DESCENDING' });
    expect(listed.items.map((m) => m.id)).toEqual([later.id, created.id]);
    expect(listed.items[0]?.template?.name).toBe('boas_vindas');

    await client.cancelScheduledMessage(created.id);
    expect((await client.listScheduledMessages({ to: s.company.contacts.maria, status: 'CANCELED' })).items.map((m) => m.id)).toEqual([created.id]);

    const bad = await failure(client.createScheduledMessage({ ...body, templateParams: { parameters: { nome: 'Maria' } } }));
    expect(bad.kind).toBe('validation');
    expect(bad.key).toBe('template.invalid_parameter');

    s.ctx.clock.advance(4 * 3_600_000);
    const late = await failure(client.cancelScheduledMessage(later.id));
    expect(late.kind).toBe('conflict');
    expect(late.key).toBe('scheduled.not_cancellable');
  });

  it('a create whose answer is lost (reset, 500) is tried once only', async () => {
    const answers: ScriptedAnswer[] = [{ destroy: true }, { status: 500, body: { error: true, key: null, text: null, isUnsolvableError: false, httpStatusCode: 'InternalServerError' } }];
    for (const answer of answers) {
      await scripted?.close();
      scripted = await startScriptedServer(() => answer);
      const client = new HelenaClient({ baseUrl: scripted.url, getToken: () => 'agt_token-for-the-test-0123456789', retry: { maxAttempts: 4, baseMs: 5, capMs: 10 } });
      const err = await failure(client.createScheduledMessage({ to: '+5511987654321', from: 'x', templateId: 't', scheduling: '2030-01-01T09:00:00.000Z' }));
      expect(['server', 'network']).toContain(err.kind);
      expect(scripted.requests).toHaveLength(1);
    }
  });
});
