// @vitest-environment happy-dom
/**
 * Esc back a step in the start flow lands on what the agent had picked there (the third template,
 * the second channel), not on the first of the list: Enter takes it up again, as after a mistaken Esc.
 */
import { act } from 'react';
import { describe, expect, it, vi } from 'vitest';
import type { HelenaBridge } from '../src/console/bridge-contract';
import type { ContactSearchPage, CostSummary, StartTemplate } from '../src/console/results';
import { mountPerTest } from './testing/mount-per-test';
import { StartFlow } from './screens/start/StartFlow';
import { useAppStore } from './state/app-store';

const view = mountPerTest();

const contacts: ContactSearchPage = {
  items: [{ id: 'c1', name: 'Luíza Helena Brandão', phoneNumber: '+5541996655443', email: null, lastActivityAt: null, match: 'prefix' }],
  hasMore: false,
  total: 1,
  newNumber: null,
};
const template = (id: string, name: string): StartTemplate => ({ id, name, text: 'Olá {{nome}}', footerText: null, params: ['nome'], categoryName: 'Utilidade', media: null });
const cost: CostSummary = { charged: false, category: 'SERVICE', amount: null, currency: null, country: 'BR', formatted: null, explanation: 'Sem custo.', explanationEn: 'No cost.' };

function bridge(): HelenaBridge {
  const answers: Record<string, unknown> = {
    'contacts.search': contacts,
    'channels.list': [
      { id: 'ch1', type: 'CloudAPI_WhatsApp', displayName: 'WhatsApp Oficial', number: null, family: 'official', needsTemplate: true },
      { id: 'ch2', type: 'CloudAPI_WhatsApp', displayName: 'WhatsApp Oficial 2', number: null, family: 'official', needsTemplate: true },
    ],
    'teams.mine': [
      { id: 'team1', name: 'Suporte', isDefault: false },
      { id: 'team2', name: 'Vendas', isDefault: true },
    ],
    'templates.forStart': [template('t1', 'boas_vindas'), template('t2', 'catalogo_produtos'), template('t3', 'confirmacao_visita')],
    'cost.estimate': cost,
  };
  const invoke = vi.fn((command: string) => Promise.resolve(command in answers ? { ok: true, value: answers[command] } : { ok: false, error: { code: 'unknown_command', message: 'não' } }));
  return { invoke, onEvent: () => () => undefined } as unknown as HelenaBridge;
}

async function settle(ms = 150): Promise<void> {
  await act(async () => {
    await new Promise((resolve) => setTimeout(resolve, ms));
  });
}

async function press(key: string): Promise<void> {
  await act(async () => {
    document.activeElement?.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
  });
  await settle();
}

const chosen = () => view.host.querySelector('[role="option"][aria-selected="true"] .name')?.textContent;

describe('Esc back in the start flow', () => {
  it('lands on the template, team and channel picked before', async () => {
    useAppStore.setState({ bridge: bridge() });
    await act(async () => view.root.render(<StartFlow onClose={() => undefined} onStarted={() => undefined} />));
    await settle(300);
    await press('Enter'); // the contact
    await press('ArrowDown');
    expect(chosen()).toBe('WhatsApp Oficial 2');
    await press('Enter'); // the second channel
    await press('ArrowUp');
    expect(chosen()).toBe('Suporte');
    await press('Enter'); // Suporte, not the default team
    await press('ArrowDown');
    await press('ArrowDown');
    await press('Enter'); // the third template
    expect(document.activeElement?.id).toBe('param-nome');

    await press('Escape');
    expect(chosen()).toBe('confirmacao_visita');
    await press('Escape');
    expect(chosen()).toBe('Suporte');
    await press('Escape');
    expect(chosen()).toBe('WhatsApp Oficial 2');
    // Enter takes the same path again.
    await press('Enter');
    await press('Enter');
    await press('Enter');
    expect(view.host.querySelector('.trail')?.textContent).toContain('confirmacao_visita');
  });
});
