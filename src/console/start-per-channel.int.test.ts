/**
 * A company with more than one WhatsApp number (the demo: the official one and the QR one). HelenaCRM
 * reuses the contact's open conversation on the channel of a start (checked here against the
 * sandbox), not on the others: so contacts.search says on which channels the agent has one
 * (openConversations) and whether a start may still go to another (otherChannelFree), and
 * conversation.start refuses only a channel where the contact already has one.
 */
import { describe, expect, it } from 'vitest';
import { CHANNEL, TEAM } from '../../sandbox/seed';
import { api, DEMO_LOGINS, loginAs } from '../../sandbox/testing';
import type { ContactSummary } from './results';
import { type ConsoleRig, contactNamed, nextEvent, rigPerTest, until } from './testing/console-rig';
import { refusalOf } from './testing/refusal';

const rigs = rigPerTest();

async function fabioOf(r: ConsoleRig): Promise<ContactSummary> {
  const found = (await r.core.invoke('contacts.search', { query: 'fabio guimaraes' })).items[0];
  if (!found) throw new Error('Fábio not found');
  return found;
}

async function welcomeId(r: ConsoleRig): Promise<string> {
  const welcome = (await r.core.invoke('templates.forStart', { channelId: CHANNEL.official.id, teamId: TEAM.vendas.id })).find((t) => t.name === 'boas_vindas');
  if (!welcome) throw new Error('boas_vindas not offered');
  return welcome.id;
}

const online = async (r: ConsoleRig) => (await r.core.invoke('state.snapshot', {})).connectivity.state === 'online';

describe('starts on a contact with an open conversation, per channel', () => {
  it('says on which number it is open, refuses a start there with what to do, and starts on the other number', async () => {
    const r = await rigs.start();
    await r.login(DEMO_LOGINS.agent);
    await until('online', () => online(r));
    const fabio = await contactNamed(r.core, 'fabio guimaraes');
    const replied = nextEvent(r.core, 'contact-replied', (e) => e.contactId === fabio);
    await r.inbound(fabio, 'Vocês atendem empresas em Campinas?', CHANNEL.official.id);
    const { sessionId } = await replied;
    await until('the conversation in the cache', async () => (await fabioOf(r)).openConversations?.length === 1);
    expect(await fabioOf(r)).toMatchObject({ openConversations: [{ id: sessionId, channelId: CHANNEL.official.id }], otherChannelFree: true });

    // HelenaCRM's rule, straight to the sandbox: a start on the official number goes into that
    // same conversation (a paid template where the agent could just write)…
    const phone = (await fabioOf(r)).phoneNumber ?? '';
    const { token } = await loginAs(r.sandbox, DEMO_LOGINS.agent);
    const direct = await api(r.sandbox, token).post<{ sessionId: string }>('/chat/v1/send/template', {
      from: CHANNEL.official.id, to: phone, templateId: await welcomeId(r), parameters: { nome: 'Fábio', atendente: 'Ana' }, options: { department: { id: TEAM.vendas.id } },
    });
    expect(direct.status).toBe(200);
    expect(direct.body.sessionId).toBe(sessionId);
    // …so the console refuses it, saying to open the conversation instead.
    const refused = await refusalOf(
      r.core.invoke('conversation.start', {
        contactId: fabio, channelId: CHANNEL.official.id, teamId: TEAM.vendas.id, templateId: await welcomeId(r), parameters: { nome: 'Fábio', atendente: 'Ana' },
      }),
    );
    expect(refused.toJSON()).toMatchObject({
      code: 'not_allowed',
      field: 'channelId',
      message: expect.stringContaining('já tem um atendimento aberto neste número: abra essa conversa') as unknown,
      messageEn: expect.stringContaining('already has an open conversation on this number: open it') as unknown,
    });

    // On the QR number it is a conversation of its own.
    const started = await r.core.invoke('conversation.start', { contactId: fabio, channelId: CHANNEL.qr.id, teamId: TEAM.vendas.id, text: 'Oi Fábio, aqui é a Ana do financeiro.' });
    const qrSession = await until('the QR start acknowledged', async () => {
      const id = (await r.core.invoke('conversation.open', { sessionId: started.conversationKey })).conversation?.id;
      return id && !id.startsWith('start:') ? id : null;
    });
    expect(qrSession).not.toBe(sessionId);
    await until('both in the cache', async () => (await fabioOf(r)).openConversations?.length === 2);
    const both = await fabioOf(r);
    expect(both.openConversations).toEqual(
      expect.arrayContaining([{ id: sessionId, channelId: CHANNEL.official.id }, { id: qrSession, channelId: CHANNEL.qr.id }]),
    );
    // Instagram is no number to start on: nothing left.
    expect(both.otherChannelFree).toBe(false);
    await expect(r.core.invoke('conversation.start', { contactId: fabio, channelId: CHANNEL.qr.id, teamId: TEAM.vendas.id, text: 'De novo' })).rejects.toMatchObject({
      code: 'not_allowed',
      field: 'channelId',
    });
  }, 60_000);

  it("counts the agent's start queued offline as open on its number only", async () => {
    const r = await rigs.start();
    await r.login(DEMO_LOGINS.agent);
    await until('online', () => online(r));
    const fabio = await contactNamed(r.core, 'fabio guimaraes');
    const templateId = await welcomeId(r);
    expect(await fabioOf(r)).toMatchObject({ openConversations: [], otherChannelFree: false });
    r.proxy.setMode('down');
    await until('offline', async () => (await r.core.invoke('state.snapshot', {})).connectivity.state === 'offline');

    const onQr = await r.core.invoke('conversation.start', { contactId: fabio, channelId: CHANNEL.qr.id, teamId: TEAM.vendas.id, text: 'Oi Fábio!' });
    expect(await fabioOf(r)).toMatchObject({ openConversations: [{ id: onQr.conversationKey, channelId: CHANNEL.qr.id }], otherChannelFree: true });
    await expect(r.core.invoke('conversation.start', { contactId: fabio, channelId: CHANNEL.qr.id, teamId: TEAM.vendas.id, text: 'Oi de novo' })).rejects.toMatchObject({
      code: 'not_allowed',
      field: 'channelId',
    });

    const onOfficial = await r.core.invoke('conversation.start', {
      contactId: fabio, channelId: CHANNEL.official.id, teamId: TEAM.vendas.id, templateId, parameters: { nome: 'Fábio', atendente: 'Ana' },
    });
    const found = await fabioOf(r);
    expect(found.openConversations).toEqual([
      { id: onOfficial.conversationKey, channelId: CHANNEL.official.id },
      { id: onQr.conversationKey, channelId: CHANNEL.qr.id },
    ]);
    expect(found.otherChannelFree).toBe(false);
  }, 60_000);
});
