// @vitest-environment happy-dom
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { HelenaBridge } from '../src/console/bridge-contract';
import type { DataRecoveryNotice, StateSnapshot } from '../src/console/results';
import { initI18n, setLanguage } from './i18n';
import { RecoveryNotice } from './screens/RecoveryNotice';
import { useAppStore } from './state/app-store';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const RECOVERY: DataRecoveryNotice = {
  at: '2025-03-01T12:00:00.000Z',
  folder: 'danificado-2025-03-01T12-00-00-000Z',
  found: 'open',
  schema: 'current',
  messages: 3,
  drafts: 2,
  agent: true,
  unreadable: [],
  salvageFailed: false,
};

let host: HTMLDivElement;
let root: Root;
let invoke: ReturnType<typeof vi.fn>;

beforeEach(() => {
  initI18n();
  setLanguage('pt-BR');
  invoke = vi.fn(() => Promise.resolve({ ok: true, value: { ok: true } }));
  useAppStore.setState({ bridge: { invoke, onEvent: () => () => undefined } as unknown as HelenaBridge, snapshot: null });
  host = document.createElement('div');
  document.body.append(host);
  root = createRoot(host);
});

afterEach(() => {
  act(() => root.unmount());
  document.body.innerHTML = '';
});

function show(recovery: DataRecoveryNotice | null): void {
  act(() => {
    useAppStore.setState({ snapshot: { recovery } as StateSnapshot });
    root.render(<RecoveryNotice />);
  });
}

describe('the notice after a damaged database was set aside', () => {
  it('says where the copy is and what came back, in pt-BR and in English', () => {
    show(RECOVERY);
    expect(host.querySelector('[role="status"]')?.textContent).toBe(
      'Os dados locais deste computador estavam danificados. O Helena Desk guardou uma cópia para o suporte (pasta danificado-2025-03-01T12-00-00-000Z), ' +
        'recuperou 3 mensagens da fila e 2 rascunhos e está sincronizando de novo com o HelenaCRM.',
    );
    act(() => setLanguage('en'));
    expect(host.textContent).toContain('recovered 3 queued messages and 2 drafts');
  });

  it('a copy from a newer version: kept, nothing recovered, and it says so; no agent back: log in again', () => {
    show({ ...RECOVERY, schema: 'newer', messages: 0, drafts: 0, agent: false });
    expect(host.textContent).toContain('não recuperou nada dela porque foi gravada por uma versão mais nova do Helena Desk');
    show({ ...RECOVERY, messages: 1, drafts: 0, agent: false });
    expect(host.textContent).toContain('recuperou 1 mensagem da fila e nenhum rascunho');
    expect(host.textContent).toContain('Entre de novo para continuar.');
  });

  it('copying back failed (a full disk): says the queue is still in the copy and will be tried again, not "0 messages"', () => {
    show({ ...RECOVERY, messages: 0, drafts: 0, agent: false, salvageFailed: true });
    expect(host.textContent).toContain('ainda não conseguiu trazer de volta as mensagens da fila');
    expect(host.textContent).not.toContain('nenhuma mensagem');
    expect(host.textContent).not.toContain('Entre de novo');
  });

  it('"Entendi" hides it and tells the core, which forgets it', () => {
    show(RECOVERY);
    act(() => host.querySelector('button')?.click());
    expect(host.innerHTML).toBe('');
    expect(invoke).toHaveBeenCalledWith('recovery.dismiss', {});
  });

  it('shows nothing without a recovery', () => {
    show(null);
    expect(host.innerHTML).toBe('');
  });
});
