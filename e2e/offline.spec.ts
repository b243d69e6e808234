/**
 * Fault test, end to end: the network between the app and HelenaCRM goes away (a TCP proxy resets
 * every connection) while the agent works. They still start a conversation and queue and edit a
 * message and correct the start's template; when the network returns everything goes out once, in
 * order, with the edited texts.
 */
import { expect, test } from '@playwright/test';
import { arrowTo, deskForFile, sentOnServer, signIn, startWith } from './desk';

const desk = deskForFile({ proxy: true });

test('offline, an agent starts a conversation and queues and edits a message; back online it all goes out once, in order', async ({ page }) => {
  await signIn(page, desk());
  const proxy = desk().proxy;

  proxy.setMode('down');
  await expect(page.getByTestId('connectivity')).not.toHaveText('Online', { timeout: 20_000 });

  // The whole start flow works from the cache.
  const typed = await startWith(page, 'francisca', 'Francisca Araújo Lima');
  await expect(page.getByTestId('window-state')).toContainText('Na fila: o atendimento começa assim que houver conexão');
  await expect(typed.getByTestId('message-state')).toHaveText('Na fila (sem conexão)');

  // The start itself can be corrected while it waits: its parameters come back prefilled.
  await typed.getByRole('button', { name: 'Editar' }).focus();
  await page.keyboard.press('Enter');
  const edit = page.getByRole('dialog', { name: 'Editar o modelo na fila' });
  await expect(edit.getByLabel('nome')).toBeFocused();
  await expect(edit.getByLabel('nome')).toHaveValue('Francisca');
  await page.keyboard.press('Control+A');
  await page.keyboard.type('Dona Francisca');
  await page.keyboard.press('Enter');
  await expect(edit).toBeHidden();
  const template = page.getByRole('listitem').filter({ hasText: 'Olá Dona Francisca, tudo bem?' });
  await expect(template.getByTestId('message-state')).toHaveText('Na fila (sem conexão)');
  await expect(page.getByLabel('Mensagem', { exact: true })).toBeFocused();
  // Not on the server yet, but the screen knows who it is with; nothing to transfer or complete yet.
  await expect(page.getByRole('heading', { name: 'Francisca Araújo Lima' })).toBeVisible();
  await expect(page.getByRole('button', { name: /Transferir|Concluir/ })).toHaveCount(0);

  // A text queued behind it stays local, so it can still be edited.
  await page.keyboard.type('Escrevi sem internet');
  await page.keyboard.press('Enter');
  const text = page.getByRole('listitem').filter({ hasText: 'Escrevi sem internet' });
  await expect(text.getByTestId('message-state')).toHaveText('Aguardando resposta do contato');
  await text.getByRole('button', { name: 'Editar' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByLabel('Editando a mensagem na fila')).toBeFocused();
  await page.keyboard.press('Control+A');
  await page.keyboard.type('Corrigida sem internet');
  await page.keyboard.press('Enter');
  const edited = page.getByRole('listitem').filter({ hasText: 'Corrigida sem internet' });
  await expect(edited.getByTestId('message-state')).toHaveText('Aguardando resposta do contato');
  await expect(page.getByRole('listitem').filter({ hasText: 'Escrevi sem internet' })).toHaveCount(0);
  await expect(page.getByRole('status')).toContainText('2 mensagens na fila');
  await page.screenshot({ path: 'test-results/offline-queued.png' });

  // Back on the desk the queued start is listed, so it can be found and opened again.
  await page.keyboard.press('Escape');
  const list = page.getByRole('listbox', { name: 'Atendimentos' });
  const row = list.getByRole('option').filter({ hasText: 'Francisca Araújo Lima' });
  await expect(row).toContainText('Na fila: o atendimento começa assim que houver conexão');
  await page.screenshot({ path: 'test-results/offline-desk.png' });
  await arrowTo(page, list, 'Francisca Araújo Lima');
  await page.keyboard.press('Enter');
  await expect(edited.getByTestId('message-state')).toHaveText('Aguardando resposta do contato');

  // The network returns: the start goes out, the conversation becomes the server's session, and
  // the contact's reply (the demo contact answers after a few seconds) releases the text.
  proxy.setMode('pass');
  await expect(page.getByTestId('connectivity')).toHaveText('Online', { timeout: 30_000 });
  await expect(page.getByRole('heading', { name: 'Francisca Araújo Lima' })).toBeVisible({ timeout: 15_000 });
  await expect(template.getByTestId('message-state')).toHaveText(/Enviada|Entregue|Lida/, { timeout: 15_000 });
  await expect(page.getByRole('listitem').filter({ hasText: 'Oi! Pode mandar os detalhes.' })).toBeVisible({ timeout: 20_000 });
  await expect(edited.getByTestId('message-state')).toHaveText(/Enviada|Entregue|Lida/, { timeout: 15_000 });
  await page.screenshot({ path: 'test-results/offline-delivered.png' });

  // The server's own record: one start, one text (the edited one), in that order — nothing twice.
  const sent = (await sentOnServer(desk(), 'Olá Dona Francisca')).map((m) => m.text);
  expect(sent).toEqual(['Olá Dona Francisca, tudo bem? Aqui é Ana, da Helena Demo. Podemos falar sobre o seu atendimento?', 'Corrigida sem internet']);
});
