/**
 * A big account's first sync has the conversations within seconds and their contacts a minute or
 * more later (200,000 at the rate limit). Meanwhile every row read "Contato ainda sincronizando…".
 * The session list is read with IncludeDetails=ContactDetails, and the desk names each row from the
 * contact HelenaCRM embedded in it until the contact itself is cached, which then wins.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { GetSessionParams } from '../api';
import { CHANNEL, TEAM } from '../../sandbox/seed';
import { DEMO_LOGINS, readLoginCode } from '../../sandbox/testing';
import { addConversation } from '../../sandbox/realtime/test-fixtures';
import { type ConsoleRig, startConsoleRig, until } from './testing/console-rig';
import { refusalOf } from './testing/refusal';

let rig: ConsoleRig | null = null;
/** Lets the held contacts pull go (also after a failed assertion, so the rig closes at once). */
let release = (): void => undefined;
afterEach(async () => {
  release();
  await rig?.close();
  rig = null;
});

interface HeldContactsDesk {
  r: ConsoleRig;
  ctx: ConsoleRig['sandbox']['ctx'];
  sessionId: string;
  contactId: string;
  channelId: string;
  client: ReturnType<ConsoleRig['core']['requireOpen']>['client'];
  store: ReturnType<ConsoleRig['core']['requireOpen']>['store'];
}

/**
 * Zuleica Barros's conversation on the sandbox, and the agent signed in while the contacts pull
 * waits (until `release`): her conversation on the desk (`row`), her contact not cached.
 * `beforeSignIn` changes the sandbox or wraps the client first.
 */
async function signedInContactsHeld(beforeSignIn: (desk: HeldContactsDesk) => void = () => undefined) {
  rig = await startConsoleRig();
  const r = rig;
  const { ctx } = r.sandbox;
  const { sessionId, contactId, channelId } = addConversation(ctx, TEAM.vendas.id);
  ctx.db.prepare("UPDATE contacts SET name = 'Zuleica Barros', phone = '+5562984455667' WHERE id = ?").run(contactId);

  // The contacts pull waits until the test lets it go: the conversations come in first.
  const { client, store } = r.core.requireOpen();
  const listContacts = client.listContacts.bind(client);
  const held = new Promise<void>((resolve) => (release = resolve));
  client.listContacts = async (...args) => {
    await held;
    return listContacts(...args);
  };
  const desk: HeldContactsDesk = { r, ctx, sessionId, contactId, channelId, client, store };
  beforeSignIn(desk);
  const login = DEMO_LOGINS.agent;
  await r.core.invoke('auth.requestCode', { login });
  await r.core.invoke('auth.verify', { login, code: await readLoginCode(r.sandbox, login) });
  const row = await until('the conversation on the desk', async () => (await r.core.invoke('desk.view', { filter: 'all' })).items.find((c) => c.id === sessionId));
  return { ...desk, row };
}

/** Each single read of a session from now on, as it is asked, with what it asks HelenaCRM to embed. */
function recordSingleReads(client: HeldContactsDesk['client']): Array<{ sessionId: string; params: GetSessionParams | undefined }> {
  const reads: Array<{ sessionId: string; params: GetSessionParams | undefined }> = [];
  const getSession = client.getSession.bind(client);
  client.getSession = (id, opts, params) => {
    reads.push({ sessionId: id, params });
    return getSession(id, opts, params);
  };
  return reads;
}

describe('the desk while the first sync still brings the contacts', () => {
  it('names a conversation from the contact embedded in it, and from the contact once it comes', async () => {
    const { r, ctx, sessionId, contactId, store, row } = await signedInContactsHeld();
    expect(store.contacts.get(contactId)).toBeNull();
    expect(row.contactName).toBe('Zuleica Barros');
    // The quick find reads the same name, and the embedded number.
    for (const query of ['zuleica', '(62) 98445-5667']) {
      expect((await r.core.invoke('desk.view', { filter: 'all', query })).items.map((c) => c.id), query).toEqual([sessionId]);
    }

    // Renamed on HelenaCRM meanwhile: the contact, once synced, wins over the name the session carried.
    ctx.db.prepare("UPDATE contacts SET name = 'Zuleica Barros Lima', updated_at = ? WHERE id = ?").run(new Date(Date.now() + 1_000).toISOString(), contactId);
    release();
    await r.core.whenSynced();
    expect(store.contacts.get(contactId)?.name).toBe('Zuleica Barros Lima');
    const after = (await r.core.invoke('desk.view', { filter: 'all' })).items.find((c) => c.id === sessionId);
    expect(after?.contactName).toBe('Zuleica Barros Lima');
  });

  it('names it in the reply notification, the line under the name and {{nome}}; one that comes by realtime is read with its contact', async () => {
    // What each single read of a session asked HelenaCRM to embed.
    let singleReads: ReturnType<typeof recordSingleReads> = [];
    const { r, ctx, sessionId, contactId, channelId, store } = await signedInContactsHeld(({ client }) => (singleReads = recordSingleReads(client)));
    expect(store.contacts.get(contactId)).toBeNull();

    // The contact writes: the notification names them as the desk does, not "Contato".
    await r.inbound(contactId, 'Ainda tem o modelo azul?', channelId);
    const replied = await until('the reply told', () => r.events.find((e) => e.type === 'contact-replied' && e.sessionId === sessionId));
    expect(replied).toMatchObject({ contactName: 'Zuleica Barros' });

    // The line under the name: the number, and that the rest of the contact is on its way.
    const opened = await r.core.invoke('conversation.open', { sessionId });
    expect(opened.contact).toBeNull();
    expect(opened.contactSyncing).toEqual({ phone: '(62) 98445-5667' });
    // A quick reply's {{nome}} greets them by name.
    const thanks = (await r.core.invoke('quickReplies.list', { sessionId })).find((q) => q.alias === 'obrigado');
    expect(thanks?.text).toBe('Obrigado pelo contato, Zuleica! Qualquer dúvida é só chamar por aqui.');

    // A new contact writes in after the conversations were read: the conversation comes by realtime
    // alone, without its contact; it is read once with its contact, and named without being opened.
    const ulisses = randomUUID();
    const now = new Date().toISOString();
    ctx.db.prepare('INSERT INTO contacts (id, name, phone, created_at, updated_at) VALUES (?, ?, ?, ?, ?)').run(ulisses, 'Ulisses Prado', '+5531991234567', now, now);
    const readsBefore = singleReads.length;
    await r.inbound(ulisses, 'Bom dia, quero um orçamento', CHANNEL.official.id);
    const fresh = await until('the new conversation from realtime', () => store.sessions.list({ contactId: ulisses })[0]);
    await until('the conversation named', async () => (await r.core.invoke('desk.view', { filter: 'all' })).items.find((c) => c.id === fresh.id && c.contactName === 'Ulisses Prado'));
    expect(singleReads.slice(readsBefore)).toEqual([{ sessionId: fresh.id, params: { includeDetails: ['ContactDetails'] } }]);
    // Opening it reads it once, as before (its message is cached: the screen shows it meanwhile),
    // with its contact, as the contact is not cached yet.
    const readsOpening = singleReads.length;
    await r.core.invoke('conversation.open', { sessionId: fresh.id });
    await until('the read on opening', () => singleReads[readsOpening]);
    expect(singleReads.slice(readsOpening)).toEqual([{ sessionId: fresh.id, params: { includeDetails: ['ContactDetails'] } }]);
    const openedNew = await r.core.invoke('conversation.open', { sessionId: fresh.id });
    expect(openedNew.conversation?.contactName).toBe('Ulisses Prado');
    expect(openedNew.contactSyncing).toEqual({ phone: '(31) 99123-4567' });

    // The contacts come: theirs is what the screen shows, and a read asks for nothing embedded any more.
    release();
    await r.core.whenSynced();
    const synced = await r.core.invoke('conversation.open', { sessionId: fresh.id });
    expect(synced.contact).toMatchObject({ name: 'Ulisses Prado', phone: '(31) 99123-4567' });
    expect(synced.contactSyncing).toBeNull();
    const readsSynced = singleReads.length;
    await r.core.currentEngines()?.sync.refreshSession(fresh.id);
    expect(singleReads.slice(readsSynced)).toEqual([{ sessionId: fresh.id, params: {} }]);
  });

  it('names a conversation that comes by realtime alone without its being opened: one read with its contact, none for one already named', async () => {
    let singleReads: ReturnType<typeof recordSingleReads> = [];
    const { r, ctx, sessionId, contactId, channelId, store } = await signedInContactsHeld(({ client }) => (singleReads = recordSingleReads(client)));
    const readsBefore = singleReads.length;
    // Zuleica's conversation, named from the list's embedded contact: her reply's events ask nothing.
    await r.inbound(contactId, 'Ainda tem o modelo azul?', channelId);
    await until('her reply told', () => r.events.find((e) => e.type === 'contact-replied' && e.sessionId === sessionId));

    // A contact new to the cache writes in, and again before anyone opens the conversation.
    const ulisses = randomUUID();
    const now = new Date().toISOString();
    ctx.db.prepare('INSERT INTO contacts (id, name, phone, created_at, updated_at) VALUES (?, ?, ?, ?, ?)').run(ulisses, 'Ulisses Prado', '+5531991234567', now, now);
    await r.inbound(ulisses, 'Bom dia, quero um orçamento', CHANNEL.official.id);
    await r.inbound(ulisses, 'Alguém por aí?', CHANNEL.official.id);
    const fresh = await until('the new conversation from realtime', () => store.sessions.list({ contactId: ulisses })[0]);
    const named = await until('the new conversation named on the desk', async () =>
      (await r.core.invoke('desk.view', { filter: 'all' })).items.find((c) => c.id === fresh.id && c.contactName === 'Ulisses Prado'),
    );
    expect(named.contactName).toBe('Ulisses Prado');
    // The second message's session event applied too (the read, if any, is asked as it is applied).
    await until('his second message on the conversation', () => (store.sessions.get(fresh.id)?.lastMessageText === 'Alguém por aí?' ? true : undefined));
    expect(store.contacts.get(ulisses)).toBeNull();
    // One request for it, whatever the events; none for hers.
    expect(singleReads.slice(readsBefore)).toEqual([{ sessionId: fresh.id, params: { includeDetails: ['ContactDetails'] } }]);
    // The quick find finds it by that name too.
    expect((await r.core.invoke('desk.view', { filter: 'all', query: 'ulisses' })).items.map((c) => c.id)).toEqual([fresh.id]);
  }, 60_000);

  it('refuses a start by number on the number where the contact, not cached yet, has an open conversation', async () => {
    const { r, contactId, store } = await signedInContactsHeld(({ ctx, sessionId }) => {
      // On the company's official number, where HelenaCRM would put a start to her into it.
      ctx.db.prepare('UPDATE sessions SET channel_id = ? WHERE id = ?').run(CHANNEL.official.id, sessionId);
    });
    const welcome = await until('the templates', async () =>
      (await r.core.invoke('templates.forStart', { channelId: CHANNEL.official.id, teamId: TEAM.vendas.id })).find((t) => t.name === 'boas_vindas'),
    );
    expect(store.contacts.get(contactId)).toBeNull();

    // Typed as the agent dials it: no cached contact has it, the conversation's embedded number does.
    const refused = await refusalOf(
      r.core.invoke('conversation.start', {
        phone: '(62) 98445-5667', channelId: CHANNEL.official.id, teamId: TEAM.vendas.id, templateId: welcome.id, parameters: { nome: 'Zuleica', atendente: 'Ana' },
      }),
    );
    expect(refused.toJSON()).toMatchObject({ code: 'not_allowed', field: 'channelId' });
    expect(store.outbox.unacknowledgedStarts()).toEqual([]);
    // On the QR number she has none: that start goes.
    const started = await r.core.invoke('conversation.start', { phone: '+55 62 98445-5667', channelId: CHANNEL.qr.id, teamId: TEAM.vendas.id, text: 'Oi Zuleica, aqui é a Ana.' });
    expect(started.conversationKey).toMatch(/^start:/);
  }, 60_000);

  it('names a conversation it starts with a contact not cached yet, from the one read of it after the start', async () => {
    let singleReads: ReturnType<typeof recordSingleReads> = [];
    const { r, ctx, store } = await signedInContactsHeld(({ client }) => (singleReads = recordSingleReads(client)));
    // Ulisses is on HelenaCRM, not in the cache yet: the agent dials his number.
    const ulisses = randomUUID();
    const now = new Date().toISOString();
    ctx.db.prepare('INSERT INTO contacts (id, name, phone, created_at, updated_at) VALUES (?, ?, ?, ?, ?)').run(ulisses, 'Ulisses Prado', '+5531991234567', now, now);
    const readsBefore = singleReads.length;
    await r.core.invoke('conversation.start', { phone: '(31) 99123-4567', channelId: CHANNEL.qr.id, teamId: TEAM.vendas.id, text: 'Oi Ulisses, aqui é a Ana.' });
    // The outbox reads the new session once HelenaCRM took the start: the same one request as
    // before, now with his contact, and the desk names it. (Opening it would read it again.)
    const { sessionId } = await until('the session read after the start', () => singleReads[readsBefore]);
    await until('the started conversation named on the desk', async () =>
      (await r.core.invoke('desk.view', { filter: 'all' })).items.find((c) => c.id === sessionId && c.contactName === 'Ulisses Prado'),
    );
    expect(store.sessions.get(sessionId)?.contactId).toBe(ulisses);
    expect(singleReads.slice(readsBefore)).toEqual([{ sessionId, params: { includeDetails: ['ContactDetails'] } }]);
    expect(store.contacts.get(ulisses)).toBeNull();
    const opened = await r.core.invoke('conversation.open', { sessionId });
    expect(opened.conversation?.contactName).toBe('Ulisses Prado');
    expect(opened.contactSyncing).toEqual({ phone: '(31) 99123-4567' });

    // He answers: the session comes again without his contact (realtime), and keeps the name.
    await r.inbound(ulisses, 'Oi Ana, tudo bem?', CHANNEL.qr.id);
    await until('the reply told', () => r.events.find((e) => e.type === 'contact-replied' && e.sessionId === sessionId));
    expect((await r.core.invoke('desk.view', { filter: 'all' })).items.find((c) => c.id === sessionId)?.contactName).toBe('Ulisses Prado');
  }, 60_000);
});
