/**
 * Fault test, end to end: the agent closes Helena Desk while offline, with a conversation started
 * and a message queued behind it. Reopened, still offline, the desk lists the start and its queue;
 * when the network returns each goes out once, in order.
 */
import { expect, test } from '@playwright/test';
import { arrowTo, deskForFile, sentOnServer, signIn, startWith } from './desk';

const desk = deskForFile({ proxy: true });

test('work queued offline survives closing the app; reopened, it is listed and goes out once when the network returns', async ({ page }) => {
  await signIn(page, desk());
  const proxy = desk().proxy;
  proxy.setMode('down');
  await expect(page.getByTestId('connectivity')).not.toHaveText('Online', { timeout: 20_000 });

  const template = await startWith(page, 'vinicius', 'Vinícius Romão');
  await expect(template.getByTestId('message-state')).toHaveText('Na fila (sem conexão)');
  await page.keyboard.type('Escrita antes de fechar');
  await page.keyboard.press('Enter');
  const text = page.getByRole('listitem').filter({ hasText: 'Escrita antes de fechar' });
  await expect(text.getByTestId('message-state')).toHaveText('Aguardando resposta do contato');

  // The app is closed and opened again (a new address), still without network.
  await desk().restart();
  await page.goto(desk().host.url);
  await expect(page.getByRole('heading', { name: 'Atendimentos' })).toBeVisible();
  await expect(page.getByTestId('connectivity')).not.toHaveText('Online');
  await expect(page.getByRole('status').filter({ hasText: 'na fila' })).toContainText('2 mensagens na fila');
  const list = page.getByRole('listbox', { name: 'Atendimentos' });
  await expect(list.getByRole('option').filter({ hasText: 'Vinícius Romão' })).toContainText('Na fila: o atendimento começa');
  // Signing out now would leave them waiting for this agent's next login: the desk asks first.
  const signOut = page.getByRole('button', { name: 'Sair' });
  await signOut.focus();
  await page.keyboard.press('Enter');
  const confirm = page.getByRole('dialog', { name: 'Sair com mensagens na fila?' });
  await expect(confirm).toContainText('2 mensagens suas estão na fila');
  await page.keyboard.press('Escape');
  await expect(confirm).toBeHidden();
  await expect(signOut).toBeFocused();
  await list.focus();
  await arrowTo(page, list, 'Vinícius Romão');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Vinícius Romão' })).toBeVisible();
  await expect(template.getByTestId('message-state')).toHaveText('Na fila (sem conexão)');
  await expect(text.getByTestId('message-state')).toHaveText('Aguardando resposta do contato');
  await page.screenshot({ path: 'test-results/restart-offline.png' });

  // The network returns: the start goes, and the text is handed to HelenaCRM to wait for the reply.
  proxy.setMode('pass');
  await expect(page.getByTestId('connectivity')).toHaveText('Online', { timeout: 30_000 });
  await expect(template.getByTestId('message-state')).toHaveText(/Enviada|Entregue|Lida/, { timeout: 15_000 });
  await expect.poll(async () => (await sentOnServer(desk(), 'Olá Vinícius')).map((m) => m.text), { timeout: 15_000 }).toEqual([
    'Olá Vinícius, tudo bem? Aqui é Ana, da Helena Demo. Podemos falar sobre o seu atendimento?',
    'Escrita antes de fechar',
  ]);
  expect((await sentOnServer(desk(), 'Olá Vinícius')).map((m) => m.status)[1]).toBe('WAIT_REPLY');
});
