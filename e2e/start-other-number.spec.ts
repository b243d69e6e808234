/**
 * "+" on a contact with an open conversation when the company has two WhatsApp numbers (the demo:
 * official and QR). Fábio wrote on the official number: his row says Enter opens that
 * conversation and Shift+Enter starts on the other number; Shift+Enter skips the channel step
 * (only the QR number is left) and the first message goes out there, keyboard only.
 */
import { expect, test } from '@playwright/test';
import { en } from '../renderer/i18n/en';
import { ptBR } from '../renderer/i18n/pt-BR';
import { deskForFile, keysLinesThatWrap, signIn } from './desk';

const desk = deskForFile({ receptiveDemo: true });

test('Shift+Enter on a contact with an open conversation starts on the other number', async ({ page }) => {
  await signIn(page, desk());
  await page.keyboard.press('+');
  const start = page.getByRole('dialog', { name: 'Iniciar atendimento' });
  await page.keyboard.type('fabio guimaraes');
  await expect(start.getByRole('option').first()).toContainText('Atendimento aberto — Enter abre a conversa · Shift+Enter inicia em outro canal');
  await expect(start.locator('.keys')).toContainText('Shift+Enter inicia em outro canal');
  // The step's keys line fits on one line, in both languages: which contact Shift+Enter applies to, its row says.
  const wrapped = await keysLinesThatWrap(start.locator('.keys'), [ptBR.start.contactKeysOtherChannel, en.start.contactKeysOtherChannel]);
  expect(wrapped, 'keys lines that take two lines').toEqual([]);
  await page.screenshot({ path: test.info().outputPath('start-other-number.png') });

  await page.keyboard.press('Shift+Enter');
  // The official number has Fábio's open conversation: only the QR one is left, chosen for the agent.
  const trail = start.getByRole('list', { name: 'Escolhas até aqui' });
  await expect(trail).toContainText('WhatsApp QR Code');
  await expect(start.getByRole('heading', { name: 'Selecione a equipe' })).toBeVisible();
  await page.keyboard.press('Enter'); // Vendas, the default team
  await expect(page.locator('#first-message')).toBeFocused();
  await page.keyboard.type('Oi Fábio, aqui é a Ana pelo nosso outro número.');
  await page.screenshot({ path: test.info().outputPath('start-other-number-message.png') });
  await page.keyboard.press('Control+Enter');
  await expect(start).toBeHidden();
  await expect(page.getByRole('heading', { name: 'Fábio Guimarães' })).toBeVisible();
});
