/**
 * The one error shape the UI receives: {code, message (pt-BR), field?, issues?}. Built from plain
 * data only, never by wrapping another error, so no stack, request config or token can ride along
 * to the renderer.
 */
import type { z } from 'zod';
import { isHelenaError } from '../api/errors';
import { OutboxInputError } from '../outbox/input-error';
import { DatabaseTooNewError, MigrationFailedError } from '../store';

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
  | 'store'
  | `api.${string}`
  | 'internal';

export interface FieldIssue {
  /** Dotted path of the input field, e.g. "parameters.nome". */
  field: string;
  message: string;
}

/** What crosses the bridge. */
export interface ConsoleErrorBody {
  code: ConsoleErrorCode;
  message: string;
  field?: string;
  issues?: FieldIssue[];
}

export class ConsoleError extends Error {
  override readonly name = 'ConsoleError';
  readonly code: ConsoleErrorCode;
  readonly field: string | undefined;
  readonly issues: FieldIssue[] | undefined;

  constructor(body: ConsoleErrorBody) {
    super(body.message);
    this.code = body.code;
    this.field = body.field;
    this.issues = body.issues;
  }

  toJSON(): ConsoleErrorBody {
    const body: ConsoleErrorBody = { code: this.code, message: this.message };
    if (this.field !== undefined) body.field = this.field;
    if (this.issues !== undefined) body.issues = this.issues.map((i) => ({ ...i }));
    return body;
  }
}

function fieldOf(path: readonly PropertyKey[]): string {
  return path.map((p) => String(p)).join('.');
}

/** One pt-BR sentence per zod issue, naming the field the agent (or the renderer) got wrong. */
function messageOf(issue: z.core.$ZodIssue, field: string): string {
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
    return { field, message: messageOf(issue, base) };
  });
  const first = issues[0] ?? { field: '', message: `Entrada inválida para "${command}".` };
  return new ConsoleError({
    code: 'invalid_input',
    message: first.message,
    ...(first.field !== '' ? { field: first.field } : {}),
    issues,
  });
}

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
  if (error instanceof DatabaseTooNewError || error instanceof MigrationFailedError) {
    return new ConsoleError({ code: 'store', message: error.message });
  }
  return new ConsoleError({
    code: 'internal',
    message: 'Algo deu errado no Helena Desk. Tente de novo; se continuar, avise o suporte.',
  });
}
