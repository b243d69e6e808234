import type { FastifyRequest } from 'fastify';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ApiError } from './http-errors';
import { pageOf, pagingOf, PagingQueryShape, parseBody, parseQuery, queryBool, queryList } from './validation';

const request = (parts: { query?: unknown; body?: unknown }) => parts as unknown as FastifyRequest;

function thrown(fn: () => unknown): ApiError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ApiError) return err;
    throw err;
  }
  throw new Error('expected an ApiError');
}

describe('parseQuery', () => {
  const Schema = z.object({ ...PagingQueryShape, ApprovedOnly: queryBool, IncludeDetails: queryList(['All', 'Params']) });

  it('matches names case-insensitively and converts values', () => {
    const q = parseQuery(Schema, request({ query: { pagesize: '20', PAGENUMBER: '0', approvedonly: 'TRUE', includedetails: ['params', 'All'] } }));
    expect(q).toMatchObject({ PageSize: 20, PageNumber: 0, ApprovedOnly: true, IncludeDetails: ['Params', 'All'] });
    expect(pagingOf(q)).toEqual({ pageNumber: 1, pageSize: 20, offset: 0, orderDirection: 'ASCENDING' });
  });

  it('names the bad query field in a 400', () => {
    const err = thrown(() => parseQuery(Schema, request({ query: { PageSize: '0' } })));
    expect(err.status).toBe(400);
    expect(err.text).toContain('"PageSize"');
    expect(thrown(() => parseQuery(Schema, request({ query: { IncludeDetails: 'Params,Nope' } }))).text).toContain('"IncludeDetails.1"');
  });
});

describe('parseBody', () => {
  it('treats a missing body as {} so that the required field is named', () => {
    const err = thrown(() => parseBody(z.object({ login: z.string() }), request({ body: undefined })));
    expect(err.text).toContain('"login"');
  });
});

describe('pageOf', () => {
  it('builds the HelenaCRM envelope', () => {
    const paging = pagingOf({ pageNumber: 2, pageSize: 10 });
    expect(paging.offset).toBe(10);
    expect(pageOf(paging, 'UpdatedAt', 25, ['x'])).toEqual({
      pageNumber: 2,
      pageSize: 10,
      orderBy: 'UpdatedAt',
      orderDirection: 'ASCENDING',
      totalItems: 25,
      totalPages: 3,
      hasMorePages: true,
      items: ['x'],
    });
  });
});
