import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { invalidResponseError, mapHttpError, networkError, readErrorBody } from './error-mapping';
import { HelenaError, isHelenaError, OFFLINE_MESSAGE } from './errors';

const req = { method: 'POST', path: '/chat/v1/send/text' };
const now = Date.parse('2025-03-01T12:00:00Z');
const TOKEN = 'tok_9f8e7d6c5b4a39281706abcdef';

function internal(status: string, key: string | null, text: string | null, details: unknown = null) {
  return { error: true, date: '2025-03-01T12:00:00Z', key, text, isUnsolvableError: true, details, httpStatusCode: status };
}
function problem(status: number, extra: Record<string, unknown>) {
  return { type: 'https://tools.ietf.org/html/rfc7231#section-6.5.1', title: 'Bad Request', status, instance: req.path, ...extra };
}
function map(status: number, body: unknown, retryAfter: string | null = null): HelenaError {
  return mapHttpError({ status, body, retryAfterHeader: retryAfter, nowMs: now, token: TOKEN }, req);
}

describe('mapHttpError', () => {
  it('401 with auth.token_expired is an expired session, in either body shape', () => {
    for (const body of [internal('Unauthorized', 'auth.token_expired', 'Token expired'), problem(401, { key: 'auth.token_expired', detail: 'Token expired' })]) {
      const err = map(401, body);
      expect(err.kind).toBe('unauthorized');
      expect(err.is('unauthorized') && err.detail.tokenExpired).toBe(true);
      expect(err.key).toBe('auth.token_expired');
      expect(err.message).toMatch(/sessão .* expirou/);
    }
    const plain = map(401, internal('Unauthorized', 'auth.invalid_token', 'Invalid token'));
    expect(isHelenaError(plain, 'unauthorized') && plain.detail.tokenExpired).toBe(false);
  });

  it('recognises WhatsApp 131047 by key or by code, in InternalException and ProblemDetails', () => {
    const bodies = [
      internal('BadRequest', 'whatsapp.131047', 'Re-engagement message'),
      internal('BadRequest', 'message.send_failed', 'Send failed', { code: 131047, title: 'Re-engagement message' }),
      problem(400, { detail: 'Re-engagement message', errors: [{ code: 131047, title: 'Re-engagement message' }] }),
      problem(400, { type: 'https://helena.sandbox/problems/whatsapp.131047', detail: 'Outside the window' }),
      problem(400, { detail: 'x', error: { error_data: { details: 'y' }, code: '131047' } }),
    ];
    for (const body of bodies) {
      const err = map(400, body);
      expect(err.kind, JSON.stringify(body)).toBe('window_closed');
      expect(err.retryable).toBe(false);
      expect(err.message).toContain('janela de 24 horas');
    }
    // Another WhatsApp code is not the window.
    expect(map(400, internal('BadRequest', 'whatsapp.131026', 'Undeliverable', { code: 131026 })).kind).toBe('validation');
  });

  it('validation names the field and keeps the server text (InternalException details)', () => {
    const err = map(400, internal('BadRequest', 'validation.field_required', "The field 'text' is required.", { field: 'text' }));
    expect(err.kind).toBe('validation');
    expect(err.is('validation') && err.detail.fields).toEqual(['text']);
    expect(err.serverText).toBe("The field 'text' is required.");
    expect(err.key).toBe('validation.field_required');
    expect(err.message).toContain('(text)');
    const many = map(422, internal('UnprocessableEntity', 'validation.invalid', 'Invalid', [
      { field: 'parameters.nome', message: 'required' },
      { propertyName: 'to', message: 'bad phone' },
    ]));
    expect(many.is('validation') && many.detail.fields).toEqual(['parameters.nome', 'to']);
  });

  it('validation in the sandbox shapes: details {fields: [{field, message}]} and ProblemDetails errors = details', () => {
    const details = { fields: [{ field: 'to', message: 'Invalid phone' }, { field: 'parameters.nome', message: 'Required' }] };
    const a = map(400, internal('BadRequest', 'validation.invalid_field', 'Invalid field "to": Invalid phone', details));
    expect(a.is('validation') && a.detail.fields).toEqual(['to', 'parameters.nome']);
    const b = map(400, problem(400, { key: 'validation.invalid_field', detail: 'Invalid field "to": Invalid phone', errors: details }));
    expect(b.is('validation') && b.detail.fields).toEqual(['to', 'parameters.nome']);
    expect(b.key).toBe('validation.invalid_field');
    expect(b.serverText).toBe('Invalid field "to": Invalid phone');
    const c = map(400, problem(400, { key: 'validation.field_required', detail: 'Field "text" is required.', errors: { field: 'text' } }));
    expect(c.is('validation') && c.detail.fields).toEqual(['text']);
    const d = map(400, internal('BadRequest', 'validation.invalid', 'x', { fields: ['name', 'email'] }));
    expect(d.is('validation') && d.detail.fields).toEqual(['name', 'email']);
    const e = map(400, problem(400, { detail: 'Bad', errors: ['Something is wrong'] }));
    expect(e.is('validation') && e.detail.fields).toEqual([]);
  });

  it('validation from ASP.NET ValidationProblemDetails (errors map)', () => {
    const err = map(400, problem(400, { title: 'One or more validation errors occurred.', errors: { Text: ['The Text field is required.'], To: ['Invalid'] } }));
    expect(err.kind).toBe('validation');
    expect(err.is('validation') && err.detail.fields).toEqual(['Text', 'To']);
    expect(err.serverText).toBe('The Text field is required.');
  });

  it('maps the other statuses', () => {
    expect(map(403, internal('Forbidden', 'session.not_visible', 'No access')).kind).toBe('forbidden');
    expect(map(404, internal('NotFound', 'contact.not_found', 'Not found')).kind).toBe('not_found');
    expect(map(409, internal('Conflict', 'contact.duplicate', 'Duplicate')).kind).toBe('conflict');
    const server = map(500, internal('InternalServerError', null, 'Boom'));
    expect(server.kind).toBe('server');
    expect(server.key).toBe('http.500');
    expect(server.retryable).toBe(true);
    const html = map(502, '<html>Bad gateway</html>');
    expect(html.kind).toBe('server');
    expect(html.serverText).toBeNull();
    expect(map(408, null).kind).toBe('network');
  });

  it('429 carries Retry-After in ms, from seconds or an HTTP date', () => {
    const a = map(429, problem(429, { title: 'Too Many Requests' }), '3');
    expect(a.is('rate_limited') && a.detail.retryAfterMs).toBe(3_000);
    const b = map(429, internal('TooManyRequests', 'rate_limit', 'Slow down'), 'Sat, 01 Mar 2025 12:00:10 GMT');
    expect(b.is('rate_limited') && b.detail.retryAfterMs).toBe(10_000);
    expect(b.message).toContain('10 s');
  });

  it('scrubs the bearer token from server text and never stores it', () => {
    const err = map(401, internal('Unauthorized', 'auth.invalid_token', `Invalid token ${TOKEN}`));
    expect(err.serverText).toBe('Invalid token [redacted]');
    expect(JSON.stringify(err)).not.toContain(TOKEN);
    expect(String(err.stack)).not.toContain(TOKEN);
  });
});

describe('readErrorBody', () => {
  it('tolerates bodies that are neither shape', () => {
    expect(readErrorBody(null)).toEqual({ key: null, text: null, fields: [], windowClosed: false });
    expect(readErrorBody({ message: 'nope' }).text).toBe('nope');
  });
});

describe('networkError', () => {
  it('says the agent is offline, in Portuguese, and why', () => {
    const err = networkError('ECONNREFUSED', { method: 'GET', path: '/core/v1/contact' });
    expect(err.kind).toBe('network');
    expect(err.message).toBe(OFFLINE_MESSAGE);
    expect(err.key).toBe('network.refused');
    expect(err.status).toBeNull();
    expect(networkError('ETIMEDOUT', req).key).toBe('network.timeout');
    expect(networkError('ECONNRESET', req).key).toBe('network.reset');
  });

  it('names the proxy, or the server whose certificate is not trusted, in a sentence saying what to do', () => {
    const site = { host: 'api.helena.run', proxy: 'proxy.corp:3128' };
    const proxy = networkError('HELENA_PROXY_UNREACHABLE', req, site);
    expect(proxy.detail).toEqual({ kind: 'network', cause: 'proxy', proxy: 'proxy.corp:3128' });
    expect(proxy.key).toBe('network.proxy');
    expect(proxy.message).toBe('Não foi possível conectar ao HelenaCRM pelo proxy proxy.corp:3128. Confira a configuração de proxy do computador ou avise a TI.');
    expect(networkError('HELENA_PROXY_REFUSED', req, site).detail).toEqual(proxy.detail);
    expect(networkError('HELENA_PROXY_AUTH', req, site).reason).toEqual({ code: 'proxy_auth', values: {} });
    const cert = networkError('SELF_SIGNED_CERT_IN_CHAIN', req, site);
    expect(cert.detail).toEqual({ kind: 'network', cause: 'certificate', host: 'api.helena.run', flaw: 'self_signed' });
    expect(cert.message).toMatch(/^O certificado de segurança de api\.helena\.run não foi emitido por uma autoridade reconhecida/);
    expect(cert.retryable).toBe(true);
    // Without knowing where (a caller that passes no site), still a network failure, never a crash.
    expect(networkError('CERT_HAS_EXPIRED', req).detail).toEqual({ kind: 'network', cause: 'other' });
  });

  it('a 407 from a proxy the route does not know of asks for IT, not for a login', () => {
    const err = map(407, '<html>Proxy Authentication Required</html>');
    expect(err.detail).toEqual({ kind: 'network', cause: 'proxy_auth' });
    expect(err.key).toBe('network.proxy_auth');
    expect(err.message).toMatch(/^O proxy da rede pediu usuário e senha/);
  });
});

describe('invalidResponseError', () => {
  it('names the path of the bad field', () => {
    const schema = z.object({ items: z.array(z.object({ updatedAt: z.string().datetime() })) });
    const parsed = schema.safeParse({ items: [{ updatedAt: '2025-01-01T00:00:00Z' }, { updatedAt: 'yesterday' }] });
    expect(parsed.success).toBe(false);
    if (parsed.success) return;
    const err = invalidResponseError(parsed.error, { method: 'GET', path: '/core/v1/contact' }, 200);
    expect(err.kind).toBe('invalid_response');
    expect(err.is('invalid_response') && err.detail.path).toBe('items.1.updatedAt');
    expect(err.message).toContain('items.1.updatedAt');
  });
});
