// @vitest-environment happy-dom
/**
 * "+" to a contact who already has an open conversation the agent sees (Fábio Guimarães in the
 * demo): HelenaCRM would put the paid template into that same conversation, so the contact says
 * "Atendimento aberto — Enter abre a conversa" and Enter opens it; no channel, team or template.
 * A contact without one goes on to the channel as before.
 */
import { act } from 'react';
import { describe, expect, it, vi } from 'vitest';
import type { HelenaBridge } from '../src/console/bridge-contract';
import type { ContactSearchPage, ContactSummary } from '../src/console/results';
import { mountPerTest } from './testing/mount-per-test';
import { StartFlow } from './screens/start/StartFlow';
import { useAppStore } from './state/app-store';

const view = mountPerTest();

const FABIO: ContactSummary = { id: 'c-fabio', name: 'Fábio Guimarães', phoneNumber: '+5519993344556', email: null, lastActivityAt: null, match: 'prefix', openConversationId: 'session-fabio' };
const JOAO: ContactSummary = { id: 'c-joao', name: 'João da Silva', phoneNumber: '+5511976543210', email: null, lastActivityAt: null, match: 'prefix', openConversationId: null };

function bridgeWith(items: ContactSummary[]) {
  const page: ContactSearchPage = { items, hasMore: false, total: items.length, newNumber: null };
  const answers: Record<string, unknown> = {
    'contacts.search': page,
    'channels.list': [
      { id: 'ch1', type: 'CloudAPI_WhatsApp', displayName: 'WhatsApp Oficial', number: null, family: 'official', needsTemplate: true },
      { id: 'ch2', type: 'ZApi', displayName: 'WhatsApp QR', number: null, family: 'unofficial', needsTemplate: false },
    ],
  };
  const invoke = vi.fn((command: string) => Promise.resolve(command in answers ? { ok: true, value: answers[command] } : { ok: false, error: { code: 'unknown_command', message: 'não' } }));
  return { bridge: { invoke, onEvent: () => () => undefined } as unknown as HelenaBridge, invoke };
}

async function settle(ms = 200): Promise<void> {
  await act(async () => {
    await new Promise((resolve) => setTimeout(resolve, ms));
  });
}

async function press(key: string): Promise<void> {
  await act(async () => {
    document.activeElement?.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
  });
  await settle(50);
}

async function open(items: ContactSummary[]) {
  const { bridge, invoke } = bridgeWith(items);
  useAppStore.setState({ bridge });
  const started = vi.fn();
  await act(async () => view.root.render(<StartFlow onClose={() => undefined} onStarted={started} />));
  await settle();
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
