/**
 * The one error shape the UI receives: {code, message (pt-BR), messageEn?, field?, issues?}. Built from plain
 * data only, never by wrapping another error, so no stack, request config or token can ride along
 * to the renderer.
 */
import type { z } from 'zod';
import { isHelenaError } from '../api/errors';
import { OutboxInputError } from '../outbox/input-error';
import { DatabaseTooNewError, MigrationFailedError, storageFailureOf, type StorageFailure } from '../store/errors';
import { DataDirLockedError } from '../store/data-dir-locked';
import type { Locale } from '../domain/window';
import { consoleText, isConsoleMessageCode, type ConsoleMessageCode, type ConsoleMessageValues } from './console-messages';

export type ConsoleErrorCode =
  | 'invalid_input'
  | 'invalid_parameters'
  | 'unknown_command'
  | 'not_open'
  | 'not_logged_in'
  | 'auth_expired'
  | 'not_found'
  | 'not_allowed'
  | 'too_late'
  /** A transfer's note did not reach HelenaCRM, so the transfer was not made (the note stays queued or failed). */
  | 'note_not_sent'
  /** Needs HelenaCRM now and cannot wait in the outbox (a contact edit): try again when the connection is back. */
  | 'offline'
  /** An edit of a held text is recorded but not finished (HelenaCRM's answer to the withdrawal is unknown): the outbox finishes it. */
  | 'edit_pending'
  | 'store'
  /** The core's process stopped while answering; it was restarted (src/host/core-link.ts). */
  | 'core_restarted'
  | 'core_unavailable'
  /** Another Helena Desk process already runs the core on this data folder (store/data-dir-lock.ts). */
  | 'data_dir_locked'
  | `api.${string}`
  /** The setup screen's refusals of a server address, answered by the shell (src/server-setup/). */
  | `server.${string}`
  /** The shell's refusals of app.restartToUpdate (src/console/update-commands.ts). */
  | `update.${string}`
  /** The shell's refusal of app.reloadWindow in a browser tab (src/console/window-commands.ts). */
  | `window.${string}`
  | 'internal';

export interface FieldIssue {
  /** Dotted path of the input field, e.g. "parameters.nome". */
  field: string;
  message: string;
  /** The same in English, when the core has it (the UI falls back to its own text, then to `message`). */
  messageEn?: string;
}

/** What crosses the bridge. */
export interface ConsoleErrorBody {
  code: ConsoleErrorCode;
  /** pt-BR. */
  message: string;
  /** English, when the core has it. */
  messageEn?: string;
  field?: string;
  issues?: FieldIssue[];
}

export class ConsoleError extends Error {
  override readonly name = 'ConsoleError';
  readonly code: ConsoleErrorCode;
  readonly field: string | undefined;
  readonly issues: FieldIssue[] | undefined;
  readonly messageEn: string | undefined;

  constructor(body: ConsoleErrorBody) {
    super(body.message);
    this.code = body.code;
    this.field = body.field;
    this.issues = body.issues;
    this.messageEn = body.messageEn;
  }

  toJSON(): ConsoleErrorBody {
    const body: ConsoleErrorBody = { code: this.code, message: this.message };
    if (this.messageEn !== undefined) body.messageEn = this.messageEn;
    if (this.field !== undefined) body.field = this.field;
    if (this.issues !== undefined) body.issues = this.issues.map((i) => ({ ...i }));
    return body;
  }
}

function fieldOf(path: readonly PropertyKey[]): string {
  return path.map((p) => String(p)).join('.');
}

/** A refusal the agent reads, in both languages, from the console's catalog (console-messages.ts). */
export function refusal(
  code: ConsoleErrorCode,
  text: ConsoleMessageCode,
  options: { field?: string; values?: ConsoleMessageValues } = {},
): ConsoleError {
  return new ConsoleError({
    code,
    message: consoleText(text, options.values),
    messageEn: consoleText(text, options.values, 'en'),
    ...(options.field !== undefined ? { field: options.field } : {}),
  });
}

/**
 * One sentence per zod issue, naming the field the agent (or the renderer) got wrong. A schema may
 * give a catalog code as its issue's message (e.g. 'contact.email_invalid'): then that sentence,
 * written for the agent, is used instead of the generic one.
 */
function messageOf(issue: z.core.$ZodIssue, field: string, locale: Locale = 'pt-BR'): string {
  if (isConsoleMessageCode(issue.message)) return consoleText(issue.message, {}, locale);
  return locale === 'en' ? englishMessageOf(issue, field) : portugueseMessageOf(issue, field);
}

function englishMessageOf(issue: z.core.$ZodIssue, field: string): string {
  const name = field === '' ? 'The input' : `The field "${field}"`;
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? `${name} is required.` : `${name} has the wrong type (expected: ${issue.expected}).`;
    case 'too_big':
      return issue.origin === 'string' ? `${name} takes at most ${String(issue.maximum)} characters.` : `${name} takes at most ${String(issue.maximum)}.`;
    case 'too_small':
      return issue.origin === 'string' ? `${name} needs at least ${String(issue.minimum)} characters.` : `${name} must be at least ${String(issue.minimum)}.`;
    case 'invalid_format':
      return issue.format === 'uuid' ? `${name} must be a valid identifier (UUID).` : `${name} has an invalid format.`;
    case 'invalid_value':
      return `${name} must be one of: ${issue.values.map(String).join(', ')}.`;
    case 'unrecognized_keys':
      return `Unknown field: ${issue.keys.map((k) => `"${field === '' ? k : `${field}.${k}`}"`).join(', ')}.`;
    case 'invalid_union':
      return `${name} has an invalid format.`;
    default:
      return issue.message === 'required' ? `${name} is required.` : `${name} is invalid.`;
  }
}

function portugueseMessageOf(issue: z.core.$ZodIssue, field: string): string {
  const name = field === '' ? 'A entrada' : `O campo "${field}"`;
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? `${name} é obrigatório.` : `${name} tem um tipo inválido (esperado: ${issue.expected}).`;
    case 'too_big':
      return issue.origin === 'string'
        ? `${name} aceita no máximo ${String(issue.maximum)} caracteres.`
        : `${name} aceita no máximo ${String(issue.maximum)}.`;
    case 'too_small':
      return issue.origin === 'string'
        ? `${name} precisa de pelo menos ${String(issue.minimum)} caracteres.`
        : `${name} precisa ser no mínimo ${String(issue.minimum)}.`;
    case 'invalid_format':
      return issue.format === 'uuid' ? `${name} precisa ser um identificador (UUID) válido.` : `${name} está em um formato inválido.`;
    case 'invalid_value':
      return `${name} precisa ser um destes valores: ${issue.values.map(String).join(', ')}.`;
    case 'unrecognized_keys':
      return `Campo desconhecido: ${issue.keys.map((k) => `"${field === '' ? k : `${field}.${k}`}"`).join(', ')}.`;
    case 'invalid_union':
      return `${name} está em um formato inválido.`;
    default:
      return issue.message === 'required' ? `${name} é obrigatório.` : `${name} é inválido.`;
  }
}

export function inputError(command: string, error: z.ZodError): ConsoleError {
  const issues: FieldIssue[] = error.issues.map((issue) => {
    const base = fieldOf(issue.path);
    const field = issue.code === 'unrecognized_keys' ? [base, issue.keys[0] ?? ''].filter((s) => s !== '').join('.') : base;
    return { field, message: messageOf(issue, base), messageEn: messageOf(issue, base, 'en') };
  });
  const first = issues[0] ?? {
    field: '',
    message: consoleText('input.invalid_for', { command }),
    messageEn: consoleText('input.invalid_for', { command }, 'en'),
  };
  return new ConsoleError({
    code: 'invalid_input',
    message: first.message,
    ...(first.messageEn !== undefined ? { messageEn: first.messageEn } : {}),
    ...(first.field !== '' ? { field: first.field } : {}),
    issues,
  });
}

/** A disk that refused a write is something the agent can act on (a full disk above all), unlike a bug. */
const STORAGE_TEXT: Record<StorageFailure, ConsoleMessageCode> = {
  full: 'store.disk_full',
  io: 'store.write_failed',
  corrupt: 'store.corrupt',
};

/** Any failure as something safe to show: typed errors keep their pt-BR message, anything else is generic. */
export function toConsoleError(error: unknown): ConsoleError {
  if (error instanceof ConsoleError) return error;
  if (isHelenaError(error)) {
    const fields = error.detail.kind === 'validation' ? error.detail.fields : [];
    return new ConsoleError({
      code: `api.${error.kind}`,
      message: error.message,
      ...(fields[0] !== undefined ? { field: fields[0] } : {}),
    });
  }
  if (error instanceof OutboxInputError) {
    return new ConsoleError({ code: 'invalid_input', message: error.message, field: error.field });
  }
  if (error instanceof DataDirLockedError) {
    return new ConsoleError({ code: 'data_dir_locked', message: error.message, messageEn: error.messageEn });
  }
  if (error instanceof DatabaseTooNewError || error instanceof MigrationFailedError) {
    return new ConsoleError({ code: 'store', message: error.message });
  }
  const storage = storageFailureOf(error);
  if (storage) return refusal('store', STORAGE_TEXT[storage]);
  return refusal('internal', 'app.internal');
}
