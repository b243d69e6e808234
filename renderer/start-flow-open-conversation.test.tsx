// @vitest-environment happy-dom
/**
 * "+" to a contact who already has an open conversation the agent sees (Fábio Guimarães in the
 * demo): HelenaCRM would put the paid template into that same conversation, so the contact says
 * "Atendimento aberto — Enter abre a conversa" and Enter opens it; no channel, team or template.
 * A contact without one goes on to the channel as before.
 */
import { describe, expect, it, vi } from 'vitest';
import type { ContactSummary } from '../src/console/results';
import { answering, installBridge } from './testing/fake-bridge';
import { pause, pressAndWait } from './testing/input';
import { mountPerTest } from './testing/mount-per-test';
import { OFFICIAL_CHANNEL, contactPage, showStartFlow } from './testing/start-flow';

const view = mountPerTest();

const FABIO: ContactSummary = { id: 'c-fabio', name: 'Fábio Guimarães', phoneNumber: '+5519993344556', email: null, lastActivityAt: null, match: 'prefix', openConversations: [{ id: 'session-fabio', channelId: 'ch1' }] };
const JOAO: ContactSummary = { id: 'c-joao', name: 'João da Silva', phoneNumber: '+5511976543210', email: null, lastActivityAt: null, match: 'prefix', openConversations: [] };

const press = (key: string) => pressAndWait(key, 50);

async function open(items: ContactSummary[]) {
  const invoke = answering({
    'contacts.search': contactPage(items),
    'channels.list': [OFFICIAL_CHANNEL, { id: 'ch2', type: 'ZApi', displayName: 'WhatsApp QR', number: null, family: 'unofficial', needsTemplate: false }],
  });
  installBridge(invoke);
  const started = vi.fn();
  await showStartFlow(view, started);
  await pause(200);
  return { started, invoke };
}

describe('the start flow on a contact with an open conversation', () => {
  it('says so on the contact, and Enter opens that conversation instead of going on to the channel', async () => {
    const { started, invoke } = await open([FABIO, JOAO]);
    const rows = [...view.host.querySelectorAll('[role="option"]')];
    expect(rows[0]?.textContent).toContain('Atendimento aberto — Enter abre a conversa');
    expect(rows[1]?.textContent).not.toContain('Atendimento aberto');
    await press('Enter');
    expect(started).toHaveBeenCalledWith('session-fabio');
    expect(invoke.mock.calls.map((c) => c[0])).not.toContain('channels.list');
  });

  it('a contact without one goes on to the channel', async () => {
    const { started } = await open([JOAO, FABIO]);
    await press('Enter');
    expect(started).not.toHaveBeenCalled();
    expect(view.host.textContent).toContain('Selecione o canal');
  });
});
