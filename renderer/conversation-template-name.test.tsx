// @vitest-environment happy-dom
/**
 * Alt+M (send a template) and Alt+G (schedule one) in an open conversation fill a name parameter
 * ("nome", "primeiro_nome") with the contact's name, selected, as the start flow does — the
 * conversation knows its contact. Values an existing flow gives ("Agendar de novo") win, and a
 * contact without a name (the heading shows its number) leaves the field for the agent.
 */
import { act } from 'react';
import { describe, expect, it, vi } from 'vitest';
import type { HelenaBridge } from '../src/console/bridge-contract';
import type { CostSummary, OpenedConversation, ScheduledItem, ScheduledList, StartTemplate } from '../src/console/results';
import { mountPerTest } from './testing/mount-per-test';
import { ConversationScreen } from './screens/ConversationScreen';
import { useAppStore } from './state/app-store';

const SESSION = '7cfa9dd0-fa2d-492d-9d3b-5d2b8e0a1c31';
const NAME = 'Maria da Conceição Santos';

const view = mountPerTest();

const cost: CostSummary = { charged: false, category: 'SERVICE', amount: null, currency: null, country: 'BR', formatted: null, explanation: 'Sem custo.', explanationEn: 'No cost.' };

function templateWith(params: string[]): StartTemplate {
  return { id: 't1', name: 'boas_vindas', text: params.map((p) => `{{${p}}}`).join(' '), footerText: null, params, categoryName: 'UTILITY', media: null };
}

/** An open conversation the agent writes in, with its contact named `name` (null: HelenaCRM created it from the number). */
function opened(name: string | null): OpenedConversation {
  return {
    conversationKey: SESSION,
    conversation: {
      id: SESSION, contactId: 'c1', contactName: name ?? '(11) 97654-3210', channelId: 'ch1', departmentId: 'team1', userId: 'u1',
      status: 'IN_PROGRESS', window: { canSendFreeText: false, expiresAt: null }, unreadCount: 0, lastMessageText: null,
      updatedAt: new Date().toISOString(), canWrite: true, pendingStart: null, draft: null, noteDraft: null,
    },
    contact: { id: 'c1', name, phone: '+5511976543210', email: null, tags: [], tagIds: [], annotation: null, fields: [] },
    messages: [],
    draft: null,
    noteDraft: null,
  } as unknown as OpenedConversation;
}

async function settle(ms = 50): Promise<void> {
  await act(async () => new Promise((resolve) => setTimeout(resolve, ms)));
}

async function conversation(options: { name: string | null; template: StartTemplate; scheduled?: ScheduledItem[] }): Promise<void> {
  const list: ScheduledList = { contactId: 'c1', items: options.scheduled ?? [], source: 'helena', unheard: null };
  const answers: Record<string, unknown> = {
    'conversation.open': opened(options.name),
    'templates.forStart': [options.template],
    'cost.estimate': cost,
    'schedule.list': list,
  };
  const invoke = vi.fn((command: string) => Promise.resolve(command in answers ? { ok: true, value: answers[command] } : { ok: true, value: {} }));
  useAppStore.setState({ bridge: { invoke, onEvent: () => () => undefined } as unknown as HelenaBridge });
  await act(async () => view.root.render(<ConversationScreen conversationKey={SESSION} onBack={() => undefined} onTransferred={() => undefined} />));
  await settle(100);
  (view.host.querySelector('textarea') as HTMLTextAreaElement).focus();
}

async function press(key: string, options: KeyboardEventInit = {}): Promise<void> {
  await act(async () => {
    (document.activeElement ?? document.body).dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, ...options }));
  });
  await settle();
}

const alt = (letter: string) => press(letter, { altKey: true, code: `Key${letter.toUpperCase()}` });
const field = (name: string) => document.getElementById(`param-${name}`) as HTMLInputElement | null;

/** The field has the keyboard and holds `value`, all of it selected: typing replaces it. */
function expectFilledAndSelected(name: string, value: string): void {
  const input = field(name);
  expect(input?.value).toBe(value);
  expect(document.activeElement).toBe(input);
  expect([input?.selectionStart, input?.selectionEnd]).toEqual([0, value.length]);
}

describe('Alt+M: a template sent in the conversation', () => {
  it('"nome" comes with the contact\'s name, selected; other parameters stay empty', async () => {
    await conversation({ name: NAME, template: templateWith(['nome', 'protocolo']) });
    await alt('m');
    await press('Enter');
    expectFilledAndSelected('nome', NAME);
    expect(field('protocolo')?.value).toBe('');
    expect(view.host.querySelector('[data-testid="template-preview"]')?.textContent).toBe(`${NAME} [protocolo]`);
  });

  it('"primeiro_nome" comes with the first name', async () => {
    await conversation({ name: NAME, template: templateWith(['primeiro_nome']) });
    await alt('m');
    await press('Enter');
    expectFilledAndSelected('primeiro_nome', 'Maria');
  });

  it('a contact without a name leaves it empty: the number the heading shows is no name', async () => {
    await conversation({ name: null, template: templateWith(['nome']) });
    await alt('m');
    await press('Enter');
    expect(field('nome')?.value).toBe('');
  });
});

describe('Alt+G: a template scheduled in the conversation', () => {
  it('"nome" comes with the contact\'s name, selected', async () => {
    await conversation({ name: NAME, template: templateWith(['nome', 'protocolo']) });
    await alt('g');
    await press('Enter');
    expectFilledAndSelected('nome', NAME);
    expect(field('protocolo')?.value).toBe('');
  });

  it('"Agendar de novo" keeps the values the failed schedule had, over the contact\'s name', async () => {
    const failed: ScheduledItem = {
      id: 'sch1', templateId: 't1', templateName: 'boas_vindas', at: new Date(Date.now() - 3_600_000).toISOString(), status: 'FAILED',
      failureReason: 'Modelo pausado', sessionId: null, createdAt: new Date(Date.now() - 86_400_000).toISOString(),
      parameters: { nome: 'Dona Maria', protocolo: '48102' }, media: null,
    };
    await conversation({ name: NAME, template: templateWith(['nome', 'protocolo']), scheduled: [failed] });
    const again = [...view.host.querySelectorAll('button')].find((b) => b.textContent === 'Agendar de novo');
    if (!again) throw new Error('no "Agendar de novo"');
    await act(async () => again.click());
    await settle(100);
    expect(field('nome')?.value).toBe('Dona Maria');
    expect(field('protocolo')?.value).toBe('48102');
  });
});
