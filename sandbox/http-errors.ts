/**
 * HelenaCRM's two error bodies. Everything answers `InternalException`; the /chat/v1/send/*
 * family answers 400/401/429 with RFC 7807 `ProblemDetails` (ARCHITECTURE.md, conventions).
 */
import type { FastifyReply } from 'fastify';

const STATUS_NAMES: Record<number, string> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  409: 'Conflict',
  422: 'UnprocessableEntity',
  429: 'TooManyRequests',
  500: 'InternalServerError',
  503: 'ServiceUnavailable',
};

export class ApiError extends Error {
  constructor(
    readonly status: number,
    /** Stable machine key, e.g. `validation.field_required`, `whatsapp.131047`. */
    readonly key: string,
    /** Human text; for validation errors it names the field. */
    readonly text: string,
    readonly details: unknown = null,
  ) {
    super(text);
  }
}

export function internalException(status: number, key: string, text: string, details: unknown, date: string) {
  return {
    error: true,
    date,
    key,
    text,
    isUnsolvableError: status < 500 && status !== 429,
    details,
    httpStatusCode: STATUS_NAMES[status] ?? 'InternalServerError',
  };
}

export function problemDetails(status: number, key: string, text: string, details: unknown, instance: string) {
  return {
    type: `https://helena.sandbox/problems/${key}`,
    title: STATUS_NAMES[status] ?? 'Error',
    status,
    detail: text,
    instance,
    key,
    errors: details,
  };
}

/** Sends `err` in the body shape its route family uses. */
export function sendApiError(reply: FastifyReply, err: ApiError, url: string, date: string): FastifyReply {
  const sendFamily = url.startsWith('/chat/v1/send/') && [400, 401, 404, 429].includes(err.status);
  const body = sendFamily
    ? problemDetails(err.status, err.key, err.text, err.details, url)
    : internalException(err.status, err.key, err.text, err.details, date);
  return reply.code(err.status).type(sendFamily ? 'application/problem+json' : 'application/json').send(body);
}
