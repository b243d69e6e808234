/**
 * Sends what is due: when the sandbox clock passes a message's `scheduling` (moved by the control
 * API, or by time passing), the template goes into the contact's conversation as /send/template
 * would put it there — the open conversation on that channel reused or a new one opened, a FROM_HUB
 * message SENT with its receipts, and the SESSION_NEW/SESSION_UPDATE and MESSAGE_SENT events — and
 * the scheduled message becomes SENT with the session. Whatever /send/template would refuse at that
 * moment (template withdrawn, conversation taken by another agent) makes it FAILED with the reason,
 * and so does a contact whose number is not on WhatsApp (a phone ending 0000, as status-timers.ts
 * fails a message sent now): HelenaCRM learns that at the send, not when the schedule is made.
 */
import type { SandboxContext } from '../context';
import { ApiError } from '../http-errors';
import { describedTemplateFile } from '../conversations/message-file';
import { afterCommit, recordOutbound, templateSpec } from '../conversations/outbound';
import { repoOf, type MessageRow } from '../conversations/repo';
import { assertTemplateUsable, checkedTemplateFile, renderCheckedTemplate } from '../conversations/rules';
import { openConversation, resolveChannel } from '../conversations/start';
import { NO_WHATSAPP_REASON, phoneHasNoWhatsApp } from '../conversations/status-timers';
import { scheduledParameters, scheduledRepoOf, type ScheduledRow } from './repo';

/** How often real time is checked when nobody moves the clock (demos left running). */
const TICK_MS = 1000;

function sendOne(ctx: SandboxContext, row: ScheduledRow): MessageRow {
  const repo = repoOf(ctx);
  const channel = resolveChannel(ctx, row.channel_id);
  const template = assertTemplateUsable(repo.templateById.get(row.template_id), channel, row.department_id);
  const parameters = scheduledParameters(row);
  const text = renderCheckedTemplate(template, parameters);
  const checked = checkedTemplateFile(template, row.file_id ?? row.file_url, 'templateParams.fileUrl');
  const file = checked ? describedTemplateFile(ctx, checked) : null;
  const contact = repo.contactById.get(row.contact_id);
  if (!contact) throw new ApiError(400, 'contact.not_found', 'The contact no longer exists.');
  if (phoneHasNoWhatsApp(contact.phone)) throw new ApiError(400, 'contact.no_whatsapp', NO_WHATSAPP_REASON);
  const departmentId = row.department_id ?? '';
  return ctx.db.transaction(() => {
    const { session, isNew } = openConversation(ctx, { channel, contact, departmentId, userId: row.user_id });
    const message = recordOutbound(ctx, session, templateSpec(template, text, { parameters }, row.user_id, isNew, file));
    scheduledRepoOf(ctx).settle.run({ id: row.id, status: 'SENT', session_id: session.id, message_id: message.id, failure_reason: null, updated_at: ctx.clock.iso() });
    return message;
  })();
}

/** Sends every message whose moment has come, oldest first; each one on its own, so one failure does not hold the rest. */
export function runDueScheduled(ctx: SandboxContext): number {
  if (!ctx.db.open) return 0;
  const due = scheduledRepoOf(ctx).due.all(ctx.clock.iso());
  for (const row of due) {
    try {
      afterCommit(ctx, sendOne(ctx, row));
    } catch (err) {
      const reason = err instanceof ApiError ? err.text : String(err);
      scheduledRepoOf(ctx).settle.run({ id: row.id, status: 'FAILED', session_id: null, message_id: null, failure_reason: reason, updated_at: ctx.clock.iso() });
      ctx.log(`scheduled message ${row.id} failed: ${reason}`);
    }
  }
  return due.length;
}

/** Runs due messages on every clock jump and once a second; returns the stop for the server's close. */
export function startScheduledRunner(ctx: SandboxContext): () => void {
  const stopListening = ctx.clock.onAdvance(() => runDueScheduled(ctx));
  const timer = setInterval(() => runDueScheduled(ctx), TICK_MS);
  timer.unref();
  return () => {
    stopListening();
    clearInterval(timer);
  };
}
