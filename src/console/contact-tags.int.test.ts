/**
 * The agent tags a contact from the conversation (contact.setTags, tags.list) through the console,
 * against a real sandbox behind a TCP proxy: the company's tags listed; tags added and removed show
 * in the conversation and the contact details at once and on HelenaCRM; a tag a colleague put on
 * meanwhile stays (add/remove, never replace-all); a tag gone is said plainly; offline refused,
 * nothing queued, and the last list of tags still offered.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ContactDTO } from '../api/helena-dto';
import { CHANNEL, TEAM } from '../../sandbox/seed';
import { tagIdOf } from '../../sandbox/data/ids';
import { api, DEMO_LOGINS, loginAs } from '../../sandbox/testing';
import { connectivity, type ConsoleRig, startConsoleRig, until } from './testing/console-rig';

let rig: ConsoleRig | null = null;
afterEach(async () => {
  await rig?.close();
  rig = null;
});

async function admin(r: ConsoleRig) {
  const { token } = await loginAs(r.sandbox, DEMO_LOGINS.admin);
  return api(r.sandbox, token);
}

async function serverContact(r: ConsoleRig, contactId: string): Promise<ContactDTO> {
  const res = await (await admin(r)).get<ContactDTO>(`/core/v1/contact/${contactId}`);
  if (res.status !== 200) throw new Error(`get contact: HTTP ${res.status}`);
  return res.body;
}

/** Ana, online, with a conversation started with João da Silva (tagged "cliente" in the demo). */
async function withJoaoConversation(): Promise<{ r: ConsoleRig; contactId: string; sessionId: string }> {
  rig = await startConsoleRig();
  const r = rig;
  const { core } = r;
  await r.login(DEMO_LOGINS.agent);
  await until('online', async () => (await connectivity(core)) === 'online');
  const contactId = (await core.invoke('contacts.search', { query: 'joao da silva' })).items[0]?.id ?? '';
  await r.silence(contactId);
  const welcome = (await core.invoke('templates.forStart', { channelId: CHANNEL.official.id, teamId: TEAM.vendas.id })).find((t) => t.name === 'boas_vindas');
  const started = await core.invoke('conversation.start', {
    contactId, channelId: CHANNEL.official.id, teamId: TEAM.vendas.id, templateId: welcome?.id ?? '', parameters: { nome: 'João', atendente: 'Ana' },
  });
  const opened = await until('the start acknowledged', async () => {
    const o = await core.invoke('conversation.open', { sessionId: started.conversationKey });
    return o.conversation && o.conversation.pendingStart === null && o.contact ? o : null;
  });
  return { r, contactId, sessionId: opened.conversation?.id ?? '' };
}

describe('tagging the contact from the conversation', () => {
  it("lists the company's tags; adds and removes tags; the conversation, contact details and HelenaCRM show them", async () => {
    const { r, contactId, sessionId } = await withJoaoConversation();
    const { core } = r;

    const list = await core.invoke('tags.list', {});
    expect(list.fresh).toBe(true);
    expect(list.tags.map((t) => t.name)).toEqual(expect.arrayContaining(['cliente', 'inadimplente', 'lead', 'retorno', 'vip']));
    expect(list.tags.find((t) => t.name === 'vip')).toEqual({ id: tagIdOf('vip'), name: 'vip', color: 'YELLOW_500' });
    const names = list.tags.map((t) => t.name);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, 'pt-BR')));

    const before = await core.invoke('conversation.open', { sessionId });
    expect(before.contact).toMatchObject({ tags: ['cliente'], tagIds: [tagIdOf('cliente')] });

    const seen = r.events.length;
    const tagged = await core.invoke('contact.setTags', { contactId, add: [tagIdOf('vip'), tagIdOf('retorno')], remove: [tagIdOf('cliente')] });
    expect(tagged.contact).toMatchObject({ id: contactId, tags: ['vip', 'retorno'], tagIds: [tagIdOf('vip'), tagIdOf('retorno')], name: 'João da Silva' });
    expect(r.events.slice(seen)).toEqual(expect.arrayContaining([{ type: 'contacts-changed' }, { type: 'conversation-changed', sessionId }]));
    expect((await core.invoke('conversation.open', { sessionId })).contact).toMatchObject({ tags: ['vip', 'retorno'] });
    expect(await serverContact(r, contactId)).toMatchObject({ tagNames: ['vip', 'retorno'], name: 'João da Silva', email: 'joao.silva@gmail.com' });
  });

  it("keeps a tag a colleague put on meanwhile, and says plainly when a tag no longer exists", async () => {
    const { r, contactId, sessionId } = await withJoaoConversation();
    const { core } = r;
    // A colleague tags João "empresa" straight on HelenaCRM; this agent then takes "cliente" off.
    await (await admin(r)).post(`/core/v1/contact/${contactId}/tags`, { tagNames: ['empresa'], operation: 'InsertIfNotExists' });
    const saved = await core.invoke('contact.setTags', { contactId, remove: [tagIdOf('cliente')] });
    expect(saved.contact.tags).toEqual(['empresa']);
    expect((await core.invoke('conversation.open', { sessionId })).contact?.tags).toEqual(['empresa']);

    await expect(core.invoke('contact.setTags', { contactId, add: ['00000000-0000-4000-8000-00000000abcd'] })).rejects.toMatchObject({
      code: 'api.validation',
      field: 'tags',
      message: expect.stringContaining('não existe mais no HelenaCRM') as unknown,
      messageEn: expect.stringContaining('no longer exists in HelenaCRM') as unknown,
    });
    await expect(core.invoke('contact.setTags', { contactId, add: [], remove: [] })).rejects.toMatchObject({ code: 'invalid_input', field: 'add' });
    expect((await serverContact(r, contactId)).tagNames).toEqual(['empresa']);
  });

  it('offline, refuses tagging (never queued) in pt-BR and English, and still offers the last list of tags', async () => {
    const { r, contactId, sessionId } = await withJoaoConversation();
    const { core } = r;
    await core.invoke('tags.list', {});
    const before = await serverContact(r, contactId);

    r.proxy.setMode('down');
    const offline = {
      code: 'offline',
      message: expect.stringContaining('Tente de novo quando a conexão voltar') as unknown,
      messageEn: expect.stringContaining('Try again when the connection is back') as unknown,
    };
    await expect(core.invoke('contact.setTags', { contactId, add: [tagIdOf('vip')] })).rejects.toMatchObject(offline);
    await until('the console sees it', async () => (await connectivity(core)) !== 'online');
    await expect(core.invoke('contact.setTags', { contactId, add: [tagIdOf('vip')] })).rejects.toMatchObject(offline);
    expect(await core.invoke('state.snapshot', {})).toMatchObject({ outbox: { queued: 0 }, outboxHeldHere: 0 });
    expect((await core.invoke('conversation.open', { sessionId })).contact?.tags).toEqual(['cliente']);
    const stale = await core.invoke('tags.list', {});
    expect(stale.fresh).toBe(false);
    expect(stale.tags.map((t) => t.name)).toContain('vip');

    r.proxy.setMode('pass');
    await until('online again', async () => (await connectivity(core)) === 'online');
    expect(await serverContact(r, contactId)).toMatchObject({ tagNames: before.tagNames, updatedAt: before.updatedAt });
    expect((await core.invoke('contact.setTags', { contactId, add: [tagIdOf('vip')] })).contact.tags).toEqual(['cliente', 'vip']);
  });
});
