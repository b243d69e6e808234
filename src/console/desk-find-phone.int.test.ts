/**
 * The desk's quick find ("Buscar por nome ou número") finds a conversation by its contact's phone,
 * typed in any format, as the contact search does, also on an admin's desk of thousands of open
 * conversations, which it counts whole. How fast it answers is `npm run bench -- desk`'s to measure.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { CHANNEL } from '../../sandbox/seed';
import { DEMO_LOGINS } from '../../sandbox/testing';
import { contactDto, sessionDto } from '../store/test-fixtures';
import { type ConsoleRig, contactNamed, startConsoleRig, until } from './testing/console-rig';

let rig: ConsoleRig | null = null;
afterEach(async () => {
  await rig?.close();
  rig = null;
});

/** Cláudia writes first (as in the demo's receptive conversations) and her conversation reaches the desk. */
async function claudiaConversation(r: ConsoleRig): Promise<string> {
  const contactId = await contactNamed(r.core, 'claudia assuncao');
  await r.inbound(contactId, 'Bom dia, meu pedido ainda não chegou.', CHANNEL.official.id);
  const found = await until('Cláudia on the desk', async () => {
    const view = await r.core.invoke('desk.view', { filter: 'all', query: 'claudia' });
    return view.items.length > 0 ? view.items : null;
  });
  const claudia = found[0];
  if (!claudia) throw new Error('no Cláudia');
  return claudia.id;
}

describe('desk.view quick find by phone', () => {
  it('finds Cláudia Assunção by her number in any format', async () => {
    rig = await startConsoleRig();
    const r = rig;
    await r.login(DEMO_LOGINS.agent);
    const id = await claudiaConversation(r);
    for (const query of ['81997766554', '(81) 99776-6554', '+55 81 99776-6554', '5581997766554', '76655', '99776-6554']) {
      const view = await r.core.invoke('desk.view', { filter: 'all', query });
      expect(view.items.map((c) => c.id), query).toEqual([id]);
    }
    // Digits no one has find nothing; too few digits are not a number search.
    expect((await r.core.invoke('desk.view', { filter: 'all', query: '(81) 90000-1234' })).items).toEqual([]);
  });

  it("finds one conversation by phone on an admin's desk of thousands, and counts them all", async () => {
    rig = await startConsoleRig();
    const r = rig;
    await r.login(DEMO_LOGINS.admin);
    await claudiaConversation(r);
    const { store } = r.core.requireOpen();
    const channelId = (await r.core.invoke('desk.view', { filter: 'all' })).items[0]?.channelId;
    if (!channelId) throw new Error('no conversation on the desk');
    const N = 2_000;
    const contacts = Array.from({ length: N }, (_, i) =>
      contactDto({ id: `c0000000-0000-4000-8000-${String(i).padStart(12, '0')}`, name: `Cliente ${i} Souza`, phoneNumber: `+55119${String(10_000_000 + i * 37).padStart(8, '0')}` }),
    );
    store.contacts.upsertContacts(contacts);
    store.sessions.upsertSessions(
      contacts.map((c, i) =>
        sessionDto({ id: `50000000-0000-4000-8000-${String(i).padStart(12, '0')}`, contactId: c.id, channelId, status: 'IN_PROGRESS', updatedAt: '2025-01-01T10:00:00.000Z', lastMessageText: `mensagem ${i}` }),
      ),
    );
    // Contact 100's number, formatted as an agent types it.
    const phone = await r.core.invoke('desk.view', { filter: 'all', query: '(11) 91000-3700' });
    expect(phone.items.map((c) => c.contactName)).toEqual(['Cliente 100 Souza']);
    expect(phone.counts.all).toBeGreaterThanOrEqual(N);
  });
});
