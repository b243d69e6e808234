/**
 * GET /chat/v1/template: the company's message templates, paged, ordered by updatedAt then id.
 * `Type=ATTENDANCE` selects the templates an agent may start a conversation with (kind TEMPLATE);
 * `params` are filled only when IncludeDetails has Params or All (as HelenaCRM does). Every agent
 * receives every template; the `departmentIds` extension says which teams may use one (see
 * data/templates.ts).
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { TEMPLATE_FILTER_TO_KIND, TemplateTypeFilter } from '../../src/api/helena-dto';
import type { SandboxContext } from '../context';
import { listTemplates, toTemplateDTO } from '../data/templates';
import { pageOf, pagingOf, PagingQueryShape, parseQuery, queryBool, queryDate, queryEnum, queryList, queryUuid } from '../validation';

const TemplateQuery = z.object({
  ...PagingQueryShape,
  Archived: queryBool,
  Name: z.preprocess((v) => (Array.isArray(v) ? v[v.length - 1] : v), z.string().max(255).optional()),
  SearchableText: z.preprocess((v) => (Array.isArray(v) ? v[v.length - 1] : v), z.string().max(255).optional()),
  ChannelId: queryUuid,
  ApprovedOnly: queryBool,
  Type: queryEnum(TemplateTypeFilter.options as [TemplateTypeFilter, ...TemplateTypeFilter[]]),
  IncludeDetails: queryList(['All', 'Params', 'File', 'Interactive']),
  'CreatedAt.Before': queryDate,
  'CreatedAt.After': queryDate,
  'UpdatedAt.Before': queryDate,
  'UpdatedAt.After': queryDate,
});

export function registerTemplateRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  app.get('/chat/v1/template', async (request) => {
    const query = parseQuery(TemplateQuery, request);
    const paging = pagingOf(query);
    const withParams = query.IncludeDetails.includes('Params') || query.IncludeDetails.includes('All');
    const result = listTemplates(
      ctx,
      {
        channelId: query.ChannelId,
        approvedOnly: query.ApprovedOnly,
        kind: query.Type ? TEMPLATE_FILTER_TO_KIND[query.Type] : undefined,
        archived: query.Archived,
        name: query.Name || undefined,
        searchableText: query.SearchableText || undefined,
        createdAfter: query['CreatedAt.After'],
        createdBefore: query['CreatedAt.Before'],
        updatedAfter: query['UpdatedAt.After'],
        updatedBefore: query['UpdatedAt.Before'],
      },
      paging,
    );
    return pageOf(paging, 'UpdatedAt', result.totalItems, result.rows.map((row) => toTemplateDTO(row, withParams)));
  });
}
