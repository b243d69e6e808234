/**
 * The conversation as the core's views.ts sends it to the screen (its message lines, the opened
 * conversation) and the conversation screen drawn from it: what the conversation screen tests build
 * on. A test names only what its case is about (a held line, a window open…).
 */
import { act } from 'react';
import type { MessageView, OpenedConversation } from '../../src/console/results';
import type { BridgeEvent } from '../../src/console/bridge-contract';
import { ConversationScreen } from '../screens/ConversationScreen';
import { installBridge, type FakeInvoke } from './fake-bridge';
import { fillBox, pause } from './input';
import type { MountedView } from './mount-per-test';

/** 30 Nov 2026, 10:00 UTC: when a line was written unless the test says otherwise. */
export const LINE_AT = new Date(Date.UTC(2026, 10, 30, 10, 0, 0)).toISOString();

/**
 * A text line the agent sent and HelenaCRM took (SENT, settled: no action left on it), with
 * `patch` over it. `shownAt` follows `createdAt` unless given.
 */
export function messageLine(patch: Partial<MessageView> = {}): MessageView {
  const at = patch.createdAt ?? LINE_AT;
  return {
    localId: 'local-1', id: 'm-1', kind: 'message', authorName: null, direction: 'FROM_HUB', status: 'SENT', outboxState: null, text: null,
    templateId: null, parameters: null, media: null, file: null, failedReason: null, failedReasonEn: null, createdAt: at, shownAt: at,
    editable: false, textEditable: false, editBlockedBy: null, templateEditable: false, retryable: false, cancellable: false, pendingEditText: null, abandonedEditText: null, abandonedEditReason: null,
    retryingAfter: null, retryingAfterEn: null,
    ...patch,
  };
}

/** What makes a line a text HelenaCRM holds for the contact's reply: still editable and cancellable. */
export const HELD_FOR_REPLY = {
  status: 'WAIT_REPLY', outboxState: 'waiting_reply', editable: true, textEditable: true, cancellable: true,
} as const satisfies Partial<MessageView>;

export interface ConversationShape {
  contactName: string;
  /** The contact's phone; without one the conversation has no contact record (contactId and contact null). */
  phone?: string;
  /** WhatsApp's 24 h window; closed (only templates, texts held for the reply) unless given. */
  window?: { canSendFreeText: boolean; expiresAt: string | null };
  /** Still in the team's queue (PENDING, not the agent's to write in) rather than the agent's, in progress. */
  queued?: boolean;
  /** Completed: read-only, as views.ts sends it (canWrite false). */
  completed?: boolean;
  /** A start WhatsApp refused: why, as the core's summary carries it. */
  startFailed?: { failedReason: string | null; failedReasonEn: string | null };
}

/** An agent's conversation in progress, writable (unless `queued` or `completed`), with `messages`, as conversation.open answers. */
export function openedConversation(sessionId: string, messages: MessageView[], shape: ConversationShape): OpenedConversation {
  const contactId = shape.phone === undefined ? null : 'c1';
  // Cast: the summary carries only what the screen reads of it.
  return {
    conversationKey: sessionId,
    conversation: {
      id: sessionId, contactId, contactName: shape.contactName, unreadCount: 0, pendingStart: null, startFailed: shape.startFailed ?? null,
      status: shape.completed ? 'COMPLETED' : shape.queued ? 'PENDING' : 'IN_PROGRESS', canWrite: !shape.queued && !shape.completed,
      window: shape.window ?? { canSendFreeText: false, expiresAt: null },
    },
    contact: contactId === null ? null : { id: contactId, name: shape.contactName, phone: shape.phone, email: null, tags: [], annotation: null, fields: [] },
    messages,
    draft: null,
    noteDraft: null,
  } as unknown as OpenedConversation;
}

/** WhatsApp's window open for the next hour: free text goes straight out. */
export function openWindow(): { canSendFreeText: boolean; expiresAt: string } {
  return { canSendFreeText: true, expiresAt: new Date(Date.now() + 3_600_000).toISOString() };
}

/** Draws the conversation screen of `sessionId` on `view`, with whatever bridge the app store holds. */
export async function showConversation(view: MountedView, sessionId: string): Promise<void> {
  await act(async () => view.root.render(<ConversationScreen conversationKey={sessionId} onBack={() => undefined} onTransferred={() => undefined} />));
}

/** The message box under the conversation. */
export function messageBox(view: MountedView): HTMLTextAreaElement {
  return view.host.querySelector('textarea') as HTMLTextAreaElement;
}

/** The button the agent reads as `name`, if the screen shows one. */
export function buttonNamed(view: MountedView, name: string): HTMLButtonElement | undefined {
  return [...view.host.querySelectorAll('button')].find((b) => b.textContent === name);
}

/**
 * The conversation screen of `sessionId` on `view`, its core answering with `invoke`, once
 * `settleMs` went by for the first read to land: its message box, and a way to play the core's events.
 */
export async function conversationOnScreen(
  view: MountedView,
  sessionId: string,
  invoke: FakeInvoke,
  settleMs: number,
): Promise<{ box: HTMLTextAreaElement; emit(event: BridgeEvent): void }> {
  const { emit } = installBridge(invoke);
  await showConversation(view, sessionId);
  await pause(settleMs);
  return { box: messageBox(view), emit };
}

/** "Editar" on the held line, and the agent changes its text in the box to `text`. */
export async function editHeldTo(view: MountedView, box: HTMLTextAreaElement, text: string): Promise<void> {
  await act(async () => buttonNamed(view, 'Editar')?.click());
  await act(async () => fillBox(box, text));
}
