/**
 * POST /chat/v1/send/template: the active start of a conversation ("Iniciar atendimento").
 * Resolves the channel (`from`: id or number), the contact (`to`: any phone format; created when
 * unknown), the team and the agent, then reuses the contact's open conversation on that channel
 * or opens one: STARTED with the window NOT_STARTED on official channels, IN_PROGRESS at once on
 * QR channels (no window there). A template with media (fileType IMAGE, VIDEO, DOCUMENT) needs
 * `fileIdOrUrl`; the message is then of that type and carries the file.
 */
import { randomUUID } from 'node:crypto';
import type { SendTemplateBody } from '../../src/api/helena-dto';
import { normalisePhone, phoneDigits } from '../../src/domain/phone';
import { isUnofficialWhatsApp } from '../../src/domain/channels';
import type { SandboxContext } from '../context';
import { ApiError } from '../http-errors';
import type { RequestAgent } from '../request-agent';
import { assertCanWrite, isMemberOf, isSupervisorOf, loadVisibleSession } from './access';
import { afterCommit, dedupeByRefId, recordOutbound, templateSpec } from './outbound';
import { insertContact, type ContactFields, type ContactRow } from '../data/contacts';
import { insertNewSession, repoOf, type ChannelRow, type MessageRow, type SessionRow, type SessionWithChannel } from './repo';
import { describedTemplateFile } from './message-file';
import { assertTemplateUsable, checkedTemplateFile, renderCheckedTemplate } from './rules';
import { windowStatusOf } from './window';

type SendOptions = NonNullable<SendTemplateBody['options']>;

export function resolveChannel(ctx: SandboxContext, from: string, field = 'from'): ChannelRow {
  const repo = repoOf(ctx);
  const digits = phoneDigits(from);
  const channel =
    repo.channelById.get(from) ??
    (digits.length >= 8 ? repo.channels.all().find((c) => c.number !== null && phoneDigits(c.number) === digits) : undefined);
  if (!channel) throw new ApiError(400, 'channel.not_found', `Field "${field}": no channel with this id or number.`, { field });
  if (channel.active !== 1) throw new ApiError(400, 'channel.inactive', `Field "${field}": channel "${channel.display_name}" is not connected.`, { field });
  return channel;
}

export function resolvePhone(to: string, field = 'to'): string {
  const phone = normalisePhone(to);
  if (!phone) throw new ApiError(400, 'validation.invalid_phone', `Field "${field}": "${to}" is not a valid phone number.`, { field });
  return phone.e164;
}

/** The team of the new conversation: the one asked for (by id or name), else the agent's default or first team. */
export function resolveDepartment(ctx: SandboxContext, agent: RequestAgent, options: SendOptions | null | undefined): string {
  const repo = repoOf(ctx);
  const asked = options?.department;
  let departmentId: string | undefined;
  if (asked?.id) {
    departmentId = repo.departmentById.get(asked.id)?.id;
    if (!departmentId) throw new ApiError(400, 'department.not_found', 'Field "options.department.id": team not found.', { field: 'options.department.id' });
  } else if (asked?.name) {
    departmentId = repo.departmentByName.get(asked.name)?.id;
    if (!departmentId) throw new ApiError(400, 'department.not_found', 'Field "options.department.name": team not found.', { field: 'options.department.name' });
  } else {
    const fallback = repo.defaultDepartment.get()?.id;
    departmentId = fallback !== undefined && (agent.profile === 'Admin' || agent.departmentIds.includes(fallback)) ? fallback : agent.departmentIds[0];
    if (!departmentId) {
      throw new ApiError(400, 'validation.field_required', 'Field "options.department.id" is required: you belong to no team.', { field: 'options.department.id' });
    }
  }
  if (agent.profile !== 'Admin' && !agent.departmentIds.includes(departmentId)) {
    throw new ApiError(403, 'department.not_member', 'You can only start conversations in teams you belong to.', { field: 'options.department.id', departmentId });
  }
  return departmentId;
}

/** The agent who owns the new conversation: the caller, or (admins and the team's supervisors only) another team member. */
export function resolveOwner(ctx: SandboxContext, agent: RequestAgent, options: SendOptions | null | undefined, departmentId: string): string {
  const asked = options?.user;
  const repo = repoOf(ctx);
  let userId = agent.userId;
  if (asked?.id) {
    userId = repo.agentByUserId.get(asked.id)?.user_id ?? '';
  } else if (asked?.email || asked?.phoneNumber) {
    const phone = asked.phoneNumber ? (normalisePhone(asked.phoneNumber)?.e164 ?? '') : '';
    userId = repo.agentByLogin.get(asked.email ?? '', phone)?.user_id ?? '';
  }
  if (!userId) throw new ApiError(400, 'agent.not_found', 'Field "options.user": agent not found.', { field: 'options.user' });
  if (userId === agent.userId) return userId;
  if (agent.profile !== 'Admin' && !isSupervisorOf(ctx, agent.userId, departmentId)) {
    throw new ApiError(403, 'session.assign_forbidden', 'Only admins and supervisors can start a conversation for another agent.', { field: 'options.user' });
  }
  const target = repo.agentByUserId.get(userId);
  if (target?.profile !== 'Admin' && !isMemberOf(ctx, userId, departmentId)) {
    throw new ApiError(400, 'agent.not_in_department', 'Field "options.user": the agent is not in this team.', { field: 'options.user' });
  }
  return userId;
}

/** The contact with this phone, created (and announced with CONTACT_NEW, as the contacts routes do) when unknown. Inside a transaction. */
export function findOrCreateContact(ctx: SandboxContext, e164: string): ContactRow {
  const existing = repoOf(ctx).contactByPhone.get(e164);
  if (existing) return existing;
  const fields: ContactFields = { name: null, phone: e164, email: null, instagram: null, annotation: null, tagNames: [], customFields: {}, status: 'ACTIVE' };
  return insertContact(ctx, randomUUID(), fields, 'CREATED_FROM_HUB');
}

export interface OpenedConversation {
  session: SessionWithChannel;
  isNew: boolean;
}

/**
 * The conversation a business send goes into: the one named, the contact's open one on that
 * channel, or a new one. An open conversation of another agent is not taken over silently.
 * Inside a transaction; the session row is written, its event is left to the message insert.
 */
export function openConversation(
  ctx: SandboxContext,
  args: { channel: ChannelRow; contact: ContactRow; departmentId: string; userId: string },
): OpenedConversation {
  const repo = repoOf(ctx);
  const now = ctx.clock.iso();
  const open = repo.openSessionOf.get(args.contact.id, args.channel.id);
  if (open) {
    if (open.user_id !== null && open.user_id !== args.userId) {
      throw new ApiError(409, 'session.owned_by_other', 'This contact already has an open conversation on this channel with another agent.', {
        sessionId: open.id,
        userId: open.user_id,
      });
    }
    if (open.user_id === null) {
      const window = windowStatusOf(open.channel_type, open.last_message_in, ctx.clock.nowMs());
      const taken: SessionRow = {
        ...open,
        user_id: args.userId,
        department_id: args.departmentId,
        status: window === 'ACTIVE' ? 'IN_PROGRESS' : 'STARTED',
        updated_at: now,
      };
      repo.updateSession.run(taken);
    }
    const session = repo.sessionById.get(open.id);
    if (!session) throw new Error('session vanished');
    return { session, isNew: false };
  }
  const session = insertNewSession(ctx, {
    contact_id: args.contact.id,
    channel_id: args.channel.id,
    department_id: args.departmentId,
    user_id: args.userId,
    status: isUnofficialWhatsApp(args.channel.type) ? 'IN_PROGRESS' : 'STARTED',
  });
  return { session, isNew: true };
}

export function sendTemplateStart(ctx: SandboxContext, agent: RequestAgent, body: SendTemplateBody): MessageRow {
  return dedupeByRefId(ctx, agent, body.refId, () => {
    const repo = repoOf(ctx);
    const channel = resolveChannel(ctx, body.from);
    let named: SessionWithChannel | undefined;
    if (body.sessionId) {
      named = loadVisibleSession(ctx, agent, body.sessionId);
      if (named.user_id !== null) assertCanWrite(agent, named);
      if (named.channel_id !== channel.id) {
        throw new ApiError(400, 'session.wrong_channel', 'Field "sessionId": the conversation is on another channel than "from".', { field: 'sessionId' });
      }
    }
    const template = repo.templateById.get(body.templateId);
    if (!template) throw new ApiError(400, 'template.not_found', 'Field "templateId": template not found.', { field: 'templateId' });
    const e164 = resolvePhone(body.to);
    const departmentId = named?.department_id ?? resolveDepartment(ctx, agent, body.options);
    const userId = named?.user_id ?? resolveOwner(ctx, agent, body.options, departmentId);
    assertTemplateUsable(template, channel, departmentId);
    const text = renderCheckedTemplate(template, body.parameters);
    const checkedFile = checkedTemplateFile(template, body.fileIdOrUrl, 'fileIdOrUrl');
    const file = checkedFile ? describedTemplateFile(ctx, checkedFile) : null;

    if (named && named.contact_id !== repo.contactByPhone.get(e164)?.id) {
      throw new ApiError(400, 'session.wrong_contact', 'Field "sessionId": the conversation is with another contact than "to".', { field: 'sessionId' });
    }

    const message = ctx.db.transaction(() => {
      const contact = findOrCreateContact(ctx, e164);
      const { session, isNew } = openConversation(ctx, { channel, contact, departmentId, userId });
      if (named && session.id !== named.id) {
        throw new ApiError(409, 'session.completed', 'Field "sessionId": that conversation is completed.', { field: 'sessionId' });
      }
      return recordOutbound(ctx, session, templateSpec(template, text, body, agent.userId, isNew, file));
    })();
    afterCommit(ctx, message);
    return message;
  });
}
