/**
 * A transfer with a note for whoever receives it ("Nota para quem recebe"). The note is an internal
 * note like Alt+N's (queued in the outbox, same refId on every try, shown as "Nota interna"), but
 * the transfer waits until HelenaCRM has it: the receiving agent or team must find it when the
 * conversation arrives, and after a transfer to another team the agent may no longer see the
 * conversation at all, so a note left behind in the queue could never go. Hence:
 * - the note goes first; the transfer only once HelenaCRM acknowledged it;
 * - the note did not get there (offline, HelenaCRM refused it, still trying): no transfer, and the
 *   agent reads why; the note stays queued (it is true anyway) and goes when it can;
 * - a transfer refused after the note went: the note stays, the refusal is HelenaCRM's (api.*);
 * - trying again with the same note reuses it (the agent's last note of the conversation, same
 *   text, not cancelled or failed) instead of writing it twice.
 */
import type { OutboxLike } from '../outbox/contract';
import { belongsTo } from '../outbox/authors';
import { parseNoteBody } from '../outbox/payloads';
import type { OutboxEntry, Store } from '../store';
import type { Locale } from '../domain/window';
import { consoleText, isConsoleMessageCode } from './console-messages';
import { ConsoleError, refusal } from './errors';

/** How long a transfer waits for its note to reach HelenaCRM before giving up (the note stays queued). */
export const NOTE_WAIT_MS = 20_000;

/** The agent's last note of the conversation when it has this text and may still be (or has been) delivered. */
export function reusableNote(store: Store, conversationKey: string, text: string, userId: string): OutboxEntry | null {
  const notes = store.outbox.listByConversation(conversationKey).filter((entry) => entry.kind === 'note' && belongsTo(store, entry.localId, userId));
  const last = notes.at(-1);
  if (!last || last.state === 'cancelled' || last.state === 'failed') return null;
  return parseNoteBody(last.payload.body).text === text ? last : null;
}

/**
 * Resolves with the note's entry once HelenaCRM has it ('sent'), or once it is known not to get
 * there now: failed, an attempt made since the wait began failed and is waiting to be retried, or
 * `timeoutMs` passed. Null when the entry is gone.
 */
export function noteSettled(store: Store, outbox: Pick<OutboxLike, 'on'>, localId: string, timeoutMs = NOTE_WAIT_MS): Promise<OutboxEntry | null> {
  const attemptsBefore = store.outbox.get(localId)?.attempts ?? 0;
  return new Promise((resolve) => {
    let done = false;
    const check = (force: boolean): void => {
      if (done) return;
      const entry = store.outbox.get(localId);
      const settled =
        !entry || entry.state === 'sent' || entry.state === 'failed' || entry.state === 'cancelled' || (entry.state === 'queued' && entry.attempts > attemptsBefore);
      if (!settled && !force) return;
      done = true;
      off();
      clearTimeout(timer);
      resolve(entry);
    };
    const off = outbox.on((event) => {
      if (event.type === 'message-status' && event.localId === localId) check(false);
    });
    const timer = setTimeout(() => check(true), timeoutMs);
    timer.unref();
    check(false);
  });
}

/** Why the transfer did not go when its note did not reach HelenaCRM (null entry: the note was removed meanwhile). */
export function noteNotSentRefusal(entry: OutboxEntry | null): ConsoleError {
  const code = entry?.lastErrorCode?.code ?? null;
  // No connection: the words a transfer offline has always had (the note, like messages, waits in the queue).
  if (code === 'network' || code === 'network_timeout') return refusal('api.network', 'failure.network', { field: 'note' });
  if (entry?.state !== 'failed') return refusal('note_not_sent', 'transfer.note_pending', { field: 'note' });
  // HelenaCRM refused the note: its reason, in both languages when the catalog has it.
  const failure = code === null ? null : `failure.${code}`;
  const reason = (locale: Locale) =>
    failure !== null && isConsoleMessageCode(failure) ? consoleText(failure, entry.lastErrorCode?.values ?? {}, locale) : (entry.lastError ?? '');
  return new ConsoleError({
    code: 'note_not_sent',
    message: consoleText('transfer.note_failed', { reason: reason('pt-BR') }),
    messageEn: consoleText('transfer.note_failed', { reason: reason('en') }, 'en'),
    field: 'note',
  });
}
