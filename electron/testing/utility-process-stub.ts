/**
 * utilityProcess.fork for the tests: a real Node child process (the module runs for real, with
 * tsx for TypeScript) behind the UtilityProcess surface main.ts uses — postMessage, 'message',
 * 'exit', kill, pid. A bundle path that has not been built (dist's core-process.cjs) runs its
 * TypeScript source instead.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const SHIM = fileURLToPath(new URL('./parent-port-shim.ts', import.meta.url));

export interface ForkOptionsLike {
  env?: NodeJS.ProcessEnv;
  serviceName?: string;
  stdio?: string;
}

export class NodeUtilityProcess extends EventEmitter {
  static readonly instances: NodeUtilityProcess[] = [];
  private readonly child: ChildProcess;
  exitCode: number | null = null;

  constructor(
    readonly modulePath: string,
    readonly args: string[],
    readonly options: ForkOptionsLike,
  ) {
    super();
    const entry = existsSync(modulePath) ? modulePath : modulePath.replace(/\.cjs$/, '.ts');
    this.child = fork(SHIM, [entry, ...args], {
      execArgv: ['--import', 'tsx'],
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      env: options.env ?? process.env,
    });
    this.child.on('message', (message) => this.emit('message', message));
    this.child.on('exit', (code, signal) => {
      this.exitCode = code ?? (signal ? 128 : 1);
      this.emit('exit', this.exitCode);
    });
    NodeUtilityProcess.instances.push(this);
  }

  get pid(): number | undefined {
    return this.exitCode === null ? this.child.pid : undefined;
  }

  postMessage(message: unknown): void {
    if (this.child.connected) this.child.send(message as never);
  }

  kill(signal: NodeJS.Signals = 'SIGTERM'): boolean {
    return this.child.kill(signal);
  }
}

export const utilityProcess = {
  fork(modulePath: string, args: string[] = [], options: ForkOptionsLike = {}): NodeUtilityProcess {
    return new NodeUtilityProcess(modulePath, args, options);
  },
};
