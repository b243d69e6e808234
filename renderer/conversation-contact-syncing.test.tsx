// @vitest-environment happy-dom
/**
 * A conversation whose contact the cache does not hold yet (a first sync brings contacts a minute or
 * more after the conversations): the line under the name shows the number HelenaCRM embedded in the
 * session and says the rest of the contact is still on its way, until the contact arrives.
 */
import { act } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { OpenedConversation } from '../src/console/results';
import { setLanguage } from './i18n';
import { openedConversation, showConversation } from './testing/conversation';
import { installBridge } from './testing/fake-bridge';
import { pause } from './testing/input';
import { mountPerTest } from './testing/mount-per-test';

const SESSION = '7cfa9dd0-fa2d-492d-9d3b-5d2b8e0a1c07';
const view = mountPerTest();
afterEach(() => setLanguage('pt-BR'));

/** As conversation.open answers while the contact is not cached: no contact, its number from the session. */
function contactNotCached(): OpenedConversation {
  const base = openedConversation(SESSION, [], { contactName: 'Zuleica Barros' });
  return { ...base, conversation: base.conversation && { ...base.conversation, contactId: 'c1' }, contact: null, contactSyncing: { phone: '(62) 98445-5667' } };
}

function contactCached(): OpenedConversation {
  return { ...openedConversation(SESSION, [], { contactName: 'Zuleica Barros', phone: '+5562984455667' }), contactSyncing: null };
}

async function screenWith(answer: () => OpenedConversation) {
  const invoke = vi.fn((command: string) => Promise.resolve(command === 'conversation.open' ? { ok: true, value: answer() } : { ok: true, value: {} }));
  const { emit } = installBridge(invoke);
  await showConversation(view, SESSION);
  await pause(30);
  return emit;
}

const line = () => view.host.querySelector('[data-testid="contact-details"]')?.textContent ?? null;

describe('the line under the name while the contact is still syncing', () => {
  it('shows the number the conversation came with and says the contact is still syncing; the contact, once there, replaces it', async () => {
    let cached = false;
    const emit = await screenWith(() => (cached ? contactCached() : contactNotCached()));
    expect(line()).toBe('(62) 98445-5667 · Dados do contato ainda sincronizando: e-mail, etiquetas e campos aparecem em instantes.');

    cached = true;
    await act(async () => emit({ type: 'contacts-changed' }));
    await pause(150);
    expect(line()).toBe('(62) 98445-5667');
  });

  it('in English too', async () => {
    setLanguage('en');
    await screenWith(contactNotCached);
    expect(line()).toBe('(62) 98445-5667 · Contact details still syncing: e-mail, tags and fields appear in a moment.');
  });
});
