/**
 * /control/v1/*: the flag-gated API tests and demos use to steer the sandbox (read one-time codes,
 * move the clock, inject a contact's message, script contacts, set faults — also on one request —,
 * read back uploaded files). Never enabled unless
 * the server was started with control on.
 */
import type { FastifyInstance } from 'fastify';
import type { SandboxContext } from '../context';
import { registerFilesControl } from './files';
import { registerLoginCodeControl } from './login-code';
import { registerScriptedFaultControl } from './scripted-fault-routes';
import { registerSimulationControl } from './simulation';
import { registerTypingControl } from './typing';

export function registerControlRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  registerLoginCodeControl(app, ctx);
  registerSimulationControl(app, ctx);
  registerTypingControl(app, ctx);
  registerFilesControl(app, ctx);
  registerScriptedFaultControl(app, ctx);
}
