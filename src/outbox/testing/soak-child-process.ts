/**
 * One soak child process seen from the driver: its parsed lines, a way to wait for one, SIGKILL.
 *
 * Started as `node --import tsx soak-child.ts`, never through the tsx wrapper: SIGKILL would hit
 * the wrapper and leave the real process running, still sending.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { CHILD_CONFIG_ENV, SoakLine, type SavedLine, type SoakChildConfig } from './soak-protocol';

const CHILD_FILE = join(import.meta.dirname, 'soak-child.ts');
/** `--import tsx` is resolved from the working directory: the repository's root. */
const REPO_ROOT = join(import.meta.dirname, '../../..');
const STDERR_KEPT = 4_000;

export interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export class SoakChild {
  readonly lines: SoakLine[] = [];
  readonly saved: SavedLine[] = [];
  /** Lines that were not the protocol (a crash's stack trace on stdout, say): kept for the report. */
  readonly garbage: string[] = [];
  readonly exited: Promise<ChildExit>;
  private exitedWith: ChildExit | null = null;
  private stderr = '';
  private readonly process: ChildProcess;
  private readonly watchers = new Set<() => void>();

  constructor(config: SoakChildConfig) {
    this.process = spawn(process.execPath, ['--import', 'tsx', CHILD_FILE], {
      cwd: REPO_ROOT,
      env: { ...process.env, [CHILD_CONFIG_ENV]: JSON.stringify(config) },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    // 'close', not 'exit': by then stdout has ended, so every line the child wrote has been read.
    this.exited = once(this.process, 'close').then(([code, signal]) => {
      this.exitedWith = { code: code as number | null, signal: signal as NodeJS.Signals | null };
      this.notify();
      return this.exitedWith;
    });
    // Nobody reads stdin until the final run asks for it; a dead child must not fail the driver on write.
    this.process.stdin?.on('error', () => undefined);
    this.process.stderr?.on('data', (chunk: Buffer) => {
      this.stderr = (this.stderr + chunk.toString()).slice(-STDERR_KEPT);
    });
    if (this.process.stdout) createInterface({ input: this.process.stdout }).on('line', (raw) => this.take(raw));
  }

  get hasExited(): ChildExit | null {
    return this.exitedWith;
  }

  get stderrTail(): string {
    return this.stderr;
  }

  /** Resolves true once a line matches, false when the child exits first or the time is up. */
  waitFor(matches: (line: SoakLine) => boolean, timeoutMs: number): Promise<boolean> {
    let seen = 0;
    return new Promise((resolve) => {
      const finish = (result: boolean) => {
        clearTimeout(timer);
        this.watchers.delete(check);
        resolve(result);
      };
      const check = () => {
        for (; seen < this.lines.length; seen++) {
          const line = this.lines[seen];
          if (line && matches(line)) return finish(true);
        }
        if (this.exitedWith) finish(false);
      };
      // Declared after finish and check, which only run once it exists (the first check is below).
      const timer = setTimeout(() => finish(false), timeoutMs);
      this.watchers.add(check);
      check();
    });
  }

  send(line: string): void {
    this.process.stdin?.write(`${line}\n`);
  }

  async kill(): Promise<ChildExit> {
    if (!this.exitedWith) this.process.kill('SIGKILL');
    return this.exited;
  }

  private take(raw: string): void {
    let line: SoakLine;
    try {
      line = SoakLine.parse(JSON.parse(raw));
    } catch {
      this.garbage.push(raw);
      return;
    }
    this.lines.push(line);
    if (line.t === 'saved') this.saved.push(line);
    this.notify();
  }

  private notify(): void {
    for (const watcher of [...this.watchers]) watcher();
  }
}
