import type { FastifyInstance } from 'fastify';
import type { SandboxContext } from '../context';

// STUB (owner: sandbox REST helper): registers /auth/v1, /core and /chat routes.
export function registerApiRoutes(_app: FastifyInstance, _ctx: SandboxContext): void {}
