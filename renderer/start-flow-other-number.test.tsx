// @vitest-environment happy-dom
/**
 * "+" to a contact with an open conversation when the company has more than one WhatsApp number
 * (sales, billing): Enter still opens that conversation, and Shift+Enter starts on another channel,
 * said on the contact. The channel step then lists only the numbers where the contact has no open
 * conversation (HelenaCRM would put the start into it), and is skipped when one remains.
 */
import { act } from 'react';
import { describe, expect, it, vi } from 'vitest';
import type { ChannelSummary, ContactSummary } from '../src/console/results';
import { ShortcutsHelp } from './components/ShortcutsHelp';
import { setLanguage } from './i18n';
import { answering, installBridge } from './testing/fake-bridge';
import { fillBox, keydown, pause, pressAndWait } from './testing/input';
import { mountPerTest } from './testing/mount-per-test';
import { OFFICIAL_CHANNEL, VENDAS, contactPage, showStartFlow } from './testing/start-flow';

const view = mountPerTest();

const BILLING: ChannelSummary = { id: 'ch-billing', type: 'CloudAPI_WhatsApp', displayName: 'WhatsApp Cobrança', number: null, family: 'official', needsTemplate: true };
const QR: ChannelSummary = { id: 'ch-qr', type: 'EvolutionApi_WhatsApp', displayName: 'WhatsApp QR', number: null, family: 'unofficial', needsTemplate: false };
const INSTAGRAM: ChannelSummary = { id: 'ch-ig', type: 'Instagram', displayName: '@loja', number: null, family: 'other', needsTemplate: false };

/** Open on the official number (OFFICIAL_CHANNEL), which the other numbers are not. */
const FABIO: ContactSummary = {
  id: 'c-fabio', name: 'Fábio Guimarães', phoneNumber: '+5519993344556', email: null, lastActivityAt: null, match: 'prefix',
  openConversations: [{ id: 'session-fabio', channelId: OFFICIAL_CHANNEL.id }], otherChannelFree: true,
};

const press = (key: string, modifiers: { shiftKey?: boolean } = {}) => pressAndWait(key, 100, modifiers);

async function open(contact: ContactSummary, channels: ChannelSummary[]) {
  const invoke = answering({ 'contacts.search': contactPage([contact]), 'channels.list': channels, 'teams.mine': [VENDAS], 'templates.forStart': [] });
  installBridge(invoke);
  const started = vi.fn();
  await showStartFlow(view, started);
  await pause(200);
  return { started, invoke };
}

const keysLine = () => view.host.querySelector('.keys')?.textContent;

const options = () => [...view.host.querySelectorAll('[role="option"]')].map((o) => o.querySelector('.name')?.textContent);

describe('the start flow on a contact with an open conversation, with more than one WhatsApp number', () => {
  it('says Shift+Enter on the contact, and Enter still opens the conversation', async () => {
    const { started } = await open(FABIO, [OFFICIAL_CHANNEL, BILLING, QR]);
    expect(view.host.querySelector('[role="option"]')?.textContent).toContain('Atendimento aberto — Enter abre a conversa · Shift+Enter inicia em outro canal');
    expect(view.host.querySelector('.keys')?.textContent).toContain('Shift+Enter');
    await press('Enter');
    expect(started).toHaveBeenCalledWith('session-fabio');
  });

  it('Shift+Enter goes to the channel step, which lists only the WhatsApp numbers without an open conversation', async () => {
    const { started } = await open(FABIO, [OFFICIAL_CHANNEL, BILLING, QR, INSTAGRAM]);
    await press('Enter', { shiftKey: true });
    expect(started).not.toHaveBeenCalled();
    expect(view.host.textContent).toContain('Selecione o canal');
    expect(options()).toEqual(['WhatsApp Cobrança', 'WhatsApp QR']);
  });

  it('with one number left, Shift+Enter chooses it for the agent and goes on to the template', async () => {
    const { started, invoke } = await open(FABIO, [OFFICIAL_CHANNEL, BILLING]);
    await press('Enter', { shiftKey: true });
    expect(started).not.toHaveBeenCalled();
    expect(view.host.querySelector('.trail')?.textContent).toContain('WhatsApp Cobrança');
    expect(invoke).toHaveBeenCalledWith('templates.forStart', { channelId: BILLING.id, teamId: VENDAS.id });
  });

  it('with no other number free, the contact says only Enter, and Shift+Enter opens the conversation too', async () => {
    const { started, invoke } = await open({ ...FABIO, otherChannelFree: false }, [OFFICIAL_CHANNEL]);
    const row = view.host.querySelector('[role="option"]')?.textContent ?? '';
    expect(row).toContain('Atendimento aberto — Enter abre a conversa');
    expect(row).not.toContain('Shift+Enter');
    expect(keysLine()).toBe('Esc fecha · ↑↓ escolhem · Enter confirma');
    await press('Enter', { shiftKey: true });
    expect(started).toHaveBeenCalledWith('session-fabio');
    expect(invoke.mock.calls.map((c) => c[0])).not.toContain('channels.list');
  });

  it('Shift+Enter typed before the search answers waits for it, and starts on another number', async () => {
    const { started } = await open(FABIO, [OFFICIAL_CHANNEL, BILLING, QR]);
    const box = view.host.querySelector('input');
    if (!box) throw new Error('no search box');
    await act(async () => {
      fillBox(box, 'fabio');
      keydown(box, 'Enter', { shiftKey: true });
    });
    await pause(200);
    expect(started).not.toHaveBeenCalled();
    expect(options()).toEqual(['WhatsApp Cobrança', 'WhatsApp QR']);
  });

  it('says Shift+Enter on the keys line only while the highlighted contact can start on another channel', async () => {
    const plain: ContactSummary = { ...FABIO, id: 'c-plain', name: 'Fabiana Prado', openConversations: [], otherChannelFree: false };
    const busy: ContactSummary = { ...FABIO, id: 'c-busy', name: 'Fabrício Lopes', otherChannelFree: false };
    installBridge(answering({ 'contacts.search': contactPage([FABIO, plain, busy]) }));
    await showStartFlow(view);
    await pause(200);
    expect(keysLine()).toBe('Esc fecha · ↑↓ escolhem · Enter confirma · Shift+Enter inicia em outro canal');
    await press('ArrowDown'); // no open conversation: Shift+Enter does nothing Enter does not
    expect(keysLine()).toBe('Esc fecha · ↑↓ escolhem · Enter confirma');
    await press('ArrowDown'); // open conversation, no other number free: Shift+Enter opens it, as Enter does
    expect(keysLine()).toBe('Esc fecha · ↑↓ escolhem · Enter confirma');
    await press('ArrowUp');
    await press('ArrowUp');
    expect(keysLine()).toContain('Shift+Enter');
  });

  it('says it in English too', async () => {
    setLanguage('en');
    await open(FABIO, [OFFICIAL_CHANNEL, BILLING]);
    expect(view.host.querySelector('[role="option"]')?.textContent).toContain('Open conversation — Enter opens it · Shift+Enter starts on another channel');
    expect(keysLine()).toBe('Esc closes · ↑↓ choose · Enter confirms · Shift+Enter starts on another channel');
  });

  it('in English, the keys line leaves Shift+Enter out when no other channel is free', async () => {
    setLanguage('en');
    await open({ ...FABIO, otherChannelFree: false }, [OFFICIAL_CHANNEL]);
    expect(keysLine()).toBe('Esc closes · ↑↓ choose · Enter confirms');
  });

  it('is in the F1 help, under Iniciar atendimento', async () => {
    await act(async () => view.root.render(<ShortcutsHelp />));
    await act(async () => {
      window.dispatchEvent(new KeyboardEvent('keydown', { key: 'F1', bubbles: true }));
    });
    const start = view.host.ownerDocument.querySelector('[aria-labelledby="shortcuts-start"]')?.textContent ?? '';
    expect(start).toContain('Shift+Enter');
    expect(start).toContain('inicia em outro canal');
  });
});
