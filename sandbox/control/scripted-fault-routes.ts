/** /control/v1/faults/scripted: arm a fault on one request (scripted-faults.ts), list what is armed, disarm all. */
import type { FastifyInstance } from 'fastify';
import type { SandboxContext } from '../context';
import { ScriptedFaultInput, scriptedFaultsOf } from './scripted-faults';
import { controlHandler, parseInput } from './validate';

export function registerScriptedFaultControl(app: FastifyInstance, ctx: SandboxContext): void {
  app.post(
    '/control/v1/faults/scripted',
    controlHandler(ctx, (request) => {
      scriptedFaultsOf(ctx).push(parseInput(ScriptedFaultInput, request.body));
      return { armed: scriptedFaultsOf(ctx) };
    }),
  );
  app.get(
    '/control/v1/faults/scripted',
    controlHandler(ctx, () => ({ armed: scriptedFaultsOf(ctx) })),
  );
  app.delete(
    '/control/v1/faults/scripted',
    controlHandler(ctx, () => {
      scriptedFaultsOf(ctx).splice(0);
      return { armed: [] };
    }),
  );
}
