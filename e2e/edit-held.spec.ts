/**
 * A text HelenaCRM holds for the contact's reply (window closed, online) is edited from the
 * keyboard: Shift+Tab from the box reaches its "Editar", Enter puts its text in the box, Enter
 * saves; the same line reads the new text, still waiting for the reply, and no second line shows
 * the withdrawn copy. The contact's reply releases only the edited text, once.
 */
import { expect, test } from '@playwright/test';
import { contactSends, deskForFile, sentOnServer, shiftTabTo, signIn, startWith } from './desk';

const desk = deskForFile();

test('a text held by HelenaCRM for the reply is edited from the keyboard; the contact gets only the new text', async ({ page }) => {
  await signIn(page, desk());
  await startWith(page, 'vinicius', 'Vinícius Romão');
  await expect(page.getByRole('heading', { name: 'Vinícius Romão' })).toBeVisible({ timeout: 15_000 });
  const box = page.getByLabel('Mensagem', { exact: true });
  await expect(box).toBeFocused();
  await page.keyboard.type('Segue o boleto de março.');
  await page.keyboard.press('Enter');
  const held = page.getByRole('listitem').filter({ hasText: 'Segue o boleto de março.' });
  await expect(held.getByTestId('message-state')).toHaveText('Aguardando resposta do contato');
  // Held on HelenaCRM (online, window closed): "Editar" beside "Cancelar envio".
  await expect(held.getByRole('button', { name: 'Cancelar envio' })).toBeVisible();
  const edit = held.getByRole('button', { name: 'Editar' });
  await expect(edit).toBeVisible();

  await shiftTabTo(page, edit);
  await page.keyboard.press('Enter');
  await expect(page.getByLabel('Editando a mensagem na fila')).toBeFocused();
  await expect(page.getByLabel('Editando a mensagem na fila')).toHaveValue('Segue o boleto de março.');
  await page.keyboard.press('Control+A');
  await page.keyboard.type('Segue o boleto de abril.');
  await page.keyboard.press('Enter');

  const edited = page.getByRole('listitem').filter({ hasText: 'Segue o boleto de abril.' });
  await expect(edited.getByTestId('message-state')).toHaveText('Aguardando resposta do contato');
  await expect(page.getByLabel('Mensagem', { exact: true })).toBeFocused();
  await expect(page.getByRole('listitem').filter({ hasText: 'Segue o boleto de março.' })).toHaveCount(0);
  // Still withdrawable and editable again: it is held on HelenaCRM once more, under a new refId.
  await expect(edited.getByRole('button', { name: 'Editar' })).toBeVisible();
  await page.screenshot({ path: 'test-results/edit-held.png' });

  await contactSends(desk(), 'Vinícius Romão', { text: 'Oi, pode mandar.' });
  await expect(edited.getByTestId('message-state')).toHaveText(/Enviada|Entregue|Lida/, { timeout: 20_000 });
  await expect(page.getByRole('listitem').filter({ hasText: 'Segue o boleto de março.' })).toHaveCount(0);

  // HelenaCRM's record: the original deleted, the edited one released once.
  const sent = (await sentOnServer(desk(), 'Olá Vinícius')).filter((m) => m.text?.startsWith('Segue o boleto'));
  expect(sent.map((m) => [m.text, m.status === 'DELETED' ? 'DELETED' : 'released'])).toEqual([
    ['Segue o boleto de março.', 'DELETED'],
    ['Segue o boleto de abril.', 'released'],
  ]);
});
