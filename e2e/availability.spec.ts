/**
 * The agent goes on a break and comes back from the keyboard: Alt+D on the desk turns the status
 * bar's badge to "Em pausa" (HelenaCRM has it), Alt+D again to "Disponível".
 */
import { expect, test } from '@playwright/test';
import { AgentList } from '../src/api/helena-dto';
import { api, loginAs } from '../sandbox/testing';
import { ANA, deskForFile, signIn, type Desk } from './desk';

const desk = deskForFile();

/** Ana's availability as HelenaCRM has it. */
async function onServer(d: Desk): Promise<string | undefined> {
  const { token, agent } = await loginAs(d.sandbox, ANA);
  const agents = AgentList.parse((await api(d.sandbox, token).get('/core/v1/agent')).body);
  return agents.find((a) => a.id === agent.id)?.availability;
}

test('Alt+D pauses the agent ("Em pausa", amber) and Alt+D again makes them available ("Disponível")', async ({ page }) => {
  await signIn(page, desk());
  const badge = page.getByTestId('availability');
  await expect(badge).toContainText('Disponível');
  await expect(badge).toHaveAttribute('aria-pressed', 'false');

  await page.keyboard.press('Alt+d');
  await expect(badge).toContainText('Em pausa');
  await expect(badge).toHaveAttribute('aria-pressed', 'true');
  await expect(badge).toHaveAttribute('aria-busy', 'false');
  expect(await onServer(desk())).toBe('UNAVAILABLE');
  await page.screenshot({ path: 'test-results/availability.png' });

  await page.keyboard.press('Alt+d');
  await expect(badge).toContainText('Disponível');
  await expect(badge).toHaveAttribute('aria-pressed', 'false');
  expect(await onServer(desk())).toBe('AVAILABLE');
});
