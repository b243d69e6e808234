/**
 * Creating, moving (PUT with `fields: ['Scheduling']`) and cancelling a scheduled message. A create is checked now as /send/template would
 * check the send (channel, template approved and of that channel and team, WhatsApp's parameter
 * rules, the media file), so an agent learns of a mistake while they can still fix it rather than
 * from a FAILED line the next morning. The send itself happens in runner.ts.
 */
import { randomUUID } from 'node:crypto';
import type { CreateScheduledMessageBody, UpdateScheduledMessageBody } from '../../src/api/helena-dto';
import type { SandboxContext } from '../context';
import { ApiError } from '../http-errors';
import type { RequestAgent } from '../request-agent';
import { canSeeSession } from '../../src/domain/visibility';
import { describedTemplateFile } from '../conversations/message-file';
import { repoOf } from '../conversations/repo';
import { assertTemplateUsable, checkedTemplateFile, renderCheckedTemplate } from '../conversations/rules';
import { findOrCreateContact, resolveChannel, resolveDepartment, resolvePhone } from '../conversations/start';
import { scheduledRepoOf, type ScheduledRow } from './repo';

function required(field: string): ApiError {
  return new ApiError(400, 'validation.field_required', `Field "${field}" is required.`, { field });
}

export function createScheduled(ctx: SandboxContext, agent: RequestAgent, body: CreateScheduledMessageBody): ScheduledRow {
  if (body.type === 'CHATBOT' || body.botKey) {
    throw new ApiError(400, 'scheduled.chatbot_unsupported', 'The sandbox schedules templates only (type TEMPLATE).', { field: 'type' });
  }
  if (!body.from) throw required('from');
  if (!body.templateId) throw required('templateId');
  if (!body.scheduling) throw required('scheduling');
  if (Date.parse(body.scheduling) <= ctx.clock.nowMs()) {
    throw new ApiError(400, 'scheduled.in_the_past', 'Field "scheduling": the moment must be in the future.', { field: 'scheduling' });
  }
  const channel = resolveChannel(ctx, body.from);
  const e164 = resolvePhone(body.to);
  const departmentId = resolveDepartment(ctx, agent, { department: body.department ?? null });
  const template = assertTemplateUsable(repoOf(ctx).templateById.get(body.templateId), channel, departmentId);
  // HelenaCRM's parameters map allows nulls; a null parameter is an empty one, which the rules refuse.
  const parameters = Object.fromEntries(Object.entries(body.templateParams?.parameters ?? {}).map(([k, v]) => [k, v ?? '']));
  renderCheckedTemplate(template, parameters);
  const fileRef = body.templateParams?.fileId ?? body.templateParams?.fileUrl ?? null;
  const file = checkedTemplateFile(template, fileRef, body.templateParams?.fileId ? 'templateParams.fileId' : 'templateParams.fileUrl');
  if (file) describedTemplateFile(ctx, file);

  return ctx.db.transaction(() => {
    const contact = findOrCreateContact(ctx, e164);
    const now = ctx.clock.iso();
    const row: ScheduledRow = {
      id: randomUUID(),
      contact_id: contact.id,
      channel_id: channel.id,
      department_id: departmentId,
      user_id: agent.userId,
      template_id: template.id,
      parameters: JSON.stringify(parameters),
      file_id: file?.fileId ?? null,
      file_url: file?.fileUrl ?? null,
      hidden_session: body.hiddenSession ? 1 : 0,
      scheduling: new Date(body.scheduling ?? now).toISOString(),
      status: 'SCHEDULED',
      session_id: null,
      message_id: null,
      failure_reason: null,
      created_at: now,
      updated_at: now,
    };
    scheduledRepoOf(ctx).insert.run(row);
    return row;
  })();
}

function notFound(id: string): ApiError {
  return new ApiError(404, 'scheduled.not_found', `Scheduled message ${id} not found.`, { id });
}

/** One the agent may see (same rule as conversations); otherwise 404 like a missing one. */
export function loadVisibleScheduled(ctx: SandboxContext, agent: RequestAgent, id: string): ScheduledRow {
  const row = scheduledRepoOf(ctx).byId.get(id);
  if (!row || !canSeeSession(agent, { departmentId: row.department_id, userId: row.user_id })) throw notFound(id);
  return row;
}

/** Only a message still SCHEDULED can be cancelled: once processed it has gone to WhatsApp. */
export function cancelScheduled(ctx: SandboxContext, agent: RequestAgent, id: string): ScheduledRow {
  const row = loadVisibleScheduled(ctx, agent, id);
  if (row.status === 'CANCELED') return row;
  const changed = scheduledRepoOf(ctx).settle.run({
    id,
    status: 'CANCELED',
    session_id: null,
    message_id: null,
    failure_reason: null,
    updated_at: ctx.clock.iso(),
  }).changes;
  if (changed === 0) {
    throw new ApiError(409, 'scheduled.not_cancellable', `Only a scheduled message not yet processed can be cancelled; this one is ${row.status}.`, {
      id,
      status: row.status,
    });
  }
  return loadVisibleScheduled(ctx, agent, id);
}

/**
 * PUT /chat/v1/scheduled-message/{id}: the sandbox applies `Scheduling` (the desk's "Alterar
 * horário"); any other field named in `fields` is refused rather than silently ignored. Only a
 * message still SCHEDULED can move: once processed (sent, failed) or cancelled it is 409, as cancel.
 */
export function updateScheduled(ctx: SandboxContext, agent: RequestAgent, id: string, body: UpdateScheduledMessageBody): ScheduledRow {
  const row = loadVisibleScheduled(ctx, agent, id);
  const fields = body.fields.filter((f) => f !== 'Undefined');
  const unsupported = fields.filter((f) => f !== 'Scheduling');
  if (unsupported.length > 0) {
    throw new ApiError(400, 'scheduled.field_unsupported', `The sandbox changes only "Scheduling" of a scheduled message; not ${unsupported.join(', ')}.`, {
      field: 'fields',
    });
  }
  if (fields.length === 0) throw required('fields');
  if (!body.scheduling) throw required('scheduling');
  if (Date.parse(body.scheduling) <= ctx.clock.nowMs()) {
    throw new ApiError(400, 'scheduled.in_the_past', 'Field "scheduling": the moment must be in the future.', { field: 'scheduling' });
  }
  const changed = scheduledRepoOf(ctx).reschedule.run({ id, scheduling: new Date(body.scheduling).toISOString(), updated_at: ctx.clock.iso() }).changes;
  if (changed === 0) {
    throw new ApiError(409, 'scheduled.not_editable', `Only a scheduled message not yet processed can be changed; this one is ${row.status}.`, {
      id,
      status: row.status,
    });
  }
  return loadVisibleScheduled(ctx, agent, id);
}
