/**
 * Runs a utilityProcess entry under plain Node for the tests: gives it the `process.parentPort`
 * Electron would (messages arrive as {data}, postMessage answers the parent), over Node's IPC
 * channel, then loads the entry named by the first argument.
 */
import { EventEmitter } from 'node:events';
import { pathToFileURL } from 'node:url';

class NodeParentPort extends EventEmitter {
  postMessage(message: unknown): void {
    process.send?.(message);
  }
}

const port = new NodeParentPort();
process.on('message', (data) => port.emit('message', { data, ports: [] }));
// Electron ends utility processes with the app; here the parent's end of the channel closing does.
process.on('disconnect', () => process.exit(0));
Object.defineProperty(process, 'parentPort', { value: port, configurable: true });

const entry = process.argv[2];
if (!entry) throw new Error('parent-port-shim: which entry to run?');
await import(pathToFileURL(entry).href);
