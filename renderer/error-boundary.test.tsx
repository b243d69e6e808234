// @vitest-environment happy-dom
import { act } from 'react';
import { createRoot } from 'react-dom/client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ErrorBoundary } from './components/ErrorBoundary';
import { initI18n } from './i18n';

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
});
