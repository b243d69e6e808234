import { describe, expect, it } from 'vitest';
import { HelenaError } from '../api';
import { failureText } from '../api/failure-messages';
import { decideFailure } from './failure-policy';

const policy = { baseMs: 1_000, capMs: 60_000, maxAttempts: 5 };
const err = (detail: ConstructorParameters<typeof HelenaError>[0]['detail'], status: number | null = null) =>
  new HelenaError({ detail, status, key: 'test' });

describe('decideFailure', () => {
  it('retries network, 5xx and 429 with a capped wait, 429 at least its Retry-After', () => {
    const network = decideFailure(err({ kind: 'network', cause: 'refused' }), 1, policy, () => 0.5);
    expect(network).toMatchObject({ action: 'retry', delayMs: 500 });
    const late = decideFailure(err({ kind: 'server' }, 500), 4, policy, () => 0.999);
    expect(late.action === 'retry' && late.delayMs).toBeLessThanOrEqual(8_000);
    expect(decideFailure(err({ kind: 'rate_limited', retryAfterMs: 30_000 }, 429), 1, policy, () => 0)).toMatchObject({ action: 'retry', delayMs: 30_000 });
  });

  it("waits out a 429's Retry-After for 5 minutes at most: a proxy's \"an hour\" would hold a queued text past restarts", () => {
    expect(decideFailure(err({ kind: 'rate_limited', retryAfterMs: 3_600_000 }, 429), 1, policy, () => 0)).toMatchObject({ action: 'retry', delayMs: 5 * 60_000 });
  });

  it('gives up after maxAttempts as a retryable failure the agent can resend', () => {
    expect(decideFailure(err({ kind: 'server' }, 503), 5, policy)).toMatchObject({ action: 'fail', retryable: true });
  });

  it('holds a 131047 for the reply and fails validation for good, in pt-BR', () => {
    expect(decideFailure(err({ kind: 'window_closed' }, 400), 1, policy).action).toBe('hold');
    const refused = decideFailure(err({ kind: 'validation', fields: ['templateId'] }, 400), 1, policy);
    expect(refused).toMatchObject({ action: 'fail', retryable: false });
    expect(refused.reason).toMatch(/O HelenaCRM recusou os dados \(templateId\)/);
  });

  it('pauses on an expired token instead of retrying with it, and the message does not fail', () => {
    const expired = decideFailure(err({ kind: 'unauthorized', tokenExpired: true }, 401), 1, policy);
    expect(expired).toMatchObject({ action: 'pause' });
    expect(expired.reason).toMatch(/expirou/);
    expect(decideFailure(err({ kind: 'unauthorized', tokenExpired: true }, 401), 50, policy).action).toBe('pause');
  });

  it('gives every reason a stable code: pt-BR stored as before, English from the same code', () => {
    const cases = [
      [decideFailure(new Error('boom'), 1, policy), 'unknown', {}, 'Falha inesperada ao enviar a mensagem. Tente novamente.'],
      [decideFailure(err({ kind: 'unauthorized', tokenExpired: true }, 401), 1, policy), 'auth_paused', {},
        'Sua sessão no HelenaCRM expirou: a mensagem sai assim que você entrar de novo.'],
      [decideFailure(err({ kind: 'network', cause: 'refused' }), 1, policy), 'network', {},
        'Sem conexão com o HelenaCRM. Suas mensagens ficam na fila e serão enviadas quando a conexão voltar.'],
      [decideFailure(err({ kind: 'network', cause: 'timeout' }), 1, policy), 'network_timeout', {},
        'O HelenaCRM demorou demais para responder. Suas mensagens ficam na fila e serão enviadas quando a conexão voltar.'],
      [decideFailure(err({ kind: 'rate_limited', retryAfterMs: 30_000 }, 429), 1, policy), 'rate_limited', { seconds: 30 },
        'O HelenaCRM pediu uma pausa (limite de solicitações). Tentaremos de novo em 30 s, sem perder nada.'],
      [decideFailure(err({ kind: 'window_closed' }, 400), 1, policy), 'window_closed', {},
        'A janela de 24 horas do WhatsApp está fechada: só um modelo aprovado pode ser enviado agora. A mensagem aguarda a resposta do contato.'],
      [decideFailure(err({ kind: 'validation', fields: ['templateId'] }, 400), 1, policy), 'validation_fields', { fields: 'templateId' },
        'O HelenaCRM recusou os dados (templateId).'],
      [decideFailure(err({ kind: 'forbidden' }, 403), 1, policy), 'forbidden', {}, 'Você não tem permissão para fazer isso no HelenaCRM.'],
    ] as const;
    for (const [decision, code, values, ptBr] of cases) {
      expect(decision.code, code).toEqual({ code, values });
      expect(decision.reason).toBe(ptBr);
      expect(failureText({ code, values }, 'en')).not.toBe(ptBr);
    }
    expect(failureText({ code: 'auth_paused', values: {} }, 'en')).toBe('Your HelenaCRM session expired: the message goes out as soon as you sign in again.');
  });

  it('keeps HelenaCRM\'s own words in a conflict, inside the English sentence too', () => {
    const conflict = new HelenaError({ detail: { kind: 'conflict' }, status: 409, key: 'test', serverText: 'refId já usado' });
    const decision = decideFailure(conflict, 1, policy);
    expect(decision).toMatchObject({ action: 'fail', retryable: false, reason: 'Conflito no HelenaCRM: refId já usado' });
    expect(decision.code).toEqual({ code: 'conflict_text', values: { serverText: 'refId já usado' } });
    expect(decision.code && failureText(decision.code, 'en')).toBe('Conflict in HelenaCRM: refId já usado');
    const validation = decideFailure(err({ kind: 'validation', fields: [] }, 400), 1, policy);
    expect(validation.code).toEqual({ code: 'validation', values: {} });
  });

  it('has no code for an error whose message was written by hand: its text stands alone', () => {
    const custom = new HelenaError({ detail: { kind: 'server' }, status: 500, key: 'test', message: 'Texto próprio.' });
    expect(decideFailure(custom, 1, policy)).toMatchObject({ action: 'retry', reason: 'Texto próprio.', code: null });
  });
});
