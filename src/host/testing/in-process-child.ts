/**
 * A core "process" inside the test's own process: serveCore on one side, a CoreChild on the
 * other, messages structured-cloned and delivered asynchronously as between real processes.
 * crash() ends it the way a dying process does: no answer, then an exit code.
 */
import { EventEmitter } from 'node:events';
import type { CoreChild } from '../core-link';
import { serveCore, type ServeCoreDeps } from '../core-server';

export interface InProcessChild extends CoreChild {
  /** The process dies now: nothing more is delivered either way, then 'exit' fires with `code`. */
  crash(code?: number): void;
  /** The process hangs (a stuck event loop): alive, but nothing is delivered either way until it is killed. */
  freeze(): void;
  /** Messages the shell posted, in order (cloned). */
  readonly received: unknown[];
  readonly alive: boolean;
}

export function inProcessChild(deps: Omit<ServeCoreDeps, 'exit'>): InProcessChild {
  const toShell = new EventEmitter();
  const toCore = new EventEmitter();
  const received: unknown[] = [];
  let alive = true;
  let frozen = false;
  const die = (code: number): void => {
    if (!alive) return;
    alive = false;
    setImmediate(() => toShell.emit('exit', code));
  };
  serveCore(
    {
      on: (_event, listener) => toCore.on('message', listener),
      postMessage: (message) => {
        const copy = structuredClone(message);
        setImmediate(() => {
          if (alive && !frozen) toShell.emit('message', copy);
        });
      },
    },
    { ...deps, exit: (code) => setImmediate(() => die(code)) },
  );
  return {
    received,
    get alive() {
      return alive;
    },
    postMessage(message) {
      if (!alive) throw new Error('the core process has exited');
      const copy = structuredClone(message);
      received.push(copy);
      setImmediate(() => {
        if (alive && !frozen) toCore.emit('message', { data: copy });
      });
    },
    on(event: 'message' | 'exit', listener: (value: never) => void) {
      toShell.on(event, listener as (...args: unknown[]) => void);
      return this;
    },
    kill() {
      die(143);
      return true;
    },
    crash(code = 134) {
      die(code);
    },
    freeze() {
      frozen = true;
    },
  } as InProcessChild;
}
