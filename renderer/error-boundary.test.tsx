// @vitest-environment happy-dom
import { act } from 'react';
import { createRoot } from 'react-dom/client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { HelenaBridge } from '../src/console/bridge-contract';
import { ErrorBoundary, reloadPage } from './components/ErrorBoundary';
import { initI18n } from './i18n';
import { useAppStore } from './state/app-store';

// React reports a caught render error through console.error as well: keep the test output readable.
const consoleError = vi.spyOn(console, 'error').mockImplementation(() => undefined);
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
afterEach(() => {
  document.body.innerHTML = '';
  consoleError.mockClear();
});

function Broken(): never {
  throw new Error('summary.contact is undefined');
}

describe('ErrorBoundary', () => {
  it('turns a screen that throws into a message that says the work is safe, with the reload on Enter', () => {
    initI18n();
    const host = document.createElement('div');
    document.body.append(host);
    const onReload = vi.fn();
    act(() => {
      createRoot(host).render(
        <ErrorBoundary onReload={onReload}>
          <Broken />
        </ErrorBoundary>,
      );
    });
    expect(host.querySelector('[role="alert"] h1')?.textContent).toBe('Algo deu errado nesta tela');
    expect(host.textContent).toContain('Suas mensagens na fila e seus rascunhos estão salvos');
    const button = host.querySelector('button');
    expect(document.activeElement).toBe(button);
    act(() => button?.click());
    expect(onReload).toHaveBeenCalledTimes(1);
    expect(consoleError.mock.calls.some(([first]) => String(first).includes('a tela falhou (Error: summary.contact is undefined)'))).toBe(true);
  });

  it('renders its children untouched while nothing fails', () => {
    initI18n();
    const host = document.createElement('div');
    document.body.append(host);
    act(() => {
      createRoot(host).render(
        <ErrorBoundary>
          <p>desk</p>
        </ErrorBoundary>,
      );
    });
    expect(host.innerHTML).toBe('<p>desk</p>');
  });

  it('"Recarregar" asks the shell to reload the window (Electron refuses a reload the page starts as a navigation); a host that cannot, the page reloads itself', async () => {
    initI18n();
    const host = document.createElement('div');
    document.body.append(host);
    const invoke = vi.fn((command: string) =>
      Promise.resolve(command === 'app.reloadWindow' ? { ok: true, value: { reloading: true } } : { ok: false, error: { code: 'unknown_command', message: '' } }),
    );
    useAppStore.setState({ bridge: { invoke, onEvent: () => () => undefined } as unknown as HelenaBridge });
    const reloadHere = vi.fn();
    const pageReload = vi.spyOn(window.location, 'reload').mockImplementation(() => undefined);
    act(() => {
      createRoot(host).render(
        <ErrorBoundary>
          <Broken />
        </ErrorBoundary>,
      );
    });
    await act(async () => host.querySelector('button')?.click());
    expect(invoke).toHaveBeenCalledWith('app.reloadWindow', {});
    expect(pageReload).not.toHaveBeenCalled();

    // The web host (window-commands.ts without answers) refuses it: the browser tab reloads itself.
    invoke.mockResolvedValue({ ok: false, error: { code: 'window.reload_unavailable', message: '' } });
    await reloadPage(reloadHere);
    expect(reloadHere).toHaveBeenCalledTimes(1);
    // No bridge at all (the page failed before it attached): the same.
    useAppStore.setState({ bridge: null });
    await reloadPage(reloadHere);
    expect(reloadHere).toHaveBeenCalledTimes(2);
    pageReload.mockRestore();
  });
});
