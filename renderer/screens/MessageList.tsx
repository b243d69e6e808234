/**
 * A conversation's messages, each with the state the agent reads (queued, waiting for the reply,
 * sent, delivered, read, failed with its reason, cancelled) and, while it has not gone out, the
 * actions left: edit (a text still held locally, or held by HelenaCRM for the reply — withdrawn there
 * and sent again by the core; a template's parameters and media link) and withdraw; a message that failed for a reason
 * worth another try (network, HelenaCRM down) can be sent again. A template sent with an image,
 * video or document says so under its text, with the link. A file (the agent's or the contact's)
 * reads "📎 boleto.pdf · 120 KB" above its caption, and "Enviando arquivo… 45%" while it uploads — with
 * "Cancelar envio" until its send request starts (the wrong file picked), then "Envio cancelado"; one
 * the contact sent can be seen (a photo, inline) and saved (ReceivedFile).
 * Internal notes sit among them in time order, set apart (amber, "Nota interna · <autor> · <hora>"):
 * the contact never sees them. A held text whose edit is not finished yet (the connection failed
 * mid-way) reads "Edição pendente", the new text, and the original under it.
 */
import { memo, useCallback, useLayoutEffect, useMemo, useRef, useState, type ReactNode, type Ref, type RefObject } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { MessageView } from '../../src/console/results';
import { inLanguage } from '../i18n/error-text';
import { messageTime } from './relative-time';
import { noteHeading } from './notes';
import { messageMediaText } from './start/template-media';
import { fileLabel, uploadPercent } from './attachment';
import { ReceivedFile } from './ReceivedFile';
import { textPieces, type FindMatch } from './find-in-conversation';
import { selectReachable, useAppStore } from '../state/app-store';

/** What the agent reads for a message's state; the outbox's own state wins while it has one. */
export function messageState(m: MessageView): string {
  // A note is saved, never sent: its outbox state while it has one, then "saved".
  if (m.kind === 'note') return m.outboxState && m.outboxState !== 'sent' ? m.outboxState : 'saved';
  if (m.direction === 'TO_HUB') return 'received';
  if (m.outboxState && m.outboxState !== 'sent') return m.outboxState;
  switch (m.status) {
    case 'DELIVERED':
      return 'delivered';
    case 'READ':
      return 'read';
    case 'FAILED':
      return 'failed';
    case 'CANCELLED':
      return 'cancelled';
    // Deleted on HelenaCRM (its web screen, a colleague) without this app's outbox: never "Enviada".
    case 'DELETED':
      return 'deleted';
    case 'WAIT_REPLY':
      return 'waiting_reply';
    case 'LOCAL':
    case 'PROCESSING':
    case 'SAVED':
    case 'QUEUED':
      return 'sending';
    default:
      return 'sent';
  }
}

/** "Enviando arquivo…", with how far the upload got once it is known. */
function sendingFileText(percent: number | null, t: TFunction): string {
  return percent === null ? t('messageState.sendingFile') : t('messageState.sendingFilePercent', { percent });
}

/**
 * What the line says of an edit not made, by why. Given up leaves the original held and "Editar"
 * starts from the text; the others were found in the background and offer the text for a new message.
 */
const EDIT_NOT_MADE = {
  given_up: 'conversation.editAbandoned',
  too_late: 'conversation.editTooLate',
  refused: 'conversation.editRefused',
  unconfirmed: 'conversation.editUnconfirmed',
} as const satisfies Record<NonNullable<MessageView['abandonedEditReason']>, string>;

/** The messages a parent hands over while there are none yet: one array, so the list's memo holds. */
export const NO_MESSAGES: readonly MessageView[] = [];

interface MessageListProps {
  /** The list element (to focus it, or scroll it from the box with PageUp / PageDown). */
  ref?: Ref<HTMLOListElement>;
  messages: readonly MessageView[];
  /** Ctrl+F: the matches to highlight and which one is current (index into `matches`). */
  find?: { matches: readonly FindMatch[]; current: number } | undefined;
  /** Files uploading now, by local id: bytes sent so far. */
  uploads?: ReadonlyMap<string, { sent: number; total: number }>;
  /** What a row's buttons do; without one (a past conversation, read-only) that button is not offered. */
  onEdit?: ((message: MessageView) => void) | undefined;
  onCancel?: ((message: MessageView) => void) | undefined;
  onRetry?: ((message: MessageView) => void) | undefined;
  /**
   * Puts the text of an edit not made in the background (abandonedEditReason other than 'given_up')
   * into the message box; never sends. Resolving true (the box's draft keeps it) lets the line go too.
   */
  onUseText?: ((message: MessageView) => Promise<boolean> | undefined) | undefined;
  /** Puts away the line of an edit not made ("Dispensar"); resolves false when the core did not, and the line says so. */
  onDismissEditNote?: ((message: MessageView) => Promise<boolean>) | undefined;
  /** The local id of the message being edited in the box, marked so the agent sees which one it is; null when none. */
  editing?: string | null;
  /**
   * Raised by one each time the agent sends a message or saves a note: the list goes back to its
   * newest message, where that line appears, even when they had scrolled up to read (or Ctrl+F left
   * it on an old match) — the line just sent would otherwise appear out of sight, as if nothing went.
   */
  follow?: number;
}

/**
 * Memoised, as each row is: the list sits under the message box, and every key the agent types
 * re-renders the conversation screen. Without it a key redrew all of a conversation's messages
 * (up to 500), and at 10+ keys a second the keys queued behind those renders. The parent keeps
 * its props stable while only the box changes (ConversationScreen).
 */
export const MessageList = memo(function MessageList({ ref, messages, onEdit, onCancel, onRetry, onUseText, onDismissEditNote, editing = null, find, uploads, follow = 0 }: MessageListProps) {
  const { t, i18n } = useTranslation();
  // A message queued while the connection is up waits behind another (a file uploading, a start):
  // "Na fila (sem conexão)" would tell the agent a network problem they do not have. 'unstable' too:
  // HelenaCRM is reached (some requests fail or time out), the outbox goes on sending, and the status
  // bar says "HelenaCRM instável — tentando de novo".
  const online = useAppStore(selectReachable);
  const own = useRef<HTMLOListElement | null>(null);
  const { onScroll: atEnd, unseen } = useStickToEnd(own, messages, follow);
  const setRef = useCallback(
    (element: HTMLOListElement | null) => {
      own.current = element;
      if (typeof ref === 'function') ref(element);
      else if (ref) ref.current = element;
    },
    [ref],
  );
  // "14:05" today, "29/11 14:05" before: the first time the list is drawn on a new day, every row is too.
  const today = new Date().toDateString();
  // The messages a match is in: only their rows redraw as the find moves.
  const found = useMemo(() => new Set(find?.matches.map((match) => match.localId)), [find]);
  return (
    <>
    {/* A Tab stop of its own: ↑ ↓ PageUp PageDown Home End scroll it, even when it holds buttons. */}
    <ol ref={setRef} tabIndex={0} className="messages" aria-label={t('conversation.messages')} onScroll={atEnd}>
      {messages.map((m) => (
        <MessageRow
          key={m.localId}
          m={m}
          today={today}
          language={i18n.language}
          online={online}
          find={found.has(m.localId) ? find : undefined}
          upload={uploads?.get(m.localId)}
          // A flag, not the id: starting or leaving an edit redraws only the row it is about.
          editing={m.localId === editing}
          onEdit={onEdit}
          onCancel={onCancel}
          onRetry={onRetry}
          onUseText={onUseText}
          onDismissEditNote={onDismissEditNote}
        />
      ))}
    </ol>
    {/* Scrolled up to read, the contact's new messages arrive out of sight: said under the list. */}
    {unseen > 0 && (
      <p className="new-below" role="status" data-testid="new-below">
        {t('conversation.newBelow', { count: unseen })}
      </p>
    )}
    </>
  );
});

const MessageRow = memo(function MessageRow({
  m,
  language,
  online,
  find,
  upload,
  editing,
  onEdit,
  onCancel,
  onRetry,
  onUseText,
  onDismissEditNote,
}: {
  m: MessageView;
  /** Not read here: a new day redraws the row, so yesterday's "14:05" gains its date. */
  today: string;
  /** The language it is drawn in: switching redraws it. */
  language: string;
  /** The connection is up: a queued message is not "sem conexão". */
  online: boolean;
  find: { matches: readonly FindMatch[]; current: number } | undefined;
  upload: { sent: number; total: number } | undefined;
  /** It is the message being edited in the box. */
  editing: boolean;
  onEdit: ((message: MessageView) => void) | undefined;
  onCancel: ((message: MessageView) => void) | undefined;
  onRetry: ((message: MessageView) => void) | undefined;
  onUseText: ((message: MessageView) => Promise<boolean> | undefined) | undefined;
  onDismissEditNote: ((message: MessageView) => Promise<boolean>) | undefined;
}) {
  const { t } = useTranslation();
  const now = Date.now();
  // A button whose action the list was not given would do nothing when pressed: it is not shown.
  const retry = m.retryable ? onRetry : undefined;
  // Not on the message already in the box: pressed again it would only start the same edit over.
  const edit = (m.textEditable || m.templateEditable) && !editing ? onEdit : undefined;
  // Where "Editar" would be, why it is not: only where the list offers editing at all.
  const editBlocked = m.editBlockedBy === 'later_held' && onEdit !== undefined;
  const cancel = m.cancellable ? onCancel : undefined;
  const useText = (m.abandonedEditReason ?? 'given_up') !== 'given_up' ? onUseText : undefined;
  // The line of an edit not made stays when the core could not put it away, saying so.
  // Kept by the text it was about: a later edit not made on the same row starts without the alert.
  const [dismissFailedFor, setDismissFailedFor] = useState<string | null>(null);
  const dismissFailed = dismissFailedFor !== null && dismissFailedFor === m.abandonedEditText;
  async function dismissEditNote() {
    if (!onDismissEditNote) return;
    const about = m.abandonedEditText;
    setDismissFailedFor(null);
    if (!(await onDismissEditNote(m))) setDismissFailedFor(about);
  }
  // The text goes into the box first; the line, only once the box's draft keeps it.
  async function takeEditText() {
    if (useText && (await useText(m)) === true) await dismissEditNote();
  }
  const side = m.kind === 'note' ? 'note' : m.direction === 'TO_HUB' ? 'in' : 'out';
  // A message the agent withdrew never reached the contact: it must not look like one that did.
  const classes = [side, editing ? 'editing' : '', m.kind !== 'note' && messageState(m) === 'cancelled' ? 'cancelled' : ''].filter(Boolean).join(' ');
  return (
    <li className={classes} data-kind={m.kind}>
      {/* The box's label says an edit is on; this says which line, to a screen reader too. */}
      {editing && <span className="sr-only">{t('conversation.beingEdited')}</span>}
      {m.kind === 'note' && (
        <p className="note-heading" data-testid="note-heading">
          {/* The same moment as a message line's time (shownAt): the one the conversation is ordered by. */}
          {noteHeading(t('conversation.noteLabel'), m.authorName, t('conversation.noteUnknownAuthor'), messageTime(m.shownAt, now, language))}
        </p>
      )}
      {m.file && m.direction === 'TO_HUB' ? (
        <ReceivedFile message={{ ...m, file: m.file }} />
      ) : m.file ? (
        <p className="file" data-testid="message-file">
          {fileLabel(m.file, language)}
        </p>
      ) : null}
      {m.pendingEditText !== null ? (
        // An edit of a held text not finished yet: the agent reads the new text, and, smaller, the
        // original — what the contact still gets if they reply before HelenaCRM confirms.
        <>
          <p className="pending-edit" data-testid="pending-edit">
            {t('conversation.pendingEdit')}
          </p>
          <p data-testid="pending-edit-text">{m.pendingEditText}</p>
          <p className="pending-edit-original" data-testid="pending-edit-original">
            {/* A held file that went with no caption: its original is "sem legenda", not a template's placeholder. */}
            {t('conversation.pendingEditOriginal')} {m.file && m.text === null ? t('attachment.noCaption') : messageText(m, find, t)}
          </p>
        </>
      ) : (
        // A file's text is its caption: none, no line.
        !(m.file && m.text === null) && <p>{messageText(m, find, t)}</p>
      )}
      {m.pendingEditText === null && m.abandonedEditText !== null && (
        // An edit not made: given up (HelenaCRM kept failing to withdraw the original, still
        // queued), or found in the background, so no refusal told the agent: too late (the reply
        // released the original first), or HelenaCRM refused the withdrawal (or to show the
        // original after it). This says so and what to do; under it, what was typed.
        <>
          <p className="edit-abandoned" data-testid="edit-abandoned">
            {t(EDIT_NOT_MADE[m.abandonedEditReason ?? 'given_up'])}
          </p>
          <p className="edit-abandoned-text" data-testid="edit-abandoned-text">
            {t('conversation.editAbandonedText')} {m.abandonedEditText}
          </p>
          {(useText || onDismissEditNote) && (
            // The way to "copy it into a new message" from the keyboard: Tab reaches it, Enter fills the box.
            <span className="actions">
              {useText && (
                <button type="button" className="link" onClick={() => void takeEditText()}>
                  {t('conversation.useEditText')}
                </button>
              )}
              {onDismissEditNote && (
                <button type="button" className="link" aria-label={t('conversation.dismissEditNoteLabel')} onClick={() => void dismissEditNote()}>
                  {t('conversation.dismissEditNote')}
                </button>
              )}
            </span>
          )}
          {dismissFailed && (
            <p className="edit-abandoned" role="alert" data-testid="edit-abandoned-dismiss-failed">
              {t('conversation.dismissEditNoteFailed')}
            </p>
          )}
        </>
      )}
      {m.media && (
        <p className="media muted" data-testid="message-media" title={m.media.link ?? undefined}>
          {messageMediaText(m.media, t)}
        </p>
      )}
      {/* A saved note needs no state line: its heading says what and when. */}
      {!(m.kind === 'note' && messageState(m) === 'saved') && (
        <span className="meta-line">
          {/* When it went out or arrived (a text the reply released: after that reply); still held, when written. */}
          {m.kind !== 'note' && (
            <time className="at" dateTime={m.shownAt}>
              {messageTime(m.shownAt, now, language)}
            </time>
          )}
          <span className={`state ${messageState(m)}`} data-testid="message-state">
            {m.retryingAfter
              ? t('messageState.retrying', { reason: inLanguage(language, m.retryingAfter, m.retryingAfterEn) })
              : m.file && m.direction === 'FROM_HUB' && messageState(m) === 'sending'
                ? sendingFileText(uploadPercent(upload), t)
                : m.file && m.direction === 'FROM_HUB' && messageState(m) === 'cancelled'
                  ? t('messageState.cancelledFile')
                  : online && messageState(m) === 'queued'
                    ? t('messageState.queuedOnline')
                    : t(`messageState.${messageState(m)}`)}
            {m.failedReason ? ` — ${inLanguage(language, m.failedReason, m.failedReasonEn)}` : ''}
          </span>
        </span>
      )}
      {(retry || edit || cancel || editBlocked) && m.direction === 'FROM_HUB' && (
        <span className="actions">
          {/* "Cancelar envio" first, so Shift+Tab from the box meets "Editar" first: the agent more
              often wants to fix a text than withdraw it, and Enter on "Editar" only opens it in the
              box (Esc backs out), while Enter on "Cancelar envio" withdraws the message at once. */}
          {cancel && (
            // The note below, read with the button Tab reaches on that line: why it has no "Editar".
            <button type="button" className="link" onClick={() => cancel(m)} aria-describedby={editBlocked ? `edit-blocked-${m.localId}` : undefined}>
              {t('conversation.cancel')}
            </button>
          )}
          {retry && (
            <button type="button" className="link" onClick={() => retry(m)}>
              {t('conversation.retry')}
            </button>
          )}
          {edit && (
            <button type="button" className="link" onClick={() => edit(m)}>
              {t(m.file ? 'attachment.editCaption' : 'conversation.edit')}
            </button>
          )}
          {/* Without it the missing "Editar" reads as a fault: HelenaCRM releases held messages in order. */}
          {editBlocked && (
            <span className="muted edit-blocked" data-testid="edit-blocked" id={`edit-blocked-${m.localId}`}>
              {t('conversation.editBlockedLaterHeld')}
            </span>
          )}
        </span>
      )}
    </li>
  );
});

/**
 * A message's text, its Ctrl+F matches highlighted (they are found in `text`: for a pending edit,
 * in the original shown under the new text).
 */
function messageText(m: MessageView, find: { matches: readonly FindMatch[]; current: number } | undefined, t: TFunction): ReactNode {
  if (m.text === null || !find || find.matches.length === 0) return m.text ?? t('conversation.templateMessage');
  return textPieces(m.text, m.localId, find.matches, find.current).map((piece, i) =>
    piece.match ? (
      <mark key={i} className={piece.current ? 'find-current' : undefined} data-testid={piece.current ? 'find-current' : undefined}>
        {piece.text}
      </mark>
    ) : (
      piece.text
    ),
  );
}

/** Within this many pixels of the end, the agent is "at the newest message". */
const NEAR_END_PX = 32;

/**
 * A chat opens on its newest message and stays there as messages arrive (the contact's reply, the
 * one just sent), as WhatsApp does; a list opened on its oldest message, with the reply below the
 * fold, is a list the agent has to scroll on every screen. Once the agent scrolls up to read, new
 * messages no longer pull the list down until they are back at the end. A list that changes size
 * (the window, the find bar) keeps its end in view the same way; the agent sending something
 * (`follow` raised) brings it back to the end. Returns the list's scroll handler.
 */
function useStickToEnd(
  list: RefObject<HTMLOListElement | null>,
  messages: readonly MessageView[],
  follow: number,
): { onScroll: () => void; unseen: number } {
  const stuck = useRef(true);
  // The contact's messages that arrived while the agent was reading back, not seen yet.
  const [unseen, setUnseen] = useState(0);
  const known = useRef<ReadonlySet<string> | null>(null);
  useLayoutEffect(() => {
    const before = known.current;
    known.current = new Set(messages.map((m) => m.localId));
    if (before === null || stuck.current) return;
    const arrived = messages.filter((m) => m.direction === 'TO_HUB' && m.kind !== 'note' && !before.has(m.localId)).length;
    if (arrived > 0) setUnseen((n) => n + arrived);
  }, [messages]);
  // Where this hook last put the list (its end), until the agent scrolls above it. A scroll event
  // arrives a frame after the scroll; a message arriving as a line appears above the list (the
  // offline note, an error) can shrink the list in that frame, before its ResizeObserver speaks:
  // measured then, the list looks scrolled up by the line's height, the agent is taken for
  // someone reading back, and the newest message stays cut off under the box.
  const placedAt = useRef<number | null>(null);
  const toEnd = useCallback((element: HTMLOListElement) => {
    element.scrollTop = element.scrollHeight;
    placedAt.current = element.scrollTop;
  }, []);
  useLayoutEffect(() => {
    const element = list.current;
    if (element && stuck.current) toEnd(element);
  }, [list, messages, toEnd]);
  // The agent sent something: back to the end, and stay there as the new line arrives.
  const followed = useRef(follow);
  useLayoutEffect(() => {
    if (followed.current === follow) return;
    followed.current = follow;
    stuck.current = true;
    setUnseen(0);
    const element = list.current;
    if (element) toEnd(element);
  }, [list, follow, toEnd]);
  useLayoutEffect(() => {
    const element = list.current;
    if (!element || typeof ResizeObserver === 'undefined') return;
    const keep = () => {
      if (stuck.current) toEnd(element);
    };
    const observer = new ResizeObserver(keep);
    observer.observe(element);
    // A photo the contact sent takes its height when it has loaded (load does not bubble: caught on its way down).
    element.addEventListener('load', keep, true);
    return () => {
      observer.disconnect();
      element.removeEventListener('load', keep, true);
    };
  }, [list, toEnd]);
  const onScroll = useCallback(() => {
    const element = list.current;
    if (!element) return;
    // Not above where it was put: still at the end, whatever the list's size did meanwhile.
    if (placedAt.current !== null && element.scrollTop >= placedAt.current) return;
    placedAt.current = null;
    stuck.current = element.scrollHeight - element.scrollTop - element.clientHeight <= NEAR_END_PX;
    // Back at the newest message: what arrived meanwhile is in view.
    if (stuck.current) setUnseen(0);
  }, [list]);
  return { onScroll, unseen };
}
