/**
 * The desk from the keyboard, where it lands after login (the list): → and ← change the filter as
 * F1 says, also onto an empty one (the keyboard stays there: → again leaves it), and Esc out of a
 * quick find that found nothing puts the keyboard back on the desk, so "+" starts a conversation
 * instead of being typed into the search box. Back from a conversation opened by a search, the
 * desk is whole again (the search was the way there), and a name typed on the list is a new
 * search, not the end of the last one ("claudfabio"). With F1's
 * shortcuts open, + does not open the start flow behind them.
 */
import { expect, test } from '@playwright/test';
import { deskForFile, signIn } from './desk';

const desk = deskForFile({ receptiveDemo: true, eachTestLoggedOut: true });

test('← → change the filter from the list, also onto an empty one and back', async ({ page }) => {
  await signIn(page, desk());
  const list = page.getByRole('listbox', { name: 'Atendimentos' });
  const selectedTab = page.getByRole('tab', { selected: true });
  await expect(list).toBeFocused();
  await expect(selectedTab).toHaveText('Todos (3)');

  // "Meus" is empty: the line saying so takes the keyboard, and → goes on from there.
  await page.keyboard.press('ArrowRight');
  await expect(selectedTab).toHaveText('Meus (0)');
  await expect(page.locator('.empty')).toBeFocused();
  await page.keyboard.press('ArrowRight');
  await expect(selectedTab).toHaveText('Fila da equipe (3)');
  await expect(list).toBeFocused();
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  await expect(selectedTab).toHaveText('Todos (3)');
  await expect(list).toBeFocused();
});

test('Esc out of a search that found nothing, then + starts a conversation', async ({ page }) => {
  await signIn(page, desk());
  const list = page.getByRole('listbox', { name: 'Atendimentos' });
  await expect(list).toBeFocused();
  // A search that finds nothing, Esc: the search is cleared and + opens the start flow.
  await page.keyboard.type('zzz');
  await expect(page.getByText('Nenhum atendimento com "zzz" neste filtro. Esc limpa a busca.')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(list).toBeFocused();
  await page.keyboard.press('+');
  await expect(page.getByRole('dialog', { name: 'Iniciar atendimento' })).toBeVisible();
  await expect(page.getByRole('searchbox', { name: 'Buscar nos atendimentos' })).toHaveValue('');
});

test('back from a conversation opened by a search, typing a name searches for it anew', async ({ page }) => {
  await signIn(page, desk());
  const list = page.getByRole('listbox', { name: 'Atendimentos' });
  const find = page.getByRole('searchbox', { name: 'Buscar nos atendimentos' });
  await page.keyboard.type('claud');
  await expect(list.getByRole('option')).toHaveCount(1);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Cláudia Assunção' })).toBeVisible();
  await page.keyboard.press('Escape');
  // The search was the way to Cláudia: the desk is whole again, the keyboard on the list.
  await expect(list).toBeFocused();
  await expect(find).toHaveValue('');
  await expect(list.getByRole('option')).toHaveCount(3);
  await page.keyboard.type('fabio');
  await expect(find).toHaveValue('fabio');
  await expect(list.getByRole('option')).toHaveCount(1);
  await expect(list).toContainText('Fábio Guimarães');
});

test('with F1 open, + does nothing; Esc closes the help and + starts', async ({ page }) => {
  await signIn(page, desk());
  await page.keyboard.press('F1');
  const help = page.getByRole('dialog', { name: 'Atalhos de teclado' });
  await expect(help).toBeVisible();
  await page.keyboard.press('+');
  await page.waitForTimeout(200);
  await expect(page.getByRole('dialog', { name: 'Iniciar atendimento' })).toHaveCount(0);
  await page.keyboard.press('Escape');
  await expect(help).toBeHidden();
  await page.keyboard.press('+');
  await expect(page.getByRole('dialog', { name: 'Iniciar atendimento' })).toBeVisible();
});
