/**
 * One conversation: its messages with the state of each (queued, waiting for the reply, sent,
 * delivered, read, failed), the WhatsApp window, and a message box. Enter sends (Shift+Enter is a
 * new line); while the window is closed the core keeps text waiting for the contact's reply, so
 * the agent can always write. The box is saved as a draft as the agent types. Escape goes back.
 *
 * Alt+N turns the box into an internal note ("Nota interna", amber): Enter saves it for the team
 * (the contact never sees it; offline it is queued like a message), and the box stays a note box
 * until Esc brings back the message, so a text meant for the team never reaches the contact by a
 * slip. The note being written is a draft of its own, apart from the message draft: saved as the
 * agent types and on leaving, and back on return (in the note box when there is no message draft;
 * otherwise the Alt+N button says "Nota interna (rascunho)"). Editing a queued message or note
 * sets the box's draft aside and brings it back when the edit ends.
 *
 * "Editar" on a queued template opens its parameters (and a media template's link), prefilled.
 *
 * Alt+E opens "Editar contato" (name and e-mail, prefilled); a contact HelenaCRM created from a
 * number has no name yet, and the heading says how to give it one.
 *
 * Alt+H opens "Atendimentos anteriores", the contact's other conversations; Enter shows the chosen
 * one here, read-only under a banner, in place of this conversation's messages and box, and Esc
 * brings this conversation back (with what was typed in the box).
 *
 * Alt+U attaches a file (a PDF boleto, a photo): the system's file picker opens (a hidden file
 * input, the same in Electron and in a browser tab); the file is checked at once by WhatsApp's
 * rules and shows as a chip above the box ("📎 boleto.pdf · 120 KB — Enter envia · Esc remove"),
 * refused there with the limit it breaks; the box's text becomes its caption, and Enter sends it
 * like a text (queued while the contact has not replied, or offline). Esc removes the chip.
 *
 * Ctrl+F opens "Buscar na conversa" above the messages: what is typed highlights the matches in
 * the messages and notes loaded (accents and case aside), "2 de 5"; Enter / Shift+Enter go to the
 * next / previous one, scrolled into view; Esc closes the bar and gives the box the keyboard back.
 * Only while the conversation has the focus: elsewhere Ctrl+F stays the browser's own find.
 */
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type ChangeEvent, type KeyboardEvent } from 'react';
import { ATTACHMENT_ACCEPT } from '../../src/domain/attachments';
import { displayPhone } from '../../src/domain/phone';
import { useTranslation } from 'react-i18next';
import { inLanguage, useErrorText } from '../i18n/error-text';
import type { ContactDetails, MessageView, OpenedConversation, PastConversation, QuickReply, ScheduledItem } from '../../src/console/results';
import type { ConsoleErrorBody } from '../../src/console/errors';
import { callCore, selectReachable, useAppStore } from '../state/app-store';
import { conversationTitle, waitingLine } from './conversation-heading';
import { ContactEditDialog } from './ContactEditDialog';
import { CompleteDialog } from './CompleteDialog';
import { completeLosses } from './complete';
import { isAltKey } from './alt-key';
import { fileLabel, isAttachShortcut, pickedFile, readAsBase64, refusalText, type PickedFile } from './attachment';
import { isContactEditShortcut } from './contact-edit';
import { HistoryDialog } from './HistoryDialog';
import { isHistoryShortcut } from './history';
import { MessageList, NO_MESSAGES, messageState } from './MessageList';
import { PastConversationView } from './PastConversationView';
import { isNoteShortcut, noteButtonKey, openingMode, type ComposeMode } from './notes';
import { insertReply, matchReplies, slashQuery, UNFILLED, type SlashQuery } from './quick-replies';
import { TemplateDialog } from './TemplateDialog';
import { ScheduleDialog, type ScheduleAgain } from './ScheduleDialog';
import { ScheduledLines } from './ScheduledLines';
import { ContactFields } from './ContactFields';
import { TemplateEditDialog } from './TemplateEditDialog';
import { TransferDialog } from './TransferDialog';
import { formatLeft, useNow, windowLeft } from './window-time';
import { findCount, findMatches, isFindShortcut, keepCurrent, stepMatch, type FindMatch } from './find-in-conversation';
import { keepUnchanged } from './same-messages';
import { directActionFailure, useShownAfterDelay } from './direct-action';

const DRAFT_PAUSE_MS = 400;

/**
 * What stays in the box once `sent` (the box as it was at Enter) went: the keys typed after Enter,
 * while the core answered (tens to hundreds of ms offline). Emptying the box then ate the first
 * letters of the agent's next message. A box changed otherwise meanwhile is left as it is.
 */
export function leftAfterSend(sent: string, now: string): string {
  return now.startsWith(sent) ? now.slice(sent.length) : now;
}

const NO_MATCHES: readonly FindMatch[] = [];

export function ConversationScreen({
  conversationKey,
  onBack,
  onTransferred,
}: {
  conversationKey: string;
  onBack: () => void;
  /** The conversation went to another team or agent: the desk says so (`done`) and shows the list. */
  onTransferred: (done: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const bridge = useAppStore((s) => s.bridge);
  const [key, setKey] = useState(conversationKey);
  const [opened, setOpened] = useState<OpenedConversation | null>(null);
  /** Alt+G open, and a counter that re-reads the scheduled lines when it closes. */
  const [scheduling, setScheduling] = useState(false);
  const [scheduledRefresh, setScheduledRefresh] = useState(0);
  /** "Agendar de novo" on a failed schedule: the dialog opens with its template and parameters. */
  const [scheduleAgain, setScheduleAgain] = useState<ScheduleAgain | null>(null);
  const [text, setText] = useState('');
  /** What the box writes now (Alt+N switches), and the note being written: a draft of its own, apart from the message draft. */
  const [mode, setMode] = useState<ComposeMode>('message');
  const [noteText, setNoteText] = useState('');
  /** The boxes as last drawn: a send's answer, arriving later, reads what was typed meanwhile. */
  const textNow = useRef(text);
  textNow.current = text;
  const noteTextNow = useRef(noteText);
  noteTextNow.current = noteText;
  /** Why the last action failed; stays until the next action (a reload triggered by events must not wipe it). */
  const [error, setError] = useState<string | null>(null);
  /** Alt+A or Alt+C waiting on HelenaCRM (seconds when it is out of reach); said once it is no longer a moment. */
  const [inFlight, setInFlight] = useState<'conversation.assume' | 'conversation.complete' | null>(null);
  const inFlightShown = useShownAfterDelay(inFlight !== null);
  /**
   * The refusal of an edit cut short ("A conexão caiu durante a edição…"), and whose line it spoke
   * of: once the outbox finished that edit the sentence is no longer true, so it goes with the
   * "Edição pendente" line (it stayed in red beside the delivered text otherwise).
   */
  const unsettledEdit = useRef<{ localId: string; text: string; edited: string; seenPending: boolean } | null>(null);
  /** The refusal of an edit for want of the connection, while it is the sentence shown. */
  const offlineEdit = useRef<string | null>(null);
  // 'unstable' too: HelenaCRM is reached and the outbox, told it may send, takes the edit.
  const connected = useAppStore(selectReachable);
  // Contacts come after conversations in a first sync: a conversation's contact may not be here yet.
  // (`sync?.`: a partial snapshot, as the screen's tests give, reads as no first sync.)
  const firstSync = useAppStore((s) => s.snapshot?.sync?.progress?.phase === 'first');
  /** Why the conversation could not be read; cleared by the next read that works. */
  const [readError, setReadError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  /** Raised on each message sent or note saved: the list goes to its end, where the new line shows. */
  const [follow, setFollow] = useState(0);
  /** The file attached with Alt+U, waiting for Enter; the box's text is its caption. */
  const [attachment, setAttachment] = useState<{ file: File; picked: PickedFile } | null>(null);
  const fileInputRef = useRef<HTMLInputElement>(null);
  /** Files of this conversation uploading now, by local id: bytes sent so far. */
  const [uploads, setUploads] = useState<ReadonlyMap<string, { sent: number; total: number }>>(new Map());
  /** The queued text message being edited in the box, if any. */
  const [editing, setEditing] = useState<MessageView | null>(null);
  /** The box's own text while a queued message or note is edited in it: back when the edit ends. */
  const setAside = useRef<{ mode: ComposeMode; text: string } | null>(null);
  /** The queued template whose parameters (and link) are being edited in a dialog. */
  const [editingTemplate, setEditingTemplate] = useState<MessageView | null>(null);
  const [choosingTemplate, setChoosingTemplate] = useState(false);
  const [transferring, setTransferring] = useState(false);
  /** Alt+C asked "Concluir atendimento?" (something would be lost): the answer is awaited. */
  const [confirmingComplete, setConfirmingComplete] = useState(false);
  /** The contact's templates still scheduled, as ScheduledLines last heard them: Alt+C's question names them. */
  const [scheduledPending, setScheduledPending] = useState<readonly ScheduledItem[]>([]);
  const [editingContact, setEditingContact] = useState(false);
  /** "Atendimentos anteriores" open; the past conversation shown read-only in place of this one. */
  const [showingHistory, setShowingHistory] = useState(false);
  const [viewing, setViewing] = useState<PastConversation | null>(null);
  /** Quick replies of this conversation, loaded at the first "/"; the "/word" being typed; the highlighted one. */
  const [replies, setReplies] = useState<QuickReply[] | null>(null);
  const [slash, setSlash] = useState<SlashQuery | null>(null);
  const [activeReply, setActiveReply] = useState(0);
  const repliesAsked = useRef(false);
  // The replies depend on the conversation's channel and team: a start acknowledged meanwhile asks again.
  useEffect(() => {
    repliesAsked.current = false;
    setReplies(null);
  }, [key]);
  const boxRef = useRef<HTMLTextAreaElement>(null);
  /** The messages: PageUp / PageDown in the box scroll them (the box keeps the keyboard). */
  const messagesRef = useRef<HTMLOListElement>(null);
  /** Ctrl+F: the find bar open, what it seeks, and the current match (-1: none yet). */
  const [finding, setFinding] = useState(false);
  const [findQuery, setFindQuery] = useState('');
  const [findCurrent, setFindCurrent] = useState(-1);
  const findRef = useRef<HTMLInputElement>(null);
  const localIds = useRef(new Set<string>());

  // Only the newest answer counts: an older read arriving late must not replace a newer one.
  const ticket = useRef(0);
  const loaded = useRef(false);
  const load = useCallback(async () => {
    const mine = ++ticket.current;
    const answer = await callCore('conversation.open', { sessionId: key });
    if (mine !== ticket.current) return;
    if (!answer.ok) {
      setReadError(errorText(answer.error));
      return;
    }
    setReadError(null);
    if (answer.value.conversationKey !== key) {
      // The start was acknowledged: follow the session (this reloads under the new key).
      setKey(answer.value.conversationKey);
      return;
    }
    loaded.current = true;
    setOpened((previous) => {
      // The drafts fill the boxes once, when the conversation opens; a note alone reopens the note box.
      if (previous === null) {
        const { draft, noteDraft } = answer.value;
        if (draft) setText(draft);
        if (noteDraft) setNoteText(noteDraft);
        setMode(openingMode(draft, noteDraft));
      }
      // The messages that did not change stay the objects already drawn: their rows skip the render.
      return { ...answer.value, messages: keepUnchanged(previous?.messages, answer.value.messages) };
    });
    localIds.current = new Set(answer.value.messages.map((m) => m.localId));
    const session = answer.value.conversation;
    if (session && session.unreadCount > 0) void callCore('conversation.markRead', { sessionId: session.id });
  }, [key]);

  // The box has the keys in the commit that shows the conversation: opened by a start's answer (not a
  // key), a passive effect came after paint, and what was typed meanwhile went to the page. Once
  // only: the key changing under it (a start acknowledged) is the same conversation, and the agent
  // may be typing in the find bar or a dialog by then.
  useLayoutEffect(() => {
    boxRef.current?.focus();
  }, []);

  useEffect(() => {
    loaded.current = false;
    void load();
    // Not shown yet after a few seconds (a read lost on a busy machine): ask again; reads are idempotent.
    const retry = setInterval(() => {
      if (!loaded.current) void load();
    }, 3_000);
    return () => clearInterval(retry);
  }, [load]);

  useEffect(() => {
    if (!bridge) return;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const reload = () => {
      timer ??= setTimeout(() => {
        timer = null;
        void load();
      }, 100);
    };
    const off = bridge.onEvent((event) => {
      if (event.type === 'message-status') {
        const ours = event.localId !== null && localIds.current.has(event.localId);
        // A start acknowledged by the server: from now on the conversation is its session.
        if (ours && key.startsWith('start:') && event.sessionId) {
          setKey(event.sessionId);
          return;
        }
        // Before the first read lands every message event may be ours (the start's own receipts).
        if (ours || event.sessionId === key || !loaded.current) reload();
      } else if (event.type === 'upload-progress' && localIds.current.has(event.localId)) {
        const { localId, sent, total } = event;
        setUploads((previous) => new Map(previous).set(localId, { sent, total }));
      } else if (event.type === 'conversation-changed' && event.sessionId === key) reload();
      // A colleague may have renamed the contact (HelenaCRM's CONTACT_UPDATE): the heading follows.
      else if (event.type === 'contacts-changed') reload();
    });
    return () => {
      off();
      if (timer) clearTimeout(timer);
    };
  }, [bridge, key, load]);

  // The keyboard was on a message's "Cancelar envio" or "Editar" and the message went out meanwhile
  // (the contact replied): the button is gone, and the focus with it. The box takes it back, or the
  // agent's next keys would go nowhere. A dialog open above keeps its own focus. Before paint: the
  // read that removed the button is an async answer, whose passive effects wait until after paint.
  useLayoutEffect(() => {
    const lost = document.activeElement === null || document.activeElement === document.body;
    if (lost && !document.querySelector('[role="dialog"]')) boxRef.current?.focus();
  }, [opened]);

  // The edit cut short was finished (or its line went: cancelled, released): its refusal goes too,
  // unless another sentence replaced it meanwhile.
  useEffect(() => {
    const unsettled = unsettledEdit.current;
    if (!unsettled || !opened) return;
    const line = opened.messages.find((m) => m.localId === unsettled.localId);
    if (line?.pendingEditText != null) {
      unsettled.seenPending = true;
      return;
    }
    // A read begun before the edit was recorded may land after its refusal: that line is no answer.
    if (line && !unsettled.seenPending && line.text !== unsettled.edited) return;
    unsettledEdit.current = null;
    setError((shown) => (shown === unsettled.text ? null : shown));
  }, [opened]);

  // The connection came back while the box still holds the edit it refused: "tente de novo quando a
  // conexão voltar" is now; the status bar alone said "Online" beside that red sentence.
  useEffect(() => {
    const refused = offlineEdit.current;
    if (!connected || !refused) return;
    offlineEdit.current = null;
    if (editing) setError((shown) => (shown === refused ? t('conversation.editOnlineAgain') : shown));
  }, [connected]);

  // The message being edited went out (or failed, or was withdrawn) meanwhile — the contact replied
  // and released it, the connection came back and sent it: the edit can no longer be saved. The box
  // leaves it but keeps what the agent typed, as a new message (its draft before the edit first),
  // and says so; before, it stayed "Editando…", Enter was refused, and Esc threw the new text away.
  useEffect(() => {
    if (!editing || sending || !opened || editingTemplate) return;
    const line = opened.messages.find((m) => m.localId === editing.localId);
    if (line && (line.textEditable || line.templateEditable)) return;
    const boxMode: ComposeMode = editing.kind === 'note' ? 'note' : 'message';
    const typedText = boxMode === 'note' ? noteText : text;
    const before = setAside.current?.text ?? '';
    setAside.current = null;
    setEditing(null);
    const kept = before.trim() && typedText.trim() ? `${before}\n${typedText}` : before.trim() ? before : typedText;
    if (boxMode === 'note') setNoteText(kept);
    else setText(kept);
    if (kept.trim()) saveDraft(kept, boxMode);
    const wentOut = line !== undefined && ['sent', 'delivered', 'read', 'sending'].includes(messageState(line));
    setError(t(wentOut ? 'conversation.editOvertakenSent' : 'conversation.editOvertaken'));
  }, [opened, sending]);

  // One draft per box (the message, the note), each saved after a pause in the typing.
  const draftTimers = useRef<Record<ComposeMode, ReturnType<typeof setTimeout> | null>>({ message: null, note: null });
  const pendingDrafts = useRef<Record<ComposeMode, (() => void) | null>>({ message: null, note: null });
  function saveDraft(value: string, kind: ComposeMode = 'message') {
    const timer = draftTimers.current[kind];
    if (timer) clearTimeout(timer);
    const save = () => {
      pendingDrafts.current[kind] = null;
      void callCore('draft.save', { conversationKey: key, kind, text: value });
    };
    pendingDrafts.current[kind] = save;
    draftTimers.current[kind] = setTimeout(save, DRAFT_PAUSE_MS);
  }
  /** `sent` went out from the `kind` box: it leaves the box, what was typed after Enter stays (and is the draft). */
  function takeSent(kind: ComposeMode, sent: string) {
    const rest = leftAfterSend(sent, kind === 'note' ? noteTextNow.current : textNow.current);
    if (kind === 'note') setNoteText(rest);
    else setText(rest);
    if (rest.trim()) saveDraft(rest, kind);
    else dropDraft(kind);
  }
  /** The box's text went out (sent, or saved as a note): its draft goes, now. */
  function dropDraft(kind: ComposeMode) {
    void saveDraftNow(kind, '');
  }
  /** Saves the `kind` box's draft at once, in place of one waiting for the pause; true once the core keeps it. */
  function saveDraftNow(kind: ComposeMode, value: string): Promise<boolean> {
    const timer = draftTimers.current[kind];
    if (timer) clearTimeout(timer);
    pendingDrafts.current[kind] = null;
    return callCore('draft.save', { conversationKey: key, kind, text: value }).then(
      (answer) => answer.ok,
      () => false,
    );
  }
  // Leaving the conversation saves what was typed at once, so the desk shows the draft straight away.
  useEffect(
    () => () => {
      for (const kind of ['message', 'note'] as const) {
        const timer = draftTimers.current[kind];
        if (timer) clearTimeout(timer);
        pendingDrafts.current[kind]?.();
      }
    },
    [],
  );

  // A start acknowledged while the agent was typing: the drafts move to the session's key with it.
  const keyRef = useRef(key);
  useEffect(() => {
    if (keyRef.current === key) return;
    keyRef.current = key;
    const message = setAside.current?.mode === 'message' ? setAside.current.text : editing ? '' : text;
    const note = setAside.current?.mode === 'note' ? setAside.current.text : editing ? '' : noteText;
    if (message.trim()) void callCore('draft.save', { conversationKey: key, text: message });
    if (note.trim()) void callCore('draft.save', { conversationKey: key, kind: 'note', text: note });
  }, [key, text, noteText, editing]);

  async function saveNote() {
    const body = noteText.trim();
    if (!body || sending) return;
    const sentNote = noteText;
    await submitBox(
      () => (editing ? callCore('message.edit', { localId: editing.localId, text: body }) : callCore('note.add', { sessionId: key, text: body })),
      () => takeSent('note', sentNote),
    );
  }

  /** Sends what the box holds (or saves the edit of a queued one): on success the box empties and its draft goes; a refusal stays on screen. */
  async function submitBox(call: () => Promise<{ ok: true } | { ok: false; error: ConsoleErrorBody }>, clearBox: () => void) {
    setSending(true);
    setError(null);
    const answer = await call();
    setSending(false);
    if (!answer.ok) {
      // An edit of a held text cut short stays recorded and is finished by the outbox: the box leaves
      // the edit (its line now reads "Edição pendente"), and the sentence says what happens next.
      const refusal = errorText(answer.error);
      // An edit refused for want of the connection ("tente de novo quando a conexão voltar"): the
      // box keeps the edit, and when the connection is back the sentence says so.
      offlineEdit.current = answer.error.code === 'offline' && editing ? refusal : null;
      if (answer.error.code === 'edit_pending' && editing) {
        unsettledEdit.current = { localId: editing.localId, text: refusal, edited: text.trim(), seenPending: false };
        stopEditing();
      }
      setError(refusal);
      // A refusal may still have changed a line (the pending edit): read it again.
      void load();
      return;
    }
    if (editing) stopEditing();
    else {
      clearBox();
      setFollow((n) => n + 1);
    }
    void load();
  }

  async function send() {
    if (mode === 'note') return saveNote();
    if (attachment && !editing) return sendAttachment(attachment);
    const body = text.trim();
    if (!body || sending) return;
    const sentText = text;
    const unfilled = UNFILLED.exec(text);
    if (unfilled) {
      // A quick reply's parameter left as {{name}} would reach the contact as is.
      setError(t('conversation.unfilled', { param: unfilled[0] }));
      boxRef.current?.setSelectionRange(unfilled.index, unfilled.index + unfilled[0].length);
      return;
    }
    await submitBox(
      () => (editing ? callCore('message.edit', { localId: editing.localId, text: body }) : callCore('message.sendText', { sessionId: key, text: body })),
      () => takeSent('message', sentText),
    );
  }

  /** Alt+U: the system's file picker; a file goes with a message, never with a note. */
  function attach() {
    if (mode === 'note') {
      setError(t('attachment.notInNote'));
      return;
    }
    if (editing) stopEditing();
    setError(null);
    fileInputRef.current?.click();
  }

  function picked(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    // Emptied, so picking the same file again (after Esc) is a change too.
    event.target.value = '';
    if (!file) return;
    setAttachment({ file, picked: pickedFile(file) });
    setError(null);
    boxRef.current?.focus();
  }

  function removeAttachment() {
    setAttachment(null);
    setError(null);
    boxRef.current?.focus();
  }

  /** Enter with a file attached: the file goes, the box's text as its caption. */
  async function sendAttachment(chosen: { file: File; picked: PickedFile }) {
    if (sending) return;
    // The chip already says why it cannot go, and how to take it off.
    if (chosen.picked.issue) return;
    const unfilled = UNFILLED.exec(text);
    if (unfilled) {
      setError(t('conversation.unfilled', { param: unfilled[0] }));
      return;
    }
    const caption = text.trim() ? text : undefined;
    const sentCaption = text;
    await submitBox(
      async () => {
        let data: string;
        try {
          data = await readAsBase64(chosen.file);
        } catch {
          // Moved or deleted since it was picked: the box's error line says so, the chip stays for Esc.
          return { ok: false, error: { code: 'invalid_input', message: t('attachment.unreadable'), messageEn: t('attachment.unreadable') } };
        }
        const { name, mimeType, size } = chosen.picked;
        return callCore('message.sendFile', { sessionId: key, name, mimeType, size, data, ...(caption !== undefined ? { caption } : {}) });
      },
      () => {
        setAttachment(null);
        takeSent('message', sentCaption);
      },
    );
  }

  /** An action on the conversation or one of its messages: its refusal shown, the screen re-read, the keyboard back in the box. */
  async function runAction(call: () => Promise<{ ok: true } | { ok: false; error: ConsoleErrorBody }>, refusalText: (error: ConsoleErrorBody) => string = errorText) {
    setError(null);
    const answer = await call();
    if (!answer.ok) setError(refusalText(answer.error));
    void load();
    boxRef.current?.focus();
  }

  function act(command: 'conversation.assume' | 'conversation.complete') {
    // Taking and completing go to HelenaCRM at once and are never queued: the generic network
    // sentence ("Suas mensagens ficam na fila e serão enviadas…", "Tentaremos de novo…") would
    // promise a retry that never comes. Each says what did not happen and to try again.
    const refusal = (error: ConsoleErrorBody) => {
      const kind = directActionFailure(error.code);
      if (!kind) return errorText(error);
      return t(`conversation.${command === 'conversation.assume' ? 'assume' : 'complete'}${kind === 'offline' ? 'Offline' : 'Unstable'}`);
    };
    // A second press while the first is on its way would send it twice.
    if (!session || inFlight) return;
    setInFlight(command);
    void runAction(() => callCore(command, { sessionId: session.id }), refusal).finally(() => setInFlight(null));
  }

  /**
   * Alt+C (and its button): completes at once when nothing would be lost; otherwise asks first,
   * since a completed conversation never reopens and what waits in it fails unsent (complete.ts).
   */
  function askComplete() {
    if (!canComplete) return;
    if (losses()) setConfirmingComplete(true);
    else act('conversation.complete');
  }

  /** What completing now would lose: the messages not gone yet, the message draft (set aside while a queued one is edited), a file attached, a template still scheduled for the contact. */
  function losses() {
    const aside = setAside.current;
    const draft = aside?.mode === 'message' ? aside.text : text;
    return completeLosses(opened?.messages ?? NO_MESSAGES, draft, attachment !== null, scheduledPending);
  }

  function confirmComplete() {
    setConfirmingComplete(false);
    act('conversation.complete');
  }

  /** "Voltar" (or Esc): nothing happens, and the box has the keyboard again. */
  function backFromComplete() {
    setConfirmingComplete(false);
    boxRef.current?.focus();
  }

  function startEdit(message: MessageView) {
    if (message.templateEditable) {
      // A template changes by its parameters (and link), in a form of its own; the box stays as it is.
      setEditingTemplate(message);
      return;
    }
    // A queued note is edited in the note box, a message in the message box; what the box held waits aside.
    const boxMode: ComposeMode = message.kind === 'note' ? 'note' : 'message';
    const aside = setAside.current;
    putBack();
    const current = aside?.mode === boxMode ? aside.text : boxMode === 'note' ? noteText : text;
    setAside.current = { mode: boxMode, text: current };
    setEditing(message);
    setMode(boxMode);
    if (boxMode === 'note') setNoteText(message.text ?? '');
    // A held text whose edit is not finished, or was given up: the box starts from that edit, the text the agent last chose.
    else setText(message.pendingEditText ?? message.abandonedEditText ?? message.text ?? '');
    boxRef.current?.focus();
  }

  /** The box gets back what it held before an edit began (its draft). */
  function putBack() {
    const aside = setAside.current;
    setAside.current = null;
    if (aside?.mode === 'note') setNoteText(aside.text);
    else if (aside) setText(aside.text);
  }

  /** Leaves the edit of a queued message or note; the box has its draft again. */
  function stopEditing() {
    putBack();
    setEditing(null);
  }

  /** Alt+N: the box becomes a note box, or a message box again; an edit in progress is left. */
  function toggleNote() {
    if (editing) stopEditing();
    setSlash(null);
    setError(null);
    setMode((current) => (current === 'note' ? 'message' : 'note'));
    boxRef.current?.focus();
  }

  function cancelMessage(message: MessageView) {
    if (editing?.localId === message.localId) stopEditing();
    if (editingTemplate?.localId === message.localId) setEditingTemplate(null);
    void runAction(() => callCore('message.cancel', { localId: message.localId }));
  }

  function typed(value: string, caret: number) {
    if (mode === 'note') {
      // A note is no message: its own draft, no quick replies (they are for the contact).
      setNoteText(value);
      setError(null);
      // A queued note being edited is no draft: the draft waits aside.
      if (!editing) saveDraft(value, 'note');
      return;
    }
    setText(value);
    // What the last refusal said was about the box as it was; the agent is changing it now.
    setError(null);
    if (!editing) saveDraft(value);
    // "Digitando…" for the contact: asked on every keystroke, the core sends one per few seconds
    // when online and allowed; its answer is of no interest here (a failure is never shown).
    if (!editing && value.trim() !== '' && session?.canWrite && session.status !== 'COMPLETED' && session.window.canSendFreeText) {
      void callCore('conversation.typing', { sessionId: session.id }).catch(() => undefined);
    }
    const next = slashQuery(value, caret);
    setSlash(next);
    if (next && (slash === null || next.query !== slash.query)) setActiveReply(0);
    if (next && !repliesAsked.current) {
      repliesAsked.current = true;
      void callCore('quickReplies.list', { sessionId: key }).then((answer) => {
        if (answer.ok) setReplies(answer.value);
        else repliesAsked.current = false; // asked again at the next "/"
      });
    }
  }

  function insert(reply: QuickReply) {
    if (!slash) return;
    const done = insertReply(text, slash, reply.text);
    setSlash(null);
    setText(done.text);
    if (!editing) saveDraft(done.text);
    // After React has put the new text in the box.
    requestAnimationFrame(() => boxRef.current?.setSelectionRange(...done.selection));
  }

  const replyMatches = slash && replies ? matchReplies(replies, slash.query) : [];

  /**
   * The text of an edit that came too late (the reply released the original first) goes into the
   * message box, after what the box holds: the agent reads it and sends it with Enter, or not.
   * Resolves true once the box's draft keeps it: only then may its line go (a restart before the
   * draft's pause would otherwise lose the text with the line).
   */
  function takeEditText(message: MessageView): Promise<boolean> {
    const kept = message.abandonedEditText;
    if (kept === null) return Promise.resolve(false);
    const aside = setAside.current;
    const draft = editing ? (aside?.mode === 'message' ? aside.text : '') : text;
    if (editing) stopEditing();
    const next = draft.trim() === '' ? kept : `${draft}\n${kept}`;
    setMode('message');
    setError(null);
    setText(next);
    boxRef.current?.focus();
    requestAnimationFrame(() => boxRef.current?.setSelectionRange(next.length, next.length));
    return saveDraftNow('message', next);
  }

  /** "Dispensar" on the line of an edit not made: true once the core put it away (the line then goes on the re-read). */
  async function dismissEditNote(message: MessageView): Promise<boolean> {
    const answer = await callCore('message.dismissEditNote', { localId: message.localId }).catch(() => null);
    if (!answer?.ok) return false;
    void load();
    return true;
  }

  function retryMessage(message: MessageView) {
    void runAction(() => callCore('message.retry', { localId: message.localId }));
  }

  // The rows' buttons reach the current handlers through a ref: the list's props stay the same
  // functions from key to key, so typing in the box does not redraw the messages (MessageList).
  const rowActions = useRef({ startEdit, cancelMessage, retryMessage, takeEditText, dismissEditNote });
  useLayoutEffect(() => {
    rowActions.current = { startEdit, cancelMessage, retryMessage, takeEditText, dismissEditNote };
  });
  const onEditRow = useCallback((message: MessageView) => rowActions.current.startEdit(message), []);
  const onCancelRow = useCallback((message: MessageView) => rowActions.current.cancelMessage(message), []);
  const onRetryRow = useCallback((message: MessageView) => rowActions.current.retryMessage(message), []);
  const onUseTextRow = useCallback((message: MessageView) => rowActions.current.takeEditText(message), []);
  const onDismissEditNoteRow = useCallback((message: MessageView) => rowActions.current.dismissEditNote(message), []);

  function onBoxKey(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (slash) {
      // The quick-reply list is open (or still loading): it takes the list keys; Esc closes it,
      // not the conversation.
      const picked = replyMatches[activeReply];
      if (event.key === 'Escape') {
        event.preventDefault();
        event.stopPropagation();
        setSlash(null);
        return;
      }
      if (replyMatches.length > 0 && (event.key === 'ArrowDown' || event.key === 'ArrowUp')) {
        event.preventDefault();
        const step = event.key === 'ArrowDown' ? 1 : -1;
        setActiveReply((activeReply + step + replyMatches.length) % replyMatches.length);
        return;
      }
      if (picked && (event.key === 'Enter' || event.key === 'Tab') && !event.shiftKey) {
        event.preventDefault();
        insert(picked);
        return;
      }
      if (event.key === 'Enter' && !event.shiftKey) {
        // No reply found (or the list still loading): "/sau⏎" would reach the contact as "/sau".
        // Enter waits; Esc closes the list, and then Enter sends the text as it is.
        event.preventDefault();
        return;
      }
    }
    if ((event.key === 'PageUp' || event.key === 'PageDown') && !event.altKey && !event.ctrlKey && !event.metaKey && !event.shiftKey) {
      // Reading back while writing, as in WhatsApp: the messages scroll, the caret stays where it was.
      const list = messagesRef.current;
      if (list) {
        event.preventDefault();
        list.scrollBy({ top: (event.key === 'PageUp' ? -1 : 1) * Math.max(40, list.clientHeight * 0.85) });
      }
    } else if (event.key === 'Enter' && !event.shiftKey) {
      event.preventDefault();
      void send();
    } else if (event.key === 'Escape' && attachment && !editing) {
      // Esc takes the file off first; the text typed stays, a message again.
      event.preventDefault();
      event.stopPropagation();
      removeAttachment();
    } else if (event.key === 'Escape' && editing) {
      // Esc leaves the edit first; a second Esc leaves the conversation.
      event.preventDefault();
      event.stopPropagation();
      // The edit given up, a sentence about saving it (refused offline, or "Enter salva a edição"
      // once back) is about nothing: left, it stayed red under the empty box, beside "Online".
      const refused = offlineEdit.current;
      offlineEdit.current = null;
      const onlineAgain = t('conversation.editOnlineAgain');
      setError((shown) => (shown !== null && (shown === refused || shown === onlineAgain) ? null : shown));
      stopEditing();
    } else if (event.key === 'Escape' && mode === 'note') {
      // Esc turns the note box back into the message box (the note typed so far waits for Alt+N).
      event.preventDefault();
      event.stopPropagation();
      setMode('message');
    }
  }

  const conversation = opened?.conversation ?? null;
  // Someone else's or the team queue's conversation: the agent takes it before writing.
  // A start the server has not acknowledged has no session yet: nothing to take, move or complete.
  const pending = conversation?.pendingStart ?? null;
  const session = pending ? null : conversation;
  const canAssume = session !== null && !session.canWrite && session.status !== 'COMPLETED';
  const canComplete = session !== null && session.canWrite && session.status !== 'COMPLETED';
  // Whether HelenaCRM lets this agent move it (owner, supervisor, admin) is its call; a refusal is shown.
  const canTransfer = session !== null && session.status !== 'COMPLETED';
  // A schedule goes out on this conversation's channel and team, so only the agent who writes here sets one.
  const canSchedule = session !== null && session.canWrite && session.status !== 'COMPLETED' && session.contactId !== null;
  // A completed conversation takes no template or file (the core refuses both; only a note still
  // goes): their buttons go, and their keys do nothing, since the read-only line says why. Nor does
  // one not taken yet (handlers.ts requireWritable): the window line and the box say Alt+A first.
  const completed = conversation?.status === 'COMPLETED';
  // A start that never reached the contact (refused before or after HelenaCRM opened it), unless completed since.
  const failedStart = pending ? (pending.state === 'failed' ? pending : null) : completed ? null : (conversation?.startFailed ?? null);
  // There the core refuses a text or file at once (handlers.ts refuseAfterFailedStart), but not behind
  // a start that may still go ("Tentar de novo" on its line): those wait for it. A template stays:
  // it is how a start is tried again on the same conversation.
  const startRetryable = pending !== null && (opened?.messages ?? NO_MESSAGES).some((m) => m.retryable && `start:${m.localId}` === key);
  const refusesText = failedStart !== null && !startRetryable;
  // A start HelenaCRM refused outright has no conversation to take a template either (the core
  // refuses it); into one WhatsApp refused, a template is how the start is tried again.
  const canSendTemplate = conversation !== null && !completed && !canAssume && !(pending !== null && refusesText);
  const canAttach = conversation !== null && !completed && !canAssume && !refusesText;
  const heading = { conversationKey: key, loaded: opened !== null, conversation, firstSync };
  const titleText = conversationTitle(heading);
  const title = 'text' in titleText ? titleText.text : t(titleText.key);
  // A start to a new number has no contact until HelenaCRM acknowledges it (it creates the contact then).
  const contactId = conversation?.contactId ?? opened?.contact?.id ?? null;
  // Titled with its number until someone names it: the heading says how.
  // Only a contact the cache holds: one not arrived yet (a first sync still bringing it) is not nameless, and Alt+E then would save a name over its real one.
  const unnamed = contactId !== null && opened?.contact != null && !opened.contact.name?.trim();
  // A completed conversation never reopens: the message box says so instead of taking a text HelenaCRM
  // would refuse only once Enter is pressed (a queued-looking placeholder invited exactly that).
  const readOnlyBox = conversation?.status === 'COMPLETED' && mode === 'message' && !editing && !attachment;

  /** The contact as HelenaCRM saved it, shown at once (the re-read that follows confirms it). */
  function contactSaved(contact: ContactDetails) {
    setEditingContact(false);
    setOpened((previous) =>
      previous
        ? {
            ...previous,
            contact,
            conversation: previous.conversation ? { ...previous.conversation, contactName: contact.name ?? previous.conversation.contactName } : null,
          }
        : previous,
    );
    void load();
    boxRef.current?.focus();
  }
  function openPast(item: PastConversation) {
    setShowingHistory(false);
    setSlash(null);
    setViewing(item);
  }

  /** Back from a past conversation to this one: the box has the keyboard again. */
  function backToCurrent() {
    setViewing(null);
  }

  // Back from a past conversation, the box takes the keys in the commit that brings it back: in the
  // next frame, what was typed right after Esc went to the page. (Also on mount, as the box does anyway.)
  useLayoutEffect(() => {
    if (viewing === null) boxRef.current?.focus();
  }, [viewing]);

  const messages = opened?.messages ?? NO_MESSAGES;
  // A conversation the sync listed but nobody opened on this computer has no messages here yet, and
  // offline they cannot be fetched: the list is empty while the desk showed the contact's message.
  // Said so, or the agent takes the conversation for empty.
  const offline = useAppStore((s) => s.snapshot?.connectivity.state === 'offline');
  const messagesNotHere = offline && session !== null && opened !== null && messages.length === 0;
  // Sought again when the messages or the query change, not on every key typed in the box.
  const matches = useMemo(() => (finding ? findMatches(messages, findQuery) : NO_MATCHES), [finding, messages, findQuery]);
  const currentMatch = keepCurrent(findCurrent, matches.length);
  const find = useMemo(() => (finding ? { matches, current: currentMatch } : undefined), [finding, matches, currentMatch]);
  const count = findCount(findQuery, currentMatch, matches.length);
  // The current match in view (after the list has drawn it): on Enter, on typing, on a reload.
  useEffect(() => {
    if (currentMatch < 0) return;
    document.querySelector('.conversation .messages mark.find-current')?.scrollIntoView({ block: 'nearest' });
  }, [currentMatch, findQuery, opened]);

  function openFind() {
    setFinding(true);
    // Open already (Ctrl+F again): what it holds is selected, so typing replaces it.
    findRef.current?.focus();
    findRef.current?.select();
  }

  // The find bar takes the keys in the commit that shows it: focused in the next frame, the letters
  // typed right after Ctrl+F went into the message box.
  useLayoutEffect(() => {
    if (finding) findRef.current?.focus();
  }, [finding]);

  function closeFind() {
    setFinding(false);
    setFindQuery('');
    setFindCurrent(-1);
    // Now, not in the next frame: the bar's field goes with this key, and what is typed next belongs in the box.
    boxRef.current?.focus();
  }

  function onFindKey(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'Enter') {
      event.preventDefault();
      event.stopPropagation();
      setFindCurrent(stepMatch(currentMatch, matches.length, event.shiftKey));
    } else if (event.key === 'Escape') {
      // Esc closes the bar, not the conversation.
      event.preventDefault();
      event.stopPropagation();
      closeFind();
    }
  }

  /** Why the attached file cannot go (too big, a type WhatsApp refuses), in the agent's language. */
  const refusedFile = attachment ? refusalText(attachment.picked, i18n.language) : null;
  const now = useNow();
  const windowLeftNow = conversation ? windowLeft(conversation.window, now) : null;
  const windowShape = windowLeftNow === 'expired' || !conversation?.window.canSendFreeText ? 'Closed' : windowLeftNow !== null ? 'OpenLeft' : 'Open';
  const windowLeftText = windowLeftNow !== null && windowLeftNow !== 'expired' ? formatLeft(windowLeftNow, t) : '';
  return (
    <div
      className="conversation"
      onKeyDown={(event) => {
        // "Concluir atendimento?" open: Alt+C again confirms (the dialog hears Esc, Tab and Enter itself).
        if (confirmingComplete) {
          if (isAltKey(event, 'c')) {
            event.preventDefault();
            confirmComplete();
          }
          return;
        }
        // A dialog open above the conversation has the keys (Esc closes it, not the conversation).
        if (choosingTemplate || transferring || editingContact || showingHistory || editingTemplate || scheduling) return;
        if (isHistoryShortcut(event) && contactId !== null) {
          event.preventDefault();
          setShowingHistory(true);
        } else if (viewing) {
          // A past conversation only reads: Esc brings this one back; its own shortcuts wait.
          if (event.key === 'Escape') {
            event.preventDefault();
            backToCurrent();
          }
        } else if (isFindShortcut(event)) {
          // Only here: the browser's own find (web host) is left alone everywhere else.
          event.preventDefault();
          openFind();
        } else if (event.key === 'Escape' && attachment && !editing) {
          event.preventDefault();
          removeAttachment();
        } else if (event.key === 'Escape' && finding) {
          // The find bar open: Esc closes it first, wherever the focus is in the conversation.
          event.preventDefault();
          closeFind();
        } else if (event.key === 'Escape') {
          event.preventDefault();
          onBack();
        } else if (isNoteShortcut(event) && conversation) {
          event.preventDefault();
          toggleNote();
        } else if (isAttachShortcut(event) && canAttach) {
          event.preventDefault();
          attach();
        } else if (isAltKey(event, 'm') && canSendTemplate) {
          event.preventDefault();
          setChoosingTemplate(true);
        } else if (isAltKey(event, 'g') && canSchedule) {
          event.preventDefault();
          setScheduling(true);
        } else if (isAltKey(event, 'a') && canAssume) {
          event.preventDefault();
          act('conversation.assume');
        } else if (isAltKey(event, 'c') && canComplete) {
          event.preventDefault();
          askComplete();
        } else if (isAltKey(event, 't') && canTransfer) {
          event.preventDefault();
          setTransferring(true);
        } else if (isContactEditShortcut(event) && contactId !== null) {
          event.preventDefault();
          setEditingContact(true);
        }
      }}
    >
      <header>
        <button type="button" className="link" onClick={viewing ? backToCurrent : onBack}>
          {viewing ? t('history.backToCurrent') : t('conversation.back')}
        </button>
        <h1>{title}</h1>
        {unnamed && (
          <span className="no-name-hint" data-testid="no-name-hint">
            {t('conversation.noNameHint')}
          </span>
        )}
        {conversation && !viewing && (
          <span className="conversation-actions">
            {canAssume && (
              <button type="button" aria-keyshortcuts="Alt+A" onClick={() => act('conversation.assume')}>
                {t('conversation.assume')}
              </button>
            )}
            {canSendTemplate && (
              <button type="button" aria-keyshortcuts="Alt+M" onClick={() => setChoosingTemplate(true)}>
                {t('conversation.templateButton')}
              </button>
            )}
            {canSchedule && (
              <button type="button" className="secondary" aria-keyshortcuts="Alt+G" onClick={() => setScheduling(true)}>
                {t('schedule.button')}
              </button>
            )}
            {canAttach && (
              <button type="button" className="secondary" aria-keyshortcuts="Alt+U" onClick={attach}>
                {t('attachment.button')}
              </button>
            )}
            <button type="button" className="secondary note-toggle" aria-keyshortcuts="Alt+N" aria-pressed={mode === 'note'} onClick={toggleNote}>
              {t(noteButtonKey(mode, noteText))}
            </button>
            {contactId !== null && (
              <button type="button" className="secondary" aria-keyshortcuts="Alt+E" onClick={() => setEditingContact(true)}>
                {t('conversation.editContactButton')}
              </button>
            )}
            {contactId !== null && (
              <button type="button" className="secondary" aria-keyshortcuts="Alt+H" onClick={() => setShowingHistory(true)}>
                {t('history.button')}
              </button>
            )}
            {canTransfer && (
              <button type="button" className="secondary" aria-keyshortcuts="Alt+T" onClick={() => setTransferring(true)}>
                {t('conversation.transferButton')}
              </button>
            )}
            {canComplete && (
              <button type="button" className="secondary" aria-keyshortcuts="Alt+C" onClick={askComplete}>
                {t('conversation.complete')}
              </button>
            )}
          </span>
        )}
      </header>
      {opened?.contact && (
        <p className="contact-line" data-testid="contact-details">
          {/* The phone as the contact search lists it: "(11) 97654-3210", "+1 415 555 0100". */}
          {[opened.contact.phone ? displayPhone(opened.contact.phone) : null, opened.contact.email].filter(Boolean).join(' · ')}
          {opened.contact.tags.map((tag) => (
            <span key={tag} className="tag">
              {tag}
            </span>
          ))}
          {opened.contact.annotation && <span className="annotation">{opened.contact.annotation}</span>}
        </p>
      )}
      {opened?.contact && <ContactFields fields={opened.contact.fields} />}
      {!opened?.contact && opened?.contactSyncing && (
        <p className="contact-line" data-testid="contact-details">
          {[opened.contactSyncing.phone, t('conversation.contactSyncing')].filter(Boolean).join(' · ')}
        </p>
      )}
      {session !== null && session.contactId !== null && !viewing && (
        <ScheduledLines
          sessionId={session.id}
          refreshKey={scheduledRefresh}
          messageCount={opened?.messages.length ?? 0}
          canWrite={canSchedule}
          completed={session.status === 'COMPLETED'}
          onPending={setScheduledPending}
          onScheduleAgain={(again) => {
            setScheduleAgain(again);
            setScheduling(true);
          }}
        />
      )}
      {viewing ? (
        <PastConversationView key={viewing.id} item={viewing} />
      ) : (
        <>
        <p className={failedStart ? 'window failed' : 'window'} data-testid="window-state">
          {conversation === null
            ? t(waitingLine(heading))
            : failedStart
              ? t('home.startFailed', { reason: inLanguage(i18n.language, failedStart.failedReason ?? '', failedStart.failedReasonEn) })
            : pending
              ? t('conversation.notAcknowledged')
            : conversation.status === 'COMPLETED'
              ? t('conversation.completed')
            : canAssume
              ? t('conversation.windowAssumeFirst', { window: t(`home.window${windowShape}`, { left: windowLeftText }) })
              : t(`conversation.window${windowShape}`, { left: windowLeftText })}
        </p>
        {finding && (
          <div className="find-bar" role="search">
            <label htmlFor="find-in-conversation" className="sr-only">
              {t('find.label')}
            </label>
            <input
              id="find-in-conversation"
              ref={findRef}
              type="search"
              placeholder={t('find.label')}
              value={findQuery}
              onChange={(e) => {
                setFindQuery(e.target.value);
                // A new search starts at its first match.
                setFindCurrent(0);
              }}
              onKeyDown={onFindKey}
              autoComplete="off"
              spellCheck={false}
            />
            <span className="find-count" role="status" data-testid="find-count">
              {count === null ? '' : count.total === 0 ? t('find.none') : t('find.count', { current: count.current, total: count.total })}
            </span>
            <span className="muted keys">{t('find.keys')}</span>
          </div>
        )}
        {messagesNotHere && (
          <p className="muted" data-testid="messages-not-here">
            {t('conversation.messagesNotHereOffline')}
          </p>
        )}
        <MessageList
          ref={messagesRef}
          messages={messages}
          onEdit={onEditRow}
          onCancel={onCancelRow}
          onRetry={onRetryRow}
          onUseText={onUseTextRow}
          onDismissEditNote={onDismissEditNoteRow}
          // Its id, a string: the list's memo holds while the agent types the edit.
          editing={editing?.localId ?? null}
          find={find}
          uploads={uploads}
          follow={follow}
        />
        {/* Always there, so a screen reader hears it fill: a live region added with its words is often missed.
            aria-live rather than role=status: the status bar stays the page's one status. */}
        <p className="muted in-flight" aria-live="polite" data-testid="direct-action-progress">
          {inFlightShown && inFlight ? t(inFlight === 'conversation.assume' ? 'conversation.assuming' : 'conversation.completing') : ''}
        </p>
        {(readError ?? error) && (
          <p role="alert" className="error">
            {[readError, error].filter(Boolean).join(' ')}
          </p>
        )}
        <label htmlFor="message-box" className={mode === 'note' ? 'note-mode' : editing ? 'editing' : 'sr-only'}>
          {editing
            ? t(editing.kind === 'note' ? 'conversation.editingNoteLabel' : editing.file ? 'attachment.editingLabel' : 'conversation.editingLabel')
            : mode === 'note'
              ? t('conversation.noteBoxLabel')
              : t('conversation.boxLabel')}
        </label>
        {/* The system's file picker, opened by Alt+U (and the button): never reached with Tab. */}
        <input ref={fileInputRef} type="file" accept={ATTACHMENT_ACCEPT} hidden tabIndex={-1} data-testid="attach-input" onChange={picked} />
        {attachment && mode === 'message' && !editing && (
          <p className={refusedFile ? 'attachment-chip refused' : 'attachment-chip'} data-testid="attachment-chip" role={refusedFile ? 'alert' : 'status'}>
            <span className="name">{fileLabel(attachment.picked, i18n.language)}</span>
            {refusedFile ? (
              // Why it cannot go, on a line of its own, and the way out.
              <span className="reason">
                {refusedFile} {t('attachment.remove')}
              </span>
            ) : (
              <span className="detail"> — {sending ? t('attachment.sending') : t('attachment.keys')}</span>
            )}
          </p>
        )}
        {/* The quick replies open above the box, over the messages: the box and its keys line keep their place. */}
        <div className="compose">
          <textarea
            id="message-box"
            ref={boxRef}
            rows={3}
            maxLength={4096}
            className={mode === 'note' ? 'note' : undefined}
            readOnly={readOnlyBox}
            placeholder={
              readOnlyBox
                ? t('conversation.boxPlaceholderCompleted')
                : mode === 'note'
                ? t('conversation.notePlaceholder')
                : attachment && !editing && !refusedFile
                  ? t('attachment.captionPlaceholder')
                : canAssume
                  ? t('conversation.boxPlaceholderAssumeFirst')
                : refusesText
                  ? t('conversation.boxPlaceholderStartFailed')
                : conversation?.window.canSendFreeText
                  ? t('conversation.boxPlaceholder')
                  : t('conversation.boxPlaceholderQueued')
            }
            value={mode === 'note' ? noteText : text}
            onChange={(e) => typed(e.target.value, e.target.selectionStart)}
            onKeyDown={onBoxKey}
            onBlur={() => setSlash(null)}
            aria-controls={slash ? 'quick-replies' : undefined}
            aria-activedescendant={slash && replyMatches[activeReply] ? `quick-reply-${activeReply}` : undefined}
          />
          {slash && replies !== null && (
            <div className="quick-replies">
              {replyMatches.length === 0 ? (
                <>
                  <p className="muted" role="status">
                    {replies.length === 0 ? t('conversation.quickRepliesNone') : t('conversation.quickRepliesNoMatch', { query: slash.query })}
                  </p>
                  <p className="muted keys">{t('conversation.quickRepliesNoMatchKeys')}</p>
                </>
              ) : (
                <>
                  <ul id="quick-replies" role="listbox" aria-label={t('conversation.quickRepliesLabel')}>
                    {replyMatches.map((reply, i) => (
                      <li
                        key={reply.id}
                        id={`quick-reply-${i}`}
                        role="option"
                        aria-selected={i === activeReply}
                        className={i === activeReply ? 'selected' : undefined}
                        // mousedown, not click: the box keeps the focus (and the "/word") until the text is in.
                        onMouseDown={(event) => {
                          event.preventDefault();
                          insert(reply);
                        }}
                      >
                        <span className="name">/{reply.alias ?? ''} · {reply.name ?? ''}</span>
                        <span className="detail">{reply.text}</span>
                      </li>
                    ))}
                  </ul>
                  <p className="muted keys">{t('conversation.quickRepliesKeys')}</p>
                </>
              )}
            </div>
          )}
        </div>
        <p className="muted keys">
          {editing
            ? t('conversation.editKeys')
            : mode === 'note'
              ? t('conversation.noteKeys')
              : attachment
                ? t(refusedFile ? 'attachment.refusedKeys' : 'attachment.boxKeys')
                : readOnlyBox
                  ? t('conversation.completedKeys')
                : canAssume
                  ? t('conversation.assumeFirstKeys')
                : refusesText
                  ? t('conversation.startFailedKeys')
                  : t('conversation.keys')}
        </p>
        </>
      )}
      {confirmingComplete && <CompleteDialog losses={losses()} onConfirm={confirmComplete} onBack={backFromComplete} />}
      {transferring && session && (
        <TransferDialog
          conversation={session}
          onClose={() => {
            setTransferring(false);
            boxRef.current?.focus();
          }}
          onTransferred={(done) => {
            setTransferring(false);
            onTransferred(done);
          }}
        />
      )}
      {editingContact && contactId !== null && (
        <ContactEditDialog
          contactId={contactId}
          contact={opened?.contact ?? null}
          onClose={() => {
            setEditingContact(false);
            boxRef.current?.focus();
          }}
          onSaved={contactSaved}
        />
      )}
      {showingHistory && contactId !== null && (
        <HistoryDialog
          contactId={contactId}
          contactName={title}
          exceptSessionId={key.startsWith('start:') ? null : key}
          initialId={viewing?.id ?? null}
          onClose={() => {
            setShowingHistory(false);
            if (!viewing) boxRef.current?.focus();
          }}
          onPick={openPast}
        />
      )}
      {editingTemplate && (
        <TemplateEditDialog
          message={editingTemplate}
          conversation={conversation}
          onClose={(saved) => {
            setEditingTemplate(null);
            if (saved) void load();
            boxRef.current?.focus();
          }}
        />
      )}
      {scheduling && conversation && canSchedule && (
        <ScheduleDialog
          sessionId={conversation.id}
          conversation={conversation}
          again={scheduleAgain}
          contactName={opened?.contact?.name ?? null}
          onClose={() => {
            setScheduling(false);
            setScheduleAgain(null);
            setScheduledRefresh((n) => n + 1);
            boxRef.current?.focus();
          }}
        />
      )}
      {choosingTemplate && conversation && (
        <TemplateDialog
          conversationKey={key}
          conversation={conversation}
          contactName={opened?.contact?.name ?? null}
          onClose={() => {
            setChoosingTemplate(false);
            void load();
            boxRef.current?.focus();
          }}
        />
      )}
    </div>
  );
}
