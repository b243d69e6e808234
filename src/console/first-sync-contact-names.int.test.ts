/**
 * A big account's first sync has the conversations within seconds and their contacts a minute or
 * more later (200,000 at the rate limit). Meanwhile every row read "Contato ainda sincronizando…".
 * The session list is read with IncludeDetails=ContactDetails, and the desk names each row from the
 * contact HelenaCRM embedded in it until the contact itself is cached, which then wins.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { TEAM } from '../../sandbox/seed';
import { DEMO_LOGINS, readLoginCode } from '../../sandbox/testing';
import { addConversation } from '../../sandbox/realtime/test-fixtures';
import { type ConsoleRig, startConsoleRig, until } from './testing/console-rig';

let rig: ConsoleRig | null = null;
/** Lets the held contacts pull go (also after a failed assertion, so the rig closes at once). */
let release = (): void => undefined;
afterEach(async () => {
  release();
  await rig?.close();
  rig = null;
});

describe('the desk while the first sync still brings the contacts', () => {
  it('names a conversation from the contact embedded in it, and from the contact once it comes', async () => {
    rig = await startConsoleRig();
    const r = rig;
    const { ctx } = r.sandbox;
    const { sessionId, contactId } = addConversation(ctx, TEAM.vendas.id);
    ctx.db.prepare("UPDATE contacts SET name = 'Zuleica Barros', phone = '+5562984455667' WHERE id = ?").run(contactId);

    // The contacts pull waits until the test lets it go: the conversations come in first.
    const { client, store } = r.core.requireOpen();
    const listContacts = client.listContacts.bind(client);
    const held = new Promise<void>((resolve) => (release = resolve));
    client.listContacts = async (...args) => {
      await held;
      return listContacts(...args);
    };
    const login = DEMO_LOGINS.agent;
    await r.core.invoke('auth.requestCode', { login });
    await r.core.invoke('auth.verify', { login, code: await readLoginCode(r.sandbox, login) });

    const row = await until('the conversation on the desk', async () => (await r.core.invoke('desk.view', { filter: 'all' })).items.find((c) => c.id === sessionId));
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
});
