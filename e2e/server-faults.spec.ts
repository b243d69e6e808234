/**
 * Fault tests, end to end, on HelenaCRM's side (the sandbox's fault controls): the server answers
 * 500 to everything for a while, and the realtime socket is cut while the contact writes. The agent
 * sees what is going on, and nothing is lost or sent twice.
 */
import { expect, test, type Page } from '@playwright/test';
import { api } from '../sandbox/testing';
import { deskForFile, sentOnServer, signIn } from './desk';

// Each test starts with a healthy server and logged out, as an agent opening the app.
const desk = deskForFile({
  receptiveDemo: true,
  afterEachTest: () => faults({ errorRate: 0, latencyMs: 0, dropSockets: false }),
  eachTestLoggedOut: true,
});

async function faults(body: Record<string, unknown>): Promise<void> {
  expect((await api(desk().sandbox).put('/control/v1/faults', body)).status).toBe(200);
}

/** Opens the first conversation of the team queue and takes it (Alt+A): its window is open. */
async function takeFirst(page: Page): Promise<string> {
  const list = page.getByRole('listbox', { name: 'Atendimentos' });
  await expect(list).toBeFocused();
  const name = (await list.getByRole('option').first().locator('.name').textContent()) ?? '';
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name })).toBeVisible();
  await page.keyboard.press('Alt+a');
  await expect(page.getByRole('button', { name: /Concluir atendimento/ })).toBeVisible({ timeout: 10_000 });
  await page.getByLabel('Mensagem', { exact: true }).focus();
  return name;
}

test('while HelenaCRM answers 500, a message says it is being retried, and goes out once when HelenaCRM recovers', async ({ page }) => {
  await signIn(page, desk());
  await takeFirst(page);
  await faults({ errorRate: 1 });
  await page.keyboard.type('Mensagem em dia ruim');
  await page.keyboard.press('Enter');
  const message = page.getByRole('listitem').filter({ hasText: 'Mensagem em dia ruim' });
  await expect(message.getByTestId('message-state')).toContainText('Tentando de novo', { timeout: 15_000 });
  // Reachable but failing: the status bar says so rather than "Online".
  await expect(page.getByTestId('connectivity')).toHaveText('HelenaCRM instável — tentando de novo');
  await page.screenshot({ path: 'test-results/server-faults-retrying.png' });
  await faults({ errorRate: 0 });
  await expect(message.getByTestId('message-state')).toHaveText(/Enviada|Entregue|Lida/, { timeout: 30_000 });
  await expect(page.getByTestId('connectivity')).toHaveText('Online');
  // HelenaCRM's own record: the text once, although it was tried several times.
  const sent = await sentOnServer(desk(), 'Mensagem em dia ruim');
  expect(sent.filter((m) => m.text === 'Mensagem em dia ruim')).toHaveLength(1);
});

test('a reply written while the realtime connection was cut shows up when it comes back', async ({ page }) => {
  await signIn(page, desk());
  const name = await takeFirst(page);
  const phone = (await desk().core.invoke('contacts.search', { query: name })).items[0]?.phoneNumber ?? '';
  await faults({ dropSockets: true });
  await expect(page.getByTestId('connectivity')).not.toHaveText('Online', { timeout: 20_000 });
  const inbound = await api(desk().sandbox).post('/control/v1/inbound', { phone, text: 'Escrevi enquanto vocês estavam fora do ar' });
  expect(inbound.status).toBe(200);
  await faults({ dropSockets: false });
  await expect(page.getByTestId('connectivity')).toHaveText('Online', { timeout: 30_000 });
  await expect(page.getByRole('listitem').filter({ hasText: 'Escrevi enquanto vocês estavam fora do ar' })).toBeVisible({ timeout: 15_000 });
});
