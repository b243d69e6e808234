// @vitest-environment happy-dom
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BridgeEvent, HelenaBridge } from '../src/console/bridge-contract';
import { UPDATE_REFUSALS } from '../src/console/update-commands';
import { initI18n, setLanguage } from './i18n';
import { isRestartShortcut, queuedToSend } from './screens/update-notice';
import { UpdateNotice } from './screens/UpdateNotice';
import { useAppStore } from './state/app-store';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const OUTBOX_EMPTY = { queued: 0, waiting_reply: 0, sending: 0, sent: 0, failed: 0, cancelled: 0 };

interface Shell {
  bridge: HelenaBridge;
  invoke: ReturnType<typeof vi.fn>;
  emit(event: BridgeEvent): void;
  outbox: typeof OUTBOX_EMPTY;
  ready: { version: string } | null;
}

/** The Electron shell as the store meets it: it answers the update commands and a snapshot with the outbox counts. */
function fakeShell(): Shell {
  const listeners: Array<(event: BridgeEvent) => void> = [];
  const shell: Shell = {
    outbox: { ...OUTBOX_EMPTY },
    ready: null,
    invoke: vi.fn((command: string) => {
      switch (command) {
        case 'app.updateStatus':
          return Promise.resolve({ ok: true, value: { ready: shell.ready } });
        case 'app.restartToUpdate':
          return Promise.resolve(shell.ready ? { ok: true, value: { restarting: true } } : { ok: false, error: UPDATE_REFUSALS.notReady });
        case 'state.snapshot':
          return Promise.resolve({ ok: true, value: { auth: 'logged_out', agent: null, outbox: shell.outbox, outboxOtherAgents: 0, outboxHeldHere: 0 } });
        default:
          return Promise.resolve({ ok: false, error: { code: 'unknown_command', message: 'não' } });
      }
    }),
    emit: (event) => listeners.forEach((listener) => listener(event)),
    bridge: null as unknown as HelenaBridge,
  };
  shell.bridge = {
    invoke: shell.invoke,
    onEvent: (listener: (event: BridgeEvent) => void) => {
      listeners.push(listener);
      return () => undefined;
    },
  } as unknown as HelenaBridge;
  return shell;
}

let host: HTMLDivElement;
let root: Root;

beforeEach(() => {
  initI18n();
  setLanguage('pt-BR');
  useAppStore.setState({ bridge: null, snapshot: null, updateReady: null, restartingToUpdate: false });
  host = document.createElement('div');
  document.body.append(host);
  root = createRoot(host);
});

afterEach(() => {
  act(() => root.unmount());
  document.body.innerHTML = '';
});

async function attached(shell: Shell): Promise<void> {
  await act(async () => {
    root.render(<UpdateNotice />);
    await useAppStore.getState().attach(shell.bridge);
  });
}

function pressAltR(): void {
  window.dispatchEvent(new KeyboardEvent('keydown', { key: 'r', code: 'KeyR', altKey: true, bubbles: true }));
}

const restarts = (shell: Shell) => shell.invoke.mock.calls.filter(([command]) => command === 'app.restartToUpdate');

describe('the update notice', () => {
  it('shows nothing until the shell says a version is ready, then the sentence and a button Tab reaches', async () => {
    const shell = fakeShell();
    await attached(shell);
    expect(host.innerHTML).toBe('');

    await act(async () => shell.emit({ type: 'update-ready', version: '0.2.0' }));
    const notice = host.querySelector('[data-testid="update-notice"]');
    expect(notice?.querySelector('[role="status"]')?.textContent).toBe('Nova versão 0.2.0 pronta. Ela será instalada quando você sair do Helena Desk.');
    const button = notice?.querySelector('button');
    expect(button?.textContent).toContain('Reiniciar e atualizar');
    expect(button?.getAttribute('aria-keyshortcuts')).toBe('Alt+R');
    expect(button?.hasAttribute('disabled')).toBe(false);
    expect(button?.tabIndex).toBe(0);
    // Unobtrusive: it takes no focus from what the agent is doing.
    expect(document.activeElement).not.toBe(button);
  });

  it('after a reload it asks the shell, so a version downloaded earlier still shows', async () => {
    const shell = fakeShell();
    shell.ready = { version: '0.3.1' };
    await attached(shell);
    expect(shell.invoke).toHaveBeenCalledWith('app.updateStatus', {});
    expect(host.textContent).toContain('Nova versão 0.3.1 pronta.');
  });

  it('with nothing queued the button restarts at once; the notice then says it is restarting', async () => {
    const shell = fakeShell();
    shell.ready = { version: '0.2.0' };
    await attached(shell);
    await act(async () => host.querySelector('button')?.click());
    expect(restarts(shell)).toHaveLength(1);
    expect(host.querySelector('[role="dialog"]')).toBeNull();
    expect(host.textContent).toContain('Reiniciando para instalar a nova versão…');
    expect(host.querySelector('button')).toBeNull();
  });

  it('with messages queued it says they stay and go out after the restart, and waits for a confirmation (Alt+R too; Esc keeps working)', async () => {
    const shell = fakeShell();
    shell.ready = { version: '0.2.0' };
    shell.outbox = { ...OUTBOX_EMPTY, queued: 2, waiting_reply: 1, failed: 4 };
    await attached(shell);

    await act(async () => pressAltR());
    const dialog = host.querySelector('[role="dialog"]');
    expect(dialog?.querySelector('h2')?.textContent).toBe('Reiniciar para atualizar?');
    expect(dialog?.textContent).toContain('Há 3 mensagens na fila; elas continuam guardadas e saem depois de reiniciar.');
    expect(document.activeElement?.textContent).toBe('Reiniciar e atualizar');
    expect(restarts(shell)).toHaveLength(0);

    await act(async () => window.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true })));
    expect(host.querySelector('[role="dialog"]')).toBeNull();
    expect(restarts(shell)).toHaveLength(0);

    shell.outbox = { ...OUTBOX_EMPTY, sending: 1 };
    await act(async () => host.querySelector<HTMLButtonElement>('.update-notice > button')?.click());
    expect(host.querySelector('[role="dialog"]')?.textContent).toContain('Há 1 mensagem na fila; ela continua guardada e sai depois de reiniciar.');
    await act(async () => host.querySelector<HTMLButtonElement>('[role="dialog"] button')?.click());
    expect(restarts(shell)).toHaveLength(1);
    expect(host.textContent).toContain('Reiniciando');
  });

  it('in English, and a refusal is said beside the button', async () => {
    setLanguage('en');
    const shell = fakeShell();
    await attached(shell);
    await act(async () => shell.emit({ type: 'update-ready', version: '0.2.0' }));
    expect(host.textContent).toContain('New version 0.2.0 ready. It will be installed when you quit Helena Desk.');
    expect(host.querySelector('button')?.textContent).toContain('Restart and update');
    // The shell lost the download meanwhile (it answers not_ready).
    await act(async () => host.querySelector('button')?.click());
    expect(host.querySelector('[role="alert"]')?.textContent).toBe('No new version of Helena Desk is ready to install.');
    expect(host.querySelector('button')).not.toBeNull();
  });
});

describe('update-notice logic', () => {
  it('Alt+R by key or physical key, and nothing else', () => {
    expect(isRestartShortcut({ key: 'r', altKey: true, ctrlKey: false, metaKey: false })).toBe(true);
    expect(isRestartShortcut({ key: '®', code: 'KeyR', altKey: true, ctrlKey: false, metaKey: false })).toBe(true);
    expect(isRestartShortcut({ key: 'r', altKey: true, ctrlKey: true, metaKey: false })).toBe(false);
    expect(isRestartShortcut({ key: 'r', altKey: false, ctrlKey: false, metaKey: false })).toBe(false);
  });

  it('counts what is still to go out, not what failed or went', () => {
    expect(queuedToSend(undefined)).toBe(0);
    expect(queuedToSend({ queued: 1, waiting_reply: 2, sending: 3, sent: 40, failed: 5, cancelled: 6 })).toBe(6);
  });
});
