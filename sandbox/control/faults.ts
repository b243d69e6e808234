/**
 * Fault injection on the HTTP side: added latency and a share of 500 answers, read live from
 * ctx.options.faults so the control API can switch them at run time. (Dropped sockets live in
 * the realtime gateway.) /control is never slowed nor failed: it is how tests turn faults off.
 */
import type { FastifyInstance } from 'fastify';
import type { SandboxContext } from '../context';
import { ApiError, sendApiError } from '../http-errors';
import { isUnder, pathOf } from '../paths';

export const FAULT_KEY = 'sandbox.fault_injected';

export function registerFaults(app: FastifyInstance, ctx: SandboxContext): void {
  app.addHook('onRequest', async (request, reply) => {
    const path = pathOf(request.url);
    if (isUnder(path, '/control')) return;
    const { latencyMs, errorRate } = ctx.options.faults;
    if (latencyMs > 0) await new Promise<void>((resolve) => setTimeout(resolve, latencyMs));
    if (errorRate > 0 && (isUnder(path, '/core') || isUnder(path, '/chat')) && Math.random() < errorRate) {
      const err = new ApiError(500, FAULT_KEY, 'Injected fault: the sandbox answered 500 on purpose');
      return sendApiError(reply, err, path, ctx.clock.iso());
    }
  });
}
