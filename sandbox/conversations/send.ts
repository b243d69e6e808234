/**
 * Sending inside a conversation: POST /chat/v1/session/{id}/message (HelenaCRM's console path,
 * which holds free text as WAIT_REPLY while the window is closed) and POST /chat/v1/send/text
 * (the direct, Cloud-API-like path, which refuses it with 131047). A file goes as `fileId` (a
 * saved file, POST /core/v2/file) or `fileUrl` (a public URL): alone, with `text` as its caption,
 * by the same window rules as text; or as a media template's header.
 */
import type { QuickSendBody, SendTextBody } from '../../src/api/helena-dto';
import { isUnofficialWhatsApp } from '../../src/domain/channels';
import type { SandboxContext } from '../context';
import { ApiError } from '../http-errors';
import type { RequestAgent } from '../request-agent';
import { assertCanWrite, loadVisibleSession } from './access';
import { assertCaption, attachedFile, describedTemplateFile } from './message-file';
import { afterCommit, dedupeByRefId, recordOutbound, templateSpec, type OutboundSpec } from './outbound';
import { repoOf, type MessageRow, type SessionWithChannel } from './repo';
import { assertTemplateUsable, assertTextLength, checkedTemplateFile, reEngagementError, renderCheckedTemplate } from './rules';
import { findOrCreateContact, openConversation, resolveChannel, resolveDepartment, resolveOwner, resolvePhone } from './start';
import { windowStatusOf } from './window';

function assertOpen(session: SessionWithChannel): void {
  if (session.status === 'COMPLETED') {
    throw new ApiError(409, 'session.completed', 'This conversation is completed; start a new one with a template.', { sessionId: session.id });
  }
}

function windowOf(ctx: SandboxContext, session: SessionWithChannel) {
  return windowStatusOf(session.channel_type, session.last_message_in, ctx.clock.nowMs());
}

export function sendInSession(ctx: SandboxContext, agent: RequestAgent, sessionId: string, body: QuickSendBody): MessageRow {
  const session = loadVisibleSession(ctx, agent, sessionId);
  return dedupeByRefId(ctx, agent, body.refId, () => {
    assertCanWrite(agent, session);
    assertOpen(session);
    const hasText = typeof body.text === 'string' && body.text !== '';
    const hasTemplate = typeof body.templateId === 'string' && body.templateId !== '';
    const hasFile = Boolean(body.fileUrl || body.fileId);
    if (body.fileUrl && body.fileId) {
      throw new ApiError(400, 'validation.file_url_or_id', 'Send either "fileUrl" or "fileId", not both.', { field: 'fileId' });
    }
    if (hasTemplate ? hasText : !hasText && !hasFile) {
      throw new ApiError(
        400,
        'validation.text_or_template',
        'Send "text", a template ("templateId" with "parameters"), or a file ("fileId" or "fileUrl", with "text" as its caption); a template takes no "text".',
        { field: hasText ? 'templateId' : 'text' },
      );
    }

    let spec: OutboundSpec;
    if (hasTemplate) {
      const repo = repoOf(ctx);
      const channel = repo.channelById.get(session.channel_id);
      if (!channel) throw new Error('channel of session missing');
      const template = assertTemplateUsable(repo.templateById.get(body.templateId ?? ''), channel, session.department_id);
      const text = renderCheckedTemplate(template, body.parameters);
      const file = checkedTemplateFile(template, body.fileId ?? body.fileUrl, body.fileId ? 'fileId' : 'fileUrl');
      spec = templateSpec(template, text, body, agent.userId, false, file ? describedTemplateFile(ctx, file) : null);
    } else {
      // Free text, or a file with its caption: both go only inside the window, as WhatsApp wants.
      const file = hasFile ? attachedFile(ctx, body) : null;
      const text = hasText ? (body.text ?? '') : null;
      if (file) assertCaption(text, file);
      else assertTextLength(text ?? '');
      const window = windowOf(ctx, session);
      if (window !== 'ACTIVE' && ctx.options.strictWindow) throw reEngagementError(window);
      spec = {
        text: text !== null && text.trim() === '' ? null : text,
        status: window === 'ACTIVE' ? 'SENT' : 'WAIT_REPLY',
        templateId: null,
        parameters: null,
        file,
        categoryName: null,
        refId: body.refId ?? null,
        userId: agent.userId,
        sessionIsNew: false,
      };
    }
    const message = ctx.db.transaction(() => recordOutbound(ctx, session, spec))();
    afterCommit(ctx, message);
    return message;
  });
}

/** The direct path never holds: outside the window on an official channel it fails with 131047 and stores nothing. */
export function sendTextDirect(ctx: SandboxContext, agent: RequestAgent, body: SendTextBody): MessageRow {
  return dedupeByRefId(ctx, agent, body.refId, () => {
    assertTextLength(body.text);
    const message = ctx.db.transaction(() => {
      let session: SessionWithChannel;
      let isNew = false;
      if (body.sessionId) {
        session = loadVisibleSession(ctx, agent, body.sessionId);
      } else {
        if (!body.from) throw new ApiError(400, 'validation.field_required', 'Field "from" is required when "sessionId" is not given.', { field: 'from' });
        if (!body.to) throw new ApiError(400, 'validation.field_required', 'Field "to" is required when "sessionId" is not given.', { field: 'to' });
        const channel = resolveChannel(ctx, body.from);
        const e164 = resolvePhone(body.to);
        const repo = repoOf(ctx);
        const known = repo.contactByPhone.get(e164);
        const open = known ? repo.openSessionOf.get(known.id, channel.id) : undefined;
        if (open) {
          session = open;
        } else if (isUnofficialWhatsApp(channel.type)) {
          // No window on QR channels: a first free text opens the conversation, as a template would.
          const departmentId = resolveDepartment(ctx, agent, body.options);
          const userId = resolveOwner(ctx, agent, body.options, departmentId);
          const opened = openConversation(ctx, { channel, contact: findOrCreateContact(ctx, e164), departmentId, userId });
          session = opened.session;
          isNew = opened.isNew;
        } else {
          throw reEngagementError('NOT_STARTED');
        }
      }
      assertCanWrite(agent, session);
      assertOpen(session);
      const window = windowOf(ctx, session);
      if (window !== 'ACTIVE') throw reEngagementError(window);
      return recordOutbound(ctx, session, {
        text: body.text,
        status: 'SENT',
        templateId: null,
        parameters: null,
        file: null,
        categoryName: null,
        refId: body.refId ?? null,
        userId: agent.userId,
        sessionIsNew: isNew,
      });
    })();
    afterCommit(ctx, message);
    return message;
  });
}
