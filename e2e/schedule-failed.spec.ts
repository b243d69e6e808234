/**
 * A schedule HelenaCRM could not send, and moving one, keyboard only: a template scheduled for a
 * number not on WhatsApp (the sandbox's numbers ending 0000) fails when the sandbox clock passes its
 * moment; the core's watch hears it (one 'schedule-failed' event, the tray's notification) and the
 * conversation shows "Não enviado: … — motivo" with "Agendar de novo" (the dialog opens on the same
 * template, parameters filled) and "Dispensar". Another schedule is moved with "Alterar horário"
 * (the same moment picker, ↓ Enter Enter). axe on the failed line and on the move dialog.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import type { CoreEvent } from '../src/console/core-events';
import { arrowTo, axeViolations, deskForFile, signIn, startWithNewNumber } from './desk';

const desk = deskForFile();


async function schedule(page: Page, quickChoice: string): Promise<Locator> {
  // Alt+G works once the conversation is known to be writable (its button shows).
  await expect(page.getByRole('button', { name: 'Agendar modelo (Alt+G)' })).toBeVisible({ timeout: 15_000 });
  await page.keyboard.press('Alt+g');
  const dialog = page.getByRole('dialog', { name: 'Agendar modelo' });
  const options = dialog.getByRole('option');
  await expect(options.first()).toBeVisible();
  await arrowTo(page, dialog, 'boas_vindas');
  await page.keyboard.press('Enter');
  await expect(dialog.getByLabel('nome')).toBeFocused();
  await page.keyboard.type('Cliente');
  await page.keyboard.press('Tab');
  await page.keyboard.type('Ana');
  await page.keyboard.press('Enter');
  const quick = dialog.getByRole('listbox', { name: 'Escolhas rápidas' });
  await arrowTo(page, quick, quickChoice);
  await page.keyboard.press('Enter');
  await expect(dialog.getByRole('button', { name: 'Agendar' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(dialog).toBeHidden();
  return dialog;
}

test('a schedule that failed shows with its reason, can be scheduled again or dismissed; another is moved from the keyboard', async ({ page }) => {
  // The core's first look for failures comes 20 s after sign-in.
  test.setTimeout(120_000);
  const d = desk();
  const failures: CoreEvent[] = [];
  d.core.on((event) => {
    if (event.type === 'schedule-failed') failures.push(event);
  });
  await signIn(page, d);
  await startWithNewNumber(page, '(21) 97777-0000');
  await expect(page.getByRole('heading', { name: '(21) 97777-0000' })).toBeVisible({ timeout: 15_000 });

  await schedule(page, 'Em 2 horas');
  await expect(page.getByTestId('scheduled-line')).toHaveCount(1);
  const moved = await fetch(`${d.sandbox.url}/control/v1/clock/advance`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ hours: 2.05 }),
  });
  expect(moved.status).toBe(200);

  // The watch's first look comes 20 s after sign-in; its event makes the conversation read its list again.
  const failed = page.getByTestId('scheduled-failed');
  await expect(failed).toHaveCount(1, { timeout: 45_000 });
  await expect(failed).toContainText(/^Não enviado: boas_vindas agendado para (hoje|amanhã) \d{2}:\d{2} — Número não possui WhatsApp — Agendar de novo · Dispensar$/);
  await expect(page.getByTestId('scheduled-line')).toHaveCount(0);
  expect(failures).toHaveLength(1);
  expect(await axeViolations(page, 'failed schedule line')).toEqual([]);
  await page.screenshot({ path: 'test-results/schedule-failed-line.png' });

  // "Agendar de novo": the same template, its parameters filled.
  await failed.getByRole('button', { name: /^Agendar de novo/ }).focus();
  await page.keyboard.press('Enter');
  const again = page.getByRole('dialog', { name: 'Agendar modelo' });
  await expect(again.getByLabel('nome')).toHaveValue('Cliente');
  await expect(again.getByLabel('atendente')).toHaveValue('Ana');
  await expect(again.getByLabel('nome')).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(again.getByRole('heading', { name: 'Selecione o modelo de mensagem' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(again).toBeHidden();

  // "Alterar horário" on a new one: tomorrow at 9 moved to Monday at 9 (the sandbox clock is 2 h ahead now, so not "Em 2 horas").
  await page.getByLabel('Mensagem', { exact: true }).focus();
  await schedule(page, 'Amanhã às 9h');
  const line = page.getByTestId('scheduled-line');
  await expect(line).toHaveCount(1);
  await expect(line).toContainText('amanhã 09:00');
  await line.getByRole('button', { name: /^Alterar horário de/ }).focus();
  await page.keyboard.press('Enter');
  const move = page.getByRole('dialog', { name: 'Alterar horário' });
  await expect(move.getByRole('heading', { name: /^Novo horário para boas_vindas — estava marcado para / })).toBeVisible();
  await arrowTo(page, move.getByRole('listbox', { name: 'Escolhas rápidas' }), 'Segunda às 9h');
  await page.keyboard.press('Enter');
  await expect(move.getByRole('button', { name: 'Alterar' })).toBeFocused();
  expect(await axeViolations(page, 'move dialog')).toEqual([]);
  await page.screenshot({ path: 'test-results/schedule-move-dialog.png' });
  await page.keyboard.press('Enter');
  await expect(move).toBeHidden();
  await expect(line).toHaveCount(1);
  // On a Sunday, Monday at 9 is tomorrow at 9.
  if (new Date().getDay() !== 0) await expect(line).not.toContainText('amanhã 09:00');
  await expect(line).toContainText('09:00');

  // "Dispensar": the failed line leaves this conversation.
  await failed.getByRole('button', { name: /^Dispensar/ }).focus();
  await page.keyboard.press('Enter');
  await expect(failed).toHaveCount(0);
  await page.screenshot({ path: 'test-results/schedule-after-dismiss.png' });
});
