/**
 * The web host goes away under an open tab (Ctrl+C, a crash): the page says so at once, in the
 * agent's language, and what to do, instead of failing silently on the next key.
 */
import { expect, test } from '@playwright/test';
import { deskForFile, signIn } from './desk';

const desk = deskForFile();

test('when the web host stops, the tab says the connection is lost and how to get back', async ({ page }) => {
  await signIn(page, desk());
  await desk().host.close();
  await expect(page.getByRole('status')).toContainText('Sem conexão com o Helena Desk. Tentando reconectar…', { timeout: 10_000 });
  await expect(page.getByRole('status')).toContainText('abra o novo endereço mostrado no terminal');
});
