/**
 * Fault test, end to end: the agent's HelenaCRM session expires in the middle of their work. The
 * app asks them to log in again, in their language, and nothing they had is lost: after the new
 * login they are back in the same conversation with the draft they were typing.
 */
import { expect, test } from '@playwright/test';
import { api } from '../sandbox/testing';
import { ANA, deskForFile, latestCode, signIn, startWith } from './desk';

const desk = deskForFile();

test('an expired session asks for a new login and keeps the open conversation and its draft', async ({ page }) => {
  await signIn(page, desk());
  await startWith(page, 'sebastiao', 'Sebastião Magalhães');
  await expect(page.getByRole('heading', { name: 'Sebastião Magalhães' })).toBeVisible({ timeout: 15_000 });
  await page.keyboard.type('Rascunho que não pode sumir');
  // Drafts are saved as the agent types (a short pause after the last key).
  await expect
    .poll(async () => (await desk().core.invoke('state.snapshot', {})).auth === 'logged_in' && (await draftOf()) === 'Rascunho que não pode sumir')
    .toBe(true);

  // Twelve hours later on HelenaCRM's clock the token is no longer valid.
  await api(desk().sandbox).post('/control/v1/clock/advance', { hours: 13 });
  await expect(page.getByText('Sua sessão no HelenaCRM expirou. Entre novamente; seus dados e mensagens na fila continuam aqui.')).toBeVisible({
    timeout: 20_000,
  });
  await expect(page.getByLabel('E-mail ou telefone')).toBeFocused();
  await page.keyboard.type(ANA);
  await page.keyboard.press('Enter');
  await expect(page.getByLabel('Código de acesso')).toBeFocused();
  await page.keyboard.type(await latestCode(desk(), ANA));
  await page.keyboard.press('Enter');

  await expect(page.getByRole('heading', { name: 'Sebastião Magalhães' })).toBeVisible({ timeout: 15_000 });
  await expect(page.getByLabel('Mensagem', { exact: true })).toHaveValue('Rascunho que não pode sumir');
  await expect(page.getByTestId('connectivity')).toHaveText('Online', { timeout: 15_000 });
});

async function draftOf(): Promise<string | null> {
  const conversations = await desk().core.invoke('conversation.list', {});
  for (const c of conversations) {
    const draft = await desk().core.invoke('draft.load', { conversationKey: c.id });
    if (draft) return draft.text;
  }
  return null;
}
