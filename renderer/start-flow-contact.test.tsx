// @vitest-environment happy-dom
/**
 * The start flow and the contact: the search lists each phone as the conversation shows it
 * ("(11) 97654-3210", a landline "(11) 3456-7890", a US number "+1 415 555 0100", never the raw
 * "+5511976543210"), and the template's name parameter comes filled with the contact's name,
 * selected, so typing replaces it (the first name for "primeiro_nome"; nothing for a contact
 * without a name). No empty line is kept under the search box while contacts are listed.
 */
import { describe, expect, it } from 'vitest';
import type { ContactSummary, StartTemplate } from '../src/console/results';
import { answering, installBridge } from './testing/fake-bridge';
import { pause, pressAndWait } from './testing/input';
import { mountPerTest } from './testing/mount-per-test';
import { oneChannelStart, showStartFlow } from './testing/start-flow';

const view = mountPerTest();

const contact = (id: string, name: string | null, phoneNumber: string | null): ContactSummary =>
  ({ id, name, phoneNumber, email: null, lastActivityAt: null, match: 'prefix' }) as ContactSummary;

function templateWith(params: string[]): StartTemplate {
  return { id: 't1', name: 'boas_vindas', text: params.map((p) => `{{${p}}}`).join(' '), footerText: null, params, categoryName: 'UTILITY', media: null };
}

const settle = () => pause(200);
const press = (key: string) => pressAndWait(key, 50);

/** The flow on `items`, with one official channel, one team and `template`: Enter on the contact goes straight to the template list. */
async function open(items: ContactSummary[], template = templateWith(['nome', 'atendente'])): Promise<void> {
  installBridge(answering(oneChannelStart(items, template)));
  await showStartFlow(view);
  await settle();
}

/** Enter on the active contact, then on the one template: the parameters, the first one focused. */
async function toParameters(): Promise<void> {
  await press('Enter');
  await settle();
  await press('Enter');
  await settle();
}

const field = (name: string) => document.getElementById(`param-${name}`) as HTMLInputElement;

describe('the contact search', () => {
  it('lists each phone as agents read it: a Brazilian mobile and landline in national format, a US number international', async () => {
    await open([contact('c1', 'Maria da Conceição Santos', '+5511976543210'), contact('c2', 'Padaria Estrela', '551134567890'), contact('c3', 'John Smith', '+14155550100')]);
    const details = [...view.host.querySelectorAll('.pick-list .detail')].map((d) => d.textContent);
    expect(details).toEqual(['(11) 97654-3210', '(11) 3456-7890', '+1 415 555 0100']);
    expect(view.host.textContent).not.toContain('+5511976543210');
  });

  it('keeps no empty line under the box while contacts are listed (the search status is for screen readers then)', async () => {
    await open([contact('c1', 'Maria da Conceição Santos', '+5511976543210')]);
    const status = view.host.querySelector('[aria-live="polite"]');
    expect(status?.className).toBe('sr-only');
    expect(status?.textContent).toBe('');
  });

  it('shows the trail with the name, or with the phone as read for a contact without one', async () => {
    await open([contact('c1', null, '+5511976543210')]);
    await press('Enter');
    await settle();
    expect(view.host.querySelector('.trail')?.textContent).toContain('(11) 97654-3210');
  });
});

describe('the template\'s name parameter', () => {
  it('"nome" comes with the contact\'s name, selected, so typing replaces it; other parameters stay empty', async () => {
    await open([contact('c1', '  Maria da Conceição Santos ', '+5511976543210')]);
    await toParameters();
    const nome = field('nome');
    expect(document.activeElement).toBe(nome);
    expect(nome.value).toBe('Maria da Conceição Santos');
    expect([nome.selectionStart, nome.selectionEnd]).toEqual([0, 'Maria da Conceição Santos'.length]);
    expect(field('atendente').value).toBe('');
    expect(view.host.querySelector('[data-testid="template-preview"]')?.textContent).toBe('Maria da Conceição Santos [atendente]');
  });

  it('"primeiro_nome" comes with the first name', async () => {
    await open([contact('c1', 'Maria da Conceição Santos', '+5511976543210')], templateWith(['primeiro_nome', 'protocolo']));
    await toParameters();
    expect(field('primeiro_nome').value).toBe('Maria');
    expect(field('protocolo').value).toBe('');
  });

  it('a contact without a name leaves it empty', async () => {
    await open([contact('c1', null, '+5511976543210')]);
    await toParameters();
    expect(document.activeElement).toBe(field('nome'));
    expect(field('nome').value).toBe('');
  });
});
