// @vitest-environment happy-dom
/**
 * Type-ahead in the start flow's lists: with ten templates the agent types "of" for "oferta_natal"
 * instead of pressing ↓ six times. Accents do not matter ("promocao" finds "Promoção"), the same
 * letter again goes on to the next option starting with it, Enter picks the option reached, and
 * letters typed in the contact search stay in the box (that list is filtered by it, not searched).
 */
import { act } from 'react';
import { describe, expect, it } from 'vitest';
import type { ContactSummary, StartTemplate } from '../src/console/results';
import { typeAheadIndex } from './components/PickList';
import { answering, installBridge } from './testing/fake-bridge';
import { pause, pressAndWait } from './testing/input';
import { mountPerTest } from './testing/mount-per-test';
import { LUIZA, oneChannelStart, showStartFlow } from './testing/start-flow';

const view = mountPerTest();

const template = (id: string, name: string): StartTemplate => ({ id, name, text: 'Olá', footerText: null, params: [], categoryName: 'MARKETING', media: null });
const TEMPLATES = [
  template('t1', 'boas_vindas'),
  template('t2', 'confirmacao_pedido'),
  template('t3', 'Promoção de verão'),
  template('t4', 'lembrete_pagamento'),
  template('t5', 'oferta_natal'),
  template('t6', 'oi_retorno'),
  template('t7', 'pesquisa_satisfacao'),
];

const settle = () => pause(300);
const press = (key: string) => pressAndWait(key, 20);
/** Letters typed as one search (well within the type-ahead's pause). */
async function type(text: string): Promise<void> {
  for (const key of text) await press(key);
}

/** The start flow on its template step (one contact, one channel, one team), with `picked` hearing the template chosen. */
async function atTemplates(): Promise<{ picked: () => string | undefined }> {
  const invoke = answering({ ...oneChannelStart([LUIZA], TEMPLATES[0] as StartTemplate), 'templates.forStart': TEMPLATES });
  installBridge(invoke);
  await showStartFlow(view);
  await settle();
  await press('Enter'); // Luíza; the one channel and the one team are chosen for the agent
  await settle();
  expect(activeName()).toBe('boas_vindas');
  return {
    picked: () => {
      const trail = view.host.ownerDocument.querySelector('.trail')?.textContent ?? '';
      return TEMPLATES.find((tpl) => tpl.name !== null && trail.includes(tpl.name))?.name ?? undefined;
    },
  };
}

function activeName(): string | null | undefined {
  const list = view.host.ownerDocument.querySelector('#start-templates');
  const active = list?.getAttribute('aria-activedescendant');
  return active ? view.host.ownerDocument.getElementById(active)?.querySelector('.name')?.textContent : null;
}

describe('type-ahead in the start flow template list', () => {
  it('"of" goes to oferta_natal, told to screen readers as ↑↓ are, and Enter picks it', async () => {
    const { picked } = await atTemplates();
    expect(view.host.ownerDocument.activeElement?.id).toBe('start-templates');
    await type('of');
    expect(activeName()).toBe('oferta_natal');
    await press('Enter');
    await settle();
    expect(picked()).toBe('oferta_natal');
  });

  it('ignores accents and case: "promocao" finds "Promoção de verão"', async () => {
    await atTemplates();
    await type('promocao');
    expect(activeName()).toBe('Promoção de verão');
  });

  it('the same letter again goes on to the next option starting with it, round', async () => {
    await atTemplates();
    await type('o');
    expect(activeName()).toBe('oferta_natal');
    await type('o');
    expect(activeName()).toBe('oi_retorno');
    await type('o');
    expect(activeName()).toBe('oferta_natal');
  });

  it('after a pause, letters start a new search', async () => {
    await atTemplates();
    await type('p');
    expect(activeName()).toBe('Promoção de verão');
    await pause(800);
    await type('l');
    expect(activeName()).toBe('lembrete_pagamento');
  });

  it('a letter no option starts with leaves the choice where it was', async () => {
    await atTemplates();
    await type('pe');
    expect(activeName()).toBe('pesquisa_satisfacao');
    await pause(800);
    await type('z');
    expect(activeName()).toBe('pesquisa_satisfacao');
  });
});

describe('the contact search keeps its letters', () => {
  it('typed in the search box, letters are the search, the list does not jump', async () => {
    const other: ContactSummary = { ...LUIZA, id: 'c2', name: 'Otávio Reis' };
    installBridge(answering(oneChannelStart([LUIZA, other], TEMPLATES[0] as StartTemplate)));
    await showStartFlow(view);
    await settle();
    const box = view.host.ownerDocument.activeElement;
    expect(box?.getAttribute('role')).toBe('combobox');
    const letter = new KeyboardEvent('keydown', { key: 'o', bubbles: true, cancelable: true });
    await act(async () => {
      box?.dispatchEvent(letter);
    });
    // Not taken for the list: the browser types the letter into the box, which filters the list.
    expect(letter.defaultPrevented).toBe(false);
    expect(view.host.ownerDocument.querySelector('#start-contacts')?.getAttribute('aria-activedescendant')).toBe('start-contacts-option-0');
    expect(view.host.ownerDocument.activeElement).toBe(box);
  });
});

describe('typeAheadIndex', () => {
  const labels = ['Vendas', 'Suporte Técnico', 'São Paulo', 'suprimentos'];
  it('searches from the option after the active one, round', () => {
    expect(typeAheadIndex(labels, 3, 'v')).toBe(0);
    expect(typeAheadIndex(labels, 1, 's')).toBe(2);
  });
  it('a longer prefix may stay on the active option', () => {
    expect(typeAheadIndex(labels, 1, 'sup')).toBe(1);
    expect(typeAheadIndex(labels, 1, 'supr')).toBe(3);
  });
  it('"ss" cycles through the options starting with s', () => {
    expect(typeAheadIndex(labels, 2, 'ss')).toBe(3);
  });
  it('finds nothing for a prefix no label has, or nothing typed', () => {
    expect(typeAheadIndex(labels, 0, 'x')).toBeNull();
    expect(typeAheadIndex(labels, 0, '')).toBeNull();
    expect(typeAheadIndex([], 0, 'a')).toBeNull();
  });
});
