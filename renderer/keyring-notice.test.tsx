// @vitest-environment happy-dom
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { HelenaBridge } from '../src/console/bridge-contract';
import { initI18n, setLanguage } from './i18n';
import { KEYRING_NOTICE_SEEN_KEY, KeyringNotice } from './screens/KeyringNotice';
import { useAppStore } from './state/app-store';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let host: HTMLDivElement;
let root: Root;

/** A bridge that answers the shell's app.loginStorage with `kept` (or refuses it, like a host without it), and "not logged in" to the rest. */
function bridgeKeeping(kept: 'keyring' | 'memory' | 'unknown'): HelenaBridge {
  const invoke = vi.fn((command: string) => {
    if (command === 'app.loginStorage' && kept !== 'unknown') return Promise.resolve({ ok: true, value: { kept } });
    return Promise.resolve({ ok: false, error: { code: command === 'app.loginStorage' ? 'unknown_command' : 'not_logged_in', message: '' } });
  });
  return { invoke, onEvent: () => () => undefined } as unknown as HelenaBridge;
}

async function attachAndShow(bridge: HelenaBridge): Promise<void> {
  await act(async () => {
    await useAppStore.getState().attach(bridge);
  });
  act(() => root.render(<KeyringNotice />));
}

beforeEach(() => {
  initI18n();
  setLanguage('pt-BR');
  window.localStorage.removeItem(KEYRING_NOTICE_SEEN_KEY);
  useAppStore.setState({ bridge: null, loginKeptInMemory: false });
  host = document.createElement('div');
  document.body.append(host);
  root = createRoot(host);
});

afterEach(() => {
  act(() => root.unmount());
  document.body.innerHTML = '';
});

describe('the notice that the login is not saved (Linux without a keyring)', () => {
  it('tells the agent once, in their language, why they log in at every start and how to avoid it', async () => {
    await attachAndShow(bridgeKeeping('memory'));
    expect(host.querySelector('[data-testid="keyring-notice"] [role="status"]')?.textContent).toBe(
      'Este computador não tem um cofre de senhas do sistema: você vai precisar entrar de novo sempre que abrir o Helena Desk. (Para evitar: instale e desbloqueie o gnome-keyring ou o KWallet.)',
    );
    act(() => setLanguage('en'));
    expect(host.textContent).toContain('This computer has no system password store');
    const button = host.querySelector('button');
    expect(button?.textContent).toBe('Got it');
    act(() => button?.click());
    expect(host.querySelector('[data-testid="keyring-notice"]')).toBeNull();

    // The next start (a new page, the same computer): not said again.
    act(() => root.unmount());
    root = createRoot(host);
    await attachAndShow(bridgeKeeping('memory'));
    expect(host.querySelector('[data-testid="keyring-notice"]')).toBeNull();
  });

  it('says nothing where the OS keeps the login, in a browser tab (the web host), or where the host does not know the command', async () => {
    await attachAndShow(bridgeKeeping('keyring'));
    expect(host.innerHTML).toBe('');
    await attachAndShow(bridgeKeeping('unknown'));
    expect(host.innerHTML).toBe('');
  });
});
