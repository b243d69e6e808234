// @vitest-environment happy-dom
/**
 * A dialog opened over another (F1's shortcuts over the start flow): Esc closes the one on top
 * only, and the one underneath, re-rendering meanwhile (search results arriving), does not take
 * the focus back from it. Before, the start flow underneath heard Esc first and closed, losing
 * what the agent had chosen, while the help stayed open.
 */
import { act, useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { Dialog } from './components/Dialog';
import { mountPerTest } from './testing/mount-per-test';

const view = mountPerTest();

function pressEscape(): void {
  act(() => {
    (document.activeElement ?? document.body).dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, cancelable: true }));
  });
}

describe('dialogs over dialogs', () => {
  it('Esc goes to the dialog on top; the one below keeps its state and gets Esc once alone', async () => {
    const closeStart = vi.fn();
    const closeHelp = vi.fn();
    let rerenderStart: (n: number) => void = () => undefined;
    let setHelpOpen: (open: boolean) => void = () => undefined;
    // Apart, as the desk's start flow and the app's F1 help are: one re-renders without the other.
    function Start() {
      const [results, setResults] = useState(0);
      rerenderStart = setResults;
      return (
        <Dialog title="Iniciar atendimento" titleId="start" onEscape={closeStart}>
          <input aria-label="contato" autoFocus data-results={results} />
        </Dialog>
      );
    }
    function Help() {
      const [helpOpen, setHelp] = useState(false);
      setHelpOpen = setHelp;
      return helpOpen ? (
        <Dialog title="Atalhos de teclado" titleId="help" onEscape={closeHelp}>
          <button type="button">Fechar (Esc)</button>
        </Dialog>
      ) : null;
    }
    function Screen() {
      return (
        <>
          <Start />
          <Help />
        </>
      );
    }
    await act(async () => view.root.render(<Screen />));
    act(() => setHelpOpen(true));
    const help = view.host.querySelector('[aria-labelledby="help"]');
    expect(help?.contains(document.activeElement)).toBe(true);

    // The start flow underneath re-renders (its search answered): the focus stays on the help.
    act(() => rerenderStart(1));
    expect(help?.contains(document.activeElement)).toBe(true);

    pressEscape();
    expect(closeHelp).toHaveBeenCalledTimes(1);
    expect(closeStart).not.toHaveBeenCalled();

    act(() => setHelpOpen(false));
    pressEscape();
    expect(closeStart).toHaveBeenCalledTimes(1);
    expect(closeHelp).toHaveBeenCalledTimes(1);
  });
});
