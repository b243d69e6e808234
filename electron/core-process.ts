/**
 * Entry of the core's own process (an Electron utilityProcess, forked by main.ts): SQLite, sync
 * and the outbox run here, so a long write or a migration never holds the main process, which
 * routes the window's input, the tray and IPC. Bundled by scripts/build.ts into
 * dist/electron/core-process.cjs. It speaks src/host/core-protocol.ts over process.parentPort.
 */
import { format } from 'node:util';
import { openAppCore } from '../src/console/app-core';
import { serveCore } from '../src/host/core-server';

const port = process.parentPort;
if (!port) {
  console.error('core-process: sem process.parentPort; este arquivo roda como utilityProcess do Helena Desk');
  process.exit(2);
}

const log = serveCore(port, {
  open: (options, secrets, onUpgrading) => openAppCore({ ...options, secrets, onUpgrading }),
  exit: (code) => process.exit(code),
});

// What the core writes to the console (the outbox's internal errors, a library's warning) goes to
// the shell's log file, which also echoes it to stderr: printed here as well, `npm start` would
// show it twice. Only plain values and errors (by their stack) are spelled out, never an object's
// fields: an error's own fields may hold a server's answer.
const spelled = (arg: unknown): unknown => {
  if (arg instanceof Error) return arg.stack ?? `${arg.name}: ${arg.message}`;
  return arg !== null && typeof arg === 'object' ? '[objeto]' : arg;
};
const line = (args: unknown[]): string => format(...args.map(spelled));
console.error = (...args: unknown[]) => log('error', line(args));
console.warn = (...args: unknown[]) => log('warn', line(args));
console.info = (...args: unknown[]) => log('info', line(args));
console.log = console.info;

// A core that throws where nothing catches is ended (CoreLink restarts it), but first the shell's
// log gets the stack: its exit code alone tells support nothing. The pause lets the line cross.
process.on('uncaughtException', (error: unknown) => {
  log('error', `erro não tratado no núcleo: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  setTimeout(() => process.exit(1), 100);
});
