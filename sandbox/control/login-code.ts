/**
 * GET /control/v1/login-code?login=… → {code, expiresAt, used} of the latest one-time code of a
 * login (email or phone in any format). Control API only: tests and demos read codes here
 * instead of an inbox.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { SandboxContext } from '../context';
import { latestLoginCode, normaliseLogin } from '../auth';
import { ApiError } from '../http-errors';
import { invalidField, parseQuery } from '../validation';

const LoginCodeQuery = z.object({
  login: z.preprocess((v) => (Array.isArray(v) ? v[v.length - 1] : v), z.string({ message: 'required' }).min(3).max(255)),
});

export function registerLoginCodeControl(app: FastifyInstance, ctx: SandboxContext): void {
  app.get('/control/v1/login-code', async (request) => {
    const query = parseQuery(LoginCodeQuery, request);
    const login = normaliseLogin(query.login);
    if (!login) throw invalidField('login', 'expected an email address or a phone number');
    const latest = latestLoginCode(ctx, login);
    if (!latest) throw new ApiError(404, 'login_code.not_found', `No code was issued for ${login.login}.`, { login: login.login });
    return { code: latest.code, expiresAt: latest.expiresAt, used: latest.used };
  });
}
