/**
 * The shell's log: stderr (the terminal of `npm start`) and, once main.ts opens it, a file in
 * `<userData>/logs/` that support can ask for — packaged on Windows stderr goes nowhere. The core's
 * process sends its lines over the core link (core-protocol.ts 'log') and they land in the same
 * file marked "(núcleo)": one writer, so rotation never races another process and every line
 * passes the same redaction, which needs the token only this process holds.
 *
 * Only messages and error names/messages go through here: never command inputs, results, message
 * texts or tokens, which is why there is no generic "log this object" helper. log-redaction.ts
 * is the net under that rule, applied to every line before any transport writes it.
 *
 * Uses electron-log's Node flavour, not `electron-log/main`: the main flavour registers IPC
 * handlers for renderer logging at import (the window could then write into the file) and offers
 * a preload we do not want; the file transport and rotation are the same.
 */
import path from 'node:path';
import { inspect } from 'node:util';
import electronLog from 'electron-log/node';
import type { CoreLogLevel } from '../src/host/core-protocol';
import type { SecretStore } from '../src/console/secret-store';
import { redact } from './log-redaction';

export const LOG_FILE_NAME = 'main.log';
/** Rotation: past this the file becomes main.old.log (replacing the previous one) and a new one starts. */
export const LOG_MAX_BYTES = 5 * 1024 * 1024;
/** Where the core's lines are marked in the file and on stderr. */
export const CORE_SCOPE = 'núcleo';
/** One line never grows past this (a runaway stack or message): the file stays readable. */
const MAX_LINE = 8_000;
/** Tokens remembered for exact-match redaction: the current one and a few before it. */
const MAX_SECRETS = 8;

type Backend = ReturnType<typeof electronLog.create>;

export interface LogFileOptions {
  /** The folder; created on the first line written. */
  dir: string;
  maxBytes?: number;
}

function describe(detail: unknown): string {
  if (detail === undefined) return '';
  if (detail instanceof Error) return ` (${detail.name}: ${detail.message})`;
  return ` (${String(detail)})`;
}

/** Anything that reaches the backend as one string: an Error by its stack, never an object's fields. */
function flatten(item: unknown): string {
  if (typeof item === 'string') return item;
  if (item instanceof Error) return item.stack ?? `${item.name}: ${item.message}`;
  return inspect(item, { depth: 1, breakLength: Infinity });
}

export class ShellLog {
  private readonly backend: Backend;
  private readonly secrets: string[] = [];
  private file: string | null = null;
  private uncaughtInstalled: (() => void) | null = null;

  /** `logId` keeps loggers made in one process (tests) apart in electron-log's registry. */
  constructor(logId = 'helena-desk') {
    this.backend = electronLog.create({ logId });
    const { console: stderr, file, ipc, remote } = this.backend.transports;
    // No file until main.ts says where: before that the user-data folder is not known.
    file.level = false;
    if (ipc) ipc.level = false;
    if (remote) remote.level = false;
    stderr.format = '[helena-desk] [{level}]{scope} {text}';
    // All of it on stderr, like before: stdout is for what scripts read.
    stderr.writeFn = ({ message }) => console.error(...message.data);
    this.backend.scope.labelPadding = false;
    this.backend.hooks.push((message) => ({ ...message, data: [this.clean(message.data)] }));
  }

  /** The file, from now on; returns its path. electron-log rotates it at maxBytes, keeping one old file. */
  openFile(options: LogFileOptions): string {
    const file = this.backend.transports.file;
    const target = path.join(options.dir, LOG_FILE_NAME);
    file.resolvePathFn = () => target;
    file.maxSize = options.maxBytes ?? LOG_MAX_BYTES;
    file.format = '[{y}-{m}-{d} {h}:{i}:{s}.{ms}{z}] [{level}]{scope} {text}';
    // The agent's own, like the token file: redacted, but it still names servers and hours of work.
    file.writeOptions = { flag: 'a', mode: 0o600, encoding: 'utf8' };
    // electron-log asks for an app name to fill path variables we do not use; the package.json it
    // would look for may not be where it looks (inside app.asar).
    file.setAppName('Helena Desk');
    file.level = 'info';
    this.file = target;
    return target;
  }

  /** The file lines go to, or null while there is none. */
  get filePath(): string | null {
    return this.file;
  }

  /** A value to cut out of every line from now on, wherever it appears (the agent's token). */
  hide(secret: string | null): void {
    if (!secret || this.secrets.includes(secret)) return;
    this.secrets.unshift(secret);
    this.secrets.length = Math.min(this.secrets.length, MAX_SECRETS);
  }

  info(message: string): void {
    this.backend.info(message);
  }

  warn(message: string, detail?: unknown): void {
    this.backend.warn(`${message}${describe(detail)}`);
  }

  error(message: string, detail?: unknown): void {
    this.backend.error(`${message}${describe(detail)}`);
  }

  /** A line from the core's process, marked as the core's. */
  core(level: CoreLogLevel, message: string): void {
    this.backend.scope(CORE_SCOPE)[level](message);
  }

  /**
   * Uncaught errors and unhandled rejections of this process go to the log, with their stack,
   * instead of Electron's "A JavaScript error occurred" dialog, which an agent can only dismiss;
   * returns the uninstaller. The process keeps running, as it does after Electron's dialog.
   */
  catchUncaught(target: NodeJS.Process = process): () => void {
    if (this.uncaughtInstalled) return this.uncaughtInstalled;
    const onError = (error: unknown): void => this.backend.error('erro não tratado:', error instanceof Error ? error : String(error));
    const onRejection = (reason: unknown): void => this.backend.error('promessa rejeitada sem tratamento:', reason instanceof Error ? reason : String(reason));
    target.on('uncaughtException', onError);
    target.on('unhandledRejection', onRejection);
    this.uncaughtInstalled = () => {
      target.removeListener('uncaughtException', onError);
      target.removeListener('unhandledRejection', onRejection);
      this.uncaughtInstalled = null;
    };
    return this.uncaughtInstalled;
  }

  private clean(data: unknown[]): string {
    const line = redact(data.map(flatten).join(' '), this.secrets);
    return line.length > MAX_LINE ? `${line.slice(0, MAX_LINE)}… [cortado]` : line;
  }
}

/** The shell's one log (main.ts opens its file). */
export const log = new ShellLog();

/** `store`, with every token it reads or saves cut out of the log from then on. */
export function hidingTokensFromLog(store: SecretStore, into: ShellLog = log): SecretStore {
  return {
    get: async () => {
      const token = await store.get();
      into.hide(token);
      return token;
    },
    set: async (token) => {
      into.hide(token);
      await store.set(token);
    },
    clear: () => store.clear(),
  };
}
