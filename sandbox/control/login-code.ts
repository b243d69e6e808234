import type { FastifyInstance } from 'fastify';
import type { SandboxContext } from '../context';

// STUB (owner: sandbox REST helper): GET /control/v1/login-code?login=… → the latest one-time code.
export function registerLoginCodeControl(_app: FastifyInstance, _ctx: SandboxContext): void {}
