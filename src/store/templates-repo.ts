/** Message templates per channel, with their parameters, kinds, category and allowed teams. */
import type Database from 'better-sqlite3';
import type { TemplateDTO, TemplateFileType, TemplateKind, TemplateStatus } from '../api/helena-dto';
import { parseJson, toBool, toJson } from './json';

export interface CachedTemplate {
  id: string;
  channelId: string | null;
  channelType: TemplateDTO['channelType'] | null;
  name: string | null;
  internalName: string | null;
  text: string | null;
  footerText: string | null;
  status: TemplateStatus;
  active: boolean;
  archived: boolean;
  kinds: TemplateKind[];
  /** Parameter names in order, e.g. ["nome", "pedido"]. */
  params: string[];
  categoryId: string | null;
  categoryName: string | null;
  quickReplyAlias: string | null;
  /**
   * Its media header: IMAGE, VIDEO or DOCUMENT go out only with their file; UNDEFINED is text only.
   * Null: not known (a server that does not say, or a row from before schema 7 not refetched yet).
   */
  fileType: TemplateFileType | null;
  /** Teams allowed to use it; null or empty = every team. */
  departmentIds: string[] | null;
  createdAt: string | null;
  updatedAt: string;
}

interface TemplateRow {
  id: string;
  channel_id: string | null;
  channel_type: string | null;
  name: string | null;
  internal_name: string | null;
  text: string | null;
  footer_text: string | null;
  status: string;
  active: number;
  archived: number;
  kinds: string;
  params: string;
  category_id: string | null;
  category_name: string | null;
  quick_reply_alias: string | null;
  file_type: string | null;
  department_ids: string | null;
  created_at: string | null;
  updated_at: string;
}

function fromRow(row: TemplateRow): CachedTemplate {
  return {
    id: row.id,
    channelId: row.channel_id,
    channelType: row.channel_type as CachedTemplate['channelType'],
    name: row.name,
    internalName: row.internal_name,
    text: row.text,
    footerText: row.footer_text,
    status: row.status as TemplateStatus,
    active: toBool(row.active),
    archived: toBool(row.archived),
    kinds: parseJson<TemplateKind[]>(row.kinds, []),
    params: parseJson<string[]>(row.params, []),
    categoryId: row.category_id,
    categoryName: row.category_name,
    quickReplyAlias: row.quick_reply_alias,
    fileType: row.file_type as TemplateFileType | null,
    departmentIds: parseJson<string[] | null>(row.department_ids, null),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export interface UsableTemplateFilter {
  channelId: string;
  /** The team the conversation is for: templates restricted to other teams are left out. */
  teamId?: string | null;
  /** Default TEMPLATE (the Atendimento type). */
  kind?: TemplateKind;
}

/**
 * The columns an upsert may change. A version of the same instant rewrites the row only when it
 * differs, so the number of rows written says what really changed (a sync re-reads every
 * template each time, see sync/pulls.ts).
 */
const TEMPLATE_VALUES = (table: string): string =>
  ['channel_id', 'channel_type', 'name', 'internal_name', 'text', 'footer_text', 'status', 'active', 'archived', 'kinds', 'params',
    'category_id', 'category_name', 'quick_reply_alias', 'file_type', 'department_ids', 'created_at']
    .map((c) => `${table}.${c}`)
    .join(', ');

export class TemplatesRepo {
  private readonly upsertMany: (dtos: readonly TemplateDTO[]) => number;
  private readonly byId: Database.Statement<[string], TemplateRow>;
  private readonly byChannel: Database.Statement<[string], TemplateRow>;
  private readonly withoutChannel: Database.Statement<[], TemplateRow>;
  private readonly quickReplyRows: Database.Statement<[], TemplateRow>;
  private readonly removeOne: Database.Statement<[string]>;
  private readonly withdrawOthers: Database.Statement<[string]>;

  constructor(db: Database.Database) {
    const upsert = db.prepare(`INSERT INTO templates (id, channel_id, channel_type, name, internal_name, text, footer_text,
      status, active, archived, kinds, params, category_id, category_name, quick_reply_alias, file_type, department_ids,
      created_at, updated_at) VALUES (@id, @channel_id, @channel_type, @name, @internal_name, @text, @footer_text, @status,
      @active, @archived, @kinds, @params, @category_id, @category_name, @quick_reply_alias, @file_type, @department_ids,
      @created_at, @updated_at)
      ON CONFLICT (id) DO UPDATE SET channel_id = excluded.channel_id, channel_type = excluded.channel_type,
      name = excluded.name, internal_name = excluded.internal_name, text = excluded.text, footer_text = excluded.footer_text,
      status = excluded.status, active = excluded.active, archived = excluded.archived, kinds = excluded.kinds,
      params = excluded.params, category_id = excluded.category_id, category_name = excluded.category_name,
      quick_reply_alias = excluded.quick_reply_alias, file_type = excluded.file_type, department_ids = excluded.department_ids,
      created_at = excluded.created_at, updated_at = excluded.updated_at
      WHERE excluded.updated_at > templates.updated_at
        OR (excluded.updated_at = templates.updated_at AND (${TEMPLATE_VALUES('excluded')}) IS NOT (${TEMPLATE_VALUES('templates')}))`);
    this.upsertMany = db.transaction((dtos: readonly TemplateDTO[]) => {
      let changed = 0;
      for (const t of dtos) {
        changed += upsert.run({
          id: t.id,
          channel_id: t.channelId,
          channel_type: t.channelType ?? null,
          name: t.name,
          internal_name: t.internalName ?? null,
          text: t.text,
          footer_text: t.footerText ?? null,
          status: t.status,
          active: t.active ? 1 : 0,
          archived: t.archived ? 1 : 0,
          kinds: toJson(t.type),
          params: toJson((t.params ?? []).map((p) => p.name).filter((n): n is string => n !== null)),
          category_id: t.categoryId ?? null,
          category_name: t.categoryName,
          quick_reply_alias: t.quickReplyAlias ?? null,
          file_type: t.fileType ?? null,
          department_ids: t.departmentIds === undefined || t.departmentIds === null ? null : toJson(t.departmentIds),
          created_at: t.createdAt ?? null,
          updated_at: t.updatedAt,
        }).changes;
      }
      return changed;
    });
    this.byId = db.prepare('SELECT * FROM templates WHERE id = ?');
    this.byChannel = db.prepare('SELECT * FROM templates WHERE channel_id = ? ORDER BY name, id');
    this.withoutChannel = db.prepare('SELECT * FROM templates WHERE channel_id IS NULL ORDER BY name, id');
    this.quickReplyRows = db.prepare(
      `SELECT * FROM templates WHERE active = 1 AND archived = 0
         AND EXISTS (SELECT 1 FROM json_each(templates.kinds) WHERE value = 'QUICKREPLY')
       ORDER BY coalesce(quick_reply_alias, name), id`,
    );
    this.removeOne = db.prepare('DELETE FROM templates WHERE id = ?');
    this.withdrawOthers = db.prepare('UPDATE templates SET archived = 1 WHERE archived = 0 AND id NOT IN (SELECT value FROM json_each(?))');
  }

  /**
   * Upserts in one transaction; an older version never overwrites a newer one, and one identical
   * to the cached row is not written. Returns rows written (new or changed).
   */
  upsertTemplates(dtos: readonly TemplateDTO[]): number {
    return dtos.length === 0 ? 0 : this.upsertMany(dtos);
  }

  get(id: string): CachedTemplate | null {
    const row = this.byId.get(id);
    return row ? fromRow(row) : null;
  }

  forChannel(channelId: string): CachedTemplate[] {
    return this.byChannel.all(channelId).map(fromRow);
  }

  /** Templates tied to no channel (HelenaCRM's account-wide ones). */
  withoutChannelTemplates(): CachedTemplate[] {
    return this.withoutChannel.all().map(fromRow);
  }

  /**
   * Quick replies ("respostas rápidas") the agent may insert in a conversation on this channel and
   * team: active, not archived, of this channel or of none, allowed for the team (none listed: all).
   * They are the agent's own text, not WhatsApp templates, so no approval applies.
   */
  quickReplies(filter: { channelId: string | null; teamId: string | null }): CachedTemplate[] {
    return this.quickReplyRows
      .all()
      .map(fromRow)
      .filter(
        (t) =>
          (t.channelId === null || filter.channelId === null || t.channelId === filter.channelId) &&
          (!t.departmentIds || t.departmentIds.length === 0 || (filter.teamId !== null && t.departmentIds.includes(filter.teamId))),
      );
  }

  /** Approved, active, not archived templates of a kind for a channel, that the team may use. */
  usable(filter: UsableTemplateFilter): CachedTemplate[] {
    const kind = filter.kind ?? 'TEMPLATE';
    return this.forChannel(filter.channelId).filter(
      (t) =>
        t.status === 'Approved' &&
        t.active &&
        !t.archived &&
        t.kinds.includes(kind) &&
        (!t.departmentIds || t.departmentIds.length === 0 || (filter.teamId ? t.departmentIds.includes(filter.teamId) : false)),
    );
  }

  /**
   * Every template not in `listedIds` (HelenaCRM's whole list just read) is marked archived: it
   * was archived or deleted there, and is offered no more. Kept, not deleted, so a queued message
   * or a schedule naming it still reads; its updatedAt stays, so when HelenaCRM lists it again,
   * even unchanged, the upsert brings it back. Returns how many were withdrawn.
   */
  withdrawAllBut(listedIds: readonly string[]): number {
    return this.withdrawOthers.run(JSON.stringify(listedIds)).changes;
  }

  delete(id: string): boolean {
    return this.removeOne.run(id).changes > 0;
  }
}
