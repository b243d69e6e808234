/**
 * Every failure of a HelenaCRM call, as one error class with a `kind` the rest of the app switches
 * on (outbox: retry or hold; sync: log in again; console: show `message` to the agent).
 *
 * `message` is pt-BR and written for an agent. The server's own text (English + key) is kept in
 * `serverText`/`key` for logs and support. These errors are built by hand from plain data, never
 * wrapped around an axios error: axios errors carry the request config, and with it the
 * Authorization header. Nothing here may ever hold the bearer token.
 */

export type NetworkCause = 'offline' | 'refused' | 'reset' | 'timeout' | 'dns' | 'aborted' | 'other';

export type HelenaErrorDetail =
  | { kind: 'unauthorized'; tokenExpired: boolean }
  | { kind: 'forbidden' }
  | { kind: 'not_found' }
  | { kind: 'rate_limited'; retryAfterMs: number }
  | { kind: 'window_closed' }
  | { kind: 'validation'; fields: string[] }
  | { kind: 'conflict' }
  | { kind: 'network'; cause: NetworkCause }
  | { kind: 'server' }
  | { kind: 'invalid_response'; path: string; issue: string };

export type HelenaErrorKind = HelenaErrorDetail['kind'];
export type DetailOf<K extends HelenaErrorKind> = Extract<HelenaErrorDetail, { kind: K }>;

export interface HelenaErrorInit<D extends HelenaErrorDetail = HelenaErrorDetail> {
  detail: D;
  /** HTTP status, or null when no answer came (network) or before sending. */
  status: number | null;
  /** Stable machine key: the server's (`auth.token_expired`, `whatsapp.131047`) or ours (`network.refused`). */
  key: string;
  /** The server's own text, when it sent one. */
  serverText?: string | null;
  method?: string;
  /** Request path without the query string. */
  path?: string;
  /** Overrides the default pt-BR message for the kind. */
  message?: string;
}

export class HelenaError<D extends HelenaErrorDetail = HelenaErrorDetail> extends Error {
  override readonly name = 'HelenaError';
  readonly kind: D['kind'];
  readonly detail: D;
  readonly status: number | null;
  readonly key: string;
  readonly serverText: string | null;
  readonly method: string | null;
  readonly path: string | null;

  constructor(init: HelenaErrorInit<D>) {
    super(init.message ?? agentMessage(init.detail, init.serverText ?? null));
    this.kind = init.detail.kind;
    this.detail = init.detail;
    this.status = init.status;
    this.key = init.key;
    this.serverText = init.serverText ?? null;
    this.method = init.method ?? null;
    this.path = init.path ?? null;
  }

  /** Worth trying again later without any change by the agent (offline, server trouble, throttled). */
  get retryable(): boolean {
    return this.kind === 'network' || this.kind === 'server' || this.kind === 'rate_limited';
  }

  is<K extends HelenaErrorKind>(kind: K): this is HelenaError<DetailOf<K>> {
    return this.kind === kind;
  }

  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      kind: this.kind,
      message: this.message,
      status: this.status,
      key: this.key,
      serverText: this.serverText,
      method: this.method,
      path: this.path,
      detail: this.detail,
    };
  }
}

export function isHelenaError(err: unknown): err is HelenaError;
export function isHelenaError<K extends HelenaErrorKind>(err: unknown, kind: K): err is HelenaError<DetailOf<K>>;
export function isHelenaError(err: unknown, kind?: HelenaErrorKind): boolean {
  return err instanceof HelenaError && (kind === undefined || err.kind === kind);
}

export const OFFLINE_MESSAGE =
  'Sem conexão com o HelenaCRM. Suas mensagens ficam na fila e serão enviadas quando a conexão voltar.';

function seconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}

/** The sentence an agent reads. */
export function agentMessage(detail: HelenaErrorDetail, serverText: string | null): string {
  switch (detail.kind) {
    case 'unauthorized':
      return detail.tokenExpired
        ? 'Sua sessão no HelenaCRM expirou. Entre novamente com seu e-mail ou telefone; seus dados locais continuam aqui.'
        : 'Acesso não autorizado no HelenaCRM. Entre novamente com seu e-mail ou telefone.';
    case 'forbidden':
      return 'Você não tem permissão para fazer isso no HelenaCRM.';
    case 'not_found':
      return 'Não encontrado no HelenaCRM: o registro pode ter sido removido.';
    case 'rate_limited':
      return `O HelenaCRM pediu uma pausa (limite de solicitações). Tentaremos de novo em ${seconds(detail.retryAfterMs)} s, sem perder nada.`;
    case 'window_closed':
      return 'A janela de 24 horas do WhatsApp está fechada: só um modelo aprovado pode ser enviado agora. A mensagem aguarda a resposta do contato.';
    case 'validation': {
      const fields = detail.fields.length > 0 ? ` (${detail.fields.join(', ')})` : '';
      const why = serverText ? `: ${serverText}` : '.';
      return `O HelenaCRM recusou os dados${fields}${why}`;
    }
    case 'conflict':
      return 'Conflito no HelenaCRM: o registro foi alterado por outra pessoa. Atualize e tente de novo.';
    case 'network':
      return detail.cause === 'timeout'
        ? 'O HelenaCRM demorou demais para responder. Suas mensagens ficam na fila e serão enviadas quando a conexão voltar.'
        : OFFLINE_MESSAGE;
    case 'server':
      return 'O HelenaCRM está com instabilidade no momento. Tentaremos de novo automaticamente.';
    case 'invalid_response':
      return `O HelenaCRM enviou uma resposta inesperada (campo ${detail.path || 'corpo'}). Avise o suporte.`;
  }
}
