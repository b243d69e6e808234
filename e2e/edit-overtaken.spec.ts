/**
 * A bad network, a held text, a fast agent: they edit the text waiting for Vinícius's reply while
 * the connection is gone (refused: it needs HelenaCRM), and before they try again Vinícius replies,
 * so HelenaCRM releases the original. The box leaves "Editando a mensagem na fila" but keeps the new
 * text, says the contact got the earlier one, and Enter sends the new text as a message of its own.
 * Before, the box stayed in the edit, Enter was refused ("já foi enviada") and Esc threw the text away.
 */
import { expect, test } from '@playwright/test';
import { contactSends, deskForFile, sentOnServer, shiftTabTo, signIn, startWith } from './desk';

const desk = deskForFile({ proxy: true });

test('an edit overtaken by the contact’s reply keeps the new text in the box, and Enter sends it as a new message', async ({ page }) => {
  await signIn(page, desk());
  await startWith(page, 'vinicius', 'Vinícius Romão');
  await expect(page.getByRole('heading', { name: 'Vinícius Romão' })).toBeVisible({ timeout: 15_000 });
  await page.keyboard.type('Segue o boleto de março.');
  await page.keyboard.press('Enter');
  const held = page.getByRole('listitem').filter({ hasText: 'Segue o boleto de março.' });
  await expect(held.getByRole('button', { name: 'Editar' })).toBeVisible({ timeout: 10_000 });

  desk().proxy.setMode('down');
  await expect(page.getByTestId('connectivity')).not.toHaveText('Online', { timeout: 20_000 });
  await shiftTabTo(page, held.getByRole('button', { name: 'Editar' }));
  await page.keyboard.press('Enter');
  const box = page.locator('#message-box');
  await page.keyboard.press('Control+A');
  await page.keyboard.type('Segue o boleto de abril.');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('alert')).toContainText('Sem conexão com o HelenaCRM');
  await expect(page.getByText('Editando a mensagem na fila')).toBeVisible();

  desk().proxy.setMode('pass');
  await expect(page.getByTestId('connectivity')).toHaveText('Online', { timeout: 30_000 });
  await contactSends(desk(), 'Vinícius Romão', { text: 'Oi, pode mandar.' });
  await expect(held.getByTestId('message-state')).toHaveText(/Enviada|Entregue|Lida/, { timeout: 20_000 });

  await expect(page.getByText('Editando a mensagem na fila')).toHaveCount(0);
  await expect(box).toHaveValue('Segue o boleto de abril.');
  await expect(page.getByRole('alert')).toContainText('A mensagem saiu antes que a edição fosse salva');
  await page.screenshot({ path: 'test-results/edit-overtaken.png' });
  await expect(box).toBeFocused();
  await page.keyboard.press('Enter');
  const sent = page.getByRole('listitem').filter({ hasText: 'Segue o boleto de abril.' });
  await expect(sent.getByTestId('message-state')).toHaveText(/Enviada|Entregue|Lida/, { timeout: 15_000 });
  await expect(box).toHaveValue('');

  // HelenaCRM's record: the original (released by the reply), then the new text, each once.
  const onServer = (await sentOnServer(desk(), 'Olá Vinícius')).map((m) => m.text).filter((text) => text?.startsWith('Segue o boleto'));
  expect(onServer).toEqual(['Segue o boleto de março.', 'Segue o boleto de abril.']);
});
