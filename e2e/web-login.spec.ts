/**
 * The app in a browser tab, end to end: Chromium ↔ web host ↔ the real core ↔ a real sandbox.
 * An agent signs in with a one-time code using only the keyboard, lands on their conversations
 * with the connection shown as online, and can switch the interface to English.
 */
import { expect, test } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startWebHost, type RunningWebHost } from '../electron/web-host/web-host';
import { createSandbox, type RunningSandbox } from '../sandbox/app';
import { MemorySecretStore, openAppCore, type HelenaConsole } from '../src/console';

const ANA = 'ana.souza@demo.helena.com.br';

let sandbox: RunningSandbox;
let core: HelenaConsole;
let host: RunningWebHost;
let dataDir: string;

test.beforeAll(async () => {
  sandbox = await createSandbox({ port: 0, dataDir: null, control: true, verbose: false });
  dataDir = mkdtempSync(join(tmpdir(), 'helena-e2e-'));
  core = await openAppCore({ dataDir, baseUrl: sandbox.url, secrets: new MemorySecretStore() });
  host = await startWebHost({ core, staticDir: resolve('dist/renderer') });
});

test.afterAll(async () => {
  await host.close();
  await core.close();
  await sandbox.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function latestCode(login: string): Promise<string> {
  const response = await fetch(`${sandbox.url}/control/v1/login-code?login=${encodeURIComponent(login)}`);
  expect(response.ok).toBe(true);
  return ((await response.json()) as { code: string }).code;
}

test('an agent signs in with a one-time code, keyboard only, and sees their desk', async ({ page }) => {
  await page.goto(host.url);
  await expect(page.getByRole('heading', { name: 'Entrar no Helena Desk' })).toBeVisible();
  // The key leaves the address bar once read.
  expect(new URL(page.url()).hash).toBe('');

  await expect(page.getByLabel('E-mail ou telefone')).toBeFocused();
  await page.keyboard.type(ANA);
  await page.keyboard.press('Enter');
  await expect(page.getByText(`Enviamos um código de 6 dígitos para o e-mail ${ANA}.`)).toBeVisible();
  await expect(page.getByLabel('Código de acesso')).toBeFocused();

  // A wrong code is refused in the agent's language, and the field stays ready for another try.
  const code = await latestCode(ANA);
  const wrong = code === '000000' ? '111111' : '000000';
  await page.keyboard.type(wrong);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('alert')).toContainText('Código incorreto');

  await page.getByLabel('Código de acesso').fill('');
  await page.keyboard.type(await latestCode(ANA));
  await page.keyboard.press('Enter');

  await expect(page.getByRole('heading', { name: 'Atendimentos' })).toBeVisible();
  await expect(page.getByText('Ana Lúcia Souza')).toBeVisible();
  await expect(page.getByTestId('connectivity')).toHaveText('Online', { timeout: 15_000 });
  await expect(page.getByText('Pressione + para iniciar um atendimento')).toBeVisible();
  await page.screenshot({ path: 'test-results/desk-pt-BR.png', fullPage: true });

  // A reload keeps the session (the key moved to sessionStorage; the login lives in the core).
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Atendimentos' })).toBeVisible();

  await page.getByLabel('Idioma').selectOption('en');
  await expect(page.getByRole('heading', { name: 'Conversations' })).toBeVisible();
  await expect(page.getByText('Press + to start a conversation')).toBeVisible();
  await page.getByLabel('Language').selectOption('pt-BR');

  await page.getByRole('button', { name: 'Sair' }).click();
  await expect(page.getByRole('heading', { name: 'Entrar no Helena Desk' })).toBeVisible();
});

test('a page opened without the session key says where to find it', async ({ page }) => {
  await page.goto(host.origin + '/');
  await expect(page.getByRole('alert')).toContainText('endereço mostrado no terminal');
});
