/**
 * A quick reply mistyped: "/sau" finds none ("Nenhuma resposta rápida para /sau."), and Enter does
 * not send "/sau" to the contact; the box keeps it. Esc closes the list, and then Enter sends the
 * text as it is, for the agent who meant it.
 */
import { expect, test } from '@playwright/test';
import { deskForFile, signIn, takeConversation } from './desk';

const desk = deskForFile({ receptiveDemo: true });

test('"/sau" with no quick reply: Enter keeps it in the box; Esc, then Enter sends it', async ({ page }) => {
  await signIn(page, desk());
  await takeConversation(page, 'fabio', 'Fábio Guimarães');
  const box = page.getByLabel('Mensagem', { exact: true });
  const messages = page.getByRole('list', { name: 'Mensagens' });
  await page.keyboard.type('/sau');
  await expect(page.getByText('Nenhuma resposta rápida para /sau.')).toBeVisible();
  await expect(page.getByText('Esc fecha a lista; depois, Enter envia o texto como está')).toBeVisible();
  await page.keyboard.press('Enter');
  await expect(box).toHaveValue('/sau');
  // Give a send the time it would take to show.
  await page.waitForTimeout(500);
  await expect(messages.getByText('/sau', { exact: true })).toHaveCount(0);

  await page.keyboard.press('Escape');
  await expect(page.getByText('Nenhuma resposta rápida para /sau.')).toBeHidden();
  await expect(box).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(messages.getByText('/sau', { exact: true })).toHaveCount(1);
  await expect(box).toHaveValue('');
});
