/**
 * The contact search tells the start flow which contacts already have an open conversation the
 * agent sees (openConversations): a start there would only put a paid template into that same
 * conversation, as HelenaCRM reuses the contact's open conversation on the channel (checked
 * against the sandbox in start-per-channel.int.test.ts), so the flow opens it instead.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { CHANNEL, TEAM } from '../../sandbox/seed';
import { DEMO_LOGINS } from '../../sandbox/testing';
import { type ConsoleRig, contactNamed, nextEvent, startConsoleRig, until } from './testing/console-rig';

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
});
