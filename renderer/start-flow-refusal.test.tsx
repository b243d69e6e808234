// @vitest-environment happy-dom
/**
 * A template's parameters refused (one left empty): the agent reads each problem once, under its
 * field, not again in a line by the button (that line stays for screen readers), and the keyboard
 * goes to the first field to correct, even when Enter was pressed in the last one. A refusal that
 * is not about a field (no connection to check, say) still shows by the button.
 */
import { act } from 'react';
import { describe, expect, it, vi } from 'vitest';
import type { HelenaBridge } from '../src/console/bridge-contract';
import type { ConsoleErrorBody } from '../src/console/errors';
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
const template: StartTemplate = {
  id: 't1',
  name: 'confirmacao_visita',
  text: 'Olá {{nome}}, confirmando a visita técnica em {{data}} às {{hora}}.',
  footerText: null,
  params: ['nome', 'data', 'hora'],
  categoryName: 'UTILITY',
  media: null,
};
const cost: CostSummary = { charged: false, category: 'SERVICE', amount: null, currency: null, country: 'BR', formatted: null, explanation: 'Sem custo.', explanationEn: 'No cost.' };

function bridgeRefusing(refusal: ConsoleErrorBody): HelenaBridge {
  const answers: Record<string, unknown> = {
    'contacts.search': contacts,
    'channels.list': [{ id: 'ch1', type: 'CloudAPI_WhatsApp', displayName: 'WhatsApp Oficial', number: null, family: 'official', needsTemplate: true }],
    'teams.mine': [{ id: 'team1', name: 'Vendas', isDefault: true }],
    'templates.forStart': [template],
    'cost.estimate': cost,
  };
  const invoke = vi.fn((command: string) =>
    Promise.resolve(command === 'conversation.start' ? { ok: false, error: refusal } : command in answers ? { ok: true, value: answers[command] } : { ok: false, error: { code: 'unknown_command', message: 'não' } }),
  );
  return { invoke, onEvent: () => () => undefined } as unknown as HelenaBridge;
}

async function settle(ms = 250): Promise<void> {
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

/** Contact and template chosen, then Enter (a submit) from the last field, "hora". */
async function startFromLastField(refusal: ConsoleErrorBody): Promise<void> {
  useAppStore.setState({ bridge: bridgeRefusing(refusal) });
  await act(async () => view.root.render(<StartFlow onClose={() => undefined} onStarted={() => undefined} />));
  await settle();
  await press('Enter'); // the contact; the one channel and the one team are chosen for the agent
  await press('Enter'); // the template
  const hora = view.host.querySelector<HTMLInputElement>('#param-hora');
  act(() => hora?.focus());
  await act(async () => view.host.querySelector('form')?.requestSubmit());
  await settle();
}

/** The error texts a sighted agent reads (those not kept for screen readers only). */
const shownErrors = () => [...view.host.querySelectorAll('.error')].filter((el) => !el.classList.contains('sr-only')).map((el) => el.textContent);

describe('a refused start, as the agent reads it', () => {
  it('says a missing parameter once, under its field, and puts the keyboard there', async () => {
    await startFromLastField({
      code: 'invalid_parameters',
      message: 'Preencha o parâmetro "data".',
      messageEn: 'Fill in the "data" parameter.',
      field: 'parameters.data',
      issues: [{ field: 'parameters.data', message: 'Preencha o parâmetro "data".', messageEn: 'Fill in the "data" parameter.' }],
    });
    expect(shownErrors()).toEqual(['Preencha o parâmetro "data".']);
    expect(view.host.querySelector('#param-data-issue')?.textContent).toBe('Preencha o parâmetro "data".');
    // Screen readers still hear it at once.
    expect(view.host.querySelector('[role="alert"]')?.textContent).toBe('Preencha o parâmetro "data".');
    expect(document.activeElement?.id).toBe('param-data');
  });

  it('shows a refusal about no field by the button, where it always was', async () => {
    await startFromLastField({ code: 'offline', message: 'Sem conexão com o HelenaCRM.' });
    expect(shownErrors()).toEqual(['Sem conexão com o HelenaCRM.']);
    expect(document.activeElement?.id).toBe('param-hora');
  });
});
