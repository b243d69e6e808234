/**
 * A large account's first sync: the agent is on their desk at once, sees how far the contacts
 * have come (numbers in pt-BR), and can search what has arrived while the rest comes in.
 */
import { expect, test } from '@playwright/test';
import { ANA, deskForFile, latestCode } from './desk';

const desk = deskForFile({ sandbox: { syntheticContacts: 60_000 } });

test('the desk opens before a 60,000-contact first sync ends and shows its progress', async ({ page }) => {
  await page.goto(desk().host.url);
  await page.getByLabel('E-mail ou telefone').fill(ANA);
  await page.keyboard.press('Enter');
  // The code exists once HelenaCRM answered the request, which the code field's focus says.
  await expect(page.getByLabel('Código de acesso')).toBeFocused();
  await page.getByLabel('Código de acesso').fill(await latestCode(desk(), ANA));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Atendimentos' })).toBeVisible();
  // A progress bar named by its line, outside the status bar's live region (read aloud at every step otherwise).
  await expect(page.getByRole('progressbar', { name: /Sincronizando contatos: [\d.]+ de 60\.040/ })).toBeVisible({ timeout: 10_000 });
  await page.keyboard.press('+');
  const dialog = page.getByRole('dialog', { name: 'Iniciar atendimento' });
  await expect(dialog).toContainText(/Ainda sincronizando os contatos \([\d.]+ de 60\.040\)/);
  // Search works while the sync runs; a contact not there yet shows up as it arrives.
  await page.keyboard.type('joao silva');
  await expect(dialog.getByRole('option').first()).toContainText('João', { timeout: 20_000 });
  // Once it is done the progress goes away.
  await desk().core.whenSynced();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('progressbar')).toHaveCount(0, { timeout: 10_000 });
  // The live region says it once.
  await expect(page.getByRole('status')).toContainText('Sincronização com o HelenaCRM concluída.');
});
