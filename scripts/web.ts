/**
 * `npm run web`: the same app in a browser tab, for machines where Electron cannot run. Builds the
 * renderer, opens the core (cache in HELENA_DATA_DIR, default ./.helena-web-data) against
 * HELENA_URL — or, when unset, the bundled sandbox with demo data — and serves both through the
 * web host on 127.0.0.1. The login lives in memory here (no OS keychain outside Electron): the
 * agent logs in again after a restart; the cache and the outbox stay on disk.
 */
import { resolve } from 'node:path';
import { buildRenderer } from './build';
import type { RunningSandbox } from '../sandbox/app';
import { AppConfigError, backendUrlFrom, MemorySecretStore, openAppCore, pricesFrom } from '../src/console';
import { startWebHost } from '../electron/web-host/web-host';
import { startDemoSandbox } from './demo-backend';

async function main(): Promise<void> {
  let sandbox: RunningSandbox | null = null;
  let backendUrl = process.env.HELENA_URL ?? '';
  if (!backendUrl) {
    sandbox = await startDemoSandbox();
    backendUrl = sandbox.url;
  }
  if (process.env.HELENA_WEB_SKIP_BUILD !== '1') {
    console.log('Helena Desk: preparando a interface…');
    await buildRenderer();
  }
  const core = await openAppCore({
    dataDir: resolve(process.env.HELENA_DATA_DIR ?? '.helena-web-data'),
    baseUrl: backendUrlFrom(backendUrl),
    secrets: new MemorySecretStore(),
    prices: pricesFrom(process.env.HELENA_PRICES),
  });
  const host = await startWebHost({
    core,
    staticDir: resolve('dist/renderer'),
    port: Number(process.env.HELENA_WEB_PORT ?? 0),
  });
  console.log(`\nHelena Desk no navegador: ${host.url}\n(Abra este endereço; ele contém a chave desta sessão. Ctrl+C encerra.)`);

  let closing = false;
  const stop = (signal: string) => {
    if (closing) return;
    closing = true;
    console.log(`\n${signal}: encerrando o Helena Desk…`);
    // The outbox and cache close cleanly before the backend goes away.
    host
      .close()
      .then(() => core.close())
      .then(() => sandbox?.close())
      .then(() => process.exit(0))
      .catch((err: unknown) => {
        console.error('Falha ao encerrar:', err instanceof Error ? err.message : err);
        process.exit(1);
      });
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

main().catch((err: unknown) => {
  if (err instanceof AppConfigError) console.error(`Helena Desk: ${err.message}`);
  else if (err instanceof Error && 'code' in err && err.code === 'EADDRINUSE') {
    console.error('Helena Desk: a porta já está em uso (outro Helena Desk ou sandbox aberto?). Feche-o ou use SANDBOX_PORT=4011 / HELENA_WEB_PORT=…');
  } else console.error('Helena Desk não conseguiu iniciar:', err instanceof Error ? err.message : err);
  process.exit(1);
});
