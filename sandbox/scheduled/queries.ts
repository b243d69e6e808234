/**
 * GET /chat/v1/scheduled-message: the filters chat.json lists (Status, Type, From, To, User,
 * Department, ScheduledAt/CreatedAt/UpdatedAt ranges), paged, and only what the agent may see: the
 * same rule as conversations (a team's scheduled messages to its members, a restricted agent's own).
 */
import { z } from 'zod';
import { ScheduledMessageStatus, type Page } from '../../src/api/helena-dto';
import { normalisePhone } from '../../src/domain/phone';
import type { Viewer } from '../../src/domain/visibility';
import type { SandboxContext } from '../context';
import { invalidField, pageOf, pagingOf, PagingQueryShape, queryDate, queryEnum } from '../validation';
import type { ScheduledRow } from './repo';

type Params = Record<string, string | number>;
const queryText = z.preprocess((v) => (v === '' ? undefined : v), z.string().max(200).optional());

export const ScheduledListQuery = z.object({
  ...PagingQueryShape,
  Status: queryEnum(ScheduledMessageStatus.options as [ScheduledMessageStatus, ...ScheduledMessageStatus[]]),
  Type: queryEnum(['TEMPLATE', 'CHATBOT'] as const),
  From: queryText,
  To: queryText,
  User: queryText,
  Department: queryText,
  'ScheduledAt.After': queryDate,
  'ScheduledAt.Before': queryDate,
  'CreatedAt.After': queryDate,
  'CreatedAt.Before': queryDate,
  'UpdatedAt.After': queryDate,
  'UpdatedAt.Before': queryDate,
});
export type ScheduledListQuery = z.infer<typeof ScheduledListQuery>;

function visibility(viewer: Viewer, params: Params): string {
  if (viewer.profile === 'Admin') return '1 = 1';
  params.viewerUserId = viewer.userId;
  if (viewer.profile === 'RestrictedAgent') return 'm.user_id = @viewerUserId';
  params.viewerDepartments = JSON.stringify(viewer.departmentIds);
  return '(m.user_id = @viewerUserId OR m.department_id IN (SELECT value FROM json_each(@viewerDepartments)))';
}

/** "ID ou número de telefone" (From, To): an id, or any spelling of the number matched on E.164. */
function idOrPhone(value: string | undefined, idColumn: string, phoneColumnSql: string, name: string, where: string[], params: Params): void {
  if (value === undefined) return;
  params[name] = value;
  params[`${name}Phone`] = normalisePhone(value)?.e164 ?? '-';
  where.push(`(${idColumn} = @${name} OR ${phoneColumnSql} = @${name}Phone)`);
}

const ORDER: Record<string, string> = { scheduling: 'm.scheduling', createdAt: 'm.created_at', updatedAt: 'm.updated_at' };

export function listScheduled(ctx: SandboxContext, viewer: Viewer, query: ScheduledListQuery): Page<ScheduledRow> {
  const paging = pagingOf(query);
  const params: Params = {};
  const where = [visibility(viewer, params)];
  if (query.Status !== undefined) {
    params.status = query.Status;
    where.push('m.status = @status');
  }
  // Only templates are ever scheduled here (no chatbots in the sandbox).
  if (query.Type === 'CHATBOT') where.push('0 = 1');
  idOrPhone(query.From, 'm.channel_id', '(SELECT ch.number FROM channels ch WHERE ch.id = m.channel_id)', 'from', where, params);
  idOrPhone(query.To, 'm.contact_id', '(SELECT co.phone FROM contacts co WHERE co.id = m.contact_id)', 'to', where, params);
  if (query.User !== undefined) {
    params.user = query.User;
    where.push('(m.user_id = @user OR m.user_id IN (SELECT user_id FROM agents WHERE name = @user))');
  }
  if (query.Department !== undefined) {
    params.department = query.Department;
    where.push('(m.department_id = @department OR m.department_id IN (SELECT id FROM departments WHERE name = @department))');
  }
  for (const [prefix, column] of [['ScheduledAt', 'm.scheduling'], ['CreatedAt', 'm.created_at'], ['UpdatedAt', 'm.updated_at']] as const) {
    const after = query[`${prefix}.After`];
    const before = query[`${prefix}.Before`];
    if (after !== undefined) {
      params[`${prefix}After`] = after;
      where.push(`${column} >= @${prefix}After`);
    }
    if (before !== undefined) {
      params[`${prefix}Before`] = before;
      where.push(`${column} < @${prefix}Before`);
    }
  }
  const orderName = query.OrderBy === undefined ? 'createdAt' : Object.keys(ORDER).find((k) => k.toLowerCase() === query.OrderBy?.toLowerCase());
  const column = orderName === undefined ? undefined : ORDER[orderName];
  if (orderName === undefined || column === undefined) throw invalidField('OrderBy', `use one of ${Object.keys(ORDER).join(', ')}`);
  const direction = paging.orderDirection === 'DESCENDING' ? 'DESC' : 'ASC';
  const whereSql = where.join(' AND ');
  const total = ctx.db.prepare<Params, { n: number }>(`SELECT COUNT(*) AS n FROM scheduled_messages m WHERE ${whereSql}`).get(params)?.n ?? 0;
  const rows = ctx.db
    .prepare<Params, ScheduledRow>(`SELECT m.* FROM scheduled_messages m WHERE ${whereSql} ORDER BY ${column} ${direction}, m.id ${direction} LIMIT @limit OFFSET @offset`)
    .all({ ...params, limit: paging.pageSize, offset: paging.offset });
  return pageOf(paging, orderName, total, rows);
}
