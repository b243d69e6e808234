/**
 * Naming a contact from the conversation, end to end: a start to a number no contact has leaves
 * HelenaCRM's new contact without a name (the conversation is titled with the number, and says
 * how to name it); Alt+E opens "Editar contato", a bad e-mail is refused under its field, a tag
 * is put on from the keyboard ("Etiquetas": type, Enter; Backspace takes the last off), Enter
 * saves, and the heading, the contact line, the desk list and HelenaCRM have the new name and tag.
 */
import { expect, test } from '@playwright/test';
import { api, loginAs } from '../sandbox/testing';
import { ANA, deskForFile, signIn, startWithNewNumber } from './desk';

const desk = deskForFile();

test('Alt+E names the contact a new-number start created; the heading shows the name at once', async ({ page }) => {
  await signIn(page, desk());
  await startWithNewNumber(page, '(21) 97777-5566');

  // Titled with the number until someone names it, and the heading says how.
  await expect(page.getByRole('heading', { name: '(21) 97777-5566' })).toBeVisible({ timeout: 15_000 });
  await expect(page.getByTestId('no-name-hint')).toHaveText('Sem nome — Alt+E para dar um nome', { timeout: 15_000 });
  await page.screenshot({ path: 'test-results/contact-edit-unnamed.png' });

  await page.keyboard.press('Alt+e');
  const dialog = page.getByRole('dialog', { name: 'Editar contato' });
  const name = dialog.getByLabel('Nome');
  const email = dialog.getByLabel('E-mail');
  await expect(name).toBeFocused();
  await expect(name).toHaveValue('');
  await page.keyboard.type('Gerusa Quintanilha');
  await page.keyboard.press('Tab');
  await expect(email).toBeFocused();
  await page.keyboard.type('gerusa@exemplo');
  await page.keyboard.press('Enter');
  // Refused under the field, which gets the keyboard; what was typed stays.
  await expect(dialog.locator('#contact-edit-email-issue')).toHaveText('Digite um e-mail válido, como nome@empresa.com.br, ou deixe em branco para apagar.');
  await expect(email).toBeFocused();
  await expect(email).toHaveAttribute('aria-invalid', 'true');
  await expect(name).toHaveValue('Gerusa Quintanilha');

  // Etiquetas: typing filters the company's tags, Enter puts the highlighted one on as a chip.
  const tags = dialog.getByLabel('Etiquetas', { exact: true });
  const chips = dialog.getByRole('list', { name: 'Etiquetas do contato' }).getByRole('listitem');
  const options = dialog.getByRole('listbox', { name: 'Etiquetas da empresa' });
  await page.keyboard.press('Tab');
  await expect(tags).toBeFocused();
  await page.keyboard.type('ret');
  await expect(options.getByRole('option', { selected: true })).toHaveText('retorno');
  await page.keyboard.press('Enter');
  await expect(chips).toHaveText(['retorno×']);
  await expect(tags).toHaveValue('');
  await page.keyboard.type('v');
  await expect(options.getByRole('option', { selected: true })).toHaveText('vip');
  await page.screenshot({ path: 'test-results/contact-edit-dialog.png' });
  await page.keyboard.press('Enter');
  await expect(chips).toHaveText(['retorno×', 'vip×']);
  // Backspace on the empty input takes the last chip off again.
  await page.keyboard.press('Backspace');
  await expect(chips).toHaveText(['retorno×']);
  await page.keyboard.press('Shift+Tab');
  await expect(email).toBeFocused();
  // Tabbing in selects the field's text: End, to add to it.
  await page.keyboard.press('End');

  await page.keyboard.type('.com.br');
  // The refusal was about what was sent: it goes as the agent fixes the field.
  await expect(dialog.locator('#contact-edit-email-issue')).toBeHidden();
  await page.keyboard.press('Enter');
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('heading', { name: 'Gerusa Quintanilha' })).toBeVisible();
  await expect(page.getByTestId('no-name-hint')).toBeHidden();
  await expect(page.getByTestId('contact-details')).toContainText('(21) 97777-5566 · gerusa@exemplo.com.br');
  await expect(page.getByTestId('contact-details').locator('.tag')).toHaveText(['retorno']);
  await expect(page.getByLabel('Mensagem', { exact: true })).toBeFocused();
  await page.screenshot({ path: 'test-results/contact-edit.png' });

  // The desk lists the conversation under the new name, and HelenaCRM has it (phone kept).
  await page.keyboard.press('Escape');
  await expect(page.getByRole('listbox', { name: 'Atendimentos' })).toContainText('Gerusa Quintanilha');
  const { token } = await loginAs(desk().sandbox, ANA);
  const saved = await api(desk().sandbox, token).get<{ name: string | null; email: string | null; phoneNumber: string | null; tagNames: string[] }>(
    `/core/v1/contact/phonenumber/${encodeURIComponent('+5521977775566')}`,
  );
  expect(saved.body).toMatchObject({ name: 'Gerusa Quintanilha', email: 'gerusa@exemplo.com.br', phoneNumber: '+5521977775566', tagNames: ['retorno'] });
});
