/**
 * Contacts: rows ↔ HelenaCRM's PublicContactDTO, and the queries behind GET /core/v1/contact and
 * POST /core/v1/contact/filter. Lists are ordered by (updated_at, id) so that delta sync with
 * `UpdatedAt.After` pages through a stable order; the (status, updated_at, id) index (schema.ts) keeps a page
 * and its count fast with a million contacts. `.After` bounds are inclusive, as for sessions and
 * messages: a change in the same millisecond as the client's cursor is never skipped (clients
 * dedupe by id).
 */
import type { ContactDTO } from '../../src/api/helena-dto';
import type { SandboxContext } from '../context';
import type { Paging } from '../validation';
import { tagIdOf } from './ids';
import { searchCondition, searchPatternsOf, searchTextOf } from './search';
import { ensureTags } from './tags';

export interface ContactRow {
  id: string;
  name: string | null;
  phone: string | null;
  email: string | null;
  instagram: string | null;
  annotation: string | null;
  tag_names: string;
  custom_fields: string;
  status: string;
  origin: string;
  search: string;
  created_at: string;
  updated_at: string;
}

export type ContactStatusValue = ContactDTO['status'];

/** "+5511987654321" → "(11) 98765-4321"; other countries keep E.164. */
export function formatBrazilianPhone(e164: string | null): string | null {
  if (e164 === null) return null;
  const m = /^\+55(\d{2})(\d{4,5})(\d{4})$/.exec(e164);
  return m ? `(${m[1]}) ${m[2]}-${m[3]}` : e164;
}

function parseJson<T>(text: string, fallback: T): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

export function toContactDTO(ctx: SandboxContext, row: ContactRow): ContactDTO {
  const tagNames = parseJson<string[]>(row.tag_names, []);
  return {
    id: row.id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    companyId: ctx.companyId,
    name: row.name,
    phoneNumber: row.phone,
    phoneNumberFormatted: formatBrazilianPhone(row.phone),
    email: row.email,
    instagram: row.instagram,
    annotation: row.annotation,
    tagIds: tagNames.map(tagIdOf),
    tagNames,
    status: row.status as ContactStatusValue,
    origin: row.origin as NonNullable<ContactDTO['origin']>,
    customFields: parseJson<Record<string, unknown>>(row.custom_fields, {}),
    metadata: null,
  };
}

export const CONTACT_ORDER_COLUMNS = { UpdatedAt: 'updated_at', CreatedAt: 'created_at', Name: 'name' } as const;
export type ContactOrderBy = keyof typeof CONTACT_ORDER_COLUMNS;

export interface ContactListFilter {
  status?: ContactStatusValue | null;
  createdAfter?: string | null;
  createdBefore?: string | null;
  updatedAfter?: string | null;
  updatedBefore?: string | null;
  /** Name, email or phone (any format), accent- and case-insensitive. */
  textFilter?: string | null;
  name?: string | null;
  email?: string | null;
  /** E.164, exact. */
  phone?: string | null;
  tagNames?: string[] | null;
  orderBy?: ContactOrderBy;
}

export interface ContactListResult {
  totalItems: number;
  rows: ContactRow[];
}

/** Builds WHERE + ORDER BY for a filter; dates are compared as ISO text (all stored as toISOString()); `.After` is inclusive, `.Before` exclusive. */
export function listContacts(ctx: SandboxContext, filter: ContactListFilter, paging: Paging): ContactListResult {
  const where: string[] = [];
  const args: (string | number)[] = [];
  if (filter.status) {
    where.push('status = ?');
    args.push(filter.status);
  }
  const dateFilters: [string | null | undefined, string][] = [
    [filter.createdAfter, 'created_at >= ?'],
    [filter.createdBefore, 'created_at < ?'],
    [filter.updatedAfter, 'updated_at >= ?'],
    [filter.updatedBefore, 'updated_at < ?'],
  ];
  for (const [value, sql] of dateFilters) {
    if (value) {
      where.push(sql);
      args.push(value);
    }
  }
  for (const text of [filter.textFilter, filter.name, filter.email]) {
    const patterns = text ? searchPatternsOf(text) : null;
    if (patterns) {
      const condition = searchCondition(patterns);
      where.push(condition.sql);
      args.push(...condition.args);
    }
  }
  if (filter.phone) {
    where.push('phone = ?');
    args.push(filter.phone);
  }
  for (const tag of filter.tagNames ?? []) {
    where.push('EXISTS (SELECT 1 FROM json_each(tag_names) WHERE lower(value) = lower(?))');
    args.push(tag);
  }
  const whereSql = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
  const column = CONTACT_ORDER_COLUMNS[filter.orderBy ?? 'UpdatedAt'];
  const direction = paging.orderDirection === 'DESCENDING' ? 'DESC' : 'ASC';
  const rows = ctx.db
    .prepare<(string | number)[], ContactRow>(
      `SELECT * FROM contacts ${whereSql} ORDER BY ${column} ${direction}, id ${direction} LIMIT ? OFFSET ?`,
    )
    .all(...args, paging.pageSize, paging.offset);
  const total = ctx.db.prepare<(string | number)[], { n: number }>(`SELECT COUNT(*) AS n FROM contacts ${whereSql}`).get(...args);
  return { totalItems: total?.n ?? 0, rows };
}

export function contactById(ctx: SandboxContext, id: string): ContactRow | undefined {
  return ctx.db.prepare<[string], ContactRow>('SELECT * FROM contacts WHERE id = ?').get(id);
}

export function contactByPhone(ctx: SandboxContext, e164: string): ContactRow | undefined {
  return ctx.db.prepare<[string], ContactRow>('SELECT * FROM contacts WHERE phone = ? ORDER BY created_at, id LIMIT 1').get(e164);
}

/** The editable part of a contact, as the routes hand it over. */
export interface ContactFields {
  name: string | null;
  phone: string | null;
  email: string | null;
  instagram: string | null;
  annotation: string | null;
  tagNames: string[];
  customFields: Record<string, unknown>;
  status: ContactStatusValue;
}

export function fieldsOf(row: ContactRow): ContactFields {
  return {
    name: row.name,
    phone: row.phone,
    email: row.email,
    instagram: row.instagram,
    annotation: row.annotation,
    tagNames: parseJson<string[]>(row.tag_names, []),
    customFields: parseJson<Record<string, unknown>>(row.custom_fields, {}),
    status: row.status as ContactStatusValue,
  };
}

function rowOf(id: string, fields: ContactFields, origin: string, createdAt: string, updatedAt: string): ContactRow {
  return {
    id,
    name: fields.name,
    phone: fields.phone,
    email: fields.email,
    instagram: fields.instagram,
    annotation: fields.annotation,
    tag_names: JSON.stringify(fields.tagNames),
    custom_fields: JSON.stringify(fields.customFields),
    status: fields.status,
    origin,
    search: searchTextOf(fields.name, fields.email, fields.phone),
    created_at: createdAt,
    updated_at: updatedAt,
  };
}

/** Inserts a contact and appends CONTACT_NEW. Call inside a transaction. */
export function insertContact(ctx: SandboxContext, id: string, fields: ContactFields, origin = 'CREATED_BY_USER'): ContactRow {
  const now = ctx.clock.iso();
  const row = rowOf(id, { ...fields, tagNames: ensureTags(ctx, fields.tagNames) }, origin, now, now);
  ctx.db
    .prepare(
      `INSERT INTO contacts (id, name, phone, email, instagram, annotation, tag_names, custom_fields, status, origin, search, created_at, updated_at)
       VALUES (@id, @name, @phone, @email, @instagram, @annotation, @tag_names, @custom_fields, @status, @origin, @search, @created_at, @updated_at)`,
    )
    .run(row);
  ctx.events.append('CONTACT_NEW', toContactDTO(ctx, row), { kind: 'all' });
  return row;
}

/**
 * Writes `fields` over the contact; when nothing changed, returns the row untouched (no new
 * updatedAt, no event). Otherwise bumps updatedAt and appends CONTACT_UPDATE (CONTACT_TAG_UPDATE
 * for POST /contact/{id}/tags, as HelenaCRM names it). Tag names new to the company become tags.
 * Call inside a transaction.
 */
export function updateContact(
  ctx: SandboxContext,
  before: ContactRow,
  fields: ContactFields,
  eventType: 'CONTACT_UPDATE' | 'CONTACT_TAG_UPDATE' = 'CONTACT_UPDATE',
): ContactRow {
  const candidate = rowOf(before.id, { ...fields, tagNames: ensureTags(ctx, fields.tagNames) }, before.origin, before.created_at, before.updated_at);
  const unchanged = (['name', 'phone', 'email', 'instagram', 'annotation', 'tag_names', 'custom_fields', 'status'] as const).every(
    (key) => candidate[key] === before[key],
  );
  if (unchanged) return before;
  // updatedAt must grow even when the clock has not ticked since the last write, or delta sync would miss it.
  const now = ctx.clock.iso();
  const updatedAt = now > before.updated_at ? now : new Date(Date.parse(before.updated_at) + 1).toISOString();
  const row = { ...candidate, updated_at: updatedAt };
  ctx.db
    .prepare(
      `UPDATE contacts SET name = @name, phone = @phone, email = @email, instagram = @instagram, annotation = @annotation,
         tag_names = @tag_names, custom_fields = @custom_fields, status = @status, search = @search, updated_at = @updated_at
       WHERE id = @id`,
    )
    .run(row);
  ctx.events.append(eventType, toContactDTO(ctx, row), { kind: 'all' });
  return row;
}
