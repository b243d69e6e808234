/**
 * The shell's side of the process link (core-protocol.ts): starts the core in its own process,
 * carries invokes and events, answers the core's secret requests from the shell's SecretStore,
 * and restarts the core when its process dies.
 *
 * A restart loses nothing the agent typed (the outbox and drafts are in SQLite before the core
 * answers) but it cannot know whether the request in flight happened, so that request is answered
 * `core_restarted` and never repeated by itself: repeating a send could send it twice. Requests
 * that arrive while the core restarts wait for it (up to invokeWaitMs). A core that keeps dying
 * (maxRestarts within windowMs) is left down: the shell tells the agent and quits. A core that is
 * alive but stuck (it stops answering the watchdog's pings for stuckAfterMs) is ended and restarted
 * the same way: a frozen core would otherwise leave every request waiting for ever.
 */
import type { CoreEvent, CoreEventListener } from '../console/core-events';
import type { HandleResult } from '../console/console';
import { refusal } from '../console/errors';
import type { SecretStore } from '../console/secret-store';
import { coreMessageSchema, type CoreLogLevel, type CoreMessage, type CoreOpenOptions, type NetworkChangeMessage, type ShellToCore } from './core-protocol';

/** Electron's UtilityProcess, or a stand-in with the same members. */
export interface CoreChild {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
  kill(): boolean;
}

export interface RestartPolicy {
  /** More crashes than this within windowMs and the core stays down. */
  maxRestarts: number;
  windowMs: number;
  /** Wait before the first restart; doubles with each recent crash, up to capMs. */
  baseDelayMs: number;
  capMs: number;
}

export const DEFAULT_RESTART: RestartPolicy = { maxRestarts: 5, windowMs: 60_000, baseDelayMs: 250, capMs: 5_000 };

export interface CoreLinkLog {
  warn(message: string): void;
  error(message: string): void;
  /** The core process's own lines (core-protocol.ts 'log'), to be marked as the core's; without it they go to warn/error. */
  core?(level: CoreLogLevel, message: string): void;
}

export interface CoreLinkOptions {
  spawn: () => CoreChild;
  open: CoreOpenOptions;
  secrets: SecretStore;
  log?: CoreLinkLog;
  restart?: Partial<RestartPolicy>;
  /** How long a request waits for a restarting core. */
  invokeWaitMs?: number;
  /** How long close() waits for the core to close its database before killing it. */
  closeTimeoutMs?: number;
  /**
   * Pings the serving core every intervalMs; no answer for stuckAfterMs and it is restarted. The
   * longest the core holds its event loop by design is a sync batch (a few hundred ms) or an index
   * optimize (seconds at a million contacts), far below the default 30 s.
   */
  watchdog?: { intervalMs: number; stuckAfterMs: number };
}

export const DEFAULT_WATCHDOG = { intervalMs: 5_000, stuckAfterMs: 30_000 };

/** 'down': restarting after a crash; 'up': serving again; 'failed': kept dying, left down. */
export type CoreLinkChange = 'down' | 'up' | 'failed';

/**
 * The core could not open (its database, the native module…): the message says why, in pt-BR.
 * `code` is the core's ConsoleError code when it had one ('data_dir_locked': another Helena Desk
 * has this data folder), `messageEn` the same in English.
 */
export class CoreOpenError extends Error {
  override readonly name = 'CoreOpenError';
  constructor(
    message: string,
    readonly code?: string,
    readonly messageEn?: string,
  ) {
    super(message);
  }
}

type State = 'starting' | 'up' | 'down' | 'failed' | 'closing' | 'closed';
type Resolve = (result: HandleResult) => void;
interface Waiting {
  command: unknown;
  input: unknown;
  resolve: Resolve;
  timer: ReturnType<typeof setTimeout> | null;
}

const consoleLog: CoreLinkLog = {
  warn: (message) => console.warn(`[Helena Desk] ${message}`),
  error: (message) => console.error(`[Helena Desk] ${message}`),
};

export class CoreLink {
  private state: State = 'starting';
  private child: CoreChild | null = null;
  /** Which child is current: messages and exits of an older one are ignored. */
  private generation = 0;
  private everOpened = false;
  private nextId = 1;
  private readonly inFlight = new Map<number, Resolve>();
  private readonly waiting: Waiting[] = [];
  private readonly listeners = new Set<CoreEventListener>();
  private readonly changeListeners = new Set<(change: CoreLinkChange) => void>();
  private readonly crashes: number[] = [];
  private respawnTimer: ReturnType<typeof setTimeout> | null = null;
  private watchdogTimer: ReturnType<typeof setInterval> | null = null;
  /** Pings sent since the core last answered one. */
  private unansweredPings = 0;
  private readonly policy: RestartPolicy;
  private readonly log: CoreLinkLog;
  private firstOpen!: { resolve: () => void; reject: (error: Error) => void };
  private readonly exited: Array<() => void> = [];
  /** The current child said it is migrating the cache ('store-upgrading') and has not opened since. */
  private upgradeSaid = false;
  /** What the core opens with; a change of network updates its proxy, so a restart dials the right way. */
  private openOptions: CoreOpenOptions;
  /**
   * Settles when the core has opened the local database for the first time, or could not
   * (CoreOpenError). Requests made before then wait for it, however long a migration takes.
   */
  readonly ready: Promise<void>;

  /** Starts the core's process and resolves once it has opened the local database. */
  static async start(options: CoreLinkOptions): Promise<CoreLink> {
    const link = CoreLink.launch(options);
    await link.ready;
    return link;
  }

  /** Starts the core's process and returns at once: the shell can show its window while the core opens. */
  static launch(options: CoreLinkOptions): CoreLink {
    const link = new CoreLink(options);
    link.spawnChild();
    return link;
  }

  private constructor(private readonly options: CoreLinkOptions) {
    this.policy = { ...DEFAULT_RESTART, ...options.restart };
    this.openOptions = { ...options.open };
    this.log = options.log ?? consoleLog;
    this.ready = new Promise<void>((resolve, reject) => {
      this.firstOpen = { resolve, reject };
    });
    // A shell that never awaits `ready` (it quit first) must not see an unhandled rejection.
    this.ready.catch(() => undefined);
  }

  /** Never rejects: like HelenaConsole.handle, a failure is an answer. */
  handle(command: unknown, input: unknown): Promise<HandleResult> {
    return new Promise((resolve) => {
      if (this.state === 'up') {
        this.send(command, input, resolve);
        return;
      }
      if (this.state === 'failed' || this.state === 'closing' || this.state === 'closed') {
        resolve(unavailable());
        return;
      }
      // Before the first open nothing has failed yet: the request waits for the core (a migration
      // of a large cache takes seconds), and a failed open answers it. A restart has a time limit.
      const waiting: Waiting = {
        command,
        input,
        resolve,
        timer:
          this.state === 'starting'
            ? null
            : setTimeout(() => {
                const at = this.waiting.indexOf(waiting);
                if (at >= 0) this.waiting.splice(at, 1);
                resolve(unavailable());
              }, this.options.invokeWaitMs ?? 15_000),
      };
      this.waiting.push(waiting);
    });
  }

  on(listener: CoreEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * The core is migrating the cache and has not opened yet. The window's page may load after the
   * core said so (both start together): the shell tells it again then (main.ts).
   */
  get upgrading(): boolean {
    return this.upgradeSaid && (this.state === 'starting' || this.state === 'down');
  }

  /** Hears the core going down, coming back and giving up. */
  onChange(listener: (change: CoreLinkChange) => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  /**
   * The network may have changed: the proxy chosen again (null: direct) goes to the core, which
   * takes it and checks its connection now, and is what a restarted core opens with.
   */
  networkChanged(change: NetworkChangeMessage): void {
    const { proxyUrl: _previous, ...rest } = this.openOptions;
    this.openOptions = change.proxyUrl === null ? rest : { ...rest, proxyUrl: change.proxyUrl };
    // A core still opening applies it once open (core-server.ts); one not started yet opens with it.
    if (this.state === 'up' || this.state === 'starting' || this.state === 'down') this.post({ type: 'network-changed', change });
  }

  /** Asks the core to close its database and waits for its process to end (killing it after closeTimeoutMs). */
  async close(): Promise<void> {
    if (this.state === 'closed') return;
    if (this.state === 'closing') return new Promise((resolve) => this.exited.push(resolve));
    this.state = 'closing';
    this.unwatch();
    if (this.respawnTimer) clearTimeout(this.respawnTimer);
    this.respawnTimer = null;
    this.releaseWaiting();
    const child = this.child;
    if (!child) {
      this.state = 'closed';
      return;
    }
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.log.warn('o núcleo não fechou a tempo; encerrando o processo');
        child.kill();
      }, this.options.closeTimeoutMs ?? 15_000);
      this.exited.push(() => {
        clearTimeout(timer);
        resolve();
      });
      this.post({ type: 'close' });
    });
  }

  private spawnChild(): void {
    const generation = ++this.generation;
    let child: CoreChild;
    try {
      child = this.options.spawn();
    } catch (error) {
      this.crashed(`não foi possível iniciar o processo do núcleo: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    this.child = child;
    this.upgradeSaid = false;
    child.on('message', (message) => {
      if (generation === this.generation) this.receive(message);
    });
    child.on('exit', (code) => {
      if (generation === this.generation) this.childExited(code);
    });
  }

  private receive(raw: unknown): void {
    const parsed = coreMessageSchema.safeParse(raw);
    if (!parsed.success) {
      // The message may hold a token or a contact's data: only its type is logged.
      const type = typeof raw === 'object' && raw !== null && 'type' in raw ? String((raw as { type: unknown }).type).slice(0, 32) : typeof raw;
      this.log.warn(`mensagem do núcleo ignorada (formato inesperado: ${type})`);
      return;
    }
    const message: CoreMessage = parsed.data;
    switch (message.type) {
      case 'ready':
        this.post({ type: 'open', options: this.openOptions });
        break;
      case 'opened':
        this.opened();
        break;
      case 'open-failed':
        this.openFailed(message.message, message.code, message.messageEn);
        break;
      case 'result': {
        const resolve = this.inFlight.get(message.id);
        this.inFlight.delete(message.id);
        resolve?.(message.result as HandleResult);
        break;
      }
      case 'event':
        if (message.event.type === 'store-upgrading') this.upgradeSaid = true;
        for (const listener of [...this.listeners]) listener(message.event as CoreEvent);
        break;
      case 'secret-get':
      case 'secret-set':
      case 'secret-clear':
        void this.answerSecret(message);
        break;
      case 'pong':
        this.unansweredPings = 0;
        break;
      case 'log':
        if (this.log.core) this.log.core(message.level, message.message);
        else if (message.level === 'error') this.log.error(`núcleo: ${message.message}`);
        else this.log.warn(`núcleo: ${message.message}`);
        break;
      case 'closed':
        break;
    }
  }

  private opened(): void {
    if (this.state !== 'starting' && this.state !== 'down') return;
    this.state = 'up';
    this.upgradeSaid = false;
    this.watch();
    const first = !this.everOpened;
    this.everOpened = true;
    for (const waiting of this.waiting.splice(0)) {
      if (waiting.timer) clearTimeout(waiting.timer);
      this.send(waiting.command, waiting.input, waiting.resolve);
    }
    if (first) this.firstOpen.resolve();
    else this.emitChange('up');
  }

  private openFailed(message: string, code?: string, messageEn?: string): void {
    if (!this.everOpened) {
      // Nothing to restart into: the shell shows the reason and quits.
      this.state = 'failed';
      this.child?.kill();
      this.releaseWaiting();
      this.firstOpen.reject(new CoreOpenError(message, code, messageEn));
      return;
    }
    this.log.error(`o núcleo não reabriu os dados locais: ${message}`);
    this.child?.kill();
  }

  private childExited(code: number): void {
    this.child = null;
    this.unwatch();
    if (this.state === 'closing') {
      this.state = 'closed';
      if (!this.everOpened) this.firstOpen.reject(new CoreOpenError('o Helena Desk foi fechado antes de abrir os dados locais'));
      for (const done of this.exited.splice(0)) done();
      return;
    }
    if (this.state === 'failed') return;
    this.crashed(`o processo do núcleo terminou inesperadamente (código ${code})`);
  }

  private crashed(reason: string): void {
    this.log.error(reason);
    for (const resolve of this.inFlight.values()) resolve(restarted());
    this.inFlight.clear();
    if (!this.everOpened) {
      this.state = 'failed';
      this.releaseWaiting();
      this.firstOpen.reject(new CoreOpenError(reason));
      return;
    }
    const now = Date.now();
    this.crashes.push(now);
    while (this.crashes.length > 0 && (this.crashes[0] as number) <= now - this.policy.windowMs) this.crashes.shift();
    const wasUp = this.state === 'up';
    if (this.crashes.length > this.policy.maxRestarts) {
      this.state = 'failed';
      this.releaseWaiting();
      this.emitChange('failed');
      return;
    }
    this.state = 'down';
    if (wasUp) this.emitChange('down');
    const delay = Math.min(this.policy.capMs, this.policy.baseDelayMs * 2 ** (this.crashes.length - 1));
    this.respawnTimer = setTimeout(() => {
      this.respawnTimer = null;
      if (this.state === 'down') this.spawnChild();
    }, delay);
  }

  private send(command: unknown, input: unknown, resolve: Resolve): void {
    const id = this.nextId++;
    this.inFlight.set(id, resolve);
    if (typeof command !== 'string' || command.length === 0 || command.length > 64) {
      // HelenaConsole would refuse it too; the message to the core would not validate.
      this.inFlight.delete(id);
      resolve({ ok: false, error: refusal('unknown_command', 'command.unknown', { values: { command: String(command).slice(0, 64) } }).toJSON() });
      return;
    }
    this.post({ type: 'invoke', id, command, input });
  }

  private async answerSecret(message: Extract<CoreMessage, { type: 'secret-get' | 'secret-set' | 'secret-clear' }>): Promise<void> {
    try {
      let value: string | null = null;
      if (message.type === 'secret-get') value = await this.options.secrets.get();
      else if (message.type === 'secret-set') await this.options.secrets.set(message.token);
      else await this.options.secrets.clear();
      this.post({ type: 'secret-answer', id: message.id, ok: true, value });
    } catch (error) {
      this.log.warn(`o cofre de credenciais falhou: ${error instanceof Error ? error.message : String(error)}`);
      this.post({ type: 'secret-answer', id: message.id, ok: false, value: null });
    }
  }

  private post(message: ShellToCore): void {
    try {
      this.child?.postMessage(message);
    } catch (error) {
      // The process is going away; its exit event answers what was in flight.
      this.log.warn(`mensagem ao núcleo não entregue: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** While the core serves: a ping every intervalMs; a core silent for stuckAfterMs is ended (its exit restarts it). */
  private watch(): void {
    this.unwatch();
    const { intervalMs, stuckAfterMs } = this.options.watchdog ?? DEFAULT_WATCHDOG;
    this.unansweredPings = 0;
    let nextPing = 1;
    this.watchdogTimer = setInterval(() => {
      if (this.state !== 'up') return;
      // Silence is counted in the watchdog's own ticks, not by the wall clock: a sleep (or the
      // clock set ahead) moves Date.now by hours between two ticks, and ended a healthy core at
      // every wake — and with it a send between its request and its acknowledgement.
      if (this.unansweredPings * intervalMs > stuckAfterMs) {
        this.log.error(`o núcleo não responde há ${Math.round((this.unansweredPings * intervalMs) / 1000)} s; reiniciando`);
        this.unwatch();
        this.child?.kill();
        return;
      }
      this.unansweredPings++;
      this.post({ type: 'ping', id: nextPing++ });
    }, intervalMs);
    // The watchdog alone must not keep the shell's process alive.
    this.watchdogTimer.unref?.();
  }

  private unwatch(): void {
    if (this.watchdogTimer) clearInterval(this.watchdogTimer);
    this.watchdogTimer = null;
  }

  private releaseWaiting(): void {
    for (const waiting of this.waiting.splice(0)) {
      if (waiting.timer) clearTimeout(waiting.timer);
      waiting.resolve(unavailable());
    }
  }

  private emitChange(change: CoreLinkChange): void {
    for (const listener of [...this.changeListeners]) listener(change);
  }
}

function restarted(): HandleResult {
  return { ok: false, error: refusal('core_restarted', 'core.restarted').toJSON() };
}

function unavailable(): HandleResult {
  return { ok: false, error: refusal('core_unavailable', 'core.unavailable').toJSON() };
}
