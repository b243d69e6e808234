/**
 * Entry of the core's own process (an Electron utilityProcess, forked by main.ts): SQLite, sync
 * and the outbox run here, so a long write or a migration never holds the main process, which
 * routes the window's input, the tray and IPC. Bundled by scripts/build.ts into
 * dist/electron/core-process.cjs. It speaks src/host/core-protocol.ts over process.parentPort.
 */
import { openAppCore } from '../src/console/app-core';
import { serveCore } from '../src/host/core-server';

const port = process.parentPort;
if (!port) {
  console.error('core-process: sem process.parentPort; este arquivo roda como utilityProcess do Helena Desk');
  process.exit(2);
}

serveCore(port, {
  open: (options, secrets) => openAppCore({ ...options, secrets }),
  exit: (code) => process.exit(code),
});
