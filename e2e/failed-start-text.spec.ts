/**
 * A start WhatsApp refused (the sandbox fails numbers ending 0000): a text typed into that
 * conversation is refused at once, saying what happened and what to do, and stays in the box —
 * not queued for a reply that will never come.
 */
import { expect, test } from '@playwright/test';
import { deskForFile, signIn, startWithNewNumber } from './desk';

const desk = deskForFile();

test('a text after a failed start is refused at once, with what to do, and stays in the box', async ({ page }) => {
  await signIn(page, desk());
  await startWithNewNumber(page, '(21) 97777-0000');
  await expect(page.getByRole('heading', { name: '(21) 97777-0000' })).toBeVisible({ timeout: 15_000 });
  await expect(page.getByTestId('window-state')).toHaveText('Não iniciado: Número não possui WhatsApp', { timeout: 15_000 });

  const box = page.getByLabel('Mensagem', { exact: true });
  await box.focus();
  await page.keyboard.type('Oi, conseguiu ver o boleto?');
  await page.keyboard.press('Enter');
  await expect(page.locator('p.error[role=alert]')).toHaveText(
    'Mensagem não enviada: o início deste atendimento falhou (Número não possui WhatsApp) e o contato não recebeu nada, então ela esperaria por uma resposta que não virá. Confira o número do contato e, para tentar de novo, volte aos atendimentos (Esc) e inicie outro (+).',
  );
  await expect(box).toHaveValue('Oi, conseguiu ver o boleto?');
  await expect(page.getByRole('listitem').filter({ hasText: 'Oi, conseguiu ver o boleto?' })).toHaveCount(0);
  await page.screenshot({ path: 'test-results/failed-start-text-refused.png' });
});
