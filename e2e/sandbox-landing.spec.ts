import { expect, test } from '@playwright/test';
import { createSandbox, type RunningSandbox } from '../sandbox/app';

let sandbox: RunningSandbox;

test.beforeAll(async () => {
  sandbox = await createSandbox({ port: 0, dataDir: null, control: false });
});
test.afterAll(async () => {
  await sandbox.close();
});

test('the sandbox page tells a trainee how to log in, with the demo agents', async ({ page }) => {
  await page.goto(sandbox.url + '/');
  await expect(page.getByRole('heading', { name: 'Sandbox HelenaCRM' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Como entrar' })).toBeVisible();
  const rows = page.locator('tbody tr');
  expect(await rows.count()).toBeGreaterThanOrEqual(3);
  await expect(page.locator('tbody')).toContainText('Atendente restrito');
  await expect(page.locator('#counts')).toContainText('3 equipes');
});
