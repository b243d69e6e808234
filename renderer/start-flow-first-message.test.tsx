// @vitest-environment happy-dom
/**
 * A QR channel's first message goes as the conversation box sends one: an Enter pressed first
 * (Enter is a new line in this box, and it is the key of every step before it) and spaces around
 * the text never reach the contact as a blank first line.
 */
import { act } from 'react';
import { describe, expect, it, vi } from 'vitest';
import type { HelenaBridge } from '../src/console/bridge-contract';
import type { ContactSearchPage, CostSummary } from '../src/console/results';
import { mountPerTest } from './testing/mount-per-test';
import { StartFlow } from './screens/start/StartFlow';
import { useAppStore } from './state/app-store';

const view = mountPerTest();

const contacts: ContactSearchPage = {
  items: [{ id: 'c1', name: 'Heloísa Cavalcanti', phoneNumber: '+5583998765432', email: null, lastActivityAt: null, match: 'prefix' }],
  hasMore: false,
  total: 1,
  newNumber: null,
};
const cost: CostSummary = { charged: false, category: 'SERVICE', amount: null, currency: null, country: 'BR', formatted: null, explanation: 'Sem custo.', explanationEn: 'No cost.' };

describe('the first message on a QR channel', () => {
  it('is sent without the blank lines and spaces around it', async () => {
    const answers: Record<string, unknown> = {
      'contacts.search': contacts,
      'channels.list': [{ id: 'ch2', type: 'ZAPI_WhatsApp', displayName: 'WhatsApp QR Code', number: null, family: 'unofficial', needsTemplate: false }],
      'teams.mine': [{ id: 'team1', name: 'Vendas', isDefault: true }],
      'cost.estimate': cost,
      'conversation.start': { conversationKey: 'start:1', localId: '1', state: 'queued' },
    };
    const invoke = vi.fn((command: string) => Promise.resolve(command in answers ? { ok: true, value: answers[command] } : { ok: false, error: { code: 'unknown_command', message: 'não' } }));
    useAppStore.setState({ bridge: { invoke, onEvent: () => () => undefined } as unknown as HelenaBridge });
    await act(async () => view.root.render(<StartFlow onClose={() => undefined} onStarted={() => undefined} />));
    await act(async () => new Promise((resolve) => setTimeout(resolve, 300)));
    await act(async () => {
      document.activeElement?.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }));
    });
    await act(async () => new Promise((resolve) => setTimeout(resolve, 300)));
    const box = view.host.querySelector<HTMLTextAreaElement>('#first-message');
    expect(document.activeElement).toBe(box);
    act(() => {
      if (!box) return;
      Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value')?.set?.call(box, '\n  Oi Heloísa  \n');
      box.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await act(async () => view.host.querySelector('form')?.requestSubmit());
    const start = invoke.mock.calls.find(([command]) => command === 'conversation.start') as unknown as [string, { text?: string }] | undefined;
    expect(start?.[1].text).toBe('Oi Heloísa');
  });
});
