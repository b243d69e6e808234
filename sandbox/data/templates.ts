/**
 * Message templates: rows → PublicTemplateDTO (+ the `departmentIds` extension) and the query
 * behind GET /chat/v1/template.
 *
 * Visibility: every agent receives every template of the company (HelenaCRM's list is
 * company-wide too). A template restricted to teams carries them in `departmentIds` (empty = all
 * teams) and the console offers it only for a conversation in one of those teams; the send
 * endpoints enforce the same rule.
 *
 * `.After` date bounds are inclusive (as for contacts, sessions and messages): a change in the
 * cursor's own millisecond is never skipped; clients dedupe by id.
 */
import { TemplateFileType, type TemplateDTO, type TemplateKind } from '../../src/api/helena-dto';
import type { SandboxContext } from '../context';
import type { Paging } from '../validation';
import { sessionChannelTypeOfColumn } from './directory';

export interface TemplateRow {
  id: string;
  channel_id: string | null;
  name: string;
  text: string;
  footer_text: string | null;
  status: string;
  kinds: string;
  params: string;
  category_name: string | null;
  quick_reply_alias: string | null;
  /** IMAGE, VIDEO, DOCUMENT (sent only with its file) or UNDEFINED. */
  file_type: string;
  department_ids: string;
  active: number;
  archived: number;
  created_at: string;
  updated_at: string;
}

type TemplateWithChannel = TemplateRow & { channel_type: string | null };

function parseList(text: string): string[] {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  } catch {
    return [];
  }
}

export function toTemplateDTO(row: TemplateWithChannel, withParams: boolean): TemplateDTO {
  return {
    id: row.id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    active: row.active === 1,
    archived: row.archived === 1,
    channelId: row.channel_id,
    name: row.name,
    text: row.text,
    footerText: row.footer_text,
    status: row.status as TemplateDTO['status'],
    channelType: sessionChannelTypeOfColumn(row.channel_type),
    type: parseList(row.kinds) as TemplateKind[],
    params: withParams ? parseList(row.params).map((name) => ({ name, templateId: row.id })) : null,
    internalName: row.name,
    fileType: TemplateFileType.safeParse(row.file_type).data ?? 'UNDEFINED',
    quickReplyAlias: row.quick_reply_alias,
    rejectedDescription: row.status === 'Disapproved' ? 'Modelo reprovado pela Meta: conteúdo promocional em categoria Utilidade.' : null,
    categoryId: null,
    categoryName: row.category_name,
    departmentIds: parseList(row.department_ids),
  };
}

export interface TemplateFilter {
  /** Templates of this channel, plus those bound to no channel (quick replies work on any channel). */
  channelId?: string | undefined;
  approvedOnly?: boolean | undefined;
  kind?: TemplateKind | undefined;
  /** true: archived only; false/absent: not archived. */
  archived?: boolean | undefined;
  name?: string | undefined;
  searchableText?: string | undefined;
  createdAfter?: string | undefined;
  createdBefore?: string | undefined;
  updatedAfter?: string | undefined;
  updatedBefore?: string | undefined;
}

export function listTemplates(ctx: SandboxContext, filter: TemplateFilter, paging: Paging): { totalItems: number; rows: TemplateWithChannel[] } {
  const where: string[] = [];
  const args: (string | number)[] = [];
  const add = (sql: string, ...values: (string | number)[]) => {
    where.push(sql);
    args.push(...values);
  };
  if (filter.channelId) add('(t.channel_id = ? OR t.channel_id IS NULL)', filter.channelId);
  if (filter.approvedOnly) add("t.status = 'Approved'");
  if (filter.kind) add('EXISTS (SELECT 1 FROM json_each(t.kinds) WHERE value = ?)', filter.kind);
  add('t.archived = ?', filter.archived ? 1 : 0);
  if (filter.name) add("t.name LIKE ? ESCAPE '\\'", `%${filter.name.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  if (filter.searchableText) {
    const pattern = `%${filter.searchableText.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    add("(t.name LIKE ? ESCAPE '\\' OR t.text LIKE ? ESCAPE '\\' OR t.quick_reply_alias LIKE ? ESCAPE '\\')", pattern, pattern, pattern);
  }
  if (filter.createdAfter) add('t.created_at >= ?', filter.createdAfter);
  if (filter.createdBefore) add('t.created_at < ?', filter.createdBefore);
  if (filter.updatedAfter) add('t.updated_at >= ?', filter.updatedAfter);
  if (filter.updatedBefore) add('t.updated_at < ?', filter.updatedBefore);
  const whereSql = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
  const direction = paging.orderDirection === 'DESCENDING' ? 'DESC' : 'ASC';
  const rows = ctx.db
    .prepare<(string | number)[], TemplateWithChannel>(
      `SELECT t.*, c.type AS channel_type FROM templates t LEFT JOIN channels c ON c.id = t.channel_id
       ${whereSql} ORDER BY t.updated_at ${direction}, t.id ${direction} LIMIT ? OFFSET ?`,
    )
    .all(...args, paging.pageSize, paging.offset);
  const total = ctx.db.prepare<(string | number)[], { n: number }>(`SELECT COUNT(*) AS n FROM templates t ${whereSql}`).get(...args);
  return { totalItems: total?.n ?? 0, rows };
}
