/**
 * /auth/v1 (sandbox extension; HelenaCRM's public API has one account token and no "me"):
 *   POST /auth/v1/login/code   {login}        → {expiresAt, channel}   (same answer for unknown logins)
 *   POST /auth/v1/login/verify {login, code}  → {token, expiresAt, agent}; wrong/expired/used code → 401
 *   GET  /auth/v1/me                          → AgentDTO of the token's agent
 *   POST /auth/v1/logout                      → 204, the token stops working
 */
import type { FastifyInstance } from 'fastify';
import { LoginCodeRequest, LoginVerifyRequest, type LoginVerifyResponse } from '../../src/api/helena-dto';
import type { SandboxContext } from '../context';
import { agentByUserId, toAgentDTO } from '../data/directory';
import { ApiError } from '../http-errors';
import { inTransaction, invalidField, parseBody } from '../validation';
import { issueLoginCode, normaliseLogin, revokeToken, verifyLoginCode, type NormalisedLogin } from './login';
import { bearerTokenOf } from './token';
import { requireAgent } from './hook';

function loginOf(raw: string): NormalisedLogin {
  const login = normaliseLogin(raw);
  if (!login) throw invalidField('login', 'expected an email address or a phone number');
  return login;
}

export function registerAuthRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  app.post('/auth/v1/login/code', async (request) => {
    const body = parseBody(LoginCodeRequest, request);
    const login = loginOf(body.login);
    const issued = inTransaction(ctx, () => issueLoginCode(ctx, login));
    return { expiresAt: issued.expiresAt, channel: login.channel };
  });

  app.post('/auth/v1/login/verify', async (request) => {
    const body = parseBody(LoginVerifyRequest, request);
    const login = loginOf(body.login);
    // The failure path writes too (wrong attempts burn codes), so the transaction commits either way.
    const result = inTransaction(ctx, () => verifyLoginCode(ctx, login, body.code));
    if (!result.ok) throw new ApiError(401, result.key, result.text);
    const answer: LoginVerifyResponse = { token: result.token, expiresAt: result.expiresAt, agent: toAgentDTO(ctx, result.agent) };
    ctx.log(`${result.agent.name} entrou (${login.login})`);
    return answer;
  });

  app.get('/auth/v1/me', async (request) => {
    const agent = agentByUserId(ctx, requireAgent(request).userId);
    if (!agent) throw new ApiError(401, 'auth.unauthorized', 'The agent of this token no longer exists.');
    return toAgentDTO(ctx, agent);
  });

  app.post('/auth/v1/logout', async (request, reply) => {
    requireAgent(request);
    const token = bearerTokenOf(request.headers.authorization);
    if (token) revokeToken(ctx, token);
    return reply.code(204).send();
  });
}
