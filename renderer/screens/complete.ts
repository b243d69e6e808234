/**
 * Alt+C completes a conversation, and a completed conversation never reopens: the messages of it
 * still on this computer (in the queue, waiting for the contact's reply, going out) then fail
 * unsent, and a text left in the message box has nowhere to go. When something would be lost so,
 * the conversation asks first; when nothing would, Alt+C completes at once (agents complete dozens
 * a day). Internal notes are not counted: HelenaCRM takes notes on a completed conversation, so a
 * queued note still goes.
 *
 * A template scheduled for the contact (Alt+G) is asked about too, though it is not lost: HelenaCRM
 * schedules by contact (the create takes a phone number, not a conversation; chat.json's
 * PUT /session/{id}/complete takes no word about schedules, and nothing there cancels them), so it
 * still goes at its moment and opens a new conversation. An agent completing "because it is done"
 * may not want that follow-up any more, and may not remember it is pending: the question says it
 * stays, so the agent can go back and cancel it, or complete knowing it will go.
 */
import type { MessageView, ScheduledItem } from '../../src/console/results';

/** The outbox states of a message that has not gone out yet. */
const NOT_GONE = new Set<MessageView['outboxState']>(['queued', 'waiting_reply', 'sending']);

export interface CompleteLosses {
  /** Messages of the conversation that have not gone out yet, and never will once it is completed. */
  pending: number;
  /** Text in the message box (the draft). */
  draft: boolean;
  /** A file attached in the box, not sent yet. */
  attachment: boolean;
  /** Templates still scheduled for the contact: not lost, they go at their moment into a new conversation. */
  scheduled: readonly Pick<ScheduledItem, 'id' | 'templateName' | 'at'>[];
}

/** What completing the conversation now would lose (or, for a schedule, still send); null when nothing. */
export function completeLosses(
  messages: readonly MessageView[],
  draft: string,
  attachment: boolean,
  scheduled: readonly Pick<ScheduledItem, 'id' | 'templateName' | 'at' | 'status'>[] = [],
): CompleteLosses | null {
  const pending = messages.filter((m) => m.kind !== 'note' && NOT_GONE.has(m.outboxState)).length;
  const still = scheduled.filter((s) => s.status === 'SCHEDULED').map(({ id, templateName, at }) => ({ id, templateName, at }));
  const losses = { pending, draft: draft.trim() !== '', attachment, scheduled: still };
  return losses.pending > 0 || losses.draft || losses.attachment || still.length > 0 ? losses : null;
}

