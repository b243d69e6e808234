// @vitest-environment happy-dom
/**
 * Esc back a step in the start flow lands on what the agent had picked there (the third template,
 * the second channel), not on the first of the list: Enter takes it up again, as after a mistaken Esc.
 */
import { describe, expect, it } from 'vitest';
import type { StartTemplate } from '../src/console/results';
import { answering, installBridge } from './testing/fake-bridge';
import { pause, pressAndWait } from './testing/input';
import { mountPerTest } from './testing/mount-per-test';
import { LUIZA, NO_COST, OFFICIAL_CHANNEL, VENDAS, contactPage, showStartFlow } from './testing/start-flow';

const view = mountPerTest();

const template = (id: string, name: string): StartTemplate => ({ id, name, text: 'Olá {{nome}}', footerText: null, params: ['nome'], categoryName: 'Utilidade', media: null });

const answers: Record<string, unknown> = {
  'contacts.search': contactPage([LUIZA]),
  'channels.list': [OFFICIAL_CHANNEL, { ...OFFICIAL_CHANNEL, id: 'ch2', displayName: 'WhatsApp Oficial 2' }],
  'teams.mine': [{ id: 'team1', name: 'Suporte', isDefault: false }, { ...VENDAS, id: 'team2' }],
  'templates.forStart': [template('t1', 'boas_vindas'), template('t2', 'catalogo_produtos'), template('t3', 'confirmacao_visita')],
  'cost.estimate': NO_COST,
};

const press = (key: string) => pressAndWait(key, 150);

const chosen = () => view.host.querySelector('[role="option"][aria-selected="true"] .name')?.textContent;

describe('Esc back in the start flow', () => {
  it('lands on the template, team and channel picked before', async () => {
    installBridge(answering(answers));
    await showStartFlow(view);
    await pause(300);
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
