/**
 * "Agendar modelo", keyboard only: Alt+G in a conversation, boas_vindas and its parameters as with
 * Alt+M, "Em 2 horas" with ↓ Enter, the moment spelled out, Enter confirms; the conversation shows
 * "Agendado: boas_vindas · …"; the sandbox clock moved 2 h by the control API and the template
 * arrives in the conversation. Another one is cancelled from its line (Tab, Enter, Enter). axe on
 * the dialog and on the lines.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { axeViolations, deskForFile, signIn, startWith } from './desk';

const desk = deskForFile();

async function schedule(page: Page, quickChoice: string): Promise<Locator> {
  await page.keyboard.press('Alt+g');
  const dialog = page.getByRole('dialog', { name: 'Agendar modelo' });
  await expect(dialog.getByRole('heading', { name: 'Selecione o modelo de mensagem' })).toBeVisible();
  const options = dialog.getByRole('option');
  await expect(options.first()).toBeVisible();
  const names = await options.allTextContents();
  for (let i = 0; i < names.findIndex((n) => n.includes('boas_vindas')); i++) await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(dialog.getByLabel('nome')).toBeFocused();
  await page.keyboard.type('Vinícius');
  await page.keyboard.press('Tab');
  await page.keyboard.type('Ana');
  await page.keyboard.press('Enter');
  await expect(dialog.getByRole('heading', { name: 'Quando enviar boas_vindas?' })).toBeVisible();
  const quick = dialog.getByRole('listbox', { name: 'Escolhas rápidas' });
  const labels = await quick.getByRole('option').allTextContents();
  for (let i = 0; i < labels.findIndex((l) => l.startsWith(quickChoice)); i++) await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(dialog.getByTestId('schedule-chosen')).toHaveText(/^Envio: \S+, \d{1,2} de \S+, \d{2}:\d{2}$/);
  await expect(dialog.getByRole('button', { name: 'Agendar' })).toBeFocused();
  return dialog;
}

test('Alt+G schedules boas_vindas in 2 hours; the line shows; the clock moves 2 h and it arrives; another is cancelled', async ({ page }) => {
  const d = desk();
  await signIn(page, d);
  const welcome = await startWith(page, 'vinicius romao', 'Vinícius Romão');
  await expect(welcome).toHaveCount(1, { timeout: 15_000 });

  const dialog = await schedule(page, 'Em 2 horas');
  expect(await axeViolations(page, 'schedule dialog')).toEqual([]);
  await page.screenshot({ path: 'test-results/schedule-dialog.png' });
  await page.keyboard.press('Enter');
  await expect(dialog).toBeHidden();
  const lines = page.getByTestId('scheduled-line');
  await expect(lines).toHaveCount(1);
  await expect(lines.first()).toContainText(/Agendado: boas_vindas · (hoje|amanhã) \d{2}:\d{2}/);
  await page.screenshot({ path: 'test-results/schedule-line.png' });

  // A second one, for tomorrow at 9, to cancel.
  await page.getByLabel('Mensagem', { exact: true }).focus();
  await schedule(page, 'Amanhã às 9h');
  await page.keyboard.press('Enter');
  await expect(lines).toHaveCount(2);
  const tomorrow = lines.filter({ hasText: 'amanhã 09:00' });
  await tomorrow.getByRole('button', { name: /^Cancelar/ }).focus();
  await page.keyboard.press('Enter');
  await expect(tomorrow.getByRole('button', { name: 'Sim, cancelar' })).toBeFocused();
  expect(await axeViolations(page, 'cancel question')).toEqual([]);
  await page.screenshot({ path: 'test-results/schedule-cancel-ask.png' });
  await page.keyboard.press('Enter');
  await expect(lines).toHaveCount(1);

  const moved = await fetch(`${d.sandbox.url}/control/v1/clock/advance`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ hours: 2.05 }),
  });
  expect(moved.status).toBe(200);
  await expect(welcome).toHaveCount(2, { timeout: 15_000 });
  // Sent: no longer listed as scheduled.
  await expect(lines).toHaveCount(0);
  await page.screenshot({ path: 'test-results/schedule-arrived.png' });
});
