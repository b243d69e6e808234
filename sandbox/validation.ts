/**
 * Input validation and HelenaCRM paging for every sandbox route, plus the app-wide error and
 * not-found handlers.
 *
 * How a route uses it:
 *   const body = parseBody(CreateContactBody, request);        // 400 naming the first bad field
 *   const query = parseQuery(ListQuery, request);              // query names matched case-insensitively
 *   const paging = pagingOf(query);                            // PageNumber / PageSize (1..100) / OrderDirection
 *   return pageOf(paging, 'UpdatedAt', total, items);          // {pageNumber, pageSize, ..., items}
 *
 * Every failure is thrown as an ApiError; the error handler installed by registerErrorHandling
 * answers it with the body of the route's family (InternalException, or ProblemDetails on
 * /chat/v1/send/*). Writes go through `inTransaction` so a request that fails writes nothing.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Page } from '../src/api/helena-dto';
import type { SandboxContext } from './context';
import { ApiError, sendApiError } from './http-errors';
import { pathOf } from './paths';

export const VALIDATION_KEY = 'validation.invalid_field';

export interface FieldIssue {
  field: string;
  message: string;
}

function fieldPath(path: readonly PropertyKey[], fallback: string): string {
  return path.length === 0 ? fallback : path.map((p) => String(p)).join('.');
}

/** A 400 whose text names the field and whose details list every bad field. */
export function invalidField(field: string, message: string, more: FieldIssue[] = []): ApiError {
  const fields = [{ field, message }, ...more.filter((issue) => issue.field !== field || issue.message !== message)];
  return new ApiError(400, VALIDATION_KEY, `Invalid field "${field}": ${message}`, { field, fields });
}

/** Each zod issue as the field it is about (dotted path; `what` for the whole value) and its message. */
export function issuesOf(error: z.ZodError, what: string): FieldIssue[] {
  return error.issues.map((issue) => ({ field: fieldPath(issue.path, what), message: issue.message }));
}

/** Parses `value` with `schema`; a failure is invalidField() on the first issue. `what` names the whole value ("body", "query"). */
export function parseWith<T extends z.ZodType>(schema: T, value: unknown, what: string): z.output<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const [first, ...rest] = issuesOf(result.error, what);
  throw invalidField(first?.field ?? what, first?.message ?? 'invalid', rest);
}

/** The JSON body, validated. A missing body counts as `{}` so that "field required" names the field. */
export function parseBody<T extends z.ZodType>(schema: T, request: FastifyRequest): z.output<T> {
  const body = request.body === undefined || request.body === null || request.body === '' ? {} : request.body;
  return parseWith(schema, body, 'body');
}

/** Path parameters, validated. */
export function parseParams<T extends z.ZodType>(schema: T, request: FastifyRequest): z.output<T> {
  return parseWith(schema, request.params ?? {}, 'path');
}

/**
 * The query string, validated. HelenaCRM (ASP.NET) binds query names case-insensitively, so each
 * raw name is mapped onto the schema's spelling ignoring case ("pagesize" → "PageSize"). A name
 * given twice arrives as an array; use `queryList` for fields that may repeat.
 */
export function parseQuery<S extends z.ZodObject<z.ZodRawShape>>(schema: S, request: FastifyRequest): z.output<S> {
  const known = new Map(Object.keys(schema.shape).map((key) => [key.toLowerCase(), key]));
  const mapped: Record<string, unknown> = {};
  const raw = (request.query ?? {}) as Record<string, unknown>;
  for (const [name, value] of Object.entries(raw)) {
    const key = known.get(name.toLowerCase());
    if (key === undefined) continue; // unknown query names are ignored, as ASP.NET does
    const previous = mapped[key];
    mapped[key] = previous === undefined ? value : [previous, value].flat();
  }
  return parseWith(schema, mapped, 'query');
}

// ---------- query field schemas (strings in, typed values out) ----------

function single(value: unknown): unknown {
  return Array.isArray(value) ? value[value.length - 1] : value;
}

const emptyToUndefined = (value: unknown) => {
  const one = single(value);
  return one === '' ? undefined : one;
};

/** An integer query value within [min, max]. */
export function queryInt(min: number, max: number) {
  return z.preprocess(
    emptyToUndefined,
    z
      .string()
      .regex(/^-?\d+$/, 'expected an integer')
      .transform(Number)
      .pipe(z.number().int().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`))
      .optional(),
  );
}

/** `true`/`false` (any case); absent → undefined. */
export const queryBool = z.preprocess(
  (value) => {
    const one = emptyToUndefined(value);
    return typeof one === 'string' ? one.toLowerCase() : one;
  },
  z
    .enum(['true', 'false'], { message: 'expected true or false' })
    .transform((v) => v === 'true')
    .optional(),
);

/** An ISO-8601 date-time, normalised to the UTC `toISOString()` form the tables store (so text comparison orders it). */
export const queryDate = z.preprocess(
  emptyToUndefined,
  z
    .string()
    .datetime({ offset: true, message: 'expected an ISO-8601 date-time' })
    .transform((v) => new Date(v).toISOString())
    .optional(),
);

export const queryUuid = z.preprocess(emptyToUndefined, z.string().uuid('expected a UUID').optional());

/** One value of an enum, matched case-insensitively and answered in the enum's own spelling. */
export function queryEnum<T extends string>(values: readonly [T, ...T[]]) {
  return z.preprocess(
    (value) => {
      const one = emptyToUndefined(value);
      if (typeof one !== 'string') return one;
      return values.find((v) => v.toLowerCase() === one.toLowerCase()) ?? one;
    },
    z.enum(values, { message: `expected one of ${values.join(', ')}` }).optional(),
  );
}

/** A list given as repeated names and/or comma-separated values (`IncludeDetails=Params,File`), each checked against `values`. */
export function queryList<T extends string>(values: readonly [T, ...T[]]) {
  return z.preprocess(
    (value) => {
      if (value === undefined) return [];
      const parts = (Array.isArray(value) ? value : [value])
        .flatMap((v) => (typeof v === 'string' ? v.split(',') : [v]))
        .map((v) => (typeof v === 'string' ? v.trim() : v))
        .filter((v) => v !== '');
      return parts.map((v) => (typeof v === 'string' ? (values.find((e) => e.toLowerCase() === v.toLowerCase()) ?? v) : v));
    },
    z.array(z.enum(values, { message: `expected one of ${values.join(', ')}` })),
  );
}

// ---------- paging ----------

export const OrderDirectionValues = ['ASCENDING', 'DESCENDING'] as const;

/** Query fields of every paged HelenaCRM list; spread into a route's query schema. */
export const PagingQueryShape = {
  PageNumber: queryInt(0, 2_147_483_647),
  PageSize: queryInt(1, 100),
  OrderBy: z.preprocess(emptyToUndefined, z.string().max(100).optional()),
  OrderDirection: queryEnum(OrderDirectionValues),
};

/** Body fields of paged filter requests (`PublicReqFilterContactDTO` and the like). */
export const PagingBodyShape = {
  pageNumber: z.number().int().min(0).max(2_147_483_647).nullish(),
  pageSize: z.number().int().min(1, 'must be at least 1').max(100, 'must be at most 100').nullish(),
  orderBy: z.string().max(100).nullish(),
  orderDirection: z.enum(OrderDirectionValues).nullish(),
};

export interface Paging {
  pageNumber: number;
  pageSize: number;
  /** Rows to skip (SQL OFFSET). */
  offset: number;
  orderDirection: 'ASCENDING' | 'DESCENDING';
}

export const DEFAULT_PAGE_SIZE = 15;

/**
 * Paging from either the query (PageNumber…) or a filter body (pageNumber…). PageNumber 0 is
 * allowed by the OpenAPI and means the first page; PageSize defaults to 15 as in HelenaCRM.
 */
export function pagingOf(
  input: {
    PageNumber?: number | undefined;
    PageSize?: number | undefined;
    OrderDirection?: 'ASCENDING' | 'DESCENDING' | undefined;
    pageNumber?: number | null | undefined;
    pageSize?: number | null | undefined;
    orderDirection?: 'ASCENDING' | 'DESCENDING' | null | undefined;
  },
  defaultDirection: Paging['orderDirection'] = 'ASCENDING',
): Paging {
  const pageNumber = Math.max(1, input.PageNumber ?? input.pageNumber ?? 1);
  const pageSize = input.PageSize ?? input.pageSize ?? DEFAULT_PAGE_SIZE;
  const orderDirection = input.OrderDirection ?? input.orderDirection ?? defaultDirection;
  return { pageNumber, pageSize, offset: (pageNumber - 1) * pageSize, orderDirection };
}

/** The HelenaCRM paged envelope. */
export function pageOf<T>(paging: Paging, orderBy: string, totalItems: number, items: T[]): Page<T> {
  const totalPages = Math.ceil(totalItems / paging.pageSize);
  return {
    pageNumber: paging.pageNumber,
    pageSize: paging.pageSize,
    orderBy,
    orderDirection: paging.orderDirection,
    totalItems,
    totalPages,
    hasMorePages: paging.pageNumber < totalPages,
    items,
  };
}

// ---------- writes ----------

/** Runs `work` in one SQLite transaction: a throw anywhere rolls back every write (and every event appended). */
export function inTransaction<T>(ctx: SandboxContext, work: () => T): T {
  return ctx.db.transaction(work)();
}

// ---------- app-wide handlers ----------

function unsupportedMediaType(): ApiError {
  return new ApiError(415, 'validation.unsupported_media_type', 'Send the body as application/json.');
}

/** Maps Fastify's own errors (bad JSON, wrong content type, body too large) to the HelenaCRM error body. */
function apiErrorOf(err: FastifyError | Error): ApiError {
  if (err instanceof ApiError) return err;
  if (err instanceof z.ZodError) {
    const first = err.issues[0];
    return invalidField(first ? fieldPath(first.path, 'body') : 'body', first?.message ?? 'invalid');
  }
  const status = (err as FastifyError).statusCode;
  const code = (err as FastifyError).code ?? '';
  if (code === 'FST_ERR_CTP_INVALID_JSON_BODY' || code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || err instanceof SyntaxError) {
    return new ApiError(400, 'validation.invalid_json', `Invalid field "body": the body is not valid JSON (${err.message}).`, { field: 'body' });
  }
  if (code === 'FST_ERR_CTP_BODY_TOO_LARGE') return new ApiError(413, 'validation.body_too_large', 'The request body is too large.');
  if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return unsupportedMediaType();
  if (status !== undefined && status >= 400 && status < 500) return new ApiError(status, 'request.invalid', err.message);
  return new ApiError(500, 'sandbox.internal_error', 'Internal error in the sandbox.');
}

/**
 * Bodies are JSON; but a request with an empty body is fine whatever its Content-Type says, as in
 * HelenaCRM (ASP.NET reads no body for a route that takes none). HTTP clients label empty POSTs
 * (axios: `application/x-www-form-urlencoded`), and Fastify alone would refuse those with 415
 * before the route runs. A non-empty body that is not JSON is still refused with 415.
 */
export function registerBodyParsing(app: FastifyInstance): void {
  const json = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body: string, done) => {
    if (body === '') done(null, undefined);
    else json(request, body, done);
  });
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body: Buffer, done) => {
    if (body.length === 0) done(null, undefined);
    else done(unsupportedMediaType());
  });
}

/** Answers any thrown error with HelenaCRM's body; `translate` lets a route scope name its own errors first. */
export function answerError(
  ctx: SandboxContext,
  err: FastifyError | Error,
  request: FastifyRequest,
  reply: FastifyReply,
  translate: (err: FastifyError | Error) => ApiError | null = () => null,
): FastifyReply {
  const apiError = translate(err) ?? apiErrorOf(err);
  if (apiError.status >= 500) {
    console.error(`[sandbox] ${request.method} ${request.url} failed`, err);
  }
  return sendApiError(reply, apiError, pathOf(request.url), ctx.clock.iso());
}

/** Installs the error handler (every thrown error → HelenaCRM body) and the 404 for unknown routes. */
export function registerErrorHandling(app: FastifyInstance, ctx: SandboxContext): void {
  app.setErrorHandler((err: FastifyError | Error, request, reply) => answerError(ctx, err, request, reply));
  app.setNotFoundHandler((request, reply) => {
    const path = pathOf(request.url);
    const err = new ApiError(404, 'route.not_found', `No route ${request.method} ${path}.`, { method: request.method, path });
    return sendApiError(reply, err, path, ctx.clock.iso());
  });
}
