/**
 * Sets `request.agent` from `Authorization: Bearer` on /core, /chat, /auth/v1/me and
 * /auth/v1/logout, and refuses those requests with 401 when the token is missing, unknown,
 * revoked (auth.unauthorized) or expired (auth.token_expired).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { SandboxContext } from '../context';
import { ApiError, sendApiError } from '../http-errors';
import { isUnder, pathOf } from '../paths';
import type { RequestAgent } from '../request-agent';
import { authenticateToken, bearerTokenOf } from './token';

/** Paths that need a signed-in agent. */
export function needsAgent(path: string): boolean {
  return isUnder(path, '/core') || isUnder(path, '/chat') || path === '/auth/v1/me' || path === '/auth/v1/logout';
}

/** The signed-in agent; throws 401 when the hook did not set one (a route outside needsAgent). */
export function requireAgent(request: FastifyRequest): RequestAgent {
  if (!request.agent) throw new ApiError(401, 'auth.unauthorized', 'Authorization: Bearer <token> is missing or invalid: log in again.');
  return request.agent;
}

export function registerAuthHook(app: FastifyInstance, ctx: SandboxContext): void {
  app.decorateRequest('agent', null);
  app.addHook('onRequest', async (request, reply) => {
    const path = pathOf(request.url);
    if (!needsAgent(path)) return;
    const check = authenticateToken(ctx, bearerTokenOf(request.headers.authorization));
    if (!check.ok) {
      return sendApiError(reply, new ApiError(401, check.key, check.text), path, ctx.clock.iso());
    }
    request.agent = check.agent;
  });
}
