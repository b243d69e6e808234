/**
 * HelenaClient against a real local HTTP server that scripts the awkward answers (429, 500,
 * reset, hang, closed port). Real sockets and real timers; waits are short by configuration.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { HelenaClient, type HelenaClientOptions } from './helena-client';
import { HelenaError, isHelenaError, OFFLINE_MESSAGE } from './errors';
import { failure } from './testing/failure';
import { closedPort, maxInAnyWindow, startScriptedServer, type ScriptedAnswer, type ScriptedServer } from './testing/scripted-server';
import type { HelenaLogger } from './transport';

const TOKEN = 'agt_5ecr3t-T0KEN-never-logged-0123456789';
const REF = '5b6f1c1e-8a4b-4c1e-9d2f-0a1b2c3d4e5f';
const SESSION = '0f9e8d7c-6b5a-4f3e-8d2c-1b0a9f8e7d6c';
const EMPTY_PAGE = { pageNumber: 1, pageSize: 100, orderBy: null, orderDirection: null, totalItems: 0, totalPages: 0, hasMorePages: false, items: [] };
const QUICK_MESSAGE = { id: '11111111-2222-4333-8444-555555555555', updatedAt: '2025-03-01T12:00:00Z', sessionId: SESSION, status: 'QUEUED', failureReason: null };
const FAST_RETRY = { maxAttempts: 4, baseMs: 20, capMs: 80, maxRetryAfterMs: 10_000 };

function internal(status: string, key: string | null, text: string | null, details: unknown = null) {
  return { error: true, date: '2025-03-01T12:00:00Z', key, text, isUnsolvableError: false, details, httpStatusCode: status };
}

let server: ScriptedServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

interface Harness {
  server: ScriptedServer;
  client: HelenaClient;
  logs: string[];
}

async function harness(script: Parameters<typeof startScriptedServer>[0], options: Partial<HelenaClientOptions> = {}): Promise<Harness> {
  server = await startScriptedServer(script);
  const logs: string[] = [];
  const logger: HelenaLogger = {
    debug: (m, f) => logs.push(`${m} ${JSON.stringify(f)}`),
    warn: (m, f) => logs.push(`${m} ${JSON.stringify(f)}`),
  };
  const client = new HelenaClient({ baseUrl: server.url, getToken: () => TOKEN, retry: FAST_RETRY, timeoutMs: 2_000, logger, ...options });
  return { server, client, logs };
}

function expectNoToken(err: HelenaError, logs: string[] = []): void {
  expect(JSON.stringify(err)).not.toContain(TOKEN);
  expect(String(err.stack)).not.toContain(TOKEN);
  expect(err.message).not.toContain(TOKEN);
  expect(Object.values(err).map((v) => JSON.stringify(v) ?? '').join(' ')).not.toContain(TOKEN);
  for (const line of logs) expect(line).not.toContain(TOKEN);
}

describe('HelenaClient over the wire', () => {
  it('sends the bearer token and serialises queries the ASP.NET way', async () => {
    const h = await harness(() => ({ status: 200, body: EMPTY_PAGE }));
    await h.client.listSessions({ status: ['PENDING', 'IN_PROGRESS'], updatedAfter: new Date(Date.UTC(2025, 2, 1)), pageSize: 50 });
    await h.client.listTemplates({ channelId: SESSION, approvedOnly: true, type: 'ATTENDANCE' });
    const [sessions, templates] = h.server.requests;
    expect(sessions?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(sessions?.path).toBe('/chat/v2/session');
    expect(sessions?.query.getAll('Status')).toEqual(['PENDING', 'IN_PROGRESS']);
    expect(sessions?.query.get('UpdatedAt.After')).toBe('2025-03-01T00:00:00.000Z');
    expect(sessions?.query.get('PageSize')).toBe('50');
    expect(sessions?.url).not.toContain('%5B'); // no brackets
    expect(templates?.query.get('Type')).toBe('ATTENDANCE');
    expect(templates?.query.getAll('IncludeDetails')).toEqual(['Params']);
    expect(templates?.query.get('ApprovedOnly')).toBe('true');
    for (const line of h.logs) expect(line).not.toContain(TOKEN);
  });

  it('a burst of 50 with max=10 per 500 ms never exceeds the limit in any window', async () => {
    const windowMs = 500;
    const h = await harness(
      (req, i) => {
        // The server enforces the limit too: anything past it would be answered 429.
        const recent = h.server.requests.slice(0, i + 1).filter((r) => r.at > req.at - windowMs);
        return recent.length > 10 ? { status: 429, headers: { 'Retry-After': '1' }, body: {} } : { status: 200, body: EMPTY_PAGE, delayMs: i % 7 };
      },
      { rateLimit: { max: 10, windowMs } },
    );
    const started = Date.now();
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => h.client.listContacts({ pageNumber: i + 1 })));
    const elapsed = Date.now() - started;
    expect(results).toHaveLength(50);
    const times = h.server.requests.map((r) => r.at);
    expect(times).toHaveLength(50); // no 429, so no retries
    expect(maxInAnyWindow(times, windowMs)).toBeLessThanOrEqual(10);
    // 5 batches of 10: at least 4 full windows apart, and not much slower than the limit allows.
    expect(elapsed).toBeGreaterThanOrEqual(4 * windowMs);
    expect(elapsed).toBeLessThan(4 * windowMs + 1_500);
  });

  it('a 429 pauses every caller for Retry-After, then the request succeeds', async () => {
    const h = await harness((req, i) =>
      i === 0
        ? { status: 429, headers: { 'Retry-After': '1' }, body: internal('TooManyRequests', 'rate_limit.exceeded', 'Too many requests') }
        : { status: 200, body: req.path === '/chat/v1/channel' ? [] : EMPTY_PAGE },
    );
    const first = h.client.listContacts();
    while (h.server.requests.length === 0) await new Promise((r) => setTimeout(r, 5));
    await new Promise((r) => setTimeout(r, 30)); // the 429 is back at the client
    const [page, channels] = await Promise.all([first, h.client.listChannels()]);
    expect(page.items).toEqual([]);
    expect(channels).toEqual([]);
    const [rejected, ...after] = h.server.requests;
    expect(after).toHaveLength(2);
    for (const r of after) expect(r.at - (rejected as { at: number }).at).toBeGreaterThanOrEqual(990);
  });

  it('honours Retry-After given as an HTTP date', async () => {
    const h = await harness((_req, i) =>
      i === 0 ? { status: 429, headers: { 'Retry-After': new Date(Date.now() + 2_000).toUTCString() }, body: {} } : { status: 200, body: EMPTY_PAGE },
    );
    await h.client.listContacts();
    const [a, b] = h.server.requests;
    // HTTP dates have 1 s resolution: the wait is between 1 and 2 s.
    expect((b?.at ?? 0) - (a?.at ?? 0)).toBeGreaterThanOrEqual(990);
  });

  it('a Retry-After beyond the policy fails at once as rate_limited, with the wait in ms', async () => {
    const h = await harness(() => ({ status: 429, headers: { 'Retry-After': '120' }, body: {} }));
    const err = await failure(h.client.listContacts());
    expect(isHelenaError(err, 'rate_limited') && err.detail.retryAfterMs).toBe(120_000);
    expect(h.server.requests).toHaveLength(1);
    expect(h.client.bucket.stats.pausedUntil).toBeGreaterThan(Date.now() + 100_000);
    h.client.bucket.close();
  });

  it("a Retry-After of an hour (a proxy, a WAF) holds the account's requests for 5 minutes at most, not the hour", async () => {
    const h = await harness(() => ({ status: 429, headers: { 'Retry-After': '3600' }, body: {} }));
    const err = await failure(h.client.listContacts());
    expect(isHelenaError(err, 'rate_limited') && err.detail.retryAfterMs).toBe(3_600_000);
    const pausedFor = h.client.bucket.stats.pausedUntil - Date.now();
    expect(pausedFor).toBeGreaterThan(4 * 60_000);
    expect(pausedFor).toBeLessThanOrEqual(5 * 60_000);
    h.client.bucket.close();
  });

  it('500 then 200: retried with backoff and succeeds', async () => {
    const h = await harness((_req, i) => (i < 2 ? { status: 500, body: internal('InternalServerError', null, 'Boom') } : { status: 200, body: EMPTY_PAGE }));
    const page = await h.client.listContacts();
    expect(page.items).toEqual([]);
    expect(h.server.requests).toHaveLength(3);
  });

  it('retries stop at maxAttempts and the last error is thrown', async () => {
    const h = await harness(() => ({ status: 503, body: internal('ServiceUnavailable', 'maintenance', 'Down') }));
    const err = await failure(h.client.getSession(SESSION));
    expect(err.kind).toBe('server');
    expect(err.status).toBe(503);
    expect(h.server.requests).toHaveLength(FAST_RETRY.maxAttempts);
    expectNoToken(err, h.logs);
  });

  it('4xx is never retried', async () => {
    const h = await harness(() => ({ status: 400, body: internal('BadRequest', 'validation.field_required', "The field 'text' is required.", { field: 'text' }) }));
    const err = await failure(h.client.sendSessionMessage(SESSION, { text: 'oi', refId: REF }));
    expect(isHelenaError(err, 'validation') && err.detail.fields).toEqual(['text']);
    expect(h.server.requests).toHaveLength(1);
  });

  it('POSTs retry on an unknown outcome only with a refId; the login code at most once', async () => {
    const h = await harness(() => ({ status: 500, body: internal('InternalServerError', null, 'Boom') }));
    await failure(h.client.sendSessionMessage(SESSION, { text: 'oi' }));
    expect(h.server.requests).toHaveLength(1);

    h.server.requests.length = 0;
    await failure(h.client.sendSessionMessage(SESSION, { text: 'oi', refId: REF }));
    expect(h.server.requests).toHaveLength(FAST_RETRY.maxAttempts);
    expect(new Set(h.server.requests.map((r) => (JSON.parse(r.body) as { refId: string }).refId))).toEqual(new Set([REF]));

    h.server.requests.length = 0;
    await failure(h.client.requestLoginCode('ana@example.com'));
    expect(h.server.requests).toHaveLength(2);
    expect(h.server.requests[0]?.headers.authorization).toBeUndefined();
  });

  it('a reset connection is retried for a GET, not for a POST without refId', async () => {
    const h = await harness((req, i) => (i === 0 ? { destroy: true } : req.method === 'GET' ? { status: 200, body: EMPTY_PAGE } : { status: 200, body: QUICK_MESSAGE }));
    await h.client.listContacts();
    expect(h.server.requests).toHaveLength(2);

    h.server.setScript(() => ({ destroy: true }));
    h.server.requests.length = 0;
    const err = await failure(h.client.sendSessionMessage(SESSION, { text: 'oi' }));
    expect(err.kind).toBe('network');
    expect(err.key).toBe('network.reset');
    expect(h.server.requests).toHaveLength(1);
    expectNoToken(err, h.logs);
  });

  it('a slow answer times out, is retried, and ends as a network timeout', async () => {
    const h = await harness(() => ({ hang: true }), { timeoutMs: 150, retry: { ...FAST_RETRY, maxAttempts: 2 } });
    const started = Date.now();
    const err = await failure(h.client.listChannels());
    expect(err.kind).toBe('network');
    expect(err.key).toBe('network.timeout');
    expect(err.message).toContain('demorou demais');
    expect(h.server.requests).toHaveLength(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    expectNoToken(err, h.logs);
  });

  it('connection refused: retried, then the offline message, and no token anywhere', async () => {
    const port = await closedPort();
    const logs: string[] = [];
    const client = new HelenaClient({
      baseUrl: `http://127.0.0.1:${port}`,
      getToken: () => TOKEN,
      retry: FAST_RETRY,
      logger: { warn: (m, f) => logs.push(`${m} ${JSON.stringify(f)}`), debug: (m, f) => logs.push(`${m} ${JSON.stringify(f)}`) },
    });
    // Even a POST without refId may be retried: a refused connection never reached the server.
    const err = await failure(client.sendSessionMessage(SESSION, { text: 'oi' }));
    expect(err.kind).toBe('network');
    expect(err.key).toBe('network.refused');
    expect(err.message).toBe(OFFLINE_MESSAGE);
    expect(err.retryable).toBe(true);
    expect(logs.filter((l) => l.includes('retry in'))).toHaveLength(FAST_RETRY.maxAttempts - 1);
    expectNoToken(err, logs);
  });

  it('401 auth.token_expired: not retried, reported to onUnauthorized, token not in the error', async () => {
    const seen: HelenaError[] = [];
    const h = await harness(() => ({ status: 401, body: internal('Unauthorized', 'auth.token_expired', `Token ${TOKEN} expired`) }), {
      onUnauthorized: (e) => seen.push(e),
    });
    const err = await failure(h.client.me());
    expect(isHelenaError(err, 'unauthorized') && err.detail.tokenExpired).toBe(true);
    expect(seen).toHaveLength(1);
    expect(h.server.requests).toHaveLength(1);
    expect(err.serverText).toContain('[redacted]');
    expectNoToken(err, h.logs);
  });

  it('131047 on /send/text (ProblemDetails) is window_closed', async () => {
    const h = await harness(() => ({
      status: 400,
      headers: { 'Content-Type': 'application/problem+json' },
      body: { type: 'https://helena.sandbox/problems/whatsapp.131047', title: 'BadRequest', status: 400, detail: 'Re-engagement message', key: 'whatsapp.131047' },
    }));
    const err = await failure(h.client.sendText({ from: '5511999990000', to: '5511988887777', text: 'oi', refId: REF }));
    expect(err.kind).toBe('window_closed');
    expect(h.server.requests).toHaveLength(1);
  });

  it('a body that breaks the schema is invalid_response naming the field', async () => {
    const contact = { id: SESSION, createdAt: '2025-03-01T12:00:00Z', updatedAt: 'not a date', name: 'Ana', phoneNumber: null, email: null, status: 'ACTIVE' };
    const h = await harness(() => ({ status: 200, body: { ...EMPTY_PAGE, totalItems: 1, totalPages: 1, items: [contact] } }));
    const err = await failure(h.client.listContacts());
    expect(isHelenaError(err, 'invalid_response') && err.detail.path).toBe('items.0.updatedAt');
    expect(h.server.requests).toHaveLength(1);
  });

  it('without a token the call fails at once and sends nothing', async () => {
    const h = await harness(() => ({ status: 200, body: EMPTY_PAGE }), { getToken: () => null });
    const err = await failure(h.client.listContacts());
    expect(err.kind).toBe('unauthorized');
    expect(err.key).toBe('auth.no_token');
    expect(h.server.requests).toHaveLength(0);
  });

  it('a bad input never reaches the server', async () => {
    const h = await harness(() => ({ status: 200, body: QUICK_MESSAGE }));
    const err = await failure(h.client.sendSessionMessage(SESSION, { text: 'oi', refId: 'not-a-uuid' }));
    expect(isHelenaError(err, 'validation') && err.detail.fields).toEqual(['refId']);
    expect(err.key).toBe('client.validation');
    expect(h.server.requests).toHaveLength(0);
  });
  it('a POST without a body names no media type (axios would say form-urlencoded); one with a body says JSON', async () => {
    const h = await harness((req) => (req.path === '/auth/v1/logout' ? { status: 204 } : { status: 200, body: QUICK_MESSAGE }));
    await h.client.logout();
    await h.client.sendSessionMessage(SESSION, { text: 'oi', refId: REF });
    const [logout, send] = h.server.requests;
    expect(logout?.method).toBe('POST');
    expect(logout?.body).toBe('');
    expect(logout?.headers['content-type']).toBeUndefined();
    expect(send?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(send?.body ?? '')).toMatchObject({ text: 'oi', refId: REF });
  });

  it('sign-in is not on the account budget: it goes out while every token is taken', async () => {
    const h = await harness(() => ({ status: 200, body: { expiresAt: '2025-03-01T12:10:00Z', channel: 'email' } }), { rateLimit: { max: 1, windowMs: 60_000 } });
    const release = await h.client.bucket.acquire(); // the account's only token, held
    const sent = await h.client.requestLoginCode('ana@example.com');
    expect(sent.channel).toBe('email');
    expect(h.server.requests).toHaveLength(1);
    expect(h.client.bucket.stats.granted).toBe(1);
    release();
    h.client.bucket.close();
  });

  it('onExchange: once per call, retries over; any answer but a 401 is "answered", no answer is not, an abort says nothing', async () => {
    const outcomes: string[] = [];
    const onExchange: HelenaClientOptions['onExchange'] = (o) => outcomes.push(o.answered ? 'answered' : `unreachable ${o.error.key}`);
    const answers: Record<string, ScriptedAnswer> = {
      '/core/v1/contact': { status: 200, body: EMPTY_PAGE },
      '/chat/v1/channel': { status: 404, body: internal('NotFound', null, null) },
      '/core/v1/tag': { status: 503, body: null },
      '/auth/v1/me': { status: 401, body: internal('Unauthorized', 'auth.token_expired', null) },
    };
    // Each call's first try is reset: its retry gets the answer, and only the call's end is told.
    const reset = new Set<string>();
    const h = await harness((req) => {
      if (reset.has(req.path)) return answers[req.path] ?? { hang: true };
      reset.add(req.path);
      return { destroy: true };
    }, { onExchange });
    await h.client.listContacts();
    await failure(h.client.listChannels());
    await failure(h.client.listTags());
    await failure(h.client.me());
    expect(outcomes).toEqual(['answered', 'answered', 'answered']);

    outcomes.length = 0;
    h.server.setScript(() => ({ destroy: true }));
    await failure(h.client.listContacts());
    // Aborted by the app while HelenaCRM thinks: nothing known of the way there.
    h.server.setScript(() => ({ hang: true }));
    const asked = h.server.requests.length;
    const aborted = new AbortController();
    const pending = failure(h.client.listContacts({}, { signal: aborted.signal }));
    while (h.server.requests.length === asked) await new Promise((resolve) => setTimeout(resolve, 5));
    aborted.abort();
    expect((await pending).key).toBe('network.aborted');
    expect(outcomes).toEqual(['unreachable network.reset']);
  });
});
