/**
 * A process that takes a data folder's lock (data-dir-lock.ts) for data-dir-lock.test.ts: prints
 * `locked <pid>` once it holds it (or `refused <code>`) and then holds it until it is killed, as a
 * core does until it closes.
 */
import { lockDataDir } from '../data-dir-lock';

const dir = process.argv[2];
if (!dir) {
  console.error('uso: data-dir-lock-child.ts <pasta>');
  process.exit(2);
}
try {
  lockDataDir(dir);
  console.log(`locked ${process.pid}`);
} catch (error) {
  console.log(`refused ${error instanceof Error && 'code' in error ? String(error.code) : 'unknown'}`);
  process.exit(3);
}
// Held for the life of the process: only a kill ends it.
setInterval(() => undefined, 60_000);
