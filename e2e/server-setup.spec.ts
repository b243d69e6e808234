/**
 * A fresh install, end to end in Chromium through the web host: no HELENA_URL, no saved address, no
 * sandbox started for the agent — the tab opens on "Conectar ao HelenaCRM", as the packaged app's
 * window does. Keyboard only, the agent types addresses that are refused (each says why), then the
 * sandbox's, signs in; later, logged out, changes to another server, which gets its own data.
 */
import { expect, test, type Page } from '@playwright/test';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startWebHost, type RunningWebHost } from '../electron/web-host/web-host';
import { createSandbox, type RunningSandbox } from '../sandbox/app';
import { readLoginCode } from '../sandbox/testing';
import { MemorySecretStore, openAppCore, type HelenaConsole } from '../src/console';
import { SAVED_SERVER_FILE, serverDataDir, ServerGate, ServerSettings } from '../src/server-setup';
import { ANA, axeViolations } from './desk';

let sandbox: RunningSandbox;
let otherSandbox: RunningSandbox;
let website: Server;
let websiteUrl: string;
let slowSite: Server;
let slowSiteUrl: string;
let closedUrl: string;
let dataRoot: string;
let gate: ServerGate<HelenaConsole>;
let host: RunningWebHost;

async function freePortUrl(): Promise<string> {
  const probe = createServer();
  await new Promise<void>((done) => probe.listen(0, '127.0.0.1', done));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((done) => probe.close(() => done()));
  return `http://127.0.0.1:${port}`;
}

test.beforeAll(async () => {
  sandbox = await createSandbox({ port: 0, dataDir: null, control: true, verbose: false });
  otherSandbox = await createSandbox({ port: 0, dataDir: null, control: true, verbose: false });
  // Answers every request, but as a web site, not as HelenaCRM.
  website = createServer((_request, response) => response.writeHead(200, { 'Content-Type': 'text/html' }).end('<h1>Intranet</h1>'));
  await new Promise<void>((done) => website.listen(0, '127.0.0.1', done));
  websiteUrl = `http://127.0.0.1:${(website.address() as AddressInfo).port}`;
  // Takes its time, so the check's progress is there to see.
  slowSite = createServer((_request, response) => setTimeout(() => response.writeHead(404).end(), 1_500));
  await new Promise<void>((done) => slowSite.listen(0, '127.0.0.1', done));
  slowSiteUrl = `http://127.0.0.1:${(slowSite.address() as AddressInfo).port}`;
  closedUrl = await freePortUrl();

  dataRoot = mkdtempSync(join(tmpdir(), 'helena-e2e-setup-'));
  const settings = await ServerSettings.load({ envUrl: null, savedFile: join(dataRoot, SAVED_SERVER_FILE), installerFile: null, log: () => {} });
  gate = new ServerGate({
    settings,
    openCore: (server) => openAppCore({ dataDir: serverDataDir(dataRoot, server.url), baseUrl: server.url, secrets: new MemorySecretStore() }),
  });
  await gate.start();
  host = await startWebHost({ core: gate, staticDir: resolve('dist/renderer') });
});

test.afterAll(async () => {
  await host?.close();
  await gate?.close();
  for (const server of [website, slowSite]) {
    server?.closeAllConnections();
    server?.close();
  }
  await sandbox?.close();
  await otherSandbox?.close();
  rmSync(dataRoot, { recursive: true, force: true });
});

async function typeAddress(page: Page, address: string): Promise<void> {
  const field = page.getByLabel('Endereço do servidor');
  await expect(field).toBeFocused();
  await page.keyboard.press('Control+A');
  await page.keyboard.type(address);
  await page.keyboard.press('Enter');
}

test('a fresh install asks for the server; wrong addresses say why; the sandbox’s leads to the login, keyboard only', async ({ page }) => {
  await page.goto(host.url);
  await expect(page.getByRole('heading', { name: 'Conectar ao HelenaCRM' })).toBeVisible();
  await expect(page.getByLabel('Endereço do servidor')).toBeFocused();
  await expect(page.getByText('Exemplo: https://api.helena.run')).toBeVisible();
  await page.screenshot({ path: 'test-results/server-setup.png' });
  expect(await axeViolations(page, 'setup')).toEqual([]);

  // Esc has nowhere to go before a server is chosen, and loses nothing.
  await page.keyboard.type('api.helena');
  await page.keyboard.press('Escape');
  await expect(page.getByRole('heading', { name: 'Conectar ao HelenaCRM' })).toBeVisible();
  await expect(page.getByLabel('Endereço do servidor')).toHaveValue('api.helena');

  await typeAddress(page, 'http://192.168.0.10:4010');
  await expect(page.getByRole('alert')).toContainText('O endereço precisa começar com https://: seu login e suas conversas passam por esse servidor');

  await typeAddress(page, websiteUrl);
  const siteHost = websiteUrl.replace('http://', '');
  await expect(page.getByRole('alert')).toHaveText(
    `${siteHost} respondeu, mas não é um servidor do HelenaCRM. Confira o endereço com o suporte: é o endereço do servidor (como https://api.helena.run), não o de um site.`,
  );
  await expect(page.getByLabel('Endereço do servidor')).toBeFocused();
  await page.screenshot({ path: 'test-results/server-setup-error.png' });
  expect(await axeViolations(page, 'setup: refused')).toEqual([]);

  // While the address is checked, the agent sees so; the field keeps the focus.
  await typeAddress(page, slowSiteUrl);
  await expect(page.getByRole('status')).toHaveText(`Verificando ${slowSiteUrl}… Isso pode levar alguns segundos.`);
  await expect(page.getByRole('button', { name: 'Verificando…' })).toBeDisabled();
  await page.screenshot({ path: 'test-results/server-setup-checking.png' });
  await expect(page.getByRole('alert')).toContainText('não é um servidor do HelenaCRM');
  await expect(page.getByRole('status')).toHaveCount(0);

  await typeAddress(page, closedUrl);
  await expect(page.getByRole('alert')).toContainText(`${closedUrl.replace('http://', '')} não respondeu. Confira a conexão deste computador com a internet`);

  // Nothing refused was kept.
  expect(() => readFileSync(join(dataRoot, SAVED_SERVER_FILE))).toThrow();

  await typeAddress(page, sandbox.url);
  await expect(page.getByRole('heading', { name: 'Entrar no Helena Desk' })).toBeVisible();
  await expect(page.getByLabel('E-mail ou telefone')).toBeFocused();
  await expect(page.getByText(`Servidor: ${sandbox.url.replace('http://', '')} · Alterar`)).toBeVisible();
  expect(JSON.parse(readFileSync(join(dataRoot, SAVED_SERVER_FILE), 'utf8'))).toEqual({ version: 1, url: sandbox.url });

  await page.keyboard.type(ANA);
  await page.keyboard.press('Enter');
  await expect(page.getByLabel('Código de acesso')).toBeFocused();
  await page.keyboard.type(await readLoginCode(sandbox, ANA));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Atendimentos' })).toBeVisible();
  await expect(page.getByTestId('connectivity')).toHaveText('Online', { timeout: 15_000 });

  // A reload goes straight to the desk: the server is known now.
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Atendimentos' })).toBeVisible();
  await page.getByRole('button', { name: 'Sair' }).click();
  await expect(page.getByRole('heading', { name: 'Entrar no Helena Desk' })).toBeVisible();
});

test('logged out, "Alterar" goes back to the setup screen; Esc returns unchanged; another server gets a data folder of its own', async ({ page }) => {
  await page.goto(host.url);
  await expect(page.getByRole('heading', { name: 'Entrar no Helena Desk' })).toBeVisible();
  await expect(page.getByLabel('E-mail ou telefone')).toBeFocused();
  // The change is reached with Tab, past the (still disabled) code button.
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Alterar o servidor do HelenaCRM' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Conectar ao HelenaCRM' })).toBeVisible();
  await expect(page.getByLabel('Endereço do servidor')).toBeFocused();
  await expect(page.getByLabel('Endereço do servidor')).toHaveValue(sandbox.url);
  await page.screenshot({ path: 'test-results/server-setup-change.png' });
  await page.keyboard.press('Escape');
  await expect(page.getByRole('heading', { name: 'Entrar no Helena Desk' })).toBeVisible();
  await page.screenshot({ path: 'test-results/login-server-line.png' });

  // In English too, the refusals say what to do.
  await page.getByLabel('Idioma').selectOption('en');
  await page.getByRole('button', { name: 'Change the HelenaCRM server' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Connect to HelenaCRM' })).toBeVisible();
  await page.getByLabel('Server address').focus();
  await page.keyboard.press('Control+A');
  await page.keyboard.type('http://192.168.0.10:4010');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('alert')).toContainText('The address must start with https://: your login and your conversations go through this server');
  await page.screenshot({ path: 'test-results/server-setup-en.png' });
  await page.getByLabel('Language').selectOption('pt-BR');

  await page.getByLabel('Endereço do servidor').focus();
  await typeAddress(page, otherSandbox.url);
  await expect(page.getByRole('heading', { name: 'Entrar no Helena Desk' })).toBeVisible();
  await expect(page.getByText(`Servidor: ${otherSandbox.url.replace('http://', '')} · Alterar`)).toBeVisible();
  // Each server's cache in its own folder: the first one's stays as it was, apart.
  const first = serverDataDir(dataRoot, sandbox.url);
  const second = serverDataDir(dataRoot, otherSandbox.url);
  expect(first).not.toBe(second);
  expect(readFileSync(join(first, 'helena-desk.db')).length).toBeGreaterThan(0);
  expect(readFileSync(join(second, 'helena-desk.db')).length).toBeGreaterThan(0);
  expect(JSON.parse(readFileSync(join(dataRoot, SAVED_SERVER_FILE), 'utf8'))).toEqual({ version: 1, url: otherSandbox.url });
});
