import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InternalException } from '../../src/api/helena-dto';
import { api, DEMO_LOGINS, loginAs, startTestSandbox, type RunningSandbox } from '../testing';

let sandbox: RunningSandbox;

beforeAll(async () => {
  // Sign-in (code + verify) is anonymous and not on the account's budget: 5 data requests fill it.
  sandbox = await startTestSandbox({ rateLimit: { max: 5, windowMs: 2_000 } });
});
afterAll(async () => {
  await sandbox.close();
});

describe('rate limit (one bucket per account)', () => {
  it('answers 429 with Retry-After past max requests per window, across tokens, and lets requests through again later', async () => {
    const started = Date.now();
    const first = api(sandbox, (await loginAs(sandbox, DEMO_LOGINS.agent)).token);
    const second = api(sandbox, (await loginAs(sandbox, DEMO_LOGINS.agent2)).token);
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await first.get('/core/v1/agent')).status);
    for (let i = 0; i < 2; i++) statuses.push((await second.get('/chat/v1/channel')).status);
    const limited = await second.get('/core/v1/agent');
    expect(statuses).toEqual([200, 200, 200, 200, 200]);
    expect(limited.status).toBe(429);
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 2).toBe(true);
    const body = InternalException.parse(limited.body);
    expect(body.key).toBe('rate_limit.exceeded');
    expect(body.httpStatusCode).toBe('TooManyRequests');

    // The /chat/v1/send family answers ProblemDetails.
    const send = await first.post('/chat/v1/send/text', { text: 'oi' });
    expect(send.status).toBe(429);
    expect(send.body).toMatchObject({ status: 429, key: 'rate_limit.exceeded' });
    // The control API is never limited.
    expect((await api(sandbox).get(`/control/v1/login-code?login=${DEMO_LOGINS.agent}`)).status).toBe(200);

    // Poll until the window slides past the first requests (no fixed sleep).
    let status = 429;
    while (status === 429 && Date.now() - started < 5_000) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      status = (await first.get('/core/v1/agent')).status;
    }
    expect(status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_900);
  });
});

describe('what the account budget counts', () => {
  it('sign-in is not counted (anonymous, so nobody can drain the account with it); me and the data routes are', async () => {
    const own = await startTestSandbox({ rateLimit: { max: 2, windowMs: 60_000 } });
    try {
      const logins = [];
      for (let i = 0; i < 3; i++) logins.push(await loginAs(own, DEMO_LOGINS.agent)); // 6 sign-in requests
      const http = api(own, logins[0]?.token ?? null);
      expect((await http.get('/auth/v1/me')).status).toBe(200);
      expect((await http.get('/chat/v1/channel')).status).toBe(200);
      expect((await http.get('/core/v1/agent')).status).toBe(429);
      expect((await http.get('/auth/v1/me')).status).toBe(429);
      // Still free to sign in while the account waits.
      expect((await api(own).post('/auth/v1/login/code', { login: DEMO_LOGINS.agent2 })).status).toBe(200);
    } finally {
      await own.close();
    }
  });
});
