/**
 * What the console may rely on from the outbox. The outbox helper implements it in src/outbox.
 * Every enqueue writes the local message and its outbox row in one SQLite transaction BEFORE it
 * resolves, so the UI may say "saved" as soon as the promise resolves.
 */
import type { CoreEventListener } from '../console/core-events';

export interface StartConversationInput {
  /** A cached contact, whose phone the start goes to... */
  contactId?: string;
  /** ...or a number (E.164) no cached contact has: HelenaCRM creates the contact when the start arrives. */
  to?: string;
  channelId: string;
  departmentId: string;
  /** Omitted on unofficial (QR) channels, where no template is needed. */
  templateId?: string;
  parameters?: Record<string, string>;
  /** A media template's image, video or document: a public https link or the id of an uploaded file (sent as fileIdOrUrl). */
  media?: string;
  /** Free text for a QR-channel start. */
  text?: string;
}

/** A file the agent attached: as picked (name, the MIME type the system declared), its bytes, and the box's text as its caption. */
export interface OutgoingFile {
  name: string;
  mimeType: string;
  bytes: Uint8Array;
  caption?: string;
}

export interface EnqueueResult {
  localId: string;
  refId: string;
  /** 'queued' | 'waiting_reply' | 'sending' … as stored. */
  state: string;
  /** The conversation key: the session id, or `start:<localId>` until the server gives the session. */
  conversationKey: string;
}

export interface OutboxLike {
  startConversation(input: StartConversationInput): Promise<EnqueueResult>;
  sendText(sessionId: string, text: string): Promise<EnqueueResult>;
  /** `media`: a media template's file (link or file id), sent as fileUrl or fileId. */
  sendTemplate(sessionId: string, templateId: string, parameters: Record<string, string>, media?: string): Promise<EnqueueResult>;
  /**
   * An internal note ("nota interna") for the team, never sent to the contact: queued like a
   * message (saved before this resolves, sent when online, same refId on every try), but the
   * WhatsApp window never holds it. Edit, cancel and retry work on it as on a message.
   */
  addNote(sessionId: string, text: string): Promise<EnqueueResult>;
  /**
   * A file (a PDF boleto, a photo) with its caption: saved to the data folder and queued (message +
   * entry in one transaction) before this resolves; uploaded and sent once, by the window's rules for text.
   */
  sendFile(sessionId: string, file: OutgoingFile): Promise<EnqueueResult>;
  /** Edit the text (or parameters, or a media template's file) of a message not yet sent; false when it already went out. */
  edit(localId: string, change: { text?: string; parameters?: Record<string, string>; media?: string }): Promise<boolean>;
  /** Cancel a message not yet sent (also a message held by the server as WAIT_REPLY); false when too late. */
  cancel(localId: string): Promise<boolean>;
  /** Sends a failed message again, with the same refId (the server dedupes). False when it is not failed. */
  retry(localId: string): Promise<boolean>;
  /**
   * The agent is done with the line of an edit not made: the text the row kept for it goes (nothing
   * is sent, nothing else changes). False when the message is another agent's or keeps none.
   */
  dismissEditNote(localId: string): boolean;
  /** Starts the workers: reconciles what was in flight at the last exit, then flushes. */
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Resolves when nothing sendable is left (tests, and "enviar agora"). */
  flush(): Promise<void>;
  /** Sync tells the outbox what it learned: connectivity, and a contact reply in a session (window opened). */
  setOnline(online: boolean): void;
  /**
   * The console's auth state: false while the token is expired (nothing is tried and nothing
   * fails; the outbox also pauses itself on a 401), true after the next login resumes at once.
   */
  setAuthorized(authorized: boolean): void;
  onContactReplied(sessionId: string): void;
  /** Sync changed a conversation (completed, transferred…): its queue is looked at again. */
  onSessionChanged(sessionId: string): void;
  /**
   * The network may have changed (a wake, another network, a VPN): what waits out a backoff set
   * before it goes now, as when the connection comes back.
   */
  retryNow(): void;
  on(listener: CoreEventListener): () => void;
}
