/**
 * What the bridge talks to in both shells (Electron's IPC and the web host's WebSocket): the shell's
 * own server.* commands are answered here, everything else goes to the core opened for the chosen
 * server. With no server chosen there is no core at all — the window shows the setup screen and
 * the core's commands are refused with `server.not_configured` — and once one is saved the core
 * opens for it. Changing servers closes the old core before the new one opens, so the two never
 * hold data at once, and is refused while an agent is signed in.
 */
import { z } from 'zod';
import type { ServerState } from '../console/bridge-contract';
import type { HandleResult } from '../console/console';
import type { CoreEvent, CoreEventListener } from '../console/core-events';
import { inputError } from '../console/errors';
import type { ConsoleErrorBody, ConsoleErrorCode } from '../console/errors';
import { checkServerAddress, displayHost } from './server-address';
import { isServerCommand, SERVER_COMMAND_SCHEMAS } from './server-commands';
import { probeServer, type ProbeOutcome } from './server-probe';
import type { ChosenServer, ServerSettings } from './server-settings';
import { certificateError, openFailedError, proxyAuthError, proxyError, setupError } from './setup-messages';

/** A core as the gate drives it: HelenaConsole in the web host, CoreLink in Electron. */
export interface GatedCore {
  handle(command: unknown, input: unknown): Promise<HandleResult>;
  on(listener: CoreEventListener): () => void;
  close(): Promise<void>;
}

export interface ServerGateLog {
  warn(message: string): void;
  error(message: string): void;
}

export interface ServerGateOptions<C extends GatedCore> {
  settings: ServerSettings;
  /** Opens the core for a server (its own data folder, its own saved login). */
  openCore(server: ChosenServer): Promise<C>;
  /** Is HelenaCRM at this address? probeServer unless a test says otherwise. */
  probe?: (url: string) => Promise<ProbeOutcome>;
  log?: ServerGateLog;
}

type Slot<C> = { kind: 'none' } | { kind: 'open'; server: ChosenServer; core: C } | { kind: 'failed'; error: ConsoleErrorBody };

/** Just enough of state.snapshot to know whether someone is signed in; the rest is the core's business. */
const authSchema = z.object({ auth: z.enum(['logged_out', 'logged_in', 'expired']) });

export class ServerGate<C extends GatedCore> {
  private slot: Promise<Slot<C>> = Promise.resolve({ kind: 'none' });
  private unsubscribe: (() => void) | null = null;
  private saving = false;
  private closed = false;
  private readonly listeners = new Set<CoreEventListener>();
  private readonly log: ServerGateLog;

  constructor(private readonly options: ServerGateOptions<C>) {
    this.log = options.log ?? { warn: (m) => console.warn(`[Helena Desk] ${m}`), error: (m) => console.error(`[Helena Desk] ${m}`) };
  }

  /** Opens the core for the server already known (HELENA_URL, saved, installer); with none, waits for server.save. */
  async start(): Promise<void> {
    const server = this.options.settings.current();
    if (server) await this.switchTo(server);
  }

  /** The core serving now, once open; null while no server is chosen or its core could not open. */
  async core(): Promise<C | null> {
    const slot = await this.slot;
    return slot.kind === 'open' ? slot.core : null;
  }

  state(): ServerState {
    const server = this.options.settings.current();
    return {
      server: server ? { url: server.url, host: displayHost(server.url), source: server.source } : null,
      changeable: this.options.settings.changeable(),
    };
  }

  /** Never rejects, like HelenaConsole.handle: a refusal is an answer. */
  async handle(command: unknown, input: unknown): Promise<HandleResult> {
    if (isServerCommand(command)) {
      const parsed = SERVER_COMMAND_SCHEMAS[command].safeParse(input ?? {});
      if (!parsed.success) return { ok: false, error: inputError(command, parsed.error).toJSON() };
      if (command === 'server.state') return { ok: true, value: this.state() };
      return this.save((parsed.data as { address: string }).address);
    }
    const slot = await this.slot;
    if (slot.kind === 'none') return { ok: false, error: setupError('server.not_configured') };
    if (slot.kind === 'failed') return { ok: false, error: slot.error };
    return slot.core.handle(command, input);
  }

  on(listener: CoreEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Closes the core (once its switch, if any, is done); commands after this are refused. */
  async close(): Promise<void> {
    this.closed = true;
    const slot = await this.slot;
    this.detach();
    this.slot = Promise.resolve({ kind: 'none' });
    if (slot.kind === 'open') await slot.core.close();
  }

  private async save(address: string): Promise<HandleResult> {
    const settings = this.options.settings;
    if (!settings.changeable()) return refuse(setupError('server.set_by_env'));
    const checked = checkServerAddress(address);
    if (!checked.ok) return refuse(setupError(`server.${checked.problem}`, { address: address.trim().slice(0, 80) }));
    if (this.saving) return refuse(setupError('server.busy'));
    this.saving = true;
    try {
      if (await this.someoneSignedIn()) return refuse(setupError('server.signed_in'));
      const host = displayHost(checked.url);
      const outcome = await (this.options.probe ?? probeServer)(checked.url);
      if (!outcome.ok) return refuse(probeRefusal(outcome, host));
      let chosen: ChosenServer;
      try {
        chosen = await settings.save(checked.url);
      } catch (error) {
        this.log.error(`o endereço do servidor não foi gravado: ${describe(error)}`);
        return refuse(setupError('server.save_failed', { reason: describe(error) }));
      }
      const slot = await this.slot;
      if (slot.kind !== 'open' || slot.server.url !== chosen.url) await this.switchTo(chosen);
      const opened = await this.slot;
      if (opened.kind === 'failed') return refuse(opened.error);
      return { ok: true, value: this.state() };
    } finally {
      this.saving = false;
    }
  }

  /**
   * A signed-in agent blocks a change: their session and their open work are the current server's.
   * An expired session does not — the login screen is showing, and its data stays in its folder.
   */
  private async someoneSignedIn(): Promise<boolean> {
    const slot = await this.slot;
    if (slot.kind !== 'open') return false;
    const answer = await slot.core.handle('state.snapshot', {});
    if (!answer.ok) return false;
    const parsed = authSchema.safeParse(answer.value);
    return parsed.success && parsed.data.auth === 'logged_in';
  }

  /** Closes the old core, then opens the new one; commands meanwhile wait for the new one. */
  private switchTo(server: ChosenServer): Promise<void> {
    const previous = this.slot;
    const next = (async (): Promise<Slot<C>> => {
      const old = await previous;
      this.detach();
      if (old.kind === 'open') {
        try {
          await old.core.close();
        } catch (error) {
          this.log.error(`o núcleo do servidor anterior não fechou corretamente: ${describe(error)}`);
        }
      }
      if (this.closed) return { kind: 'none' };
      try {
        const core = await this.options.openCore(server);
        this.unsubscribe = core.on((event) => this.emit(event));
        return { kind: 'open', server, core };
      } catch (error) {
        this.log.error(`o núcleo não abriu para ${displayHost(server.url)}: ${describe(error)}`);
        return { kind: 'failed', error: openRefusal(error) };
      }
    })();
    this.slot = next;
    return next.then(() => undefined);
  }

  private detach(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
  }

  private emit(event: CoreEvent): void {
    for (const listener of [...this.listeners]) listener(event);
  }
}

function refuse(error: ConsoleErrorBody): HandleResult {
  return { ok: false, error };
}

function probeRefusal(outcome: Exclude<ProbeOutcome, { ok: true }>, host: string): ConsoleErrorBody {
  switch (outcome.problem) {
    case 'no_answer':
      return setupError(outcome.cause === 'dns' ? 'server.not_found' : 'server.no_answer', { host });
    case 'certificate':
      return certificateError(host, outcome.flaw);
    case 'proxy':
      return proxyError(outcome.proxy);
    case 'proxy_auth':
      return proxyAuthError();
    case 'server_error':
      return setupError('server.server_error', { host, status: outcome.status });
    case 'not_helena':
      return setupError('server.not_helena', { host });
  }
}

/**
 * Another Helena Desk (another window, another `npm run web` tab) holds this server's data folder
 * (store/data-dir-lock.ts). Named by its code, not by importing the store's error: the Electron main
 * process, which runs this gate, carries no store module (scripts/package-app.test.ts).
 */
const DATA_DIR_LOCKED: ConsoleErrorCode = 'data_dir_locked';

/**
 * Why the core did not open, as the setup screen says it. The core's errors carry their code and
 * both languages — DataDirLockedError / ConsoleError (web host), CoreOpenError (Electron's CoreLink).
 * A folder held by another copy is not broken data: the agent reads the core's own sentence ("já está
 * aberto… Feche a outra cópia"), not "não foi possível abrir" with it tucked in as a reason, and in
 * English the English one. Anything else stays "could not open", its reason in the agent's language
 * when the core had it in English.
 */
function openRefusal(error: unknown): ConsoleErrorBody {
  const message = describe(error);
  const messageEn = englishOf(error);
  if (codeOf(error) === DATA_DIR_LOCKED) return { code: DATA_DIR_LOCKED, message, ...(messageEn !== null ? { messageEn } : {}) };
  return openFailedError(message.slice(0, 300), (messageEn ?? message).slice(0, 300));
}

function codeOf(error: unknown): unknown {
  return typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
}

function englishOf(error: unknown): string | null {
  const en = typeof error === 'object' && error !== null && 'messageEn' in error ? error.messageEn : undefined;
  return typeof en === 'string' && en !== '' ? en : null;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
