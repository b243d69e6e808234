// @vitest-environment happy-dom
import { act } from 'react';
import { describe, expect, it, vi } from 'vitest';
import type { HelenaBridge } from '../src/console/bridge-contract';
import type { ChannelSummary, ContactSearchPage, CostSummary, StartTemplate } from '../src/console/results';
import { mountPerTest } from './testing/mount-per-test';
import { StartFlow } from './screens/start/StartFlow';
import { useAppStore } from './state/app-store';

const view = mountPerTest();

const contacts: ContactSearchPage = {
  items: [{ id: 'c1', name: 'Sebastião Magalhães', phoneNumber: '+5571991234567', email: null, lastActivityAt: null, match: 'prefix' }],
  hasMore: false,
  total: 1,
  newNumber: null,
};
const template: StartTemplate = { id: 't1', name: 'boas_vindas', text: 'Olá {{nome}}', footerText: null, params: ['nome'], categoryName: 'UTILITY', media: null };
const cost: CostSummary = { charged: false, category: 'SERVICE', amount: null, currency: null, country: 'BR', formatted: null, explanation: 'Sem custo.', explanationEn: 'No cost.' };

/** The start flow with one contact, one channel (official or QR), one team and one template. */
function bridgeWith(channel: ChannelSummary): HelenaBridge {
  const answers: Record<string, unknown> = {
    'contacts.search': contacts,
    'channels.list': [channel],
    'teams.mine': [{ id: 'team1', name: 'Vendas', isDefault: true }],
    'templates.forStart': [template],
    'cost.estimate': cost,
  };
  const invoke = vi.fn((command: string) => Promise.resolve(command in answers ? { ok: true, value: answers[command] } : { ok: false, error: { code: 'unknown_command', message: 'não' } }));
  return { invoke, onEvent: () => () => undefined } as unknown as HelenaBridge;
}

async function settle(ms = 400): Promise<void> {
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

const keyLines = () => [...view.host.ownerDocument.querySelectorAll('.keys')].map((p) => p.textContent);

describe('the start flow keys line on its last step', () => {
  it('for a template: Tab, Enter starts, Esc goes back — no "↑↓ escolhem" or Ctrl+Enter that do nothing there', async () => {
    useAppStore.setState({ bridge: bridgeWith({ id: 'ch1', type: 'CloudAPI_WhatsApp', displayName: 'WhatsApp Oficial', number: null, family: 'official', needsTemplate: true }) });
    await act(async () => view.root.render(<StartFlow onClose={() => undefined} onStarted={() => undefined} />));
    await settle();
    await press('Enter'); // the contact; the one channel and the one team are chosen for the agent
    await settle();
    expect(keyLines()).toEqual(['Esc volta uma etapa · ↑↓ escolhem · Enter confirma']);
    await press('Enter'); // the template
    await settle();
    expect(view.host.ownerDocument.activeElement?.id).toBe('param-nome');
    expect(keyLines()).toEqual(['Tab passa ao próximo campo · Enter inicia o atendimento · Esc volta uma etapa']);
  });

  it('for a first message on a QR channel: Enter is a new line, Ctrl+Enter starts', async () => {
    useAppStore.setState({ bridge: bridgeWith({ id: 'ch2', type: 'ZAPI_WhatsApp', displayName: 'WhatsApp QR Code', number: null, family: 'unofficial', needsTemplate: false }) });
    await act(async () => view.root.render(<StartFlow onClose={() => undefined} onStarted={() => undefined} />));
    await settle();
    await press('Enter');
    await settle();
    expect(view.host.ownerDocument.activeElement?.id).toBe('first-message');
    expect(keyLines()).toEqual(['Enter quebra a linha · Ctrl+Enter inicia o atendimento · Esc volta uma etapa']);
  });
});
