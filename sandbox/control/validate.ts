/** Zod validation for control bodies: a 400 whose text and details name the offending field. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { SandboxContext } from '../context';
import { ApiError, sendApiError } from '../http-errors';
import { issuesOf } from '../validation';

export function parseInput<T extends z.ZodTypeAny>(schema: T, value: unknown, what = 'body'): z.infer<T> {
  const parsed = schema.safeParse(value ?? {});
  if (parsed.success) return parsed.data as z.infer<T>;
  const details = issuesOf(parsed.error, what);
  const first = details[0] ?? { field: what, message: 'invalid' };
  throw new ApiError(400, 'validation.invalid', `Invalid field '${first.field}': ${first.message}`, details);
}

/** Wraps a handler so that an ApiError becomes HelenaCRM's error body (and anything else a 500). */
export function controlHandler<R>(
  ctx: SandboxContext,
  handler: (request: FastifyRequest, reply: FastifyReply) => R | Promise<R>,
) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<unknown> => {
    try {
      return await handler(request, reply);
    } catch (err) {
      const apiError =
        err instanceof ApiError
          ? err
          : new ApiError(500, 'sandbox.control_failed', err instanceof Error ? err.message : String(err));
      return sendApiError(reply, apiError, request.url, ctx.clock.iso());
    }
  };
}
