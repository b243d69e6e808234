/**
 * The contact's custom fields in the conversation, end to end: João da Silva's customer record
 * (HelenaCRM's "Campos personalizados") shows under his name, labelled and in the company's order,
 * dates and yes/no in the agent's language; the field the admin hid never shows.
 */
import { expect, test } from '@playwright/test';
import { deskForFile, signIn, startWith } from './desk';

const desk = deskForFile();

test("João's plan, customer-since date, last order and city show under his name; the hidden score does not", async ({ page }) => {
  await signIn(page, desk());
  await startWith(page, 'joao', 'João da Silva');
  const list = page.getByTestId('contact-fields');
  await expect(list).toBeVisible({ timeout: 15_000 });
  await expect(list.locator('dt')).toHaveText(['Plano', 'Cliente desde', 'Último pedido', 'Aceita ofertas', 'Cidade']);
  await expect(list.locator('dd')).toHaveText(['Premium', '10/05/2019', '#48102', 'Sim', 'São Paulo']);
  await expect(list).toHaveAccessibleName('Dados do contato');
  await expect(list).not.toContainText('Score');
  await page.screenshot({ path: 'test-results/contact-fields.png' });
});
