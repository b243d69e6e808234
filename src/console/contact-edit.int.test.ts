/**
 * The agent corrects a contact's name and e-mail (contact.update) through the console, against a
 * real sandbox behind a TCP proxy: a contact HelenaCRM created at a new-number start gets its name,
 * and the conversation list, the conversation and the search show it at once; HelenaCRM keeps
 * the phone and the rest as they were; a bad e-mail is refused under its field; offline the edit
 * is refused (never queued) with a sentence saying to try again when the connection is back.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { ContactDTO } from '../api/helena-dto';
import { CHANNEL, TEAM } from '../../sandbox/seed';
import { api, DEMO_LOGINS, loginAs } from '../../sandbox/testing';
import type { HelenaConsole } from './console';
import { connectivity, type ConsoleRig, startConsoleRig, until } from './testing/console-rig';

let rig: ConsoleRig | null = null;
afterEach(async () => {
  await rig?.close();
  rig = null;
});

/** HelenaCRM's own record of the contact (read with a fresh admin login, straight to the sandbox). */
async function serverContact(r: ConsoleRig, contactId: string): Promise<ContactDTO> {
  const { token } = await loginAs(r.sandbox, DEMO_LOGINS.admin);
  const res = await api(r.sandbox, token).get<ContactDTO>(`/core/v1/contact/${contactId}`);
  if (res.status !== 200) throw new Error(`get contact: HTTP ${res.status}`);
  return res.body;
}

/** Ids of the contacts a search finds. */
async function found(core: HelenaConsole, query: string): Promise<string[]> {
  return (await core.invoke('contacts.search', { query })).items.map((c) => c.id);
}

/** Ana starts with a number no contact has; resolves once the session and the contact HelenaCRM created are cached. */
async function startWithNewNumber(r: ConsoleRig, phone: string): Promise<{ sessionId: string; contactId: string }> {
  const welcome = (await r.core.invoke('templates.forStart', { channelId: CHANNEL.official.id, teamId: TEAM.vendas.id })).find((t) => t.name === 'boas_vindas');
  const started = await r.core.invoke('conversation.start', {
    phone, channelId: CHANNEL.official.id, teamId: TEAM.vendas.id, templateId: welcome?.id ?? '', parameters: { nome: 'Cliente', atendente: 'Ana' },
  });
  const opened = await until('the start acknowledged, its contact cached', async () => {
    const o = await r.core.invoke('conversation.open', { sessionId: started.conversationKey });
    return o.conversation && o.conversation.pendingStart === null && o.contact ? o : null;
  });
  return { sessionId: opened.conversation?.id ?? '', contactId: opened.contact?.id ?? '' };
}

describe('correcting a contact from the conversation', () => {
  it('names the contact a new-number start created: list, conversation and search show the new name at once; the rest stays', async () => {
    rig = await startConsoleRig();
    const r = rig;
    const { core } = r;
    await r.login(DEMO_LOGINS.agent);
    await until('online', async () => (await connectivity(core)) === 'online');
    const { sessionId, contactId } = await startWithNewNumber(r, '(11) 94444-7788');
    await r.silence(contactId);
    // Titled with its number until someone names it.
    const before = await core.invoke('conversation.open', { sessionId });
    expect(before.conversation?.contactName).toBe('(11) 94444-7788');
    expect(before.contact).toMatchObject({ name: null, email: null, phone: '(11) 94444-7788' });

    const seen = r.events.length;
    const named = await core.invoke('contact.update', { contactId, name: '  Gerusa Quintanilha  ', email: 'gerusa@empresa.com.br' });
    expect(named.contact).toMatchObject({ id: contactId, name: 'Gerusa Quintanilha', email: 'gerusa@empresa.com.br', phone: '(11) 94444-7788' });
    // The desk hears it: the contacts, and this conversation (whose title comes from the contact).
    expect(r.events.slice(seen)).toEqual(
      expect.arrayContaining([{ type: 'contacts-changed' }, { type: 'conversation-changed', sessionId }]),
    );
    expect((await core.invoke('conversation.list', {})).find((c) => c.id === sessionId)?.contactName).toBe('Gerusa Quintanilha');
    const after = await core.invoke('conversation.open', { sessionId });
    expect(after.conversation?.contactName).toBe('Gerusa Quintanilha');
    expect(after.contact).toMatchObject({ name: 'Gerusa Quintanilha', email: 'gerusa@empresa.com.br' });
    expect(await found(core, 'gerusa quintanilha')).toContain(contactId);
    expect(await found(core, 'gerusa@empresa')).toContain(contactId);
    // A number with a name is no longer offered as a new contact.
    expect((await core.invoke('contacts.search', { query: '(11) 94444-7788' })).newNumber).toBeNull();

    // A misspelling fixed: only the name changes; search finds the new one and no longer the old.
    await core.invoke('contact.update', { contactId, name: 'Iolanda Bittencourt' });
    expect(await found(core, 'iolanda bitten')).toContain(contactId);
    // (The e-mail still says "gerusa", so the old first name alone would still find it by the e-mail.)
    expect(await found(core, 'gerusa quintanilha')).not.toContain(contactId);
    expect(await found(core, 'quintanilha')).not.toContain(contactId);
    expect((await core.invoke('conversation.list', {})).find((c) => c.id === sessionId)?.contactName).toBe('Iolanda Bittencourt');
    // HelenaCRM has the name; phone and e-mail are as they were (PUT with fields: ["Name"]).
    expect(await serverContact(r, contactId)).toMatchObject({ name: 'Iolanda Bittencourt', phoneNumber: '+5511944447788', email: 'gerusa@empresa.com.br' });

    // An empty e-mail removes it.
    const cleared = await core.invoke('contact.update', { contactId, email: '' });
    expect(cleared.contact).toMatchObject({ name: 'Iolanda Bittencourt', email: null });
    expect(await serverContact(r, contactId)).toMatchObject({ name: 'Iolanda Bittencourt', email: null, phoneNumber: '+5511944447788' });
    expect(await found(core, 'gerusa@empresa')).not.toContain(contactId);
  });

  it('refuses a bad e-mail or an empty name under the field, and says when HelenaCRM no longer has the contact', async () => {
    rig = await startConsoleRig();
    const r = rig;
    const { core } = r;
    await r.login(DEMO_LOGINS.agent);
    await until('online', async () => (await connectivity(core)) === 'online');
    const joao = (await core.invoke('contacts.search', { query: 'joao da silva' })).items[0];
    const contactId = joao?.id ?? '';
    const before = await serverContact(r, contactId);

    await expect(core.invoke('contact.update', { contactId, name: 'João da Silva Neto', email: 'joao@gmail' })).rejects.toMatchObject({
      code: 'invalid_input',
      field: 'email',
      message: 'Digite um e-mail válido, como nome@empresa.com.br, ou deixe em branco para apagar.',
      messageEn: 'Type a valid e-mail, like name@company.com, or leave it blank to remove it.',
      issues: [{ field: 'email', message: expect.stringContaining('e-mail válido') as unknown }],
    });
    await expect(core.invoke('contact.update', { contactId, name: '   ' })).rejects.toMatchObject({
      code: 'invalid_input',
      field: 'name',
      message: 'Digite o nome do contato.',
    });
    await expect(core.invoke('contact.update', { contactId })).rejects.toMatchObject({ code: 'invalid_input', field: 'name' });
    // Nothing reached HelenaCRM, nothing changed in the cache.
    expect(await serverContact(r, contactId)).toMatchObject({ name: before.name, email: before.email, updatedAt: before.updatedAt });
    expect(await found(core, 'joao da silva neto')).not.toContain(contactId);

    // HelenaCRM answers 404: said plainly, about the contact.
    await expect(core.invoke('contact.update', { contactId: randomUUID(), name: 'Ninguém' })).rejects.toMatchObject({
      code: 'not_found',
      field: 'contactId',
      message: expect.stringContaining('não existe mais no HelenaCRM') as unknown,
    });

    // A 404 from the route (an API version, a proxy) while the contact exists: kept.
    await api(r.sandbox).post('/control/v1/faults/scripted', { method: 'PUT', path: `/core/v2/contact/${contactId}`, when: 'before', status: 404 });
    await expect(core.invoke('contact.update', { contactId, name: 'João da Silva Neto' })).rejects.toMatchObject({ code: 'not_found' });
    expect(await found(core, 'joao da silva')).toContain(contactId);

    // Removed on HelenaCRM (its API announces no deletion): the 404 is how the cache learns, and
    // the "+" search stops offering it.
    const otavio = (await core.invoke('contacts.search', { query: 'otavio galvao' })).items[0]?.id ?? '';
    expect(otavio).not.toBe('');
    const db = r.sandbox.ctx.db;
    db.pragma('foreign_keys = OFF');
    db.prepare('DELETE FROM contacts WHERE id = ?').run(otavio);
    db.pragma('foreign_keys = ON');
    const changes = r.events.filter((e) => e.type === 'contacts-changed').length;
    await expect(core.invoke('contact.update', { contactId: otavio, name: 'Otávio Galvão Filho' })).rejects.toMatchObject({ code: 'not_found', field: 'contactId' });
    expect(await found(core, 'otavio galvao')).not.toContain(otavio);
    expect(r.events.filter((e) => e.type === 'contacts-changed').length).toBeGreaterThan(changes);
  });

  it('offline, refuses the edit (never queued) and says to try again when the connection is back; then it goes through', async () => {
    rig = await startConsoleRig();
    const r = rig;
    const { core } = r;
    await r.login(DEMO_LOGINS.agent);
    await until('online', async () => (await connectivity(core)) === 'online');
    const contactId = (await core.invoke('contacts.search', { query: 'joao da silva' })).items[0]?.id ?? '';
    const before = await serverContact(r, contactId);

    r.proxy.setMode('down');
    // At once, before the console noticed (the call fails), and once it has seen the network go.
    const offline = {
      code: 'offline',
      message: expect.stringContaining('Tente de novo quando a conexão voltar') as unknown,
      messageEn: expect.stringContaining('Try again when the connection is back') as unknown,
    };
    await expect(core.invoke('contact.update', { contactId, name: 'João da Silva Sobrinho' })).rejects.toMatchObject(offline);
    await until('the console sees it', async () => (await connectivity(core)) !== 'online');
    await expect(core.invoke('contact.update', { contactId, name: 'João da Silva Sobrinho' })).rejects.toMatchObject(offline);
    // Nothing queued for later, nothing changed here.
    expect(await core.invoke('state.snapshot', {})).toMatchObject({ outbox: { queued: 0 }, outboxHeldHere: 0 });
    expect(await found(core, 'sobrinho')).not.toContain(contactId);

    r.proxy.setMode('pass');
    await until('online again', async () => (await connectivity(core)) === 'online');
    expect(await serverContact(r, contactId)).toMatchObject({ name: before.name, updatedAt: before.updatedAt });
    await core.invoke('contact.update', { contactId, name: 'João da Silva Sobrinho' });
    expect(await serverContact(r, contactId)).toMatchObject({ name: 'João da Silva Sobrinho', phoneNumber: before.phoneNumber, email: before.email });
    expect(await found(core, 'sobrinho')).toContain(contactId);
  });
});
