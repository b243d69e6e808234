/**
 * Rows of `scheduled_messages` and their HelenaCRM shape (`PublicScheduledMessageDTO`). The DTO
 * carries only fields chat.json names (its schemas forbid additional properties).
 */
import type { FileDTO, ScheduledMessageDTO, ScheduledMessageStatus } from '../../src/api/helena-dto';
import { nameOfUrl } from '../conversations/message-file';
import { stableUuid } from '../data/ids';
import type { SandboxContext } from '../context';
import { repoOf as conversationRepoOf } from '../conversations/repo';

export interface ScheduledRow {
  id: string;
  contact_id: string;
  channel_id: string;
  department_id: string | null;
  user_id: string;
  template_id: string;
  parameters: string;
  file_id: string | null;
  file_url: string | null;
  hidden_session: number;
  scheduling: string;
  status: ScheduledMessageStatus;
  session_id: string | null;
  message_id: string | null;
  failure_reason: string | null;
  created_at: string;
  updated_at: string;
}

function prepare(ctx: SandboxContext) {
  const { db } = ctx;
  return {
    insert: db.prepare<ScheduledRow>(
      `INSERT INTO scheduled_messages (id, contact_id, channel_id, department_id, user_id, template_id, parameters, file_id, file_url,
         hidden_session, scheduling, status, session_id, message_id, failure_reason, created_at, updated_at)
       VALUES (@id, @contact_id, @channel_id, @department_id, @user_id, @template_id, @parameters, @file_id, @file_url,
         @hidden_session, @scheduling, @status, @session_id, @message_id, @failure_reason, @created_at, @updated_at)`,
    ),
    byId: db.prepare<[string], ScheduledRow>('SELECT * FROM scheduled_messages WHERE id = ?'),
    due: db.prepare<[string], ScheduledRow>("SELECT * FROM scheduled_messages WHERE status = 'SCHEDULED' AND scheduling <= ? ORDER BY scheduling, created_at"),
    /** A new moment ("Alterar horário"): only while still SCHEDULED, so a move and the send can never both win. */
    reschedule: db.prepare<Pick<ScheduledRow, 'id' | 'scheduling' | 'updated_at'>>(
      `UPDATE scheduled_messages SET scheduling = @scheduling, updated_at = @updated_at WHERE id = @id AND status = 'SCHEDULED'`,
    ),
    /** Only a row still SCHEDULED moves on, so a cancel and the send can never both win. */
    settle: db.prepare<Pick<ScheduledRow, 'id' | 'status' | 'session_id' | 'message_id' | 'failure_reason' | 'updated_at'>>(
      `UPDATE scheduled_messages SET status = @status, session_id = @session_id, message_id = @message_id,
         failure_reason = @failure_reason, updated_at = @updated_at WHERE id = @id AND status = 'SCHEDULED'`,
    ),
  };
}

const registry = new WeakMap<SandboxContext, ReturnType<typeof prepare>>();

export function scheduledRepoOf(ctx: SandboxContext): ReturnType<typeof prepare> {
  let repo = registry.get(ctx);
  if (!repo) {
    repo = prepare(ctx);
    registry.set(ctx, repo);
  }
  return repo;
}

function parametersOf(row: ScheduledRow): Record<string, string> {
  const parsed: unknown = JSON.parse(row.parameters);
  if (typeof parsed !== 'object' || parsed === null) return {};
  return Object.fromEntries(Object.entries(parsed).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}

/**
 * PublicFileDTO of a media template's file: an uploaded file by its id, a link under an id of its
 * own (stable per schedule, as HelenaCRM keeps one file per schedule) with the link as publicUrl.
 */
function fileOf(row: ScheduledRow): { file: FileDTO } | Record<string, never> {
  if (row.file_id !== null) return { file: { id: row.file_id, publicUrl: null } };
  if (row.file_url === null) return {};
  return { file: { id: stableUuid(`scheduled-file:${row.id}`), name: nameOfUrl(row.file_url), publicUrl: row.file_url } };
}

export function toScheduledDTO(ctx: SandboxContext, row: ScheduledRow): ScheduledMessageDTO {
  const template = conversationRepoOf(ctx).templateById.get(row.template_id);
  return {
    id: row.id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    active: row.status === 'SCHEDULED',
    companyId: ctx.companyId,
    sessionId: row.session_id,
    contactId: row.contact_id,
    userId: row.user_id,
    channelId: row.channel_id,
    departmentId: row.department_id,
    status: row.status,
    type: 'TEMPLATE',
    templateId: row.template_id,
    botId: null,
    scheduling: row.scheduling,
    hiddenSession: row.hidden_session === 1,
    failureReason: row.failure_reason,
    template: { id: row.template_id, name: template?.name ?? null, templateParams: { parameters: parametersOf(row), ...fileOf(row) } },
  };
}

export function scheduledParameters(row: ScheduledRow): Record<string, string> {
  return parametersOf(row);
}
