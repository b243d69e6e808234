/**
 * utilityProcess.fork for the tests: a real Node child process behind the UtilityProcess surface
 * main.ts uses — postMessage, 'message', 'exit', kill, pid. A bundle path that exists runs as is; one
 * that has not been built (dist's core-process.cjs) is bundled from its TypeScript source once per
 * test process, as the build bundles it (scripts/shell-bundle.ts), and that bundle runs: a child
 * then starts in about half a second, where compiling the core's sources on the fly with tsx took
 * 2-4 s per child, and the tests run the code the app runs.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';
import { shellBundleOptions } from '../../scripts/shell-bundle';

const SHIM = fileURLToPath(new URL('./parent-port-shim.ts', import.meta.url));
/** Inside the project, as dist/ is: a bundle leaves better-sqlite3 to node_modules. */
const CACHE_DIR = fileURLToPath(new URL('../../node_modules/.cache/', import.meta.url));
const BUNDLE_PREFIX = 'helena-test-bundles-';
const BUNDLE_DIR = path.join(CACHE_DIR, `${BUNDLE_PREFIX}${process.pid}`);
const bundled = new Map<string, string>();

/** `source` (TypeScript) bundled into BUNDLE_DIR once per test process; the bundle's path. */
function bundleOnce(source: string, build: (out: string) => void, name: string): string {
  const known = bundled.get(source);
  if (known) return known;
  if (bundled.size === 0) {
    removeBundlesOfEndedProcesses();
    mkdirSync(BUNDLE_DIR, { recursive: true });
    process.once('exit', () => rmSync(BUNDLE_DIR, { recursive: true, force: true }));
  }
  const out = path.join(BUNDLE_DIR, name);
  build(out);
  bundled.set(source, out);
  return out;
}

/**
 * Vitest ends its worker processes without their 'exit' handlers, so each left its bundles (7 MB):
 * the folders of processes no longer running go before a new one is made.
 */
function removeBundlesOfEndedProcesses(): void {
  let names: string[];
  try {
    names = readdirSync(CACHE_DIR);
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(BUNDLE_PREFIX)) continue;
    const pid = Number(name.slice(BUNDLE_PREFIX.length));
    if (Number.isInteger(pid) && pid !== process.pid && !isRunning(pid)) rmSync(path.join(CACHE_DIR, name), { recursive: true, force: true });
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: running, under another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function runnableEntry(modulePath: string): string {
  if (existsSync(modulePath)) return modulePath;
  const source = modulePath.replace(/\.cjs$/, '.ts');
  return bundleOnce(source, (out) => buildSync(shellBundleOptions(source, out)), path.basename(modulePath));
}

/** The shim as plain JavaScript (ESM: it awaits the entry's import), so a child needs no TypeScript loader. */
function runnableShim(): string {
  return bundleOnce(SHIM, (out) => buildSync({ entryPoints: [SHIM], outfile: out, bundle: true, platform: 'node', format: 'esm', logLevel: 'warning' }), 'parent-port-shim.mjs');
}

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
    this.child = fork(runnableShim(), [runnableEntry(modulePath), ...args], {
      // The bundles carry source maps: a failure in the core's process names the TypeScript line.
      execArgv: ['--enable-source-maps'],
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
