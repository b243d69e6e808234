/**
 * A keyboard-only walk on a 1366×768 laptop, in pt-BR: the start flow's contact search has no empty
 * gap under its box and lists the phone as the conversation shows it ("(11) 97654-3210", not
 * "+5511976543210"); the template's "nome" comes filled with the contact's name, selected, so
 * typing replaces it; the conversation's keys line fits on one line; and Alt+C, with a message
 * still waiting for the reply and a draft in the box, asks first ("Concluir atendimento?",
 * "Voltar" focused): Esc goes back to the box, Tab and Enter complete.
 * Screenshots: test-results/walkthrough-1366/<step>.png.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { en } from '../renderer/i18n/en';
import { ptBR } from '../renderer/i18n/pt-BR';
import { arrowTo, axeViolations, deskForFile, keysLinesThatWrap, officialChannelAndTeam, signIn } from './desk';

const desk = deskForFile();

const SHOTS = 'test-results/walkthrough-1366';

/** How many lines `el` takes: its height over its line height. */
async function linesOf(el: Locator): Promise<number> {
  return el.evaluate((node) => {
    const style = getComputedStyle(node);
    const line = parseFloat(style.lineHeight) || parseFloat(style.fontSize) * 1.2;
    return Math.round(node.getBoundingClientRect().height / line);
  });
}

/** Every line the conversation's keys line may read (message, note, edit, file, completed), in both languages. */
const KEYS_LINES = [ptBR, en].flatMap((strings) => [
  strings.conversation.keys,
  strings.conversation.noteKeys,
  strings.conversation.editKeys,
  strings.conversation.completedKeys,
  strings.attachment.boxKeys,
  strings.attachment.refusedKeys,
]);

async function box(el: Locator): Promise<{ x: number; y: number; width: number; height: number }> {
  const found = await el.boundingBox();
  expect(found, 'the element is drawn').not.toBeNull();
  return found ?? { x: 0, y: 0, width: 0, height: 0 };
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `${SHOTS}/${name}.png`, caret: 'initial' });
}

test('1366×768, keyboard only: contact search, prefilled name, one-line keys, Alt+C asks before losing a queued message and a draft', async ({ page }) => {
  const d = desk();
  // Maria answers only when the test says (her demo script would reply 4 s after the start).
  d.sandbox.ctx.db.prepare("UPDATE contact_scripts SET reply_after_ms = NULL WHERE contact_id = (SELECT id FROM contacts WHERE name = 'Maria da Conceição Santos')").run();
  await page.setViewportSize({ width: 1366, height: 768 });
  await signIn(page, d);
  await shot(page, 'desk');

  // "+": the search box, and straight under it the list (no empty line between them).
  await page.keyboard.press('+');
  const start = page.getByRole('dialog', { name: 'Iniciar atendimento' });
  const search = start.getByRole('combobox', { name: /contato/i });
  await expect(search).toBeFocused();
  // Nothing typed yet: the recent contacts, right under the box too.
  await expect(start.getByRole('option').first()).toBeVisible();
  const emptyGap = (await box(start.getByRole('listbox'))).y - ((await box(search)).y + (await box(search)).height);
  console.log(`gap under the empty contact search box: ${emptyGap.toFixed(1)} px`);
  expect(emptyGap, 'the gap between the empty search box and the list').toBeLessThanOrEqual(12);
  await page.keyboard.type('maria da conceicao');
  const option = start.getByRole('option').filter({ hasText: 'Maria da Conceição Santos' });
  await expect(option).toBeVisible();
  await shot(page, 'start-contact');
  const searchBox = await box(search);
  const listBox = await box(start.getByRole('listbox'));
  const gap = listBox.y - (searchBox.y + searchBox.height);
  console.log(`gap under the contact search box: ${gap.toFixed(1)} px`);
  expect(gap, 'the gap between the search box and the list').toBeLessThanOrEqual(12);
  // The phone as the conversation's header shows it, never raw E.164.
  await expect(option).toContainText('(11) 97654-3210');
  await expect(option).not.toContainText('+5511976543210');

  await arrowTo(page, start, 'Maria da Conceição Santos');
  await page.keyboard.press('Enter');
  await officialChannelAndTeam(page, start);
  await arrowTo(page, start, 'boas_vindas');
  await page.keyboard.press('Enter');
  // "nome" comes filled with the contact's name, all of it selected: typing replaces it.
  const nome = start.getByLabel('nome');
  await expect(nome).toBeFocused();
  await expect(nome).toHaveValue('Maria da Conceição Santos');
  expect(await nome.evaluate((el: HTMLInputElement) => [el.selectionStart, el.selectionEnd])).toEqual([0, 'Maria da Conceição Santos'.length]);
  await shot(page, 'start-params');
  await page.keyboard.type('Maria');
  await expect(nome).toHaveValue('Maria');
  await page.keyboard.press('Tab');
  await page.keyboard.type('Ana');
  await page.keyboard.press('Enter');
  await expect(start).toBeHidden();

  // The conversation: the header's phone in the same format; the keys line under the box on one line.
  await expect(page.getByRole('heading', { name: 'Maria da Conceição Santos' })).toBeVisible({ timeout: 15_000 });
  await expect(page.getByTestId('contact-details')).toContainText('(11) 97654-3210');
  const messageBox = page.getByLabel('Mensagem', { exact: true });
  await expect(messageBox).toBeFocused();
  const keysLine = page.locator('.conversation > p.keys');
  await shot(page, 'conversation');
  const keysLines = await linesOf(keysLine);
  console.log(`conversation keys line: ${(await box(keysLine)).height.toFixed(1)} px high, ${keysLines} line(s)`);
  expect(keysLines, 'the keys line under the box').toBe(1);
  // Whatever the box is doing, and in English too: each of its keys lines fits on one line here.
  const wrapped = await keysLinesThatWrap(keysLine, KEYS_LINES);
  expect(wrapped, 'keys lines that take two lines at 1366×768').toEqual([]);

  // A text that will wait for Maria's reply, and a draft left in the box.
  await expect(page.getByRole('button', { name: 'Concluir atendimento (Alt+C)' })).toBeVisible({ timeout: 15_000 });
  await page.keyboard.type('Segue o boleto atualizado');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('listitem').filter({ hasText: 'Segue o boleto atualizado' }).getByTestId('message-state')).toContainText('Aguardando');
  await page.keyboard.type('Rascunho ainda por enviar');

  // Alt+C asks first; "Voltar" has the keyboard, Esc goes back to the box with the draft.
  await page.keyboard.press('Alt+c');
  const confirm = page.getByRole('dialog', { name: 'Concluir atendimento?' });
  await expect(confirm).toBeVisible();
  await expect(confirm).toContainText('1 mensagem ainda não saiu e não será enviada.');
  await expect(confirm).toContainText('O texto na caixa de mensagem será perdido.');
  await expect(confirm.getByRole('button', { name: 'Voltar' })).toBeFocused();
  await shot(page, 'complete-confirm');
  expect(await axeViolations(page, '"Concluir atendimento?"')).toEqual([]);
  await page.keyboard.press('Escape');
  await expect(confirm).toBeHidden();
  await expect(messageBox).toBeFocused();
  await expect(messageBox).toHaveValue('Rascunho ainda por enviar');
  await expect(page.getByTestId('window-state')).not.toContainText('Atendimento concluído');

  // Enter on "Voltar" goes back too; Tab then Enter completes.
  await page.keyboard.press('Alt+c');
  await expect(confirm.getByRole('button', { name: 'Voltar' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(confirm).toBeHidden();
  await expect(messageBox).toBeFocused();
  await page.keyboard.press('Alt+c');
  await expect(confirm.getByRole('button', { name: 'Voltar' })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(confirm.getByRole('button', { name: 'Concluir mesmo assim' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(confirm).toBeHidden();
  await expect(page.getByTestId('window-state')).toContainText('Atendimento concluído', { timeout: 15_000 });
  await shot(page, 'completed');
});
