// @vitest-environment happy-dom
/**
 * A template's parameters refused (one left empty): the agent reads each problem once, under its
 * field, not again in a line by the button (that line stays for screen readers), and the keyboard
 * goes to the first field to correct, even when Enter was pressed in the last one. A refusal that
 * is not about a field (no connection to check, say) still shows by the button.
 */
import { act } from 'react';
import { describe, expect, it } from 'vitest';
import type { ConsoleErrorBody } from '../src/console/errors';
import type { StartTemplate } from '../src/console/results';
import { answering, installBridge } from './testing/fake-bridge';
import { pause, pressAndWait } from './testing/input';
import { mountPerTest } from './testing/mount-per-test';
import { LUIZA, oneChannelStart, showStartFlow } from './testing/start-flow';

const view = mountPerTest();

const template: StartTemplate = {
  id: 't1',
  name: 'confirmacao_visita',
  text: 'Olá {{nome}}, confirmando a visita técnica em {{data}} às {{hora}}.',
  footerText: null,
  params: ['nome', 'data', 'hora'],
  categoryName: 'UTILITY',
  media: null,
};

const press = (key: string) => pressAndWait(key, 250);

/** Contact and template chosen, then Enter (a submit) from the last field, "hora". */
async function startFromLastField(refusal: ConsoleErrorBody): Promise<void> {
  installBridge(answering(oneChannelStart([LUIZA], template), { 'conversation.start': refusal }));
  await showStartFlow(view);
  await pause(250);
  await press('Enter'); // the contact; the one channel and the one team are chosen for the agent
  await press('Enter'); // the template
  const hora = view.host.querySelector<HTMLInputElement>('#param-hora');
  act(() => hora?.focus());
  await act(async () => view.host.querySelector('form')?.requestSubmit());
  await pause(250);
}

/** The error texts a sighted agent reads (those not kept for screen readers only). */
const shownErrors = () => [...view.host.querySelectorAll('.error')].filter((el) => !el.classList.contains('sr-only')).map((el) => el.textContent);

describe('a refused start, as the agent reads it', () => {
  it('says a missing parameter once, under its field, and puts the keyboard there', async () => {
    await startFromLastField({
      code: 'invalid_parameters',
      message: 'Preencha o parâmetro "data".',
      messageEn: 'Fill in the "data" parameter.',
      field: 'parameters.data',
      issues: [{ field: 'parameters.data', message: 'Preencha o parâmetro "data".', messageEn: 'Fill in the "data" parameter.' }],
    });
    expect(shownErrors()).toEqual(['Preencha o parâmetro "data".']);
    expect(view.host.querySelector('#param-data-issue')?.textContent).toBe('Preencha o parâmetro "data".');
    // Screen readers still hear it at once.
    expect(view.host.querySelector('[role="alert"]')?.textContent).toBe('Preencha o parâmetro "data".');
    expect(document.activeElement?.id).toBe('param-data');
  });

  it('shows a refusal about no field by the button, where it always was', async () => {
    await startFromLastField({ code: 'offline', message: 'Sem conexão com o HelenaCRM.' });
    expect(shownErrors()).toEqual(['Sem conexão com o HelenaCRM.']);
    expect(document.activeElement?.id).toBe('param-hora');
  });
});
