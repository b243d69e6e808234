/**
 * Faults aimed at one request, for tests that must fail a given step and no other: "the next
 * POST /core/v2/file answers 500", before the route runs (HelenaCRM down) or after it ran (it
 * acted, the answer was lost: the unknown outcome a retry must survive). Armed through
 * /control/v1/faults/scripted; each fires `times` times, then is spent. /control is never hit.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { SandboxContext } from '../context';
import { ApiError, internalException, sendApiError } from '../http-errors';
import { isUnder, pathOf } from '../paths';

export const SCRIPTED_FAULT_KEY = 'sandbox.scripted_fault';

export const ScriptedFaultInput = z
  .object({
    method: z.enum(['GET', 'POST', 'PUT', 'DELETE']),
    /** The path, or a parent of it: '/uploads/v1' covers every upload URL. */
    path: z.string().regex(/^\/(?!control(\/|$))/, 'a path outside /control, starting with /'),
    /** 'before': answered without running the route; 'after': the route runs, its answer is replaced. */
    when: z.enum(['before', 'after']),
    times: z.number().int().min(1).max(1000).default(1),
    status: z.number().int().min(400).max(599).default(500),
  })
  .strict();
export type ScriptedFault = z.output<typeof ScriptedFaultInput>;

const armed = new WeakMap<SandboxContext, ScriptedFault[]>();

export function scriptedFaultsOf(ctx: SandboxContext): ScriptedFault[] {
  let list = armed.get(ctx);
  if (!list) {
    list = [];
    armed.set(ctx, list);
  }
  return list;
}

/** Takes one firing of the first armed fault matching the request, if any. */
function take(ctx: SandboxContext, request: FastifyRequest): ScriptedFault | null {
  const path = pathOf(request.url);
  if (isUnder(path, '/control')) return null;
  const list = scriptedFaultsOf(ctx);
  const index = list.findIndex((f) => f.method === request.method && isUnder(path, f.path));
  const fault = list[index];
  if (!fault) return null;
  fault.times -= 1;
  if (fault.times <= 0) list.splice(index, 1);
  return fault;
}

function faultError(fault: ScriptedFault): ApiError {
  return new ApiError(fault.status, SCRIPTED_FAULT_KEY, `Scripted fault: ${fault.method} ${fault.path} answered ${fault.status} (${fault.when} the route ran).`);
}

export function registerScriptedFaults(app: FastifyInstance, ctx: SandboxContext): void {
  /** Requests whose route runs and whose answer is then replaced. */
  const replaced = new WeakMap<FastifyRequest, ScriptedFault>();
  app.addHook('onRequest', async (request, reply) => {
    const fault = take(ctx, request);
    if (!fault) return;
    if (fault.when === 'after') {
      replaced.set(request, fault);
      return;
    }
    return sendApiError(reply, faultError(fault), pathOf(request.url), ctx.clock.iso());
  });
  app.addHook('onSend', async (request, reply, payload) => {
    const fault = replaced.get(request);
    // A route that failed by itself answers as it did: only a success is lost.
    if (!fault || reply.statusCode >= 400) return payload;
    replaced.delete(request);
    const err = faultError(fault);
    reply.code(err.status).type('application/json');
    return JSON.stringify(internalException(err.status, err.key, err.text, null, ctx.clock.iso()));
  });
}
