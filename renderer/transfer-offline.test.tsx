// @vitest-environment happy-dom
/**
 * Alt+T offline: the core refuses the transfer with its generic network sentence, "Suas mensagens
 * ficam na fila e serão enviadas quando a conexão voltar", and the hint said "Sua nota ficou na
 * conversa" — the agent could believe the transfer was queued too, and the note already on
 * HelenaCRM. The dialog now says the conversation was not transferred, and that the note waits in
 * the queue.
 */
import { act } from 'react';
import { describe, expect, it, vi } from 'vitest';
import type { HelenaBridge } from '../src/console/bridge-contract';
import type { ConversationSummary } from '../src/console/results';
import { mountPerTest } from './testing/mount-per-test';
import { TransferDialog } from './screens/TransferDialog';
import { useAppStore } from './state/app-store';

const GENERIC = 'Sem conexão com o HelenaCRM. Suas mensagens ficam na fila e serão enviadas quando a conexão voltar.';
const view = mountPerTest();
const settle = () => act(async () => new Promise((resolve) => setTimeout(resolve, 20)));

describe('transferring without HelenaCRM', () => {
  it('says the conversation was not transferred and the note waits in the queue', async () => {
    const invoke = vi.fn((command: string) => {
      if (command === 'transfer.targets') return Promise.resolve({ ok: true, value: { teams: [{ id: 't2', name: 'Suporte' }], agents: [] } });
      if (command === 'conversation.transfer') return Promise.resolve({ ok: false, error: { code: 'api.network', message: GENERIC } });
      return Promise.resolve({ ok: true, value: {} });
    });
    useAppStore.setState({ bridge: { invoke, onEvent: () => () => undefined } as unknown as HelenaBridge });
    const conversation = { id: 's1', contactName: 'Cláudia Assunção' } as unknown as ConversationSummary;
    await act(async () => view.root.render(<TransferDialog conversation={conversation} onClose={() => undefined} onTransferred={() => undefined} />));
    await settle();
    const list = view.host.ownerDocument.querySelector('[role="listbox"]') as HTMLElement;
    await act(async () => list.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true })));
    await settle();
    const note = view.host.ownerDocument.querySelector('#transfer-note') as HTMLTextAreaElement;
    const setValue = Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value')?.set;
    await act(async () => {
      setValue?.call(note, 'Cliente quer segunda via do boleto');
      note.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await act(async () => note.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true })));
    await settle();

    expect(invoke).toHaveBeenCalledWith('conversation.transfer', { sessionId: 's1', type: 'DEPARTMENT', teamId: 't2', note: 'Cliente quer segunda via do boleto' });
    const text = view.host.ownerDocument.body.textContent ?? '';
    expect(text).toContain('Sem conexão com o HelenaCRM: o atendimento não foi transferido.');
    expect(text).not.toContain('Suas mensagens ficam na fila');
    expect(text).toContain('Sua nota ficou na fila da conversa e sai quando a conexão voltar.');
  });
});
