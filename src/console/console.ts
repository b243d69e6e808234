/**
 * HelenaConsole: the facade the UI calls and the only surface the bridge exposes.
 *
 *   const core = new HelenaConsole({ secrets, prices, engines: createEngines });
 *   await core.open({ location: userDataDir, baseUrl });   // resumes a saved login, if any
 *   core.on((event) => bridge.send(event));
 *   await core.invoke('auth.requestCode', { login });
 *   await core.invoke('auth.verify', { login, code });
 *   await core.handle(nameFromRenderer, inputFromRenderer); // never throws: {ok, value} | {ok: false, error}
 *
 * Every input is validated with its schema in commands.ts; failures come back as ConsoleError
 * ({code, message pt-BR, field?}). The console owns the composition: one store, one HelenaClient
 * (one rate budget), and the sync engine and outbox built by the injected factory; it forwards
 * their events and tells the outbox what sync learns (connectivity, contact replies).
 */
import { DownloadTransport } from '../api/download-transport';
import { ReceivedFileCache } from './received-file-cache';
import type { ReceivedFileDeps } from './received-file';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HelenaClient, type HelenaClientOptions } from '../api';
import type { CoreEvent, CoreEventListener, ConnectivityState } from './core-events';
import type { OutboxLike } from '../outbox/contract';
import type { ConnectionCheckOptions, SyncEngineLike } from '../sync/contract';
import type { SignedInAgent, Store } from '../store';
import { isCorruption, markForCheck, openStoreRecovering, type RecoveryReport } from '../store/recover';
import { lockDataDir, type DataDirLock } from '../store/data-dir-lock';
import { pendingMigrations } from '../store/pending-migrations';
import type { PriceTable } from '../domain/cost';
import {
  COMMAND_SCHEMAS,
  isCommandName,
  type CommandInput,
  type CommandName,
  type CommandResult,
  type ParsedInput,
} from './commands';
import { inputError, refusal, toConsoleError, type ConsoleErrorBody } from './errors';
import type { AuthState, StateSnapshot, SyncStatus } from './results';
import type { SecretStore } from './secret-store';
import { CommandHandlers } from './handlers';
import { ScheduleFailureWatch } from './schedule-failures';
import { DiskSpaceWatch, type DiskSpace } from './disk-space';
import { storageFailureOf } from '../store/errors';

export interface Engines {
  sync: SyncEngineLike;
  outbox: OutboxLike;
}

/** What the engine factory gets to build sync and outbox for the signed-in agent. */
export interface EngineContext {
  store: Store;
  client: HelenaClient;
  agent: SignedInAgent;
  baseUrl: string;
  /** The current token, for the realtime socket's handshake. Never store or log it. */
  getToken: () => string | null;
  /** Where files being sent wait until they are (the data folder's attachments/). */
  attachmentsDir: string;
  /** An engine's own failure (not HelenaCRM's): a damaged cache file in it gets checked at the next start. */
  onLocalFailure: (error: unknown, engine: 'sync' | 'outbox') => void;
}

export type EngineFactory = (context: EngineContext) => Engines;

export interface ConsoleOptions {
  secrets: SecretStore;
  engines: EngineFactory;
  /** Price table from configuration (category × country). */
  prices: PriceTable;
  now?: () => Date;
  /** Between two looks for failed schedules (schedule-failures.ts; default 3 minutes). */
  scheduleWatchMs?: number;
  /** HelenaCRM shown unstable this long with nothing asking it since: a sync checks (default SERVER_RECHECK_MS). */
  serverRecheckMs?: number;
  /** Extra HelenaClient options (rate limit, retry policy, timeouts). */
  client?: Omit<Partial<HelenaClientOptions>, 'baseUrl' | 'getToken' | 'onUnauthorized'>;
}

export interface OpenOptions {
  /** Folder of the local database, or ':memory:'. */
  location: string;
  fileName?: string;
  /** HelenaCRM (or sandbox) root URL. */
  baseUrl: string;
  /** better-sqlite3 native module for the running runtime (Electron), see OpenDatabaseOptions. */
  nativeBinding?: string;
  /** Where opening reports a damaged database set aside (store/recover.ts); console.warn by default. */
  log?: (line: string) => void;
  /**
   * The cache is from an older version and its migrations are about to run (seconds with many
   * contacts), called before they start. For a host that hears this console's events only once
   * open resolves (host/core-server.ts); listeners already subscribed get 'store-upgrading' too.
   */
  onUpgrading?: () => void;
}

/**
 * How long open() lets the event loop run between announcing an upgrade and starting it: the
 * migrations hold the thread (better-sqlite3 is synchronous), and a message posted to the shell
 * leaves the process only once the loop turns.
 */
const UPGRADE_NOTICE_YIELD_MS = 25;

type ConnectivityEvent = Extract<CoreEvent, { type: 'connectivity' }>;

export type HandleResult = { ok: true; value: unknown } | { ok: false; error: ConsoleErrorBody };

/** Commands that need a live token; after expiry they wait for a new login (local work goes on). */
const SERVER_COMMANDS: ReadonlySet<CommandName> = new Set([
  'sync.now',
  'conversation.assume',
  'conversation.transfer',
  'conversation.complete',
  'contact.update',
  'contact.setTags',
]);

/**
 * The "unstable" badge goes only with a good answer, and a quiet desk with its socket up asks
 * HelenaCRM nothing: a request the agent made failing with a 500 left the badge up for minutes
 * after HelenaCRM was back (until the 3-minute look for failed schedules). This long after it goes
 * up, a sync asks: answered, the badge goes; failing, the sync engine retries with its backoff.
 */
const SERVER_RECHECK_MS = 10_000;

/**
 * A socket that a gateway ends as soon as it opens, REST answering, makes several connectivity
 * events a second, all 'online' with the socket's state flipping: each re-rendered the status bar.
 * The window hears a change of state at once; a repeat of the state with other socket details waits
 * out this long after the last one it heard, and only the newest of those is told (so it ends right).
 */
const CONNECTIVITY_COALESCE_MS = 1_000;

/** Commands that work before login (or after logout). */
const OPEN_COMMANDS: ReadonlySet<CommandName> = new Set(['auth.requestCode', 'auth.verify', 'state.snapshot', 'recovery.dismiss']);

export class HelenaConsole {
  private store: Store | null = null;
  /** This core's hold on the data folder (store/data-dir-lock.ts): one sync and one outbox per cache. */
  private dataDirLock: DataDirLock | null = null;
  /** Where the cache file is, for the check a corruption met while running asks of the next start. */
  private storeFile: { location: string; fileName: string | undefined } | null = null;
  /** This open set a damaged database aside (store/recover.ts): the agent is told until they dismiss it. */
  private recovery: RecoveryReport | null = null;
  private client: HelenaClient | null = null;
  private baseUrl = '';
  private attachmentsDir = '';
  /** Files contacts sent, fetched once and kept (received-file-cache.ts); null until open. */
  private received: Omit<ReceivedFileDeps, 'emit'> | null = null;
  /** A folder made for an in-memory cache's attachments, removed on close. */
  private temporaryAttachments = false;
  /** Free space on the data folder's disk (none for an in-memory cache). */
  private disk: DiskSpaceWatch | null = null;
  private token: string | null = null;
  private auth: AuthState = 'logged_out';
  private engines: Engines | null = null;
  /** What the outbox was last told of sending (tellOutboxOnline); null: nothing yet, since the engines started. */
  private outboxOnline: boolean | null = null;
  private unsubscribers: Array<() => void> = [];
  private readonly listeners = new Set<CoreEventListener>();
  private connectivity: StateSnapshot['connectivity'] = { state: 'offline', realtime: 'offline' };
  private sync: SyncStatus = { state: 'never', lastFinishedAt: null, progress: null };
  private readonly handlers: CommandHandlers;
  private syncStarted: Promise<void> = Promise.resolve();
  /** Looks for this agent's schedules that failed at their moment, while signed in. */
  private scheduleWatch: ScheduleFailureWatch | null = null;
  readonly now: () => Date;

  constructor(private readonly options: ConsoleOptions) {
    this.now = options.now ?? (() => new Date());
    this.handlers = new CommandHandlers(this, options.prices);
  }

  // ---------- lifecycle ----------

  /** Opens the local cache and resumes a saved login (offline-first: the cached agent is enough). */
  async open(options: OpenOptions): Promise<void> {
    if (this.store) throw refusal('internal', 'app.already_open');
    try {
      // Before the file is touched (a recovery moves it): a second process on this folder stops
      // here, with DataDirLockedError, and never starts a second outbox on the same rows.
      if (options.location !== ':memory:') this.dataDirLock = lockDataDir(options.location, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
      const log = options.log ?? ((line: string) => console.warn(line));
      const file = {
        location: options.location,
        ...(options.fileName ? { fileName: options.fileName } : {}),
        ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
      };
      const upgrade = pendingMigrations(file);
      if (upgrade) {
        log(
          upgrade.reindex
            ? 'dados locais: refazendo o índice de busca por e-mail (o texto é comparado de outro jeito nesta versão; uma vez)'
            : `dados locais: atualizando do esquema ${upgrade.from} para o ${upgrade.to} (uma vez, na primeira abertura desta versão)`,
        );
        this.emit({ type: 'store-upgrading' });
        try {
          options.onUpgrading?.();
        } catch {
          // A shell that cannot be told (its link closing) is no reason not to open.
        }
        await new Promise((resolve) => setTimeout(resolve, UPGRADE_NOTICE_YIELD_MS));
      }
      const startedAt = Date.now();
      const opened = openStoreRecovering({ ...file, log });
      if (upgrade && !upgrade.reindex) log(`dados locais: esquema atualizado para o ${opened.store.migration.to} em ${Date.now() - startedAt} ms`);
      this.store = opened.store;
      this.recovery = opened.recovery;
      this.storeFile = { location: options.location, fileName: options.fileName };
    } catch (error) {
      this.dataDirLock?.release();
      this.dataDirLock = null;
      throw toConsoleError(error);
    }
    this.baseUrl = options.baseUrl;
    if (options.location !== ':memory:') {
      this.disk = new DiskSpaceWatch({ dir: options.location, onChange: (space) => this.emit({ type: 'disk-space', ...space }) });
      void this.disk.start();
    }
    // Beside the database, so the files of queued messages survive a restart as the queue does.
    this.temporaryAttachments = options.location === ':memory:';
    this.attachmentsDir = this.temporaryAttachments ? mkdtempSync(join(tmpdir(), 'helena-attachments-')) : join(options.location, 'attachments');
    this.received = {
      cache: new ReceivedFileCache(this.temporaryAttachments ? join(this.attachmentsDir, 'received') : join(options.location, 'received')),
      downloader: new DownloadTransport({
        baseUrl: options.baseUrl,
        ...(this.options.client?.logger ? { logger: this.options.client.logger } : {}),
        // File hosts the way HelenaCRM is reached: the same proxy, the same trusted certificates.
        ...(this.options.client?.route ? { route: this.options.client.route } : {}),
      }),
    };
    this.client = new HelenaClient({
      ...this.options.client,
      baseUrl: options.baseUrl,
      getToken: () => this.token,
      onUnauthorized: (error) => {
        if (error.detail.tokenExpired || this.auth === 'logged_in') this.markExpired();
      },
      onServerHealth: (healthy) => this.setServerFailing(!healthy),
      // Every request the app makes, not only sync's own, says whether HelenaCRM is reachable.
      onExchange: (outcome) => this.engines?.sync.noteExchange(outcome),
    });
    this.token = await this.options.secrets.get();
    const me = this.store.directory.me();
    if (this.token && me) {
      this.auth = 'logged_in';
      await this.startEngines(me);
    }
  }

  /** Stops sync and outbox and closes the cache. The saved login stays for the next open. */
  async close(): Promise<void> {
    await this.stopEngines();
    this.disk?.stop();
    this.disk = null;
    this.store?.close();
    this.store = null;
    // Only once sync, the outbox and the cache have stopped: another core may start at once.
    this.dataDirLock?.release();
    this.dataDirLock = null;
    this.storeFile = null;
    this.recovery = null;
    this.client = null;
    this.received = null;
    if (this.temporaryAttachments) rmSync(this.attachmentsDir, { recursive: true, force: true });
    this.token = null;
    this.auth = 'logged_out';
  }

  on(listener: CoreEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async login(login: string, code: string): Promise<CommandResult<'auth.verify'>> {
    return this.invoke('auth.verify', { login, code });
  }

  async logout(): Promise<void> {
    await this.invoke('auth.logout', {});
  }

  // ---------- commands ----------

  /** Typed entry: validates `input`, runs the command, rejects with a ConsoleError. */
  async invoke<C extends CommandName>(command: C, input: CommandInput<C>): Promise<CommandResult<C>> {
    return this.run(command, input);
  }

  /** Bridge entry for untrusted callers: never throws, never returns a stack or a token. */
  async handle(command: unknown, input: unknown): Promise<HandleResult> {
    try {
      if (!isCommandName(command)) {
        throw refusal('unknown_command', 'command.unknown', {
          values: { command: typeof command === 'string' ? command.slice(0, 60) : String(typeof command) },
        });
      }
      return { ok: true, value: await this.run(command, input) };
    } catch (error) {
      return { ok: false, error: toConsoleError(error).toJSON() };
    }
  }

  private async run<C extends CommandName>(command: C, input: unknown): Promise<CommandResult<C>> {
    const parsed = COMMAND_SCHEMAS[command].safeParse(input ?? {});
    if (!parsed.success) throw inputError(command, parsed.error);
    this.requireOpen();
    if (!OPEN_COMMANDS.has(command) && this.auth === 'logged_out') {
      throw refusal('not_logged_in', 'auth.required');
    }
    if (SERVER_COMMANDS.has(command) && this.auth === 'expired') {
      throw refusal('auth_expired', 'auth.expired');
    }
    try {
      return await this.handlers.dispatch(command, parsed.data as ParsedInput<C>);
    } catch (error) {
      if (storageFailureOf(error) === 'full') this.disk?.writeFailedForSpace();
      this.noteCorruption(error, command);
      throw toConsoleError(error);
    }
  }

  /**
   * A write or read met a damaged file ('store.corrupt'): the next start checks it (quick_check) and
   * sets it aside with the queue salvaged if it is damaged (store/recover.ts). Only the command's
   * or engine's name is recorded, never what the agent typed.
   */
  noteCorruption(error: unknown, where: string): void {
    if (!this.storeFile || !isCorruption(error)) return;
    markForCheck(this.storeFile.location, this.storeFile.fileName, where);
  }

  /** What the agent is told once about a damaged database set aside at this open; null after they dismiss it. */
  recoveryReport(): RecoveryReport | null {
    return this.recovery ? { ...this.recovery, unreadable: [...this.recovery.unreadable] } : null;
  }

  dismissRecovery(): void {
    this.recovery = null;
  }

  // ---------- what the handlers use ----------

  requireOpen(): { store: Store; client: HelenaClient } {
    if (!this.store || !this.client) {
      throw refusal('not_open', 'store.not_open');
    }
    return { store: this.store, client: this.client };
  }

  /** What file.fetch works with: the disk cache, the downloader, and the events the window hears. */
  receivedFiles(): ReceivedFileDeps {
    if (!this.received) throw refusal('not_open', 'store.not_open');
    return { ...this.received, emit: (event) => this.emit(event) };
  }

  requireAgent(): SignedInAgent {
    const me = this.requireOpen().store.directory.me();
    if (!me || this.auth === 'logged_out') {
      throw refusal('not_logged_in', 'auth.required');
    }
    return me;
  }

  requireEngines(): Engines {
    if (!this.engines) {
      throw refusal('not_logged_in', 'auth.required');
    }
    return this.engines;
  }

  currentEngines(): Engines | null {
    return this.engines;
  }

  authState(): AuthState {
    return this.auth;
  }

  connectivityState(): StateSnapshot['connectivity'] {
    return { ...this.connectivity };
  }

  diskSpace(): DiskSpace {
    return this.disk?.current ?? { state: 'ok', freeBytes: null };
  }

  syncStatus(): SyncStatus {
    return { ...this.sync, progress: this.sync.progress ? { ...this.sync.progress } : null };
  }

  /** After a successful code check: keep the token in the secret store only, remember the agent, start working. */
  async signedIn(token: string, agent: Parameters<Store['directory']['setMe']>[0]): Promise<SignedInAgent> {
    const { store } = this.requireOpen();
    await this.stopEngines();
    await this.options.secrets.set(token);
    this.token = token;
    store.directory.setMe(agent);
    const me = store.directory.me();
    if (!me) throw refusal('internal', 'store.agent_not_saved');
    this.auth = 'logged_in';
    await this.startEngines(me);
    return me;
  }

  /** Logout: the token goes, the cache (and what is queued in it) stays. */
  async signedOut(): Promise<void> {
    const { client } = this.requireOpen();
    const revoke = this.token !== null && this.auth === 'logged_in';
    // Engines first: a send between the revocation and the stop would get a 401 and tell the agent
    // "sessão expirada" during a logout they asked for.
    await this.stopEngines();
    if (revoke) {
      try {
        await client.logout({ signal: AbortSignal.timeout(3000) });
      } catch {
        // Offline or already expired: the local logout still happens; the server token dies on its own.
      }
    }
    await this.options.secrets.clear();
    this.token = null;
    this.auth = 'logged_out';
  }

  emit(event: CoreEvent): void {
    // The snapshot (and so the window reading it) sees every event at once; only listeners wait.
    this.track(event);
    if (event.type === 'connectivity' && this.holdConnectivity(event)) return;
    this.tell(event);
  }

  private tell(event: CoreEvent): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch {
        // A broken listener must not stop the others nor the engine that emitted.
      }
    }
  }

  // ---------- engines ----------

  private async startEngines(agent: SignedInAgent): Promise<void> {
    const { store, client } = this.requireOpen();
    const engines = this.options.engines({
      store,
      client,
      agent,
      baseUrl: this.baseUrl,
      getToken: () => this.token,
      attachmentsDir: this.attachmentsDir,
      onLocalFailure: (error, engine) => {
        // Sync or the outbox could not write: a full disk is told at once, not at the next reading.
        if (storageFailureOf(error) === 'full') this.disk?.writeFailedForSpace();
        this.noteCorruption(error, engine);
      },
    });
    this.engines = engines;
    this.outboxOnline = null;
    this.unsubscribers = [
      engines.sync.on((event) => {
        if (event.type === 'auth-expired') {
          this.markExpired();
          return;
        }
        if (event.type === 'contact-replied') engines.outbox.onContactReplied(event.sessionId);
        // A conversation completed (here or by a colleague) strands what waits here for its reply.
        if (event.type === 'conversation-changed') engines.outbox.onSessionChanged(event.sessionId);
        if (event.type === 'connectivity') {
          // 'unstable': HelenaCRM reachable, some requests timing out (the sync engine's say): the
          // outbox goes on, each send on its own backoff.
          this.tellOutboxOnline(engines, event.state === 'online' || event.state === 'unstable');
          this.reachability = { state: event.state, realtime: event.realtime };
          this.emit({ ...event, state: this.shownState() });
          return;
        }
        this.emit(event);
      }),
      engines.outbox.on((event) => this.emit(event)),
    ];
    this.scheduleWatch = new ScheduleFailureWatch({
      client: () => this.requireOpen().client,
      store: () => this.requireOpen().store,
      agentId: () => this.requireAgent().userId,
      online: () => this.engines === engines && this.auth === 'logged_in' && this.reachability.state !== 'offline',
      nowMs: () => this.now().getTime(),
      emit: (event) => this.emit(event),
      ...(this.options.scheduleWatchMs !== undefined ? { intervalMs: this.options.scheduleWatchMs } : {}),
    });
    this.scheduleWatch.start();
    // The outbox first: it reconciles what was in flight at the last exit before sync can change it.
    try {
      await engines.outbox.start();
    } catch (error) {
      // Its own events tell the agent; a failure to reach the server must not block the console.
      this.noteCorruption(error, 'outbox');
    }
    // Login and app start do not wait for the first sync (minutes for a large account): the desk
    // opens at once on the cache and shows the sync's progress.
    this.syncStarted = engines.sync.start().then(
      () => {
        if (this.engines === engines) this.tellOutboxOnline(engines, engines.sync.isOnline());
      },
      (error: unknown) => {
        // Offline (or the server failed): the cache is still usable; sync retries and reports connectivity.
        this.noteCorruption(error, 'sync');
      },
    );
  }

  /**
   * Only a change: a socket that a gateway ends as soon as it opens makes a connectivity event or
   * more a second ('realtime' only, the desk online throughout), and each woke every queue.
   */
  private tellOutboxOnline(engines: Engines, online: boolean): void {
    if (this.outboxOnline === online) return;
    this.outboxOnline = online;
    engines.outbox.setOnline(online);
  }

  /**
   * "Check the connection now": the shell heard that the network may have changed (the laptop
   * woke, the screen was unlocked, another network or a VPN). The realtime socket is kept if it
   * heard HelenaCRM in the last `aliveWithinMs` (the time since the first sign of the change) or
   * answers a probe, and dialled again if not (or at once when `rerouted`); a delta sync runs, and
   * the outbox sends what waited out a backoff. Nothing while no one is signed in or the token
   * expired: there is nothing to reconnect.
   */
  checkConnectionNow(aliveWithinMs = 0, options: ConnectionCheckOptions = {}): Promise<void> {
    const engines = this.engines;
    if (!engines || this.auth !== 'logged_in') return Promise.resolve();
    engines.outbox.retryNow();
    return engines.sync.checkConnectionNow(aliveWithinMs, options);
  }

  /** Settles when the sync started by the last login or open has finished its first pass (tests, shells). */
  whenSynced(): Promise<void> {
    return this.syncStarted;
  }

  private async stopEngines(): Promise<void> {
    const engines = this.engines;
    if (!engines) return;
    this.engines = null;
    if (this.serverRecheck) clearTimeout(this.serverRecheck);
    this.serverRecheck = null;
    this.scheduleWatch?.stop();
    this.scheduleWatch = null;
    for (const unsubscribe of this.unsubscribers) unsubscribe();
    this.unsubscribers = [];
    await Promise.allSettled([engines.sync.stop(), engines.outbox.stop()]);
    this.connectivity = { state: 'offline', realtime: 'offline' };
    // Sync no longer says what is reachable: a server error on the logout request after this
    // (onServerHealth) would otherwise tell the login screen 'instável' from the last session's 'online'.
    this.reachability = { state: 'offline', realtime: 'offline' };
    this.serverFailing = false;
    this.forgetConnectivityWindow();
    // A pass cut short by the stop, or a retry the stop called off, is told no more (unsubscribed
    // above): its progress would stay on the bar through the next login.
    if (this.sync.progress !== null || this.sync.retrying === true) this.emit({ type: 'sync-stopped', retrying: false });
  }

  private markExpired(): void {
    // Queued messages wait for the next login instead of being tried with a dead token.
    this.engines?.outbox.setAuthorized(false);
    if (this.auth === 'expired') return;
    this.auth = 'expired';
    this.token = null;
    this.forgetSavedToken();
    this.emit({ type: 'auth-expired' });
  }

  /**
   * Drops the saved token without waiting. The OS keychain can refuse (in the app it answers over
   * the core process's link): the agent must still be asked to log in, and an unhandled refusal
   * would end the core process. A token left behind is expired anyway; the next login replaces it.
   */
  private forgetSavedToken(): void {
    this.options.secrets.clear().catch(() => undefined);
  }

  /** What sync last said about reachability; shownState() adds HelenaCRM's own health to it. */
  private reachability: { state: ConnectivityState; realtime: 'connected' | 'connecting' | 'offline' } = { state: 'offline', realtime: 'offline' };
  private serverFailing = false;
  private serverRecheck: ReturnType<typeof setTimeout> | null = null;

  private shownState(): ConnectivityState {
    return this.reachability.state === 'online' && this.serverFailing ? 'unstable' : this.reachability.state;
  }

  private setServerFailing(failing: boolean): void {
    if (this.serverFailing === failing) return;
    this.serverFailing = failing;
    if (failing && !this.serverRecheck) {
      this.serverRecheck = setTimeout(() => {
        this.serverRecheck = null;
        if (this.serverFailing) this.engines?.sync.syncNow().catch(() => undefined);
      }, this.options.serverRecheckMs ?? SERVER_RECHECK_MS);
      this.serverRecheck.unref?.();
    } else if (!failing && this.serverRecheck) {
      clearTimeout(this.serverRecheck);
      this.serverRecheck = null;
    }
    if (this.reachability.state === 'online') this.emit({ type: 'connectivity', state: this.shownState(), realtime: this.reachability.realtime });
  }

  /** The connectivity event listeners last heard, and one since (same state) that waits for the window to end. */
  private connectivityTold: ConnectivityEvent | null = null;
  private connectivityHeld: ConnectivityEvent | null = null;
  private connectivityWindow: ReturnType<typeof setTimeout> | null = null;

  /** True when the event waits (CONNECTIVITY_COALESCE_MS); false when it is to be told now, opening a window. */
  private holdConnectivity(event: ConnectivityEvent): boolean {
    const told = this.connectivityTold;
    if (this.connectivityWindow && told && told.state === event.state) {
      // Back to what was told (a drop and its redial within the window): nothing to tell at its end.
      this.connectivityHeld = told.realtime === event.realtime && told.detail === event.detail ? null : event;
      return true;
    }
    this.openConnectivityWindow(event);
    return false;
  }

  private openConnectivityWindow(told: ConnectivityEvent): void {
    this.connectivityTold = told;
    this.connectivityHeld = null;
    if (this.connectivityWindow) clearTimeout(this.connectivityWindow);
    this.connectivityWindow = setTimeout(() => {
      this.connectivityWindow = null;
      const held = this.connectivityHeld;
      if (!held) return;
      // Told as a new one: a socket still flapping is told again one window later, no sooner.
      this.openConnectivityWindow(held);
      this.tell(held);
    }, CONNECTIVITY_COALESCE_MS);
    this.connectivityWindow.unref?.();
  }

  /** Engines stopped: what waited is no more told (as their other events), and the next session's first is told at once. */
  private forgetConnectivityWindow(): void {
    if (this.connectivityWindow) clearTimeout(this.connectivityWindow);
    this.connectivityWindow = null;
    this.connectivityHeld = null;
    this.connectivityTold = null;
  }

  private track(event: CoreEvent): void {
    switch (event.type) {
      case 'connectivity':
        this.connectivity = {
          state: event.state as ConnectivityState,
          realtime: event.realtime,
          ...(event.state === 'offline' && event.detail ? { detail: event.detail } : {}),
        };
        break;
      case 'sync-progress':
        this.sync = { ...this.sync, state: 'syncing', progress: { resource: event.resource, done: event.done, total: event.total, phase: event.phase }, retrying: false };
        break;
      case 'sync-finished':
        this.sync = { state: 'idle', lastFinishedAt: event.at, progress: null, retrying: false };
        break;
      case 'sync-stopped':
        this.sync = { state: this.sync.lastFinishedAt === null ? 'never' : 'idle', lastFinishedAt: this.sync.lastFinishedAt, progress: null, retrying: event.retrying };
        break;
      case 'auth-expired':
        // Sync stops until the next login: no pass is under way or coming (the window reads the snapshot again).
        this.sync = { ...this.sync, state: this.sync.lastFinishedAt === null ? 'never' : 'idle', progress: null, retrying: false };
        this.engines?.outbox.setAuthorized(false);
        if (this.auth !== 'expired') {
          this.auth = 'expired';
          this.token = null;
          this.forgetSavedToken();
        }
        break;
      default:
        break;
    }
  }
}
