/**
 * "Atendimentos anteriores", end to end: in a new conversation with João da Silva, who talked with
 * Suporte last week (sandbox/seed/history-demo.ts), Alt+H lists his earlier conversations; Enter
 * opens the chosen one read-only in the same screen, under a banner, with its messages and its
 * internal note; Esc brings back the conversation on screen, with what was typed in the box.
 */
import { expect, test } from '@playwright/test';
import { HISTORY_SESSION_IDS } from '../sandbox/seed/history-demo';
import { deskForFile, signIn, startWith } from './desk';

const desk = deskForFile({ historyDemo: true });

test('Alt+H lists the contact’s earlier conversations; Enter opens one read-only with its messages and note; Esc comes back', async ({ page }) => {
  await signIn(page, desk());
  await startWith(page, 'joao da silva', 'João da Silva');
  await expect(page.getByRole('heading', { name: 'João da Silva' })).toBeVisible({ timeout: 15_000 });
  const box = page.getByLabel('Mensagem', { exact: true });
  await expect(box).toBeFocused();
  await page.keyboard.type('Sobre o estorno do chamado');

  await page.keyboard.press('Alt+h');
  const dialog = page.getByRole('dialog', { name: 'Atendimentos anteriores' });
  const options = dialog.getByRole('listbox', { name: 'Atendimentos anteriores' }).getByRole('option');
  // HelenaCRM answered (no "may be incomplete" note): Suporte's last week, Ana's own sale; not Financeiro's (not her team).
  await expect(dialog.getByTestId('history-note')).toBeHidden({ timeout: 15_000 });
  await expect(options).toHaveCount(2);
  await expect(options.first()).toHaveAttribute('aria-selected', 'true');
  await expect(options.first()).toContainText('Suporte · João Pedro Araújo · Helena Demo · WhatsApp Oficial');
  await expect(options.first()).toContainText('Combinado, obrigado!');
  await expect(options.nth(1)).toContainText('Vendas · Ana Lúcia Souza');
  await page.keyboard.press('ArrowDown');
  await expect(options.nth(1)).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('ArrowUp');
  await page.screenshot({ path: 'test-results/history-list.png' });

  await page.keyboard.press('Enter');
  await expect(dialog).toBeHidden();
  const endedAt = desk()
    .sandbox.ctx.db.prepare<[string], { end_at: string }>('SELECT end_at FROM sessions WHERE id = ?')
    .get(HISTORY_SESSION_IDS[0] ?? '')?.end_at;
  const day = new Intl.DateTimeFormat('pt-BR', { day: '2-digit', month: '2-digit' }).format(new Date(endedAt ?? ''));
  const banner = page.getByTestId('past-banner');
  await expect(banner).toHaveText(`Atendimento concluído em ${day} por João Pedro Araújo — somente leitura`);
  await expect(page.getByRole('listitem').filter({ hasText: 'a cobrança veio em dobro no cartão' })).toBeVisible({ timeout: 15_000 });
  await expect(page.getByRole('listitem').filter({ hasText: 'Assim que o Financeiro confirmar, eu te aviso por aqui.' })).toBeVisible();
  await expect(page.getByTestId('note-heading')).toContainText('Nota interna · João Pedro Araújo');
  // Read-only: no box, no actions on it.
  await expect(box).toBeHidden();
  await expect(page.getByRole('button', { name: 'Enviar modelo (Alt+M)' })).toBeHidden();
  await page.screenshot({ path: 'test-results/history.png' });

  await page.keyboard.press('Escape');
  await expect(banner).toBeHidden();
  await expect(box).toBeFocused();
  await expect(box).toHaveValue('Sobre o estorno do chamado');
  await expect(page.getByRole('listitem').filter({ hasText: 'Olá João, tudo bem?' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Anteriores (Alt+H)' })).toBeVisible();
  await page.screenshot({ path: 'test-results/history-back.png' });

  // F1 lists the shortcut.
  await page.keyboard.press('F1');
  await expect(page.getByRole('dialog', { name: 'Atalhos de teclado' })).toContainText('Alt+H');
});
