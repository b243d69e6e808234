/**
 * Simulated contacts: a demo contact scripted with `reply_after_ms` answers some (real) seconds
 * after a template reaches them, as a person would, which opens the WhatsApp window. A burst of
 * templates gets one answer; a contact scripted with NULL never answers.
 */
import { z } from 'zod';
import type { SandboxContext } from '../context';
import type { LoggedEvent } from '../event-log';
import { receiveInboundMessage } from '../conversations/inbound';

export const DEFAULT_REPLY_TEXT = 'Oi! Pode falar, sim.';

const OutboundTemplate = z.object({
  sessionId: z.string(),
  direction: z.literal('FROM_HUB'),
  templateId: z.string().min(1),
  status: z.string().refine((status) => status !== 'WAIT_REPLY' && status !== 'FAILED'),
});

interface ScriptRow {
  contact_id: string;
  channel_id: string;
  reply_after_ms: number | null;
  reply_text: string | null;
}

export interface ContactReplies {
  /** Replies waiting for their timer, keyed by contact id. */
  pending(): string[];
  close(): void;
}

export function startContactReplies(ctx: SandboxContext): ContactReplies {
  const selectScript = ctx.db.prepare<[string], ScriptRow>(
    `SELECT s.contact_id, s.channel_id, cs.reply_after_ms, cs.reply_text
       FROM sessions s JOIN contact_scripts cs ON cs.contact_id = s.contact_id
      WHERE s.id = ?`,
  );
  const timers = new Map<string, NodeJS.Timeout>();
  let closed = false;

  function onEvent(event: LoggedEvent): void {
    if (event.eventType !== 'MESSAGE_SENT') return;
    const message = OutboundTemplate.safeParse(event.content);
    if (!message.success) return;
    const script = selectScript.get(message.data.sessionId);
    if (!script || script.reply_after_ms === null) return;
    // One answer per burst: later templates while a reply is pending do not queue more answers.
    if (timers.has(script.contact_id)) return;
    const { contact_id: contactId, channel_id: channelId } = script;
    const text = script.reply_text ?? DEFAULT_REPLY_TEXT;
    const timer = setTimeout(() => {
      timers.delete(contactId);
      if (closed || !ctx.db.open) return;
      try {
        receiveInboundMessage(ctx, { contactId, channelId, text });
        ctx.log(`simulated contact ${contactId} replied`);
      } catch (err) {
        ctx.log(`simulated reply of ${contactId} failed: ${err instanceof Error ? err.message : String(err)}`);
      }
    }, Math.max(0, script.reply_after_ms));
    timer.unref();
    timers.set(contactId, timer);
  }

  const unsubscribe = ctx.events.subscribe(onEvent);
  return {
    pending: () => [...timers.keys()],
    close() {
      closed = true;
      unsubscribe();
      for (const timer of timers.values()) clearTimeout(timer);
      timers.clear();
    },
  };
}
