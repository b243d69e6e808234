/**
 * Editing a text HelenaCRM holds for the contact's reply (WAIT_REPLY), or a held file's caption.
 * HelenaCRM has no edit: the held copy is withdrawn (DELETE /chat/v1/message/{id}) and the new text
 * sent in its place, on the same outbox row and message line (same localId) with a NEW refId —
 * HelenaCRM keeps the first message of a refId, deleted or not, so the old one would only bring the
 * deleted copy back. A file goes again by the fileId the row recorded at its first send (HelenaCRM
 * keeps saved files), so a caption edit uploads nothing.
 *
 * The intent is written to the row's payload (`heldEdit`, stripped by the zod parse of the send
 * body, so it never travels) and committed durably BEFORE the DELETE leaves. That is what makes
 * every instant of a crash safe (see Outbox.editServerHeld for the states).
 */
import { z } from 'zod';
import type { OutboxEntry } from '../store';

const PENDING: readonly OutboxEntry['state'][] = ['queued', 'waiting_reply', 'sending'];

/** What the row must become once HelenaCRM confirms the withdrawal of `serverId`. */
export const HeldEdit = z.object({
  /** The new text (a file's: its new caption). */
  text: z.string().min(1),
  /** The refId the new text goes with (never the withdrawn copy's). */
  refId: z.uuid(),
  /** HelenaCRM's id of the held copy to withdraw. */
  serverId: z.string().min(1),
  /**
   * Withdrawals HelenaCRM answered with a server error (5xx) while its copy still read WAIT_REPLY.
   * Kept in the intent, so a restart does not start the count again; absent (0) on intents
   * recorded before the count existed.
   */
  serverErrors: z.number().int().min(0).optional(),
});
export type HeldEdit = z.infer<typeof HeldEdit>;

/**
 * After this many withdrawals answered 5xx with the copy still held, the edit is given up
 * (abandonedEditOf). With the outbox's default backoff (2 s doubling, full jitter, 5 min cap) the
 * tenth comes about 9 minutes after the first on average, and each try is itself up to 5 DELETEs
 * (the client's own retries): HelenaCRM failing one message's DELETE that long, while it reads the
 * message fine, is not passing by itself. Counted, not timed: this computer's clock may jump
 * (longestWaitMs); a restart or a reconnect only brings the tries sooner. Until then the line says the edit finishes by itself; after,
 * it says what is true: it was not made. No answer at all (the network) never counts: the
 * connectivity logic owns that.
 */
export const HELD_EDIT_GIVE_UP_AFTER = 10;

/**
 * An edit not made, whose text the agent typed is kept on the row so the line can say so and show it:
 * - reason absent: given up (HELD_EDIT_GIVE_UP_AFTER). The original stays held on HelenaCRM, and
 *   "Editar" starts from the text.
 * - `too_late`: a try in the background (no "Editar" call waiting to say "too late") found the
 *   original released first by the contact's reply. The row reads sent (or failed); the text is
 *   there only for the agent to copy, never sent by itself.
 * - `refused`: a try in the background found the withdrawal refused outright (no access…), the
 *   original untouched. The row is as before the edit; the text is there to copy, as for `too_late`.
 * - `unconfirmed`: a try in the background had the withdrawal asked (accepted, or its answer lost
 *   or failed) and then HelenaCRM refused to show the original: it may have been deleted, or may be
 *   held still. The row stays as HelenaCRM last said (sync settles it); the text is there to copy.
 * The last three are kept only because no "Editar" call was waiting: one that waits hears the outcome
 * itself, and the text is still in the agent's box.
 */
const AbandonedEdit = z.object({ text: z.string().min(1), reason: z.enum(['too_late', 'refused', 'unconfirmed']).optional() });
export type AbandonedEdit = z.infer<typeof AbandonedEdit>;
/** Why an edit tried in the background was not made, when it is not a give-up (see AbandonedEdit). */
export type EditNotMadeReason = NonNullable<AbandonedEdit['reason']>;

/** The edit given up on this row, if any (see AbandonedEdit). */
export function abandonedEditOf(entry: Pick<OutboxEntry, 'payload'>): AbandonedEdit | null {
  const raw = (entry.payload.body as { abandonedEdit?: unknown }).abandonedEdit;
  if (raw === undefined || raw === null) return null;
  const parsed = AbandonedEdit.safeParse(raw);
  return parsed.success ? parsed.data : null;
}

/** The edit waiting for HelenaCRM's word on the withdrawal, if the row carries one. */
export function heldEditOf(entry: Pick<OutboxEntry, 'payload'>): HeldEdit | null {
  const raw = (entry.payload.body as { heldEdit?: unknown }).heldEdit;
  if (raw === undefined || raw === null) return null;
  const parsed = HeldEdit.safeParse(raw);
  return parsed.success ? parsed.data : null;
}

/**
 * Why the edit of a server-held text (or file caption) was refused before anything changed (or, `unsettled`, why
 * it could not be finished now):
 * - `offline`: the withdrawal needs HelenaCRM's confirmation; nothing was recorded.
 * - `order`: a later text or file of the conversation is held on HelenaCRM too; the edited one, sent again,
 *   would be released after it.
 * - `unsettled`: the connection failed mid-way and HelenaCRM's answer is unknown; the edit stays
 *   recorded and is finished when the connection returns (unless the contact replies first, and
 *   the original goes).
 * - `server_error`: as `unsettled`, but HelenaCRM answered, with a server error (5xx): the agent is
 *   told HelenaCRM failed, not that the connection dropped; asked again after a backoff.
 * - `abandoned`: HelenaCRM answered the withdrawal with a server error HELD_EDIT_GIVE_UP_AFTER
 *   times: the edit is given up, the original stays held (abandonedEditOf).
 */
export class HeldEditRefused extends Error {
  override readonly name = 'HeldEditRefused';
  constructor(readonly reason: 'offline' | 'order' | 'unsettled' | 'server_error' | 'abandoned') {
    super(`edit of a server-held message refused: ${reason}`);
  }
}

/**
 * The texts held on HelenaCRM whose edit is refused for order (Outbox.editServerHeld): a later text
 * or file of the same conversation is held there too, or may be (a try whose answer was lost, or
 * one under way). `entries`: one conversation's outbox rows in order (seq); `onServer`: whether a
 * row's message has HelenaCRM's id. The outbox refuses by this rule and the view hides "Editar" by it.
 */
export function heldBehindLater(entries: readonly OutboxEntry[], onServer: (localId: string) => boolean): Set<string> {
  const blocked = new Set<string>();
  let laterHeld = false;
  for (let i = entries.length - 1; i >= 0; i--) {
    const entry = entries[i];
    if (!entry || !PENDING.includes(entry.state) || (entry.kind !== 'text' && entry.kind !== 'file')) continue;
    const held = entry.state === 'waiting_reply' && onServer(entry.localId);
    if (held && laterHeld) blocked.add(entry.localId);
    if (held || entry.sendStartedAt !== null || entry.state === 'sending') laterHeld = true;
  }
  return blocked;
}

/**
 * HelenaCRM's ids of the copies withdrawn by this row's edits: sync still brings each one (DELETED,
 * under its old refId) as a message of its own, which the conversation does not show — the row's
 * own line is that message, edited.
 */
export function replacedCopiesOf(entry: Pick<OutboxEntry, 'payload'>): string[] {
  const raw = (entry.payload.body as { replaced?: unknown }).replaced;
  return Array.isArray(raw) ? raw.filter((id): id is string => typeof id === 'string') : [];
}
