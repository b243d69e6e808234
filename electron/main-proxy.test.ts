/**
 * main.ts and the proxy, under the stand-in electron module with the real core in its own process
 * (as main.test.ts): Chromium's answer (session.resolveProxy, a PAC result) or HELENA_PROXY picks
 * the proxy, the core's connections and the setup screen's probe go through it — a real CONNECT
 * proxy on 127.0.0.1 in front of the real sandbox — and HELENA_CA_FILE is read once at start.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadMain as loadFreshMain } from './testing/load-main';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEMO_LOGINS, startTestSandbox, type RunningSandbox } from '../sandbox/testing';
import { BRIDGE_CHANNELS } from '../src/console/bridge-contract';
import { startConnectProxy, type ConnectProxy } from '../src/net/testing/connect-proxy';

type Stub = typeof import('./testing/electron-stub');

let userData: string;
let sandbox: RunningSandbox;
let listeners: Map<string, number>;
const WATCHED = ['SIGINT', 'SIGTERM', 'uncaughtException', 'unhandledRejection'] as const;

const loadMain = (arrange?: (electron: Stub) => void): Promise<Stub> => loadFreshMain(userData, arrange);

async function windowOf(electron: Stub) {
  electron.app.makeReady();
  await vi.waitFor(() => expect(electron.BrowserWindow.instances).toHaveLength(1), { timeout: 10_000 });
  const win = electron.BrowserWindow.instances[0]!;
  return (command: string, input: unknown = {}) => electron.ipcMain.invokeFrom(win.webContents, win.webContents.mainFrame, BRIDGE_CHANNELS.invoke, command, input);
}

async function quit(electron: Stub): Promise<void> {
  electron.app.quit();
  await vi.waitFor(() => expect(electron.stub.quitsCompleted).toBe(1), { timeout: 10_000 });
}

/** What the shell logged (stderr, the console.error spy), one string per line. */
const logged = (): string[] => vi.mocked(console.error).mock.calls.map((call) => call.map(String).join(' '));

beforeAll(async () => {
  sandbox = await startTestSandbox();
});
afterAll(async () => {
  await sandbox.close();
});
beforeEach(() => {
  userData = mkdtempSync(path.join(tmpdir(), 'helena-main-proxy-'));
  vi.stubEnv('HELENA_URL', sandbox.url);
  vi.stubEnv('HELENA_PRICES', '');
  for (const name of ['HELENA_PROXY', 'HELENA_CA_FILE', 'HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'NO_PROXY', 'no_proxy']) vi.stubEnv(name, '');
  vi.spyOn(console, 'error').mockImplementation(() => {});
  listeners = new Map(WATCHED.map((name) => [name, process.listenerCount(name)]));
});
afterEach(() => {
  // main.ts adds signal and crash handlers on import: each test's main leaves its own.
  const emitter: NodeJS.EventEmitter = process;
  for (const name of WATCHED) for (const listener of emitter.listeners(name).slice(listeners.get(name))) emitter.removeListener(name, listener as (...args: unknown[]) => void);
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
  rmSync(userData, { recursive: true, force: true });
});

describe('main process: which proxy', () => {
  let proxy: ConnectProxy;
  afterEach(async () => {
    await proxy.stop();
  });

  it('asks Chromium for the server’s proxy, passes SOCKS over (said once), and the core reaches HelenaCRM through the proxy', async () => {
    proxy = await startConnectProxy();
    const electron = await loadMain((e) => {
      e.session.defaultSession.proxyAnswer = `SOCKS5 127.0.0.1:1; PROXY 127.0.0.1:${proxy.port}; DIRECT`;
    });
    const ask = await windowOf(electron);
    expect(await ask('auth.requestCode', { login: DEMO_LOGINS.agent })).toMatchObject({ ok: true });
    expect(electron.session.defaultSession.proxyQuestions).toEqual([sandbox.url]);
    expect(proxy.connects).toContain(new URL(sandbox.url).host);
    expect(proxy.requests).toContain('POST /auth/v1/login/code HTTP/1.1');
    const lines = logged();
    expect(lines.filter((line) => line.includes('SOCKS5'))).toEqual([expect.stringMatching(/SOCKS5 127\.0\.0\.1:1 do sistema ignorado: o Helena Desk não suporta SOCKS/)]);
    expect(lines).toContainEqual(expect.stringContaining(`conexão com ${new URL(sandbox.url).host}: pelo proxy http://127.0.0.1:${proxy.port}, conforme configuração do sistema`));
    await quit(electron);
  });

  it('HELENA_PROXY wins over the system, with its user and password carried to the core and never logged', async () => {
    proxy = await startConnectProxy({ credentials: { user: 'ti', password: 'segredo-da-ti' } });
    vi.stubEnv('HELENA_PROXY', `http://ti:segredo-da-ti@127.0.0.1:${proxy.port}`);
    const electron = await loadMain((e) => {
      e.session.defaultSession.proxyAnswer = 'DIRECT';
    });
    const ask = await windowOf(electron);
    expect(await ask('auth.requestCode', { login: DEMO_LOGINS.agent })).toMatchObject({ ok: true });
    expect(electron.session.defaultSession.proxyQuestions).toEqual([]);
    expect(proxy.refused).toEqual([]);
    expect(proxy.connects).toContain(new URL(sandbox.url).host);
    expect(logged()).toContainEqual(expect.stringContaining(`pelo proxy http://***@127.0.0.1:${proxy.port}, conforme HELENA_PROXY`));
    await quit(electron);
    expect(logged().join('\n')).not.toContain('segredo-da-ti');
    // Nor in the log file support asks for, the core's lines included.
    const logs = path.join(userData, 'logs');
    const files = existsSync(logs) ? readdirSync(logs).map((name) => readFileSync(path.join(logs, name), 'utf8')) : [];
    expect(files.join('\n')).not.toContain('segredo-da-ti');
    if (files.length > 0) expect(files.join('\n')).toContain(`pelo proxy http://***@127.0.0.1:${proxy.port}`);
  });

  it('the setup screen checks an address through the proxy: a proxy that is down is named, and one that is up lets it through', async () => {
    vi.stubEnv('HELENA_URL', '');
    proxy = await startConnectProxy();
    const port = proxy.port;
    await proxy.stop();
    const electron = await loadMain((e) => {
      e.session.defaultSession.proxyAnswer = `PROXY 127.0.0.1:${port}`;
    });
    const ask = await windowOf(electron);
    expect(await ask('server.save', { address: sandbox.url })).toEqual({
      ok: false,
      error: {
        code: 'server.proxy',
        message: `Não foi possível conectar ao HelenaCRM pelo proxy 127.0.0.1:${port}. Confira a configuração de proxy do computador ou avise a TI.`,
        messageEn: `HelenaCRM could not be reached through the proxy 127.0.0.1:${port}. Check this computer's proxy settings or tell IT.`,
      },
    });
    await proxy.start();
    expect(await ask('server.save', { address: sandbox.url })).toMatchObject({ ok: true, value: { server: { url: sandbox.url, source: 'saved' } } });
    expect(await ask('auth.requestCode', { login: DEMO_LOGINS.agent })).toMatchObject({ ok: true });
    expect(proxy.requests).toEqual(expect.arrayContaining(['GET /auth/v1/me HTTP/1.1', 'POST /auth/v1/login/code HTTP/1.1']));
    await quit(electron);
  });
});

describe('main process: a change of network', () => {
  const started: ConnectProxy[] = [];
  afterEach(async () => {
    for (const proxy of started.splice(0)) await proxy.stop();
  });
  const proxyStarted = async (): Promise<ConnectProxy> => {
    const proxy = await startConnectProxy();
    started.push(proxy);
    return proxy;
  };
  const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it('a wake, an unlock and the window’s "online" together make one check: Chromium is asked again and the core’s next request takes the new proxy', async () => {
    const office = await proxyStarted();
    const home = await proxyStarted();
    let answer = `PROXY 127.0.0.1:${office.port}`;
    const electron = await loadMain((e) => {
      e.session.defaultSession.proxyAnswer = () => answer;
    });
    const ask = await windowOf(electron);
    expect(await ask('auth.requestCode', { login: DEMO_LOGINS.agent })).toMatchObject({ ok: true });
    expect(office.requests).toContain('POST /auth/v1/login/code HTTP/1.1');
    const session = electron.session.defaultSession;
    expect(session.proxyQuestions).toEqual([sandbox.url]);

    // At home: the PAC script (or WPAD) now says DIRECT… here, another proxy, so the test can see the way taken.
    answer = `PROXY 127.0.0.1:${home.port}`;
    electron.powerMonitor.emit('resume');
    electron.powerMonitor.emit('unlock-screen');
    expect(await ask('app.networkOnline', {})).toEqual({ ok: true, value: null });
    // Debounced: nothing asked before the burst settles, then once.
    expect(session.proxyQuestions).toHaveLength(1);
    await vi.waitFor(() => expect(logged()).toContainEqual(expect.stringContaining(`pelo proxy http://127.0.0.1:${home.port}, conforme configuração do sistema`)), { timeout: 5_000 });
    expect(session.proxyQuestions).toEqual([sandbox.url, sandbox.url]);
    expect(session.proxyReloads).toBe(1);
    expect(logged()).toContainEqual(expect.stringMatching(/a rede pode ter mudado \(resume, unlock-screen, online\)/));

    const officeBefore = office.requests.length;
    expect(await ask('auth.requestCode', { login: DEMO_LOGINS.agent })).toMatchObject({ ok: true });
    expect(home.requests).toContain('POST /auth/v1/login/code HTTP/1.1');
    expect(office.requests).toHaveLength(officeBefore);
    await wait(1_500);
    expect(session.proxyQuestions).toHaveLength(2);
    await quit(electron);
  });

  it('suspending holds every check until the wake, which makes one', async () => {
    const office = await proxyStarted();
    const electron = await loadMain((e) => {
      e.session.defaultSession.proxyAnswer = `PROXY 127.0.0.1:${office.port}`;
    });
    const ask = await windowOf(electron);
    expect(await ask('auth.requestCode', { login: DEMO_LOGINS.agent })).toMatchObject({ ok: true });
    const session = electron.session.defaultSession;
    electron.powerMonitor.emit('suspend');
    // The network going down as the lid closes must not start requests the sleep would cut half-way.
    expect(await ask('app.networkOnline', {})).toEqual({ ok: true, value: null });
    electron.powerMonitor.emit('unlock-screen');
    await wait(1_500);
    expect(session.proxyQuestions).toHaveLength(1);
    electron.powerMonitor.emit('resume');
    await vi.waitFor(() => expect(session.proxyQuestions).toHaveLength(2), { timeout: 5_000 });
    await quit(electron);
  });
});

describe('main process: HELENA_CA_FILE and HELENA_PROXY are checked at start', () => {
  it.each([
    ['HELENA_CA_FILE', () => path.join(userData, 'nao-existe.pem'), /HELENA_CA_FILE aponta para .*nao-existe\.pem, que não pôde ser lido \(o arquivo não existe\)/],
    ['HELENA_CA_FILE', () => writeText('empresa.cer', 'não é PEM'), /nenhum certificado no formato PEM/],
    ['HELENA_PROXY', () => 'socks5://proxy.corp:1080', /HELENA_PROXY aponta para um proxy SOCKS/],
  ])('a bad %s: a pt-BR dialog saying what to fix, and no start', async (name, value, message) => {
    vi.stubEnv(name, value());
    const electron = await loadMain();
    electron.app.makeReady();
    await vi.waitFor(() => expect(electron.stub.errorBoxes).toHaveLength(1));
    expect(electron.stub.errorBoxes[0]).toMatchObject({ title: 'Helena Desk: configuração inválida', content: expect.stringMatching(message) as unknown });
    expect(electron.BrowserWindow.instances).toHaveLength(0);
  });
});

function writeText(name: string, text: string): string {
  const file = path.join(userData, name);
  writeFileSync(file, text);
  return file;
}
