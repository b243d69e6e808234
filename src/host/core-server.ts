/**
 * The core's side of the process link (core-protocol.ts): opens the core when the shell says so,
 * answers each invoke, forwards every event, and closes on request. The token stays with the shell:
 * the core's SecretStore here asks the shell for it.
 */
import type { CoreEventListener } from '../console/core-events';
import type { HandleResult } from '../console/console';
import { refusal } from '../console/errors';
import type { SecretStore } from '../console/secret-store';
import { CORE_LOG_MAX, coreOpenOptionsSchema, shellMessageSchema, type CoreLogLevel, type CoreOpenOptions, type CoreToShell, type NetworkChangeMessage } from './core-protocol';

/** Electron's process.parentPort, or a stand-in with the same two members. */
export interface ParentPortLike {
  on(event: 'message', listener: (event: { data: unknown }) => void): unknown;
  postMessage(message: unknown): void;
}

export interface ServedCore {
  handle(command: unknown, input: unknown): Promise<HandleResult>;
  on(listener: CoreEventListener): () => void;
  close(): Promise<void>;
  /** The network may have changed: take the proxy chosen again and check the connection now (app-core.ts). */
  networkChanged?(change: NetworkChangeMessage): Promise<void>;
}

export interface ServeCoreDeps {
  /**
   * Opens the core. onUpgrading: call it when the cache's migrations are about to run (console.ts
   * OpenOptions); the shell hears 'store-upgrading' then, though the core's own events flow only once open.
   */
  open(options: CoreOpenOptions, secrets: SecretStore, onUpgrading: () => void): Promise<ServedCore>;
  /** Ends the process once the core has closed. */
  exit(code: number): void;
  /** Where the core process reports problems (never a message's contents: they may hold the token); the shell's log by default. */
  log?: (message: string) => void;
  /** How long a secret request waits for the shell. */
  secretTimeoutMs?: number;
}

type SecretOp = 'get' | 'set' | 'clear';

/** Tokens and the like are shorter than this, and hold no whitespace. */
const LONGEST_SECRET = 512;

/**
 * A line cut to what the link carries. The shell redacts what arrives, and a secret cut in half
 * would no longer match what it hides: the cut never leaves part of a word at the end (or, with no
 * space near the end, drops the last LONGEST_SECRET characters).
 */
export function cutLogLine(message: string): string {
  if (message.length <= CORE_LOG_MAX) return message;
  const head = message.slice(0, CORE_LOG_MAX - 1);
  const lastSpace = head.search(/\s\S*$/);
  return `${lastSpace >= head.length - LONGEST_SECRET ? head.slice(0, lastSpace) : head.slice(0, head.length - LONGEST_SECRET)}…`;
}

/**
 * A line for the shell's log file, which marks it as the core's: this process writes no file of
 * its own (core-protocol.ts 'log'). Never throws: logging must not break what was being logged.
 */
export type CoreLog = (level: CoreLogLevel, message: string) => void;

/** Serves the core over `port`; returns where the rest of the core's process can log. */
export function serveCore(port: ParentPortLike, deps: ServeCoreDeps): CoreLog {
  const post = (message: CoreToShell): void => port.postMessage(message);
  const toShell: CoreLog = (level, message) => {
    try {
      post({ type: 'log', level, message: cutLogLine(message) });
    } catch {
      // The link is gone (the shell is quitting): nowhere left to write.
    }
  };
  const log = deps.log ?? ((message: string) => toShell('warn', message));
  const pendingSecrets = new Map<number, { resolve: (value: string | null) => void; reject: (error: Error) => void }>();
  let nextSecretId = 1;
  let core: ServedCore | null = null;
  let opening = false;
  let closing = false;
  /** A change heard while the core opened: applied once it has. */
  let changedWhileOpening: NetworkChangeMessage | null = null;
  const networkChanged = (change: NetworkChangeMessage): void => {
    if (!core || closing || !core.networkChanged) return;
    core.networkChanged(change).catch((error: unknown) => log(`a verificação da conexão falhou: ${error instanceof Error ? error.message : String(error)}`));
  };

  const askShell = (op: SecretOp, token?: string): Promise<string | null> =>
    new Promise((resolve, reject) => {
      const id = nextSecretId++;
      const timer = setTimeout(() => {
        pendingSecrets.delete(id);
        reject(new Error('o aplicativo não respondeu ao pedido da credencial'));
      }, deps.secretTimeoutMs ?? 10_000);
      pendingSecrets.set(id, {
        resolve: (value) => {
          clearTimeout(timer);
          resolve(value);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
      if (op === 'set') post({ type: 'secret-set', id, token: token ?? '' });
      else post({ type: op === 'get' ? 'secret-get' : 'secret-clear', id });
    });
  const secrets: SecretStore = {
    get: () => askShell('get'),
    set: async (token) => {
      await askShell('set', token);
    },
    clear: async () => {
      await askShell('clear');
    },
  };

  const open = async (options: CoreOpenOptions): Promise<void> => {
    if (core || opening) return;
    opening = true;
    try {
      const opened = await deps.open(coreOpenOptionsSchema.parse(options), secrets, () => post({ type: 'event', event: { type: 'store-upgrading' } }));
      core = opened;
      opened.on((event) => post({ type: 'event', event }));
      post({ type: 'opened' });
      if (changedWhileOpening) networkChanged(changedWhileOpening);
      changedWhileOpening = null;
    } catch (error) {
      const { code, messageEn } = typedFields(error);
      post({
        type: 'open-failed',
        message: (error instanceof Error ? error.message : String(error)).slice(0, 4000),
        ...(code ? { code } : {}),
        ...(messageEn ? { messageEn: messageEn.slice(0, 4000) } : {}),
      });
    } finally {
      opening = false;
    }
  };

  const invoke = async (id: number, command: string, input: unknown): Promise<void> => {
    let result: HandleResult;
    if (!core || closing) {
      result = { ok: false, error: refusal('not_open', 'store.not_open').toJSON() };
    } else {
      try {
        result = await core.handle(command, input);
      } catch {
        result = { ok: false, error: refusal('internal', 'app.internal').toJSON() };
      }
    }
    post({ type: 'result', id, result });
  };

  const close = async (): Promise<void> => {
    if (closing) return;
    closing = true;
    try {
      await core?.close();
    } catch (error) {
      log(`o núcleo não fechou corretamente: ${error instanceof Error ? error.message : String(error)}`);
    }
    core = null;
    post({ type: 'closed' });
    deps.exit(0);
  };

  port.on('message', ({ data }) => {
    const parsed = shellMessageSchema.safeParse(data);
    if (!parsed.success) {
      log('mensagem do aplicativo ignorada: formato inesperado');
      return;
    }
    const message = parsed.data;
    switch (message.type) {
      case 'open':
        void open(message.options);
        break;
      case 'invoke':
        void invoke(message.id, message.command, message.input);
        break;
      case 'secret-answer': {
        const pending = pendingSecrets.get(message.id);
        pendingSecrets.delete(message.id);
        if (!pending) break;
        if (message.ok) pending.resolve(message.value);
        else pending.reject(new Error('o cofre de credenciais do sistema recusou o pedido'));
        break;
      }
      case 'close':
        void close();
        break;
      case 'ping':
        post({ type: 'pong', id: message.id });
        break;
      case 'network-changed':
        // While it opens, the core still dials by the options it was opened with: the change waits for it.
        if (opening) changedWhileOpening = message.change;
        else networkChanged(message.change);
        break;
    }
  });
  post({ type: 'ready' });
  return toShell;
}

/** A ConsoleError's code and English text, when the failure is one (a plain Error has neither). */
function typedFields(error: unknown): { code?: string; messageEn?: string } {
  if (typeof error !== 'object' || error === null) return {};
  const { code, messageEn } = error as { code?: unknown; messageEn?: unknown };
  return {
    ...(typeof code === 'string' && code.length > 0 && code.length <= 128 ? { code } : {}),
    ...(typeof messageEn === 'string' ? { messageEn } : {}),
  };
}
