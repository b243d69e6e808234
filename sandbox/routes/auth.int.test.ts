import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgentDTO, InternalException, LoginCodeResponse, LoginVerifyResponse } from '../../src/api/helena-dto';
import { agentFromToken } from '../auth';
import { api, DEMO_LOGINS, loginAs, readLoginCode, startTestSandbox, type RunningSandbox } from '../testing';

let sandbox: RunningSandbox;
const anonymous = () => api(sandbox);

beforeAll(async () => {
  sandbox = await startTestSandbox({ codeTtlMs: 60_000, tokenTtlMs: 3_600_000 });
});
afterAll(async () => {
  await sandbox.close();
});

function errorKey(body: unknown): string | null {
  return InternalException.parse(body).key;
}

describe('login with a one-time code', () => {
  it('gives a token for the right code, and /auth/v1/me answers the agent', async () => {
    const asked = await anonymous().post('/auth/v1/login/code', { login: DEMO_LOGINS.agent });
    expect(asked.status).toBe(200);
    expect(LoginCodeResponse.parse(asked.body).channel).toBe('email');
    const code = await readLoginCode(sandbox, DEMO_LOGINS.agent);
    expect(code).toMatch(/^\d{6}$/);

    const verified = await anonymous().post('/auth/v1/login/verify', { login: DEMO_LOGINS.agent, code });
    expect(verified.status).toBe(200);
    const session = LoginVerifyResponse.parse(verified.body);
    expect(session.agent.email).toBe(DEMO_LOGINS.agent);
    expect(session.agent.profile).toBe('Agent');

    const me = await api(sandbox, session.token).get('/auth/v1/me');
    expect(me.status).toBe(200);
    expect(AgentDTO.parse(me.body).userId).toBe(session.agent.userId);
  });

  it('accepts the phone number in any format and the email in any case', async () => {
    const byPhone = await loginAs(sandbox, '(31) 99111-0004');
    expect(byPhone.agent.email).toBe(DEMO_LOGINS.restricted);
    expect(byPhone.agent.profile).toBe('RestrictedAgent');
    const byEmail = await loginAs(sandbox, '  Conceicao.Goncalves@DEMO.helena.com.br ');
    expect(byEmail.agent.profile).toBe('Admin');
  });

  it('answers an unknown login exactly like a known one, but issues no usable code', async () => {
    const unknown = await anonymous().post('/auth/v1/login/code', { login: 'ninguem@exemplo.com.br' });
    expect(unknown.status).toBe(200);
    expect(Object.keys(unknown.body as object).sort()).toEqual(['channel', 'expiresAt']);
    expect((await anonymous().get('/control/v1/login-code?login=ninguem@exemplo.com.br')).status).toBe(404);
    const verify = await anonymous().post('/auth/v1/login/verify', { login: 'ninguem@exemplo.com.br', code: '123456' });
    expect(verify.status).toBe(401);
  });

  it('refuses a wrong code with 401', async () => {
    await anonymous().post('/auth/v1/login/code', { login: DEMO_LOGINS.agent2 });
    const code = await readLoginCode(sandbox, DEMO_LOGINS.agent2);
    const wrong = code === '000000' ? '000001' : '000000';
    const res = await anonymous().post('/auth/v1/login/verify', { login: DEMO_LOGINS.agent2, code: wrong });
    expect(res.status).toBe(401);
    expect(errorKey(res.body)).toBe('auth.code_invalid');
    // The right code still works afterwards.
    expect((await anonymous().post('/auth/v1/login/verify', { login: DEMO_LOGINS.agent2, code })).status).toBe(200);
  });

  it('refuses a code used twice', async () => {
    await anonymous().post('/auth/v1/login/code', { login: DEMO_LOGINS.agent });
    const code = await readLoginCode(sandbox, DEMO_LOGINS.agent);
    expect((await anonymous().post('/auth/v1/login/verify', { login: DEMO_LOGINS.agent, code })).status).toBe(200);
    const again = await anonymous().post('/auth/v1/login/verify', { login: DEMO_LOGINS.agent, code });
    expect(again.status).toBe(401);
  });

  it('refuses an expired code with 401 auth.code_expired', async () => {
    await anonymous().post('/auth/v1/login/code', { login: DEMO_LOGINS.agent });
    const code = await readLoginCode(sandbox, DEMO_LOGINS.agent);
    sandbox.ctx.clock.advance(60_001);
    const res = await anonymous().post('/auth/v1/login/verify', { login: DEMO_LOGINS.agent, code });
    expect(res.status).toBe(401);
    expect(errorKey(res.body)).toBe('auth.code_expired');
  });

  it('burns the outstanding codes after five wrong attempts', async () => {
    await anonymous().post('/auth/v1/login/code', { login: DEMO_LOGINS.admin });
    const code = await readLoginCode(sandbox, DEMO_LOGINS.admin);
    const wrong = code === '999999' ? '999998' : '999999';
    for (let i = 0; i < 5; i++) {
      expect((await anonymous().post('/auth/v1/login/verify', { login: DEMO_LOGINS.admin, code: wrong })).status).toBe(401);
    }
    expect((await anonymous().post('/auth/v1/login/verify', { login: DEMO_LOGINS.admin, code })).status).toBe(401);
  });

  it('answers 400 naming the field for a malformed body', async () => {
    const noLogin = await anonymous().post('/auth/v1/login/code', {});
    expect(noLogin.status).toBe(400);
    expect(InternalException.parse(noLogin.body).text).toContain('"login"');
    const badCode = await anonymous().post('/auth/v1/login/verify', { login: DEMO_LOGINS.agent, code: '12ab' });
    expect(badCode.status).toBe(400);
    expect(InternalException.parse(badCode.body).text).toContain('"code"');
    const notALogin = await anonymous().post('/auth/v1/login/code', { login: 'not a login' });
    expect(notALogin.status).toBe(400);
    expect(InternalException.parse(notALogin.body).text).toContain('"login"');
  });
});

describe('Bearer tokens', () => {
  it('are required on /core, /chat and /auth/v1/me', async () => {
    for (const path of ['/core/v1/contact', '/chat/v1/channel', '/auth/v1/me']) {
      const res = await anonymous().get(path);
      expect(res.status, path).toBe(401);
      expect(errorKey(res.body)).toBe('auth.unauthorized');
    }
    const forged = await api(sandbox, 'not-a-real-token-at-all-123456').get('/core/v1/agent');
    expect(forged.status).toBe(401);
  });

  it('expire on the sandbox clock (401 auth.token_expired), also for sockets', async () => {
    const { token } = await loginAs(sandbox, DEMO_LOGINS.agent);
    expect((await api(sandbox, token).get('/core/v1/agent')).status).toBe(200);
    expect(agentFromToken(sandbox.ctx, token)?.profile).toBe('Agent');
    sandbox.ctx.clock.advance(3_600_001);
    const res = await api(sandbox, token).get('/core/v1/agent');
    expect(res.status).toBe(401);
    expect(errorKey(res.body)).toBe('auth.token_expired');
    expect(agentFromToken(sandbox.ctx, token)).toBeNull();
  });

  it('stop working after logout', async () => {
    const { token } = await loginAs(sandbox, DEMO_LOGINS.agent2);
    const out = await api(sandbox, token).post('/auth/v1/logout');
    expect(out.status).toBe(204);
    expect((await api(sandbox, token).get('/auth/v1/me')).status).toBe(401);
  });

  it('answer ProblemDetails on /chat/v1/send/* when missing', async () => {
    const res = await anonymous().post('/chat/v1/send/text', { text: 'oi' });
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ status: 401, key: 'auth.unauthorized' });
  });
});

describe('bodies', () => {
  async function rawPost(path: string, token: string | null, contentType: string | null, body: string) {
    const headers: Record<string, string> = {};
    if (token) headers.authorization = `Bearer ${token}`;
    if (contentType) headers['content-type'] = contentType;
    const res = await fetch(`${sandbox.url}${path}`, { method: 'POST', headers, body });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as unknown) : null };
  }

  it('an empty POST is accepted whatever Content-Type labels it (axios says form-urlencoded)', async () => {
    for (const contentType of ['application/x-www-form-urlencoded', 'application/json', 'text/plain', null]) {
      const { token } = await loginAs(sandbox, DEMO_LOGINS.agent2);
      const out = await rawPost('/auth/v1/logout', token, contentType, '');
      expect(out.status, String(contentType)).toBe(204);
      expect((await api(sandbox, token).get('/auth/v1/me')).status).toBe(401);
    }
    // A route that needs a body still names the missing field, instead of a media-type error.
    const noBody = await rawPost('/auth/v1/login/code', null, 'application/x-www-form-urlencoded', '');
    expect(noBody.status).toBe(400);
    expect(InternalException.parse(noBody.body).text).toContain('"login"');
  });

  it('a body that is not JSON is refused with 415, and broken JSON with 400', async () => {
    const form = await rawPost('/auth/v1/login/code', null, 'application/x-www-form-urlencoded', `login=${DEMO_LOGINS.agent}`);
    expect(form.status).toBe(415);
    expect(errorKey(form.body)).toBe('validation.unsupported_media_type');
    const broken = await rawPost('/auth/v1/login/code', null, 'application/json', '{"login":');
    expect(broken.status).toBe(400);
    expect(errorKey(broken.body)).toBe('validation.invalid_json');
  });
});
