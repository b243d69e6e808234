/**
 * The paged lists: GET /chat/v2/session (only what the agent may see, in SQL so paging counts
 * right; same rule as src/domain/visibility.ts canSeeSession), GET /chat/v1/session/{id}/message
 * and GET /chat/v1/session/{id}/note.
 * Lists are ordered by (updatedAt, id) ascending by default so a delta sync with
 * `UpdatedAt.After` is stable; the `.After` bounds are inclusive so a change made in the same
 * millisecond as the last one seen is never skipped (clients dedupe by id).
 */
import { z } from 'zod';
import { SessionStatus, type Page } from '../../src/api/helena-dto';
import type { Viewer } from '../../src/domain/visibility';
import type { SandboxContext } from '../context';
import { invalidField, pageOf, pagingOf, PagingQueryShape, queryDate, queryList, queryUuid } from '../validation';
import type { MessageRow, SessionWithChannel } from './repo';

type Params = Record<string, string | number>;

/** Repeated names and/or comma lists of UUIDs (`ChannelsId=a&ChannelsId=b`). */
const queryUuidList = z.preprocess(
  (value) =>
    (value === undefined ? [] : Array.isArray(value) ? value : [value])
      .flatMap((v: unknown) => (typeof v === 'string' ? v.split(',') : [v]))
      .map((v: unknown) => (typeof v === 'string' ? v.trim() : v))
      .filter((v: unknown) => v !== ''),
  z.array(z.string().uuid('expected UUIDs')),
);

const dateRange = (prefix: string) => ({ [`${prefix}.After`]: queryDate, [`${prefix}.Before`]: queryDate });

/**
 * `IncludeDetails` of GET /chat/v2/session, `includeDetails` of GET /chat/v2/session/{id} (query
 * names are matched case-insensitively). Every value of the spec is accepted; only ContactDetails
 * is filled here, the others are left out as HelenaCRM leaves out what it was not asked for.
 */
const SessionDetailsShape = {
  IncludeDetails: queryList(['Undefined', 'AgentDetails', 'DepartmentsDetails', 'ContactDetails', 'ChannelTypeDetails', 'ClassificationDetails', 'ChannelDetails']),
};
export const SessionGetQuery = z.object(SessionDetailsShape);
export type SessionGetQuery = z.infer<typeof SessionGetQuery>;

export const SessionListQuery = z.object({
  ...PagingQueryShape,
  ...SessionDetailsShape,
  Status: queryList(SessionStatus.options as [SessionStatus, ...SessionStatus[]]),
  DepartmentId: queryUuid,
  UserId: queryUuid,
  ContactId: queryUuid,
  ChannelsId: queryUuidList,
  ...dateRange('UpdatedAt'),
  ...dateRange('CreatedAt'),
  ...dateRange('EndAt'),
  ...dateRange('LastInteractionAt'),
});
export type SessionListQuery = z.infer<typeof SessionListQuery>;

export const MessageListQuery = z.object({ ...PagingQueryShape, ...dateRange('UpdatedAt'), ...dateRange('CreatedAt') });
export type MessageListQuery = z.infer<typeof MessageListQuery>;

/** SQL condition equivalent to canSeeSession for `s` (a sessions row). */
export function visibilitySql(viewer: Viewer, params: Params): string {
  if (viewer.profile === 'Admin') return '1 = 1';
  params.viewerUserId = viewer.userId;
  if (viewer.profile === 'RestrictedAgent') return 's.user_id = @viewerUserId';
  params.viewerDepartments = JSON.stringify(viewer.departmentIds);
  return '(s.user_id = @viewerUserId OR s.department_id IN (SELECT value FROM json_each(@viewerDepartments)))';
}

function orderColumn(asked: string | undefined, allowed: Record<string, string>, fallback: string): { name: string; column: string } {
  const name = asked === undefined ? fallback : Object.keys(allowed).find((k) => k.toLowerCase() === asked.toLowerCase());
  const column = name === undefined ? undefined : allowed[name];
  if (name === undefined || column === undefined) throw invalidField('OrderBy', `use one of ${Object.keys(allowed).join(', ')}`);
  return { name, column };
}

function dateBounds(query: Record<string, unknown>, prefix: string, column: string, where: string[], params: Params): void {
  const key = prefix.replace(/\W/g, '');
  const after = query[`${prefix}.After`];
  const before = query[`${prefix}.Before`];
  if (typeof after === 'string') {
    params[`${key}After`] = after;
    where.push(`${column} >= @${key}After`);
  }
  if (typeof before === 'string') {
    params[`${key}Before`] = before;
    where.push(`${column} < @${key}Before`);
  }
}

function equals(value: string | undefined, column: string, name: string, where: string[], params: Params): void {
  if (value === undefined) return;
  params[name] = value;
  where.push(`${column} = @${name}`);
}

function inList(values: readonly string[], column: string, name: string, where: string[], params: Params): void {
  if (values.length === 0) return;
  params[name] = JSON.stringify(values);
  where.push(`${column} IN (SELECT value FROM json_each(@${name}))`);
}

export function listSessions(ctx: SandboxContext, viewer: Viewer, query: SessionListQuery): Page<SessionWithChannel> {
  const paging = pagingOf(query);
  const params: Params = {};
  const where = [visibilitySql(viewer, params)];
  inList(query.Status, 's.status', 'statuses', where, params);
  equals(query.DepartmentId, 's.department_id', 'departmentId', where, params);
  equals(query.UserId, 's.user_id', 'userId', where, params);
  equals(query.ContactId, 's.contact_id', 'contactId', where, params);
  inList(query.ChannelsId, 's.channel_id', 'channelIds', where, params);
  dateBounds(query, 'UpdatedAt', 's.updated_at', where, params);
  dateBounds(query, 'CreatedAt', 's.created_at', where, params);
  dateBounds(query, 'EndAt', 's.end_at', where, params);
  dateBounds(query, 'LastInteractionAt', 's.last_interaction_date', where, params);

  const order = orderColumn(query.OrderBy, { updatedAt: 's.updated_at', createdAt: 's.created_at', lastInteractionDate: 's.last_interaction_date' }, 'updatedAt');
  const direction = paging.orderDirection === 'DESCENDING' ? 'DESC' : 'ASC';
  const whereSql = where.join(' AND ');
  const total = ctx.db.prepare<Params, { n: number }>(`SELECT COUNT(*) AS n FROM sessions s WHERE ${whereSql}`).get(params)?.n ?? 0;
  const rows = ctx.db
    .prepare<Params, SessionWithChannel>(
      `SELECT s.*, c.type AS channel_type, c.number AS channel_number FROM sessions s JOIN channels c ON c.id = s.channel_id
       WHERE ${whereSql} ORDER BY ${order.column} ${direction}, s.id ${direction} LIMIT @limit OFFSET @offset`,
    )
    .all({ ...params, limit: paging.pageSize, offset: paging.offset });
  return pageOf(paging, order.name, total, rows);
}

/**
 * `messages`: what GET /chat/v1/session/{id}/message lists, the WhatsApp conversation, without the
 * internal notes; `notes`: what GET /chat/v1/session/{id}/note lists, only them (see notes.ts).
 */
export type MessageListKind = 'messages' | 'notes';

export function listMessages(ctx: SandboxContext, sessionId: string, query: MessageListQuery, kind: MessageListKind = 'messages'): Page<MessageRow> {
  const paging = pagingOf(query);
  const params: Params = { sessionId };
  const where = ['m.session_id = @sessionId', kind === 'notes' ? "m.type = 'NOTE'" : "m.type <> 'NOTE'"];
  dateBounds(query, 'UpdatedAt', 'm.updated_at', where, params);
  dateBounds(query, 'CreatedAt', 'm.created_at', where, params);
  // Creation order is the insertion sequence (several messages can share a millisecond).
  const order = orderColumn(query.OrderBy, { createdAt: 'm.seq', updatedAt: 'm.updated_at' }, 'createdAt');
  const direction = paging.orderDirection === 'DESCENDING' ? 'DESC' : 'ASC';
  const whereSql = where.join(' AND ');
  const total = ctx.db.prepare<Params, { n: number }>(`SELECT COUNT(*) AS n FROM messages m WHERE ${whereSql}`).get(params)?.n ?? 0;
  const rows = ctx.db
    .prepare<Params, MessageRow>(`SELECT m.* FROM messages m WHERE ${whereSql} ORDER BY ${order.column} ${direction}, m.seq ${direction} LIMIT @limit OFFSET @offset`)
    .all({ ...params, limit: paging.pageSize, offset: paging.offset });
  return pageOf(paging, order.name, total, rows);
}
