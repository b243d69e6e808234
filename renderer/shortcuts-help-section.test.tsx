// @vitest-environment happy-dom
/**
 * F1 opens the shortcuts where the agent is: pressed in the start flow, its section ("Iniciar
 * atendimento") is brought into view; at 1366×768 it sat below the fold, under the desk's keys.
 */
import { act } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { ShortcutsHelp } from './components/ShortcutsHelp';
import { mountPerTest } from './testing/mount-per-test';

const view = mountPerTest();

async function pressF1Within(className: string | null): Promise<string[]> {
  const shown: string[] = [];
  const scroll = vi.spyOn(Element.prototype, 'scrollIntoView').mockImplementation(function (this: Element) {
    shown.push(this.id);
  });
  await act(async () =>
    view.root.render(
      <>
        <div className={className ?? undefined}>
          <input aria-label="busca" />
        </div>
        <ShortcutsHelp />
      </>,
    ),
  );
  view.host.querySelector<HTMLInputElement>('input[aria-label="busca"]')?.focus();
  await act(async () => {
    document.activeElement?.dispatchEvent(new KeyboardEvent('keydown', { key: 'F1', bubbles: true, cancelable: true }));
  });
  scroll.mockRestore();
  expect(view.host.querySelector('[aria-labelledby="shortcuts-title"]')).not.toBeNull();
  return shown;
}

describe('F1', () => {
  it('in the start flow brings its keys into view', async () => {
    expect(await pressF1Within('start-flow')).toEqual(['shortcuts-start']);
  });

  it('in a conversation brings the conversation keys into view', async () => {
    expect(await pressF1Within('conversation')).toEqual(['shortcuts-conversation']);
  });

  it('on the desk opens at the top, where the desk keys are', async () => {
    expect(await pressF1Within(null)).toEqual([]);
  });
});
