/**
 * A contact's custom fields in the conversation, through the console against the demo sandbox:
 * the first opening shows none while the definitions are fetched, then the
 * screen is told to show the contact again, labelled and in the company's order (the field the
 * admin hid left out); after a restart with HelenaCRM unreachable the labels are still there.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_LOGINS } from '../../sandbox/testing';
import { CHANNEL, TEAM } from '../../sandbox/seed';
import { connectivity, type ConsoleRig, startConsoleRig, until } from './testing/console-rig';

let rig: ConsoleRig | null = null;
afterEach(async () => {
  await rig?.close();
  rig = null;
});

const LABELLED = [
  { key: 'plano', label: 'Plano', value: { kind: 'text', text: 'Premium' } },
  { key: 'cliente_desde', label: 'Cliente desde', value: { kind: 'date', date: '2019-05-10' } },
  { key: 'ultimo_pedido', label: 'Último pedido', value: { kind: 'text', text: '#48102' } },
  { key: 'aceita_ofertas', label: 'Aceita ofertas', value: { kind: 'boolean', yes: true } },
  { key: 'cidade', label: 'Cidade', value: { kind: 'text', text: 'São Paulo' } },
];

describe("the contact's custom fields in the conversation", () => {
  it('are labelled in the company’s order once the definitions are heard, and stay labelled offline after a restart', async () => {
    rig = await startConsoleRig();
    const r = rig;
    await r.login(DEMO_LOGINS.agent);
    await until('online', async () => (await connectivity(r.core)) === 'online');
    const joao = (await r.core.invoke('contacts.search', { query: 'joao da silva' })).items[0];
    const welcome = (await r.core.invoke('templates.forStart', { channelId: CHANNEL.official.id, teamId: TEAM.vendas.id })).find((t) => t.name === 'boas_vindas');
    const started = await r.core.invoke('conversation.start', {
      contactId: joao?.id ?? '', channelId: CHANNEL.official.id, teamId: TEAM.vendas.id, templateId: welcome?.id ?? '', parameters: { nome: 'João', atendente: 'Ana' },
    });

    const first = await r.core.invoke('conversation.open', { sessionId: started.conversationKey });
    // Not heard yet: nothing rather than option ids and the field the admin hid.
    expect(first.contact?.fields).toEqual([]);
    await until('told to show the contact again', () => r.events.some((e) => e.type === 'conversation-changed'));
    const labelled = await until('labelled', async () => {
      const opened = await r.core.invoke('conversation.open', { sessionId: started.conversationKey });
      return opened.contact?.fields[0]?.label === 'Plano' ? opened : null;
    });
    expect(labelled.contact?.fields).toEqual(LABELLED);
    const sessionId = await until('the session', async () => {
      const opened = await r.core.invoke('conversation.open', { sessionId: started.conversationKey });
      return opened.conversation?.pendingStart === null ? opened.conversation.id : null;
    });

    r.proxy.setMode('down');
    const again = await r.reopen();
    expect((await again.invoke('conversation.open', { sessionId })).contact?.fields).toEqual(LABELLED);
  });
});
