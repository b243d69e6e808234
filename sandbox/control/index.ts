import type { FastifyInstance } from 'fastify';
import type { SandboxContext } from '../context';

// STUB (owner: sandbox realtime helper): flag-gated /control/v1 routes.
export function registerControlRoutes(_app: FastifyInstance, _ctx: SandboxContext): void {}
