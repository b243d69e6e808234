/**
 * `npm start`: runs Helena Desk. With no backend configured (HELENA_URL unset) it first starts the
 * bundled sandbox HelenaCRM server with demo data (data in ./.sandbox-data), so the app is usable at once.
 * Then: build (main, preload, renderer), make sure Electron's binary and the Electron build of
 * better-sqlite3 exist (downloads on the first run), and run Electron until it exits.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { RunningSandbox } from '../sandbox/app';
import { startDemoSandbox } from './demo-backend';
import { buildAll } from './build';
import { ensureElectronNative } from './electron-native';

const require = createRequire(import.meta.url);
const NO_ELECTRON_HINT = 'Sem o Electron, use o mesmo aplicativo numa aba do navegador: npm run web';

let sandbox: RunningSandbox | null = null;
let electron: ChildProcess | null = null;
let exiting = false;
let forwarded = false;

async function finish(code: number): Promise<never> {
  exiting = true;
  try {
    await sandbox?.close();
  } catch (error) {
    console.error('Helena Desk: o sandbox não fechou corretamente:', error instanceof Error ? error.message : error);
  }
  process.exit(code);
}

/** Electron's binary, downloaded by its own installer when missing; null (with a pt-BR message) when that fails. */
async function electronBinary(): Promise<string | null> {
  let installer: string;
  try {
    installer = path.join(path.dirname(require.resolve('electron/package.json')), 'install.js');
  } catch {
    console.error(`Helena Desk: o pacote electron não está instalado. Rode npm install. ${NO_ELECTRON_HINT}`);
    return null;
  }
  // install.js exits at once when the binary is there; otherwise it downloads it (~100 MB, first run only).
  const result = await new Promise<{ code: number | null; output: string }>((resolve) => {
    const child = spawn(process.execPath, [installer], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const keep = (chunk: Buffer): void => {
      output = (output + chunk.toString('utf8')).slice(-4_000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const notice = setTimeout(() => console.log('Helena Desk: baixando o Electron (só na primeira vez)…'), 1_500);
    child.on('error', (error) => resolve({ code: null, output: error.message }));
    child.on('close', (code) => {
      clearTimeout(notice);
      resolve({ code, output });
    });
  });
  if (result.code !== 0) {
    const reason = result.output.split('\n').find((line) => /error|ENOTFOUND|EAI_AGAIN|ECONN|ETIMEDOUT|checksum/i.test(line))?.trim() ?? `saída ${result.code}`;
    console.error(`Helena Desk: não foi possível baixar o Electron (${reason.slice(0, 200)}).\nVerifique a conexão com a internet e rode npm start de novo. ${NO_ELECTRON_HINT}`);
    return null;
  }
  try {
    return require('electron') as string;
  } catch (error) {
    console.error(`Helena Desk: o Electron não pôde ser localizado (${error instanceof Error ? error.message : String(error)}). ${NO_ELECTRON_HINT}`);
    return null;
  }
}

function onSignal(signal: NodeJS.Signals): void {
  if (electron && electron.exitCode === null && electron.signalCode === null) {
    // Electron closes the core and quits; its exit then closes the sandbox (see main()). Once:
    // npm and tsx relay the terminal's Ctrl-C too, and a repeated signal would cut Electron's shutdown short.
    if (!forwarded && process.platform !== 'win32') electron.kill(signal);
    forwarded = true;
    return;
  }
  if (!exiting) void finish(130);
}

async function main(): Promise<void> {
  let backendUrl = process.env.HELENA_URL ?? '';
  if (!backendUrl) {
    // No signal handlers of its own: on Ctrl-C Electron finishes first, then the sandbox closes (finish()).
    sandbox = await startDemoSandbox();
    backendUrl = sandbox.url;
  }
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  await buildAll();

  const binary = await electronBinary();
  if (!binary) return finish(1);

  const native = await ensureElectronNative();
  if (!native.ok) {
    console.error(native.message);
    return finish(1);
  }

  const env: NodeJS.ProcessEnv = { ...process.env, HELENA_URL: backendUrl };
  delete env.ELECTRON_RUN_AS_NODE;
  console.log(`Helena Desk: abrindo a janela (backend ${backendUrl}).`);
  // Own process group on POSIX: Ctrl-C reaches Electron once, forwarded by onSignal, not twice (a second SIGINT kills it mid-shutdown).
  electron = spawn(binary, [path.join('dist', 'electron', 'main.cjs')], { stdio: 'inherit', env, detached: process.platform !== 'win32' });
  electron.on('error', (error) => {
    console.error(`Helena Desk: o Electron não abriu (${error.message}). ${NO_ELECTRON_HINT}`);
    void finish(1);
  });
  electron.on('exit', (code, signal) => {
    if (signal) console.error(`Helena Desk: o Electron terminou pelo sinal ${signal}.`);
    void finish(code ?? 1);
  });
}

main().catch((err: unknown) => {
  if (err instanceof Error && 'code' in err && err.code === 'EADDRINUSE') {
    console.error(`Helena Desk: a porta ${process.env.SANDBOX_PORT ?? '4010'} já está em uso (outro sandbox aberto?). Feche-o ou defina outra porta: SANDBOX_PORT=4011 npm start`);
    process.exit(1);
  }
  console.error('Helena Desk não conseguiu iniciar:', err instanceof Error ? err.message : err);
  void finish(1);
});
