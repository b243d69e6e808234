/**
 * Every screen an agent works in, checked by axe (WCAG 2.1 A and AA rules): the login, the desk,
 * each step of the start flow, a conversation with its dialogs, the shortcuts list. Keyboard-first
 * is this app's promise; names, roles and contrast are what a screen reader and tired eyes need.
 */
import { expect, test } from '@playwright/test';
import { axeViolations as violations, deskForFile, officialChannelAndTeam, signIn, startWith } from './desk';

const desk = deskForFile({ receptiveDemo: true });

test('the screens an agent works in pass axe’s WCAG 2.1 AA checks', async ({ page }) => {
  const found: string[] = [];
  await page.goto(desk().host.url);
  await expect(page.getByRole('heading', { name: 'Entrar no Helena Desk' })).toBeVisible();
  found.push(...(await violations(page, 'login')));

  await signIn(page, desk());
  found.push(...(await violations(page, 'desk')));

  await page.keyboard.press('F1');
  await expect(page.getByRole('dialog', { name: 'Atalhos de teclado' })).toBeVisible();
  found.push(...(await violations(page, 'shortcuts')));
  await page.keyboard.press('Escape');

  await page.keyboard.press('+');
  const start = page.getByRole('dialog', { name: 'Iniciar atendimento' });
  await page.keyboard.type('joao');
  await expect(start.getByRole('option').first()).toBeVisible();
  found.push(...(await violations(page, 'start: contact')));
  await page.keyboard.press('Enter');
  await officialChannelAndTeam(page, start);
  await expect(start.getByRole('heading', { name: 'Selecione o modelo de mensagem' })).toBeVisible();
  found.push(...(await violations(page, 'start: template')));
  await page.keyboard.press('Escape');
  await page.keyboard.press('Escape');
  await page.keyboard.press('Escape');
  await page.keyboard.press('Escape');
  await expect(start).toBeHidden();

  const sent = await startWith(page, 'vinicius romao', 'Vinícius Romão');
  await expect(sent).toBeVisible();
  found.push(...(await violations(page, 'conversation')));
  await page.keyboard.press('Alt+N');
  found.push(...(await violations(page, 'conversation: note')));
  await page.keyboard.press('Escape');
  await page.keyboard.press('Alt+E');
  await expect(page.getByRole('dialog')).toBeVisible();
  found.push(...(await violations(page, 'contact edit')));

  expect(found).toEqual([]);
});
