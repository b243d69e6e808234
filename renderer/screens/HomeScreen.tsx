/**
 * The agent's desk: their conversations, freshest first, with the status bar on top. Arrow keys,
 * Home and End move through the list, Enter opens; the + key starts a conversation (the start flow).
 * Typing a letter (or /) on the list finds a conversation by the contact's name or number.
 */
import { memo, useCallback, useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConversationSummary } from '../../src/console/results';
import { ConversationScreen } from './ConversationScreen';
import { pickListKey } from '../components/PickList';
import { LanguageSwitch } from './LanguageSwitch';
import { StartFlow } from './start/StartFlow';
import { FILTERS, type ConversationFilter } from '../../src/console/desk-filters';
import { StatusBar } from './StatusBar';
import { Dialog } from '../components/Dialog';
import { formatLeft, useNow, windowLeft } from './window-time';
import { inLanguage } from '../i18n/error-text';
import { callCore, useAppStore } from '../state/app-store';

export function HomeScreen() {
  const { t } = useTranslation();
  // Only what the desk shows, never the whole snapshot: a sync replaces it on every progress event
  // (4 a second on a big account), and re-rendering the list that often cost the agent's keys
  // (p95 366 ms from keydown to paint during a first sync under load).
  const agentName = useAppStore((s) => s.snapshot?.agent?.name ?? '');
  // A first sync writes the conversations in a second or two and their contacts for minutes (a big
  // account on a slow line): meanwhile the desk says it is still fetching, not "no conversations"
  // (before the contacts' turn: an agent with none is told so while the contacts come), nor
  // "unnamed contact" for a contact that has not arrived yet.
  const firstSync = useAppStore((s) => s.snapshot?.sync.progress?.phase === 'first');
  const fetchingDesk = useAppStore((s) => s.snapshot?.sync.progress?.phase === 'first' && s.snapshot.sync.progress.resource !== 'contacts');
  // The core cuts the view (filter and quick find) over every conversation the agent may see.
  const conversations = useAppStore((s) => s.conversations);
  const counts = useAppStore((s) => s.deskCounts);
  const filter = useAppStore((s) => s.deskFilter);
  const query = useAppStore((s) => s.deskQuery);
  const shownQuery = useAppStore((s) => s.deskShownQuery);
  const setDeskView = useAppStore((s) => s.setDeskView);
  const setQuery = (next: string | ((current: string) => string)) =>
    setDeskView({ query: typeof next === 'function' ? next(useAppStore.getState().deskQuery) : next });
  const findRef = useRef<HTMLInputElement>(null);
  const logout = useAppStore((s) => s.logout);
  const openKey = useAppStore((s) => s.openKey);
  const openConversation = useAppStore((s) => s.openConversation);
  const listRef = useRef<HTMLUListElement>(null);
  /**
   * The line that stands in for the list when the view is empty ("Nenhum atendimento com…"): it
   * takes the keyboard the list had (→ onto an empty filter, Esc out of a search that found
   * nothing), so ← →, letters and + still work, and hands it back when the list returns.
   */
  const emptyRef = useRef<HTMLParagraphElement>(null);
  const [active, setActive] = useState(0);
  const [starting, setStarting] = useState(false);
  /** What the desk says after an action that took the agent out of a conversation (a transfer). */
  const [notice, setNotice] = useState<string | null>(null);
  /** Messages in the queue when the agent asked to sign out (a confirmation is open); null: none. */
  const [confirmingLogout, setConfirmingLogout] = useState<number | null>(null);
  // One clock for the rows' window countdowns (not a timer per row).
  const now = useNow();
  /**
   * Enter in the quick find before the core has cut the list for what was typed ("fabio⏎" typed
   * fast): the list on screen is still the one before, so the conversation opens when the answer
   * arrives, never the first row of the old list.
   */
  const [openWhenFound, setOpenWhenFound] = useState(false);

  useEffect(() => {
    if (active >= conversations.length && conversations.length > 0) setActive(conversations.length - 1);
  }, [active, conversations.length]);

  // "+" starts a conversation from anywhere on the desk, except while typing in a field.
  useEffect(() => {
    function onKey(event: globalThis.KeyboardEvent) {
      if (event.key !== '+' || starting || event.ctrlKey || event.metaKey || event.altKey) return;
      const target = event.target as HTMLElement | null;
      if (target && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))) return;
      // Another dialog is open (F1's shortcuts): the start flow would open behind it and take its focus.
      if (document.querySelector('[role="dialog"]')) return;
      event.preventDefault();
      setStarting(true);
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [starting]);

  // On the desk with nothing else focused (just logged in, the list just arrived, back from a
  // conversation): the keyboard lands on the list, so ↑↓ and Enter work at once.
  const hasConversations = conversations.length > 0;
  useEffect(() => {
    const idle = document.activeElement === null || document.activeElement === document.body;
    if (openKey === null && !starting && idle) (listRef.current ?? emptyRef.current)?.focus();
  }, [openKey, starting, hasConversations]);
  // The same before paint when the desk or its list appears (signed in, back from a conversation, the
  // sync's answer): passive, after paint, a letter typed meanwhile went to the page, not the list's
  // search. Not on the start flow's closing (no `starting` here): the dialog gives the focus back
  // where it was first, in its passive cleanup, and the effect above looks after that.
  useLayoutEffect(() => {
    const idle = document.activeElement === null || document.activeElement === document.body;
    if (openKey === null && !starting && idle) (listRef.current ?? emptyRef.current)?.focus();
  }, [openKey, hasConversations]);

  const startFlow = starting && (
    <StartFlow
      onClose={() => setStarting(false)}
      onStarted={(key) => {
        setStarting(false);
        openConversation(key);
      }}
    />
  );

  /**
   * Opening a conversation from the desk: the notice about the last one (a transfer) is done with,
   * and so is the quick find, which was only the way to this conversation. Kept, the desk came back
   * showing "sebast" and only Sebastião under "Todos (2)": a new reply from anyone else was hidden.
   */
  const openFromDesk = useCallback(
    (id: string) => {
      setNotice(null);
      if (useAppStore.getState().deskQuery !== '') {
        setDeskView({ query: '' });
        setActive(0);
      }
      openConversation(id);
    },
    [openConversation, setDeskView],
  );
  /** One function for every row (a click picks and opens it), so a memoized row's props stay the same. */
  const onRowPick = useCallback(
    (index: number, id: string) => {
      setActive(index);
      openFromDesk(id);
    },
    [openFromDesk],
  );

  useEffect(() => {
    if (!openWhenFound || shownQuery !== query) return;
    setOpenWhenFound(false);
    const chosen = conversations[active];
    if (chosen) openFromDesk(chosen.id);
  }, [openWhenFound, shownQuery, query, conversations, active, openFromDesk]);

  if (openKey !== null) {
    return (
      <div className="home">
        <StatusBar />
        <ConversationScreen
          key={openKey}
          conversationKey={openKey}
          onBack={() => openConversation(null)}
          onTransferred={(done) => {
            setNotice(done);
            openConversation(null);
          }}
        />
        {startFlow}
      </div>
    );
  }

  function chooseFilter(next: ConversationFilter) {
    setDeskView({ filter: next });
    setActive(0);
  }

  /** The filter before (-1) or after (+1) the current one, round. */
  function stepFilter(step: 1 | -1): ConversationFilter {
    const index = FILTERS.indexOf(filter) + step;
    const next = FILTERS[(index + FILTERS.length) % FILTERS.length] ?? 'all';
    chooseFilter(next);
    return next;
  }

  // ←→ move between the filters (a tablist), as screen-reader users expect.
  function onFilterKey(event: KeyboardEvent<HTMLDivElement>) {
    if (event.key !== 'ArrowRight' && event.key !== 'ArrowLeft') return;
    event.preventDefault();
    const next = stepFilter(event.key === 'ArrowRight' ? 1 : -1);
    (event.currentTarget.querySelectorAll<HTMLElement>('[role="tab"]')[FILTERS.indexOf(next)])?.focus();
  }

  // The same keys as every list in the app (PickList): ↑↓ Home End move, Enter opens; a letter finds.
  function onListKey(event: KeyboardEvent<HTMLElement>) {
    // A search left for the list (↓) is still the list's: Esc here clears it too.
    if (event.key === 'Escape' && query !== '') {
      event.preventDefault();
      setQuery('');
      setActive(0);
      return;
    }
    // ←→ change the filter from the list too (F1 says so, and the list is where the keyboard is); it stays on the list.
    if (!event.ctrlKey && !event.metaKey && !event.altKey && !event.shiftKey && (event.key === 'ArrowRight' || event.key === 'ArrowLeft')) {
      event.preventDefault();
      stepFilter(event.key === 'ArrowRight' ? 1 : -1);
      return;
    }
    if (!event.ctrlKey && !event.metaKey && !event.altKey && (event.key === '/' || (event.key.length === 1 && /[\p{L}\p{N}]/u.test(event.key)))) {
      event.preventDefault();
      // A letter typed on the list starts a new search: the one still shown (left for the list with ↓)
      // is not continued, or "fabio" typed after "claud" would look for "claudfabio".
      if (event.key !== '/') setQuery(event.key);
      setActive(0);
      findRef.current?.focus();
      // "/" goes to the search as it is, selected: typing replaces it too.
      if (event.key === '/') findRef.current?.select();
      return;
    }
    pickListKey(event, {
      items: conversations,
      active,
      setActive: (next) => {
        setActive(next);
        listRef.current?.querySelectorAll<HTMLElement>('[role="option"]')[next]?.scrollIntoView({ block: 'nearest' });
      },
      onPick: (chosen) => openFromDesk(chosen.id),
    });
  }

  return (
    <div className="home">
      <header>
        <h1>{t('home.title')}</h1>
        <span className="agent">{agentName}</span>
        <LanguageSwitch />
        <button
          type="button"
          onClick={() => {
            // Messages only this machine holds go out only with their author's login: say so first.
            void callCore('state.snapshot', {}).then((answer) => {
              const held = answer.ok ? answer.value.outboxHeldHere : 0;
              if (held > 0) setConfirmingLogout(held);
              else void logout();
            });
          }}
        >
          {t('home.logout')}
        </button>
      </header>
      <StatusBar />
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      <p className="hint">
        <button type="button" className="plus" aria-keyshortcuts="+" onClick={() => setStarting(true)}>
          +
        </button>{' '}
        {t('home.startHint')}
      </p>
      <div className="filters" role="tablist" aria-label={t('home.filtersLabel')} onKeyDown={onFilterKey}>
        {FILTERS.map((f) => (
          <button
            key={f}
            type="button"
            role="tab"
            aria-selected={filter === f}
            tabIndex={filter === f ? 0 : -1}
            className={filter === f ? 'active' : undefined}
            onClick={() => chooseFilter(f)}
          >
            {t(`home.filter.${f}`)} ({counts[f]})
          </button>
        ))}
      </div>
      <input
        ref={findRef}
        type="search"
        className="find"
        aria-label={t('home.findLabel')}
        placeholder={t('home.findPlaceholder')}
        value={query}
        maxLength={100}
        onChange={(e) => {
          setQuery(e.target.value);
          setActive(0);
          setOpenWhenFound(false);
        }}
        onKeyDown={(event) => {
          if (event.key === 'Escape') {
            // Esc clears the search and goes back to the list.
            event.preventDefault();
            setQuery('');
            // A search that found nothing shows no list yet: the line standing in for it takes the keys until it comes back.
            requestAnimationFrame(() => (listRef.current ?? emptyRef.current)?.focus());
          } else if (event.key === 'ArrowDown') {
            event.preventDefault();
            listRef.current?.focus();
          } else if (event.key === 'Enter') {
            event.preventDefault();
            if (shownQuery !== query) {
              setOpenWhenFound(true);
              return;
            }
            const chosen = conversations[active];
            if (chosen) openFromDesk(chosen.id);
          }
        }}
      />
      {conversations.length === 0 ? (
        <p className="empty" ref={emptyRef} tabIndex={-1} onKeyDown={onListKey}>
          {query.trim() ? t('home.noMatch', { query: query.trim() }) : counts.all === 0 ? t(fetchingDesk ? 'home.emptyFirstSync' : 'home.empty') : t('home.emptyFilter')}
        </p>
      ) : (
        <ul
          ref={listRef}
          className="conversations"
          role="listbox"
          aria-label={t('home.listLabel')}
          tabIndex={0}
          aria-activedescendant={conversations[active] ? `conversation-${conversations[active].id}` : undefined}
          onKeyDown={onListKey}
        >
          {conversations.map((c, i) => (
            <ConversationRow
              key={c.id}
              conversation={c}
              selected={i === active}
              now={now}
              firstSync={firstSync}
              index={i}
              onPick={onRowPick}
            />
          ))}
        </ul>
      )}
      {startFlow}
      {confirmingLogout !== null && (
        <Dialog title={t('home.logoutTitle')} titleId="logout-title" onEscape={() => setConfirmingLogout(null)}>
          <p>{t('home.logoutQueued', { count: confirmingLogout })}</p>
          <button type="button" autoFocus onClick={() => void logout()}>
            {t('home.logoutConfirm')}
          </button>
          <p className="muted keys">{t('home.logoutKeys')}</p>
        </Dialog>
      )}
    </div>
  );
}

/**
 * Memoized: moving the selection re-renders the two rows it leaves and reaches, and a list read
 * again with the same rows (app-store keeps their objects) re-renders none, instead of all 200.
 */
const ConversationRow = memo(function ConversationRow({
  conversation: c,
  selected,
  now,
  firstSync,
  index,
  onPick,
}: {
  conversation: ConversationSummary;
  selected: boolean;
  /** The desk's clock, one for every row. */
  now: number;
  /** A first sync is under way: a contact not in the cache yet is coming, not nameless. */
  firstSync: boolean;
  /** The row's place in the list, handed back to onPick. */
  index: number;
  /** A click: the row at `index` is picked and opened. */
  onPick: (index: number, id: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const left = windowLeft(c.window, now);
  // A start that never reached the contact, not yet acknowledged or opened by HelenaCRM: why, not "waiting".
  const failedStart = c.pendingStart?.state === 'failed' ? c.pendingStart : (c.startFailed ?? null);
  const windowText =
    left === null ? (c.window.canSendFreeText ? t('home.windowOpen') : t('home.windowClosed'))
    : left === 'expired' ? t('home.windowClosed')
    : t('home.windowOpenLeft', { left: formatLeft(left, t) });
  return (
    <li id={`conversation-${c.id}`} role="option" aria-selected={selected} className={selected ? 'selected' : undefined} onClick={() => onPick(index, c.id)}>
      <span className="name">{c.contactName ?? t(firstSync ? 'home.contactSyncing' : 'home.noContactName')}</span>
      {c.draft ? (
        <span className="last">
          <strong className="draft">{t('home.draft')}</strong> {c.draft}
        </span>
      ) : c.noteDraft ? (
        <span className="last">
          <strong className="draft">{t('home.noteDraft')}</strong> {c.noteDraft}
        </span>
      ) : (
        <span className="last">{c.lastMessageText ?? t('home.noMessages')}</span>
      )}
      <span className={failedStart ? 'meta failed' : left !== null && left !== 'expired' && left.closingSoon ? 'meta closing' : 'meta'}>
        {failedStart
          ? t('home.startFailed', { reason: inLanguage(i18n.language, failedStart.failedReason ?? '', failedStart.failedReasonEn) })
          : c.pendingStart
            ? t('home.startQueued')
            : `${t(`conversationStatus.${c.status}`)} · ${windowText}`}
      </span>
      {c.unreadCount > 0 && <span className="unread">{t('home.unread', { count: c.unreadCount })}</span>}
    </li>
  );
});
