/**
 * /control/v1/*: the flag-gated API tests and demos use to steer the sandbox (read one-time codes,
 * move the clock, inject a contact's message, script contacts, set faults). Never enabled unless
 * the server was started with control on.
 */
import type { FastifyInstance } from 'fastify';
import type { SandboxContext } from '../context';
import { registerLoginCodeControl } from './login-code';
import { registerSimulationControl } from './simulation';
import { registerTypingControl } from './typing';

export function registerControlRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  registerLoginCodeControl(app, ctx);
  registerSimulationControl(app, ctx);
  registerTypingControl(app, ctx);
}
