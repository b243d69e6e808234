/**
 * The contact search tells the start flow which contacts already have an open conversation the
 * agent sees (openConversations): a start there would only put a paid template into that same
 * conversation, as HelenaCRM reuses the contact's open conversation on the channel (checked
 * against the sandbox in start-per-channel.int.test.ts), so the flow opens it instead.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { CHANNEL, TEAM } from '../../sandbox/seed';
import { api, DEMO_LOGINS, loginAs } from '../../sandbox/testing';
import { type ConsoleRig, contactNamed, nextEvent, startConsoleRig, until, WELCOME_PARAMETERS } from './testing/console-rig';

let rig: ConsoleRig | null = null;
afterEach(async () => {
  await rig?.close();
  rig = null;
});

async function openOf(r: ConsoleRig, query: string): Promise<string | null | undefined> {
  return (await r.core.invoke('contacts.search', { query })).items[0]?.openConversations?.[0]?.id ?? null;
}

describe('contacts.search and open conversations', () => {
  it("gives Fábio's open conversation, which a start would only reuse; none for a contact without one, nor once completed", async () => {
    rig = await startConsoleRig();
    const r = rig;
    await r.login(DEMO_LOGINS.agent);
    await until('online', async () => (await r.core.invoke('state.snapshot', {})).connectivity.state === 'online');
    const fabio = await contactNamed(r.core, 'fabio guimaraes');
    expect(await openOf(r, 'fabio guimaraes')).toBeNull();

    const replied = nextEvent(r.core, 'contact-replied', (e) => e.contactId === fabio);
    await r.inbound(fabio, 'Vocês atendem empresas em Campinas?', CHANNEL.official.id);
    const { sessionId } = await replied;
    await until('the conversation in the cache', async () => (await r.core.invoke('conversation.list', {})).some((c) => c.id === sessionId));
    // In the team queue, seen by the agent: opening it is where to answer (Alt+A takes it).
    expect(await openOf(r, 'fabio guimaraes')).toBe(sessionId);
    await r.core.invoke('conversation.assume', { sessionId });
    expect(await openOf(r, 'fabio guimaraes')).toBe(sessionId);
    expect(await openOf(r, 'joao da silva')).toBeNull();

    // A start there would only put the template into the same conversation: the console refuses it.
    const welcome = (await r.core.invoke('templates.forStart', { channelId: CHANNEL.official.id, teamId: TEAM.vendas.id })).find((t) => t.name === 'boas_vindas');
    await expect(
      r.core.invoke('conversation.start', {
        contactId: fabio, channelId: CHANNEL.official.id, teamId: TEAM.vendas.id, templateId: welcome?.id ?? '', parameters: { nome: 'Fábio', atendente: 'Ana' },
      }),
    ).rejects.toMatchObject({ code: 'not_allowed', field: 'channelId' });

    await r.core.invoke('conversation.complete', { sessionId });
    await until('completed in the cache', async () => (await openOf(r, 'fabio guimaraes')) === null);
  }, 60_000);

  it('gives the start queued offline to that contact, and to no other contact in the results', async () => {
    rig = await startConsoleRig();
    const r = rig;
    await r.login(DEMO_LOGINS.agent);
    await until('online', async () => (await r.core.invoke('state.snapshot', {})).connectivity.state === 'online');
    const fabio = await contactNamed(r.core, 'fabio guimaraes');
    const welcome = (await r.core.invoke('templates.forStart', { channelId: CHANNEL.official.id, teamId: TEAM.vendas.id })).find((t) => t.name === 'boas_vindas');
    r.proxy.setMode('down');
    await until('offline', async () => (await r.core.invoke('state.snapshot', {})).connectivity.state === 'offline');
    const started = await r.core.invoke('conversation.start', {
      contactId: fabio, channelId: CHANNEL.official.id, teamId: TEAM.vendas.id, templateId: welcome?.id ?? '', parameters: { nome: 'Fábio', atendente: 'Ana' },
    });
    expect(started.conversationKey.startsWith('start:')).toBe(true);
    // Every result of the search is checked against the pending starts: only Fábio has one.
    const found = (await r.core.invoke('contacts.search', { query: 'a', limit: 20 })).items;
    expect(found.length).toBeGreaterThan(1);
    for (const item of found) expect(item.openConversations?.[0]?.id ?? null).toBe(item.id === fabio ? started.conversationKey : null);
    expect(await openOf(r, 'fabio guimaraes')).toBe(started.conversationKey);
  }, 60_000);

  it('forgets a start that went out but whose conversation left the agent before its answer came', async () => {
    rig = await startConsoleRig();
    const r = rig;
    await r.login(DEMO_LOGINS.agent);
    await until('online', async () => (await r.core.invoke('state.snapshot', {})).connectivity.state === 'online');
    const welcome = (await r.core.invoke('templates.forStart', { channelId: CHANNEL.official.id, teamId: TEAM.vendas.id })).find((t) => t.name === 'boas_vindas');
    const start = { phone: '(11) 93456-7812', channelId: CHANNEL.official.id, teamId: TEAM.vendas.id, templateId: welcome?.id ?? '', parameters: WELCOME_PARAMETERS };
    const admin = await loginAs(r.sandbox, DEMO_LOGINS.admin);
    // HelenaCRM takes the first try, its answer is lost…
    await api(r.sandbox).post('/control/v1/faults/scripted', { method: 'POST', path: '/chat/v1/send/template', when: 'after', status: 500 });
    await r.core.invoke('conversation.start', start);
    // …and before the retry the conversation goes to another team: the retry's refId is taken, the
    // outbox settles it sent, still under its start key (its session out of the agent's sight).
    const sessionId = await until('the session on HelenaCRM', async () => {
      const res = await api(r.sandbox, admin.token).get<{ items: Array<{ id: string; contactDetails?: { phonenumber?: string | null } }> }>(
        '/chat/v2/session?PageSize=100&IncludeDetails=ContactDetails',
      );
      return res.body.items.find((s) => s.contactDetails?.phonenumber === '+5511934567812')?.id ?? null;
    }, 5_000);
    expect((await api(r.sandbox, admin.token).put(`/chat/v1/session/${sessionId}/transfer`, { type: 'DEPARTMENT', newDepartmentId: TEAM.financeiro.id })).status).toBe(200);
    // Nothing of the agent's is open with that number any more (the retry settles within seconds)…
    await until('no open conversation with the number', async () =>
      (await r.core.invoke('contacts.search', { query: '11934567812' })).items.every((c) => (c.openConversations ?? []).length === 0),
    );
    // …so a new start goes (before, it was refused for good as "already open").
    await expect(r.core.invoke('conversation.start', start)).resolves.toMatchObject({ conversationKey: expect.stringMatching(/^start:/) as unknown });
  }, 60_000);
});
