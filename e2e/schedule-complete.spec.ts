/**
 * Alt+C on a conversation with a template scheduled for the contact, keyboard only: HelenaCRM does
 * not cancel a schedule when its conversation completes (it schedules by contact; the sandbox sends
 * it at its moment into a new conversation), so Alt+C asks first, naming the schedule and saying it
 * still goes; Tab and Enter complete; the completed conversation's line then says it goes anyway,
 * opening a new conversation, with "Cancelar" still there.
 */
import { expect, test } from '@playwright/test';
import { axeViolations, deskForFile, signIn, startWith } from './desk';

const desk = deskForFile();

test('Alt+C with boas_vindas scheduled for tomorrow 09:00 asks first, and the completed conversation says it still goes', async ({ page }) => {
  const d = desk();
  await signIn(page, d);
  const welcome = await startWith(page, 'vinicius romao', 'Vinícius Romão');
  await expect(welcome).toHaveCount(1, { timeout: 15_000 });

  // Alt+G: boas_vindas, its parameters, "Amanhã às 9h", Enter on "Agendar".
  await page.keyboard.press('Alt+g');
  const scheduleDialog = page.getByRole('dialog', { name: 'Agendar modelo' });
  const options = scheduleDialog.getByRole('option');
  await expect(options.first()).toBeVisible();
  const names = await options.allTextContents();
  for (let i = 0; i < names.findIndex((n) => n.includes('boas_vindas')); i++) await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(scheduleDialog.getByLabel('nome')).toBeFocused();
  await page.keyboard.type('Vinícius');
  await page.keyboard.press('Tab');
  await page.keyboard.type('Ana');
  await page.keyboard.press('Enter');
  const quick = scheduleDialog.getByRole('listbox', { name: 'Escolhas rápidas' });
  const labels = await quick.getByRole('option').allTextContents();
  for (let i = 0; i < labels.findIndex((l) => l.startsWith('Amanhã às 9h')); i++) await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(scheduleDialog.getByRole('button', { name: 'Agendar' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(scheduleDialog).toBeHidden();
  const line = page.getByTestId('scheduled-line');
  await expect(line).toHaveText('Agendado: boas_vindas · amanhã 09:00 — Alterar horário · Cancelar');

  // Nothing else would be lost: still, Alt+C asks, because the schedule would go after the matter closed.
  const box = page.getByLabel('Mensagem', { exact: true });
  await box.focus();
  await page.keyboard.press('Alt+c');
  const ask = page.getByRole('dialog', { name: 'Concluir atendimento?' });
  await expect(ask).toBeVisible();
  await expect(ask.getByTestId('complete-scheduled')).toHaveText(
    'O modelo boas_vindas agendado para amanhã 09:00 continua agendado: o HelenaCRM o envia na hora marcada mesmo com este atendimento concluído, abrindo um novo. Se ele não deve mais sair, volte e cancele o agendamento: “Cancelar”, na linha “Agendado” acima das mensagens.',
  );
  await expect(ask.getByRole('button', { name: 'Voltar' })).toBeFocused();
  expect(await axeViolations(page, 'complete question with a schedule')).toEqual([]);
  await page.screenshot({ path: 'test-results/schedule-complete-ask.png' });
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await expect(ask).toBeHidden();

  // Completed: the truth about the schedule, still cancellable.
  await expect(line).toHaveText('Agendado: boas_vindas · amanhã 09:00 · sai mesmo com o atendimento concluído, abrindo um novo — Cancelar', { timeout: 15_000 });
  await expect(line.getByRole('button', { name: /^Cancelar/ })).toBeVisible();
  await page.screenshot({ path: 'test-results/schedule-complete-after.png' });
});
