// @vitest-environment happy-dom
/**
 * The start flow's contact search under a fast typist: "marcia reg⏎" typed before the list answers
 * the query picks Márcia (the answer's first contact), never the first of the list still on screen
 * (the recent contacts); and Esc back from the channel step brings the search back as typed,
 * selected, so picking another of its contacts needs no retyping.
 */
import { act } from 'react';
import { describe, expect, it, vi } from 'vitest';
import type { HelenaBridge } from '../src/console/bridge-contract';
import type { ContactSearchPage, ContactSummary } from '../src/console/results';
import { mountPerTest } from './testing/mount-per-test';
import { StartFlow } from './screens/start/StartFlow';
import { useAppStore } from './state/app-store';

const view = mountPerTest();

const contact = (id: string, name: string, phoneNumber: string): ContactSummary =>
  ({ id, name, phoneNumber, email: null, lastActivityAt: null, match: 'prefix' }) as ContactSummary;

const RECENT = [contact('c1', 'Luíza Helena Brandão', '+5541996655443'), contact('c2', 'Cláudia Assunção', '+5581997766554')];
const MARCIA = contact('c3', 'Márcia Regina Falcão', '+5561992223344');

/** The search answers after 80 ms (a cache under load): the recent contacts for "", Márcia for anything else. */
function slowSearchBridge(): HelenaBridge {
  const channels = [
    { id: 'ch1', type: 'CloudAPI_WhatsApp', displayName: 'WhatsApp Oficial', number: null, family: 'official', needsTemplate: true },
    { id: 'ch2', type: 'ZAPI_WhatsApp', displayName: 'WhatsApp QR Code', number: null, family: 'unofficial', needsTemplate: false },
  ];
  const invoke = vi.fn((command: string, input: { query?: string }) => {
    if (command === 'contacts.search') {
      if (input.query === 'erro') {
        return new Promise((resolve) => setTimeout(() => resolve({ ok: false, error: { code: 'store', message: 'A busca falhou.' } }), 80));
      }
      const items = input.query ? [MARCIA] : RECENT;
      const page: ContactSearchPage = { items, hasMore: false, total: items.length, newNumber: null };
      return new Promise((resolve) => setTimeout(() => resolve({ ok: true, value: page }), 80));
    }
    if (command === 'channels.list') return Promise.resolve({ ok: true, value: channels });
    return Promise.resolve({ ok: false, error: { code: 'unknown_command', message: 'não' } });
  });
  return { invoke, onEvent: () => () => undefined } as unknown as HelenaBridge;
}

async function settle(ms = 300): Promise<void> {
  await act(async () => {
    await new Promise((resolve) => setTimeout(resolve, ms));
  });
}

const search = () => view.host.querySelector<HTMLInputElement>('input.search');
const trail = () => view.host.ownerDocument.querySelector('.trail')?.textContent ?? '';

/** Types `text` into the search box one key at a time, as fast as the events go (no pause between keys). */
async function typeFast(text: string): Promise<void> {
  const box = search();
  const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set;
  for (const char of text) {
    act(() => {
      if (!box) return;
      setValue?.call(box, box.value + char);
      box.dispatchEvent(new Event('input', { bubbles: true }));
    });
  }
}

function pressNow(key: string): void {
  act(() => {
    document.activeElement?.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
  });
}

async function open(): Promise<void> {
  useAppStore.setState({ bridge: slowSearchBridge() });
  await act(async () => view.root.render(<StartFlow onClose={() => undefined} onStarted={() => undefined} />));
  await settle();
  // The recent contacts are on screen, the first one active.
  expect(view.host.querySelector('[role="option"][aria-selected="true"]')?.textContent).toContain('Luíza Helena Brandão');
}

describe('the start flow contact search, typed fast', () => {
  it('Enter before the answer picks the contact the query finds, not the first recent contact still listed', async () => {
    await open();
    await typeFast('marcia reg');
    pressNow('Enter');
    await settle();
    expect(view.host.querySelector('#start-channels-title')?.textContent).toBe('Selecione o canal');
    expect(trail()).toBe('Márcia Regina Falcão');
  });

  it('Enter before a search that fails picks nobody: not the recent contact still listed, nor one found later', async () => {
    await open();
    await typeFast('erro');
    pressNow('Enter');
    await settle();
    expect(view.host.textContent).toContain('A busca falhou.');
    // The recent contacts no longer show as if they answered "erro".
    expect(view.host.querySelectorAll('[role="option"]')).toHaveLength(0);
    expect(trail()).toBe('');
    expect(view.host.querySelector('#start-channels-title')).toBeNull();
    // The agent types on: the answer that comes is listed, not taken by the Enter pressed earlier.
    await typeFast(' marcia');
    await settle();
    expect(trail()).toBe('');
    expect(view.host.querySelector('[role="option"][aria-selected="true"]')?.textContent).toContain('Márcia Regina Falcão');
  });

  it('Esc back from the channel brings the search back as typed, selected', async () => {
    await open();
    await typeFast('marcia reg');
    await settle();
    pressNow('Enter');
    await settle();
    expect(trail()).toBe('Márcia Regina Falcão');
    pressNow('Escape');
    await settle();
    const box = search();
    expect(box?.value).toBe('marcia reg');
    expect(document.activeElement).toBe(box);
    expect([box?.selectionStart, box?.selectionEnd]).toEqual([0, 'marcia reg'.length]);
    expect(view.host.querySelector('[role="option"][aria-selected="true"]')?.textContent).toContain('Márcia Regina Falcão');
  });
});
