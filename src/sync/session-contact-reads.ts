/**
 * A conversation a realtime event brings whose contact the cache lacks and HelenaCRM did not embed
 * (its events come without `contactDetails`; the spec has no payload schema for them): a new
 * conversation while a big account's first sync still brings the contacts, or one from a contact
 * new to HelenaCRM. The desk could only say "Contato ainda sincronizando…" until the agent opened
 * it, or until the contacts pull reached that contact, minutes later. One read of that session
 * with IncludeDetails=ContactDetails (GET /chat/v2/session/{id}) names it within a moment.
 *
 * Asked a moment after the event, and only if still unnamed then: a conversation this app just
 * started is read with its contact by the outbox as soon as HelenaCRM answers the start (its
 * SESSION_NEW comes first), and the agent may open it (that read embeds the contact too); several
 * events of one conversation cost one look. Never two reads of one at once, and not again once
 * answered (a HelenaCRM that embeds nothing, or a contact with neither name nor number, would
 * otherwise cost a read per event). One that failed is asked again by the next event.
 */
import type { Store } from '../store';

/** How long after the event the conversation is looked at again; longer than a start's own read takes. */
export const CONTACT_READ_DELAY_MS = 1_500;
/** Conversations and contacts answered already, kept at most this many (oldest forgotten first). */
const ANSWERED_KEPT = 5_000;

export interface SessionContactReadsOptions {
  store: Store;
  /** Reads the session with its contact embedded and writes it; rejects when HelenaCRM did not answer it. */
  readWithContact: (sessionId: string) => Promise<void>;
  onFailure?: (sessionId: string, error: unknown) => void;
  delayMs?: number;
}

export class SessionContactReads {
  private readonly waiting = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly inFlight = new Set<string>();
  private readonly answered = new Set<string>();
  private stopped = false;

  constructor(private readonly options: SessionContactReadsOptions) {}

  /** A realtime event wrote `sessionId`: if the desk has no name for it, it is read with its contact shortly. */
  ask(sessionId: string): void {
    if (this.stopped || this.waiting.has(sessionId) || this.needsRead(sessionId) === null) return;
    const timer = setTimeout(() => {
      this.waiting.delete(sessionId);
      this.readIfUnnamed(sessionId);
    }, this.options.delayMs ?? CONTACT_READ_DELAY_MS);
    timer.unref();
    this.waiting.set(sessionId, timer);
  }

  /** The engine stops (sign-out, another agent): nothing more is asked of this store. */
  stop(): void {
    this.stopped = true;
    for (const timer of this.waiting.values()) clearTimeout(timer);
    this.waiting.clear();
  }

  /** The engine (re)starts: events are looked at again. */
  start(): void {
    this.stopped = false;
  }

  private readIfUnnamed(sessionId: string): void {
    const key = this.stopped ? null : this.needsRead(sessionId);
    if (key === null) return;
    this.inFlight.add(sessionId);
    this.options
      .readWithContact(sessionId)
      .then(() => {
        this.answered.add(key);
        if (this.answered.size > ANSWERED_KEPT) this.answered.delete(this.answered.values().next().value ?? '');
      })
      .catch((error: unknown) => this.options.onFailure?.(sessionId, error))
      .finally(() => this.inFlight.delete(sessionId));
  }

  /** The conversation and contact to read, or null when the desk names it already (or a read is under way or done). */
  private needsRead(sessionId: string): string | null {
    if (this.inFlight.has(sessionId)) return null;
    const { store } = this.options;
    const session = store.sessions.get(sessionId);
    if (!session || session.contactId === null) return null;
    if (session.embeddedContactName !== null || session.embeddedContactPhone !== null) return null;
    const key = `${sessionId}:${session.contactId}`;
    if (this.answered.has(key) || store.contacts.get(session.contactId) !== null) return null;
    return key;
  }
}
