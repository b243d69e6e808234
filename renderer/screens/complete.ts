/**
 * Alt+C completes a conversation, and a completed conversation never reopens: the messages of it
 * still on this computer (in the queue, waiting for the contact's reply, going out) then fail
 * unsent, and a text left in the message box has nowhere to go. When something would be lost so,
 * the conversation asks first; when nothing would, Alt+C completes at once (agents complete dozens
 * a day). Internal notes are not counted: HelenaCRM takes notes on a completed conversation, so a
 * queued note still goes.
 */
import type { MessageView } from '../../src/console/results';

/** The outbox states of a message that has not gone out yet. */
const NOT_GONE = new Set<MessageView['outboxState']>(['queued', 'waiting_reply', 'sending']);

export interface CompleteLosses {
  /** Messages of the conversation that have not gone out yet, and never will once it is completed. */
  pending: number;
  /** Text in the message box (the draft). */
  draft: boolean;
  /** A file attached in the box, not sent yet. */
  attachment: boolean;
}

/** What completing the conversation now would lose; null when nothing. */
export function completeLosses(messages: readonly MessageView[], draft: string, attachment: boolean): CompleteLosses | null {
  const pending = messages.filter((m) => m.kind !== 'note' && NOT_GONE.has(m.outboxState)).length;
  const losses = { pending, draft: draft.trim() !== '', attachment };
  return losses.pending > 0 || losses.draft || losses.attachment ? losses : null;
}

