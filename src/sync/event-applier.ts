/**
 * Applies realtime events to the cache, each exactly once. The offset is the event's identity:
 * an offset at or below the stored one was already applied (a replay after reconnect) and is
 * ignored; otherwise the cache change and the new offset are written in ONE transaction, so a
 * crash can neither apply an event twice nor record it without its change. CoreEvents for the UI
 * are emitted only after that transaction commits.
 *
 * Gaps. The gateway leaves out events of conversations the agent may not see, so for anyone but
 * an admin offsets jump all the time. When the event says which offset the connection sent
 * before it (`previousOffset`, a sandbox extension), the gap test is exact: a gap is a stored
 * offset BELOW previousOffset, i.e. something this connection sent was never applied (a stored
 * offset above it is fine: it was learnt elsewhere, e.g. from RESYNC_REQUIRED). Without it (a
 * plain HelenaCRM gateway) any jump past stored + 1 counts, and the caller coalesces those.
 * OFFSET watermarks move the stored offset past events the agent was not sent, chained the same way.
 */
import type { ContactDTO, MessageDTO, SessionDTO } from '../api/helena-dto';
import type { CoreEvent } from '../console/core-events';
import { displayPhone } from '../domain/phone';
import type { RealtimeMessage } from '../realtime/payload';
import { activityOf, embeddedContactOf, isNote, type Store } from '../store';

export type EventOutcome =
  /** Written to the cache. `gap`: offsets between the stored one and this one never arrived. */
  | { kind: 'applied'; gap: boolean }
  /** Already applied earlier (offset at or below the stored one). */
  | { kind: 'duplicate' }
  /** The offset was recorded but the content could not be read: the caller should re-sync. */
  | { kind: 'unreadable'; gap: boolean }
  /** A watermark moved the stored offset (no cache change). */
  | { kind: 'advanced'; gap: boolean }
  | { kind: 'resync'; offset: number };

export interface ContactReply {
  sessionId: string;
  contactId: string | null;
  contactName: string;
  text: string;
}

export interface EventApplierHooks {
  emit: (event: CoreEvent) => void;
  /** A contact wrote in a session (its WhatsApp window is open again). */
  onContactReplied?: (reply: ContactReply) => void;
  /** A realtime event wrote this session (committed): it may need its contact read (SessionContactReads). */
  onRealtimeSession?: (sessionId: string) => void;
}

type ApplyMessage = Exclude<RealtimeMessage, { kind: 'resync' } | { kind: 'watermark' }>;

/** True when something sent before `message` is missing from what was applied up to `stored`. */
export function isGap(stored: number | null, message: { offset: number; previousOffset?: number }): boolean {
  if (stored === null) return false;
  if (message.previousOffset !== undefined) return message.previousOffset > stored;
  return message.offset > stored + 1;
}

export class EventApplier {
  constructor(
    private readonly store: Store,
    private readonly hooks: EventApplierHooks,
  ) {}

  apply(message: RealtimeMessage): EventOutcome {
    if (message.kind === 'resync') return { kind: 'resync', offset: message.offset };
    const stored = this.store.syncState.realtimeOffset();
    if (stored !== null && message.offset <= stored) return { kind: 'duplicate' };
    const gap = isGap(stored, message);
    if (message.kind === 'watermark') {
      this.store.syncState.advanceRealtimeOffset(message.offset);
      return { kind: 'advanced', gap };
    }
    const after = this.store.transaction(() => {
      const followUps = this.write(message);
      this.store.syncState.advanceRealtimeOffset(message.offset);
      return followUps;
    });
    after();
    return message.kind === 'unreadable' ? { kind: 'unreadable', gap } : { kind: 'applied', gap };
  }

  /** Writes the change; returns what to announce once the transaction has committed. */
  private write(message: ApplyMessage): () => void {
    switch (message.kind) {
      case 'session': {
        // Its message comes as an event of its own (or a gap says it was lost): no reply to infer here.
        const announce = this.writeSessions([message.session], { fromRealtime: true });
        return () => {
          announce();
          this.hooks.onRealtimeSession?.(message.session.id);
        };
      }
      case 'message':
        // A gateway that sends notes as message events still gets them stored (and shown) as notes.
        if (isNote(message.message)) return this.writeNote(message.message);
        return this.writeMessage(message.message, message.eventType === 'MESSAGE_RECEIVED');
      case 'note':
        return this.writeNote(message.note);
      case 'contact':
        return this.writeContacts([message.contact]);
      case 'template':
        this.store.templates.upsertTemplates([message.template]);
        return () => this.hooks.emit({ type: 'templates-changed' });
      case 'unreadable':
        return () => undefined;
    }
  }

  /**
   * Sessions into the cache (also used by sync pages and applySession); contacts' activity follows.
   * `missedReplies: false`: the cache's rows are no baseline for this agent (a scope new to the
   * cache: another agent signed in on this machine, or the agent's teams changed), so a reply they
   * show is no reply this agent missed; it came before they could hear of it. Default true.
   */
  writeSessions(sessions: readonly SessionDTO[], options: { fromRealtime?: boolean; missedReplies?: boolean } = {}): () => void {
    const tell = options.fromRealtime !== true && options.missedReplies !== false;
    const missed = tell ? sessions.map((s) => this.missedReply(s)).filter((r): r is { reply: ContactReply; at: string } => r !== null) : [];
    this.store.sessions.upsertSessions(sessions);
    const activity = sessions.map(activityOf).filter((a): a is NonNullable<typeof a> => a !== null);
    this.store.contacts.recordActivities(activity);
    return () => {
      for (const s of sessions) this.hooks.emit({ type: 'conversation-changed', sessionId: s.id });
      for (const { reply, at } of missed) {
        // Remembered only once told: a first sync writes pages without telling, and the realtime
        // event of that same reply, arriving after, must still tell it (and release the outbox).
        this.rememberTold(reply, at);
        this.announceReply(reply);
      }
    };
  }

  /**
   * A reply only a conversation's own fields tell of: the contact wrote after what the cache knew
   * (lastMessageIn moved on) and no message of theirs from then on is cached, so its realtime event
   * was lost (a gap, RESYNC_REQUIRED, the app closed). Still a reply to tell the agent of, once: the
   * message itself, when it comes (opening the conversation), moves nothing further. A conversation
   * the cache never had is not one: a first sync would tell every past reply.
   */
  private missedReply(dto: SessionDTO): { reply: ContactReply; at: string } | null {
    // Completed since: whoever completed it saw the reply, and the agent can no longer answer there
    // (the contact's next message opens a new conversation), so a notification would only mislead.
    if (!dto.lastMessageIn || dto.status === 'COMPLETED') return null;
    const cached = this.store.sessions.get(dto.id);
    if (!cached || (cached.lastMessageIn !== null && dto.lastMessageIn <= cached.lastMessageIn)) return null;
    if (this.store.messages.hasInboundSince(dto.id, dto.lastMessageIn)) return null;
    const reply: ContactReply = {
      sessionId: dto.id,
      contactId: dto.contactId ?? cached.contactId,
      contactName: this.contactName(dto.contactId ?? cached.contactId, {
        title: dto.title ?? cached.title,
        number: dto.number ?? cached.number,
        // A page read with the details brings the contact as it is now; else what the cache kept of
        // the same contact.
        embedded:
          embeddedContactOf(dto) ??
          (dto.contactId === null || dto.contactId === cached.contactId ? { name: cached.embeddedContactName, phone: cached.embeddedContactPhone } : { name: null, phone: null }),
      }),
      // The conversation's last text, whoever wrote it: the contact's only if nothing went out since
      // (a reply releases what HelenaCRM held for it, a colleague answers). Else none: the tray says
      // only that they wrote, rather than show the agent's own words as the contact's.
      text: dto.lastMessageOut !== null && dto.lastMessageOut >= dto.lastMessageIn ? '' : (dto.lastMessageText ?? ''),
    };
    return { reply, at: dto.lastMessageIn };
  }

  /**
   * Replies told from a conversation's fields (missedReply), by session: the time of the contact's
   * message. Its realtime event may still be on its way (a delta page read just before it): when it
   * comes it is not told again.
   */
  private readonly toldFromSession = new Map<string, string>();

  private rememberTold(reply: ContactReply, at: string): void {
    this.toldFromSession.delete(reply.sessionId);
    this.toldFromSession.set(reply.sessionId, at);
    if (this.toldFromSession.size > 1000) this.toldFromSession.delete(this.toldFromSession.keys().next().value ?? '');
  }

  private announceReply(reply: ContactReply): void {
    this.hooks.emit({ type: 'contact-replied', ...reply });
    this.hooks.onContactReplied?.(reply);
  }

  /**
   * A conversation HelenaCRM answered 404/403 for (transferred or assigned out of the agent's
   * sight, with no event to say so): off the cache, unless `updatedAt` is no longer the cached
   * version (something newer came meanwhile). Returns what to announce, or null when kept.
   */
  dropSession(sessionId: string, updatedAt: string): (() => void) | null {
    if (!this.store.sessions.removeIfUnchanged(sessionId, updatedAt)) return null;
    return () => this.hooks.emit({ type: 'conversation-changed', sessionId });
  }

  writeContacts(contacts: readonly ContactDTO[]): () => void {
    const counts = this.store.contacts.upsertContacts(contacts);
    return () => {
      if (counts.inserted + counts.updated > 0) this.hooks.emit({ type: 'contacts-changed' });
    };
  }

  private writeMessage(dto: MessageDTO, received: boolean): () => void {
    this.store.messages.upsertMessages([dto]);
    const cached = this.store.messages.getByServerId(dto.id);
    // A message this app sent keeps the local id the outbox gave it; a server-only one has local id = id.
    const localId = cached && cached.localId !== dto.id ? cached.localId : null;
    const session = this.store.sessions.get(dto.sessionId);
    const fromContact = received && dto.direction === 'TO_HUB';
    const contactId = session?.contactId ?? null;
    if (fromContact && contactId) this.store.contacts.recordActivity(contactId, dto.createdAt);
    return () => {
      this.hooks.emit({
        type: 'message-status',
        sessionId: dto.sessionId,
        messageId: dto.id,
        localId,
        status: dto.status,
        ...(dto.failedReason ? { reason: dto.failedReason } : {}),
      });
      const told = this.toldFromSession.get(dto.sessionId);
      if (fromContact && told !== undefined && dto.createdAt <= told) this.toldFromSession.delete(dto.sessionId);
      else if (fromContact) {
        this.announceReply({
          sessionId: dto.sessionId,
          contactId,
          contactName: this.contactName(contactId, {
            title: session?.title ?? null,
            number: session?.number ?? null,
            embedded: { name: session?.embeddedContactName ?? null, phone: session?.embeddedContactPhone ?? null },
          }),
          text: dto.text ?? '',
        });
      }
    };
  }

  /**
   * An internal note: stored beside the messages as type NOTE; it is no contact activity, no reply
   * and no change to the conversation. A note this app wrote keeps its local id (matched by refId).
   */
  private writeNote(dto: MessageDTO): () => void {
    this.store.messages.upsertNotes([dto]);
    const cached = this.store.messages.getByServerId(dto.id);
    const localId = cached && cached.localId !== dto.id ? cached.localId : null;
    return () => this.hooks.emit({ type: 'message-status', sessionId: dto.sessionId, messageId: dto.id, localId, status: dto.status });
  }

  /**
   * Who the notification says wrote, as the desk names the conversation (views.ts
   * conversationNameOf): the cached contact, else the one HelenaCRM embedded in the session (a
   * first sync brings contacts a minute or more after the conversations), and a number as agents
   * read it.
   */
  private contactName(
    contactId: string | null,
    session: { title: string | null; number: string | null; embedded: { name: string | null; phone: string | null } },
  ): string {
    const contact = contactId ? this.store.contacts.get(contactId) : null;
    // The cached contact wins: it may have been renamed since the session embedded it.
    const known = contact ? { name: contact.name, phone: contact.phoneNumber } : session.embedded;
    const phone = known.phone ?? session.number;
    return known.name ?? session.title ?? (phone ? displayPhone(phone) : 'Contato');
  }
}
