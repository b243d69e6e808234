/**
 * `npm run web`: the same app in a browser tab, for machines where Electron cannot run. Builds the
 * renderer, opens the core (cache under HELENA_DATA_DIR, default ./.helena-web-data, one folder per
 * server) against HELENA_URL — or, when unset, the bundled sandbox with demo data — and serves both
 * through the web host on 127.0.0.1. The login lives in memory here (no OS keychain outside
 * Electron): the agent logs in again after a restart; the cache and the outbox stay on disk.
 *
 * HELENA_WEB_SETUP=1 starts with no backend and no sandbox, as a fresh install does: the tab opens
 * on "Conectar ao HelenaCRM" and the address typed there is kept in the data folder, as the
 * desktop app keeps it in its user-data folder.
 */
import { join, resolve } from 'node:path';
import { buildRenderer } from './build';
import type { RunningSandbox } from '../sandbox/app';
import { AppConfigError, backendUrlFrom, extraCaFrom, MemorySecretStore, openAppCore, pricesFrom, proxyEnvFrom } from '../src/console';
import { createNetRoute, NetworkWatch, proxyResolver } from '../src/net';
import { adoptLegacyData, LEGACY_CORE_DATA, probeServer, SAVED_SERVER_FILE, serverDataDir, ServerGate, ServerSettings } from '../src/server-setup';
import { startWebHost } from '../electron/web-host/web-host';
import { withUpdateCommands } from '../src/console/update-commands';
import { withNetworkCommands } from '../src/console/network-commands';
import { withWindowCommands } from '../src/console/window-commands';
import { startDemoSandbox } from './demo-backend';
import { dataDirLockedNotice } from '../src/store/data-dir-locked';

/** The exit status when another Helena Desk already runs on the data folder (any other failure: 1). */
const WEB_EXIT_DATA_DIR_LOCKED = 3;

async function main(): Promise<void> {
  let sandbox: RunningSandbox | null = null;
  const setupOnly = process.env.HELENA_WEB_SETUP === '1';
  let envUrl = process.env.HELENA_URL ? backendUrlFrom(process.env.HELENA_URL) : null;
  if (!envUrl && !setupOnly) {
    sandbox = await startDemoSandbox();
    envUrl = sandbox.url;
  }
  const prices = pricesFrom(process.env.HELENA_PRICES);
  // No Chromium here to ask for the OS settings: HELENA_PROXY, else HTTPS_PROXY / NO_PROXY, else direct.
  const resolveProxy = proxyResolver({
    env: proxyEnvFrom(process.env, true),
    log: { info: (message) => console.log(`Helena Desk: ${message}`), warn: (message) => console.warn(`Helena Desk: ${message}`) },
  });
  const extraCa = extraCaFrom(process.env.HELENA_CA_FILE);
  if (process.env.HELENA_WEB_SKIP_BUILD !== '1') {
    console.log('Helena Desk: preparando a interface…');
    await buildRenderer();
  }
  const dataRoot = resolve(process.env.HELENA_DATA_DIR ?? '.helena-web-data');
  const settings = await ServerSettings.load({
    envUrl,
    savedFile: join(dataRoot, SAVED_SERVER_FILE),
    installerFile: null,
    log: (message) => console.warn(`Helena Desk: ${message}`),
  });
  /** Set when the core found its data folder held by another Helena Desk (store/data-dir-lock.ts). */
  let lockedOut: string | null = null;
  const gate = new ServerGate({
    settings,
    log: {
      warn: (message) => console.warn(`Helena Desk: ${message}`),
      // A folder held by another copy gets its own notice below, once: not this line too.
      error: (message) => {
        if (!lockedOut) console.error(`Helena Desk: ${message}`);
      },
    },
    openCore: async (server) => {
      const dataDir = serverDataDir(dataRoot, server.url);
      // The cache of an older npm run web sat in the data folder itself, from HELENA_URL's server (or the sandbox's).
      if (server.source === 'env' && (await adoptLegacyData(dataRoot, dataDir, LEGACY_CORE_DATA))) console.log(`Helena Desk: cache anterior movido para ${dataDir}`);
      const proxyUrl = (await resolveProxy(server.url)).url;
      try {
        return await openAppCore({ dataDir, baseUrl: server.url, secrets: new MemorySecretStore(), prices, ...(proxyUrl ? { proxyUrl } : {}), ...(extraCa ? { extraCa } : {}) });
      } catch (error) {
        lockedOut = dataDirLockedNotice(error, dataDir);
        throw error;
      }
    },
    probe: async (url) => probeServer(url, { route: createNetRoute({ proxyUrl: (await resolveProxy(url)).url, extraCa }) }),
  });
  await gate.start();
  if (settings.current() && !(await gate.core())) {
    // The gate said why (a cache from a newer Helena Desk, say); a tab stuck on "Abrindo…" would not.
    // Another Helena Desk on this folder gets its own words: nothing is broken, one copy is enough.
    if (lockedOut) console.error(`\n${lockedOut}`);
    await sandbox?.close();
    process.exit(lockedOut ? WEB_EXIT_DATA_DIR_LOCKED : 1);
  }
  // No power monitor outside Electron: other interfaces, a sleep seen by the clocks and the tab's
  // 'online' say the network may have changed, and the core checks its connection (network-watch.ts).
  const network = new NetworkWatch({
    onCheck: async (check) => {
      const server = settings.current();
      const core = await gate.core();
      if (!server || !core) return;
      const proxy = await resolveProxy(server.url);
      await core.networkChanged({ proxyUrl: proxy.url, aliveWithinMs: check.sinceFirstMs() });
    },
    log: (message) => console.log(`Helena Desk: ${message}`),
    onError: (error) => console.warn(`Helena Desk: a verificação da conexão falhou: ${error instanceof Error ? error.message : String(error)}`),
  });
  const host = await startWebHost({
    // A browser tab never updates itself: no update is ever ready, and the restart is refused in words.
    // Nor does it keep a login on disk to ask a keyring about, or reload the tab (the tab does).
    core: withWindowCommands(withNetworkCommands(withUpdateCommands(gate, null), () => network.notify('online')), null),
    staticDir: resolve('dist/renderer'),
    port: Number(process.env.HELENA_WEB_PORT ?? 0),
  });
  console.log(`\nHelena Desk no navegador: ${host.url}\n(Abra este endereço; ele contém a chave desta sessão. Ctrl+C encerra.)`);

  let closing = false;
  const stop = (signal: string) => {
    if (closing) return;
    closing = true;
    console.log(`\n${signal}: encerrando o Helena Desk…`);
    network.stop();
    // The outbox and cache close cleanly before the backend goes away.
    host
      .close()
      .then(() => gate.close())
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
