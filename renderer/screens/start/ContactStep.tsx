/**
 * Step 1: find the contact by name, e-mail or phone, as the agent types (the local cache answers in
 * milliseconds). A typed WhatsApp number no contact has is offered last, as a new contact.
 */
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useErrorText } from '../../i18n/error-text';
import type { ContactSearchPage, ContactSummary } from '../../../src/console/results';
import { displayPhone } from '../../../src/domain/phone';
import { optionId, PickList, pickListKey } from '../../components/PickList';
import { callCore, useAppStore } from '../../state/app-store';
import { cachedContact, newNumber, type StartContact } from './start-contact';
import { timeAgo } from '../relative-time';

type Choice = { kind: 'contact'; contact: ContactSummary } | { kind: 'new'; number: NonNullable<ContactSearchPage['newNumber']> };

/** Enter, or Shift+Enter: on a contact with an open conversation, start on another number rather than open it. */
type PickHow = 'enter' | 'elsewhere';

const LIST_ID = 'start-contacts';
/** Wait this long after the last key before asking: fast typists skip the queries in between. */
const TYPING_PAUSE_MS = 60;

export function ContactStep({
  onPick,
  onOpenConversation,
  initialQuery = '',
  onQueryChange,
}: {
  onPick: (contact: StartContact) => void;
  /**
   * A contact with an open conversation the agent sees: Enter opens it (its session id or start
   * key). Shift+Enter starts anyway on another number (onPick), when one has none.
   */
  onOpenConversation: (conversationKey: string) => void;
  /** What the agent had typed, back here with Esc from the next step: the search comes back as it was, selected. */
  initialQuery?: string;
  onQueryChange?: (query: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const [query, setQuery] = useState(initialQuery);
  const [items, setItems] = useState<Choice[]>([]);
  /** The query the list on screen answers; null before the first answer. */
  const [shownQuery, setShownQuery] = useState<string | null>(null);
  /**
   * Enter typed before the list answers the query ("marcia reg⏎" typed fast): the list on screen is
   * still the previous one (the recent contacts), so the pick waits for the answer and takes its
   * first contact, never the old list's.
   */
  const pickWhenAnswered = useRef<PickHow | null>(null);
  const [active, setActive] = useState(0);
  const [searching, setSearching] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const asked = useRef(0);

  useEffect(() => {
    const ticket = ++asked.current;
    const timer = setTimeout(() => {
      setSearching(true);
      void callCore('contacts.search', { query, limit: 20 }).then((answer) => {
        if (ticket !== asked.current) return; // an older answer arriving late
        setSearching(false);
        if (!answer.ok) {
          setError(errorText(answer.error));
          // No list answers this query: Enter must neither wait for one for good nor take the old list's.
          pickWhenAnswered.current = null;
          setItems([]);
          setShownQuery(query);
          return;
        }
        setError(null);
        const found = answer.value.items.map((contact): Choice => ({ kind: 'contact', contact }));
        const next = answer.value.newNumber ? [...found, { kind: 'new' as const, number: answer.value.newNumber }] : found;
        setItems(next);
        setShownQuery(query);
        setActive(0);
        const how = pickWhenAnswered.current;
        if (how) {
          pickWhenAnswered.current = null;
          if (next[0]) latestPick.current(next[0], how);
        }
      });
    }, TYPING_PAUSE_MS);
    return () => clearTimeout(timer);
  }, [query]);

  const searchRef = useRef<HTMLInputElement>(null);
  // Back from the next step with the search kept: selected, so typing starts a new one.
  useEffect(() => {
    if (initialQuery !== '') searchRef.current?.select();
  }, []);

  function pick(choice: Choice, how: PickHow = 'enter') {
    if (choice.kind === 'new') return onPick(newNumber(choice.number.phone, choice.number.display));
    // HelenaCRM would put the template into that open conversation anyway (paid, where a free text
    // may do): the agent goes there and writes. On another number of the company it is a new
    // conversation, which Shift+Enter starts.
    const open = choice.contact.openConversations?.[0];
    if (open && !(how === 'elsewhere' && choice.contact.otherChannelFree)) return onOpenConversation(open.id);
    if (!choice.contact.phoneNumber) {
      setError(t('start.noPhone', { name: choice.contact.name ?? '' }));
      return;
    }
    onPick(cachedContact(choice.contact));
  }
  const latestPick = useRef(pick);
  latestPick.current = pick;

  const noList = query.trim() !== '' && items.length === 0;
  const highlighted = items[active];
  // Shift+Enter is said only where it does something Enter does not: elsewhere it opens the same
  // conversation, or picks the same contact.
  const otherChannel = highlighted?.kind === 'contact' && !!highlighted.contact.openConversations?.length && highlighted.contact.otherChannelFree === true;
  return (
    <section aria-labelledby="start-contact-title" className="contact-step">
      <h3 id="start-contact-title">{t('start.contactTitle')}</h3>
      <input
        autoFocus
        className="search"
        role="combobox"
        aria-expanded={items.length > 0}
        aria-controls={LIST_ID}
        aria-activedescendant={items.length > 0 ? optionId(LIST_ID, active) : undefined}
        aria-label={t('start.searchLabel')}
        placeholder={t('start.searchPlaceholder')}
        value={query}
        ref={searchRef}
        onChange={(e) => {
          setQuery(e.target.value);
          onQueryChange?.(e.target.value);
          pickWhenAnswered.current = null;
        }}
        onKeyDown={(event) => {
          const how: PickHow = event.shiftKey ? 'elsewhere' : 'enter';
          if (event.key === 'Enter' && shownQuery !== query) {
            event.preventDefault();
            pickWhenAnswered.current = how;
            return;
          }
          pickListKey(event, { items, active, setActive, onPick: (choice) => pick(choice, how) });
        }}
        maxLength={200}
      />
      {/*
        No line kept empty under the box for the search's status: with a list on screen it is for
        screen readers only (the cache answers in milliseconds, so "Pesquisando…" would only flash),
        and with no list it shows where the list would be ("Nenhum contato encontrado.").
      */}
      <p className={noList ? 'muted search-status' : 'sr-only'} aria-live="polite">
        {searching ? t('start.searching') : noList ? t('start.noContacts') : ''}
      </p>
      <ContactsSyncingNote />
      <PickList
        id={LIST_ID}
        label={t('start.contactTitle')}
        items={items}
        keyOf={(choice) => (choice.kind === 'new' ? `new:${choice.number.phone}` : choice.contact.id)}
        active={active}
        setActive={setActive}
        onPick={pick}
        render={(choice) =>
          choice.kind === 'new' ? (
            <>
              <span className="name">{t('start.newNumber', { number: choice.number.display })}</span>
              <span className="detail">{t('start.newNumberDetail')}</span>
            </>
          ) : (
            <>
              <span className="name">{choice.contact.name ?? t('home.noContactName')}</span>
              <span className="detail">
                {[
                  // As the conversation's header shows it: "(11) 97654-3210", "+1 415 555 0100".
                  choice.contact.phoneNumber ? displayPhone(choice.contact.phoneNumber) : t('start.noPhoneShort'),
                  choice.contact.email,
                  // Which "Maria Silva" it is: the one the team talked to last.
                  choice.contact.lastActivityAt ? t('start.lastContact', { when: timeAgo(choice.contact.lastActivityAt, Date.now(), i18n.language) }) : null,
                ]
                  .filter(Boolean)
                  .join(' · ')}
              </span>
              {choice.contact.openConversations?.length ? (
                <span className="detail open-conversation">
                  {t(choice.contact.otherChannelFree ? 'start.openConversationElsewhere' : 'start.openConversation')}
                </span>
              ) : null}
            </>
          )
        }
      />
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <p className="muted keys">{t(otherChannel ? 'start.contactKeysOtherChannel' : 'start.contactKeys')}</p>
    </section>
  );
}

/**
 * During the first sync the cache does not hold every contact yet: said where the agent searches,
 * "Ainda sincronizando os contatos (n de N)…". A component of its own, so the progress events of a
 * first sync (4 a second) re-render this line, not the step and its list of contacts.
 */
function ContactsSyncingNote() {
  const { t, i18n } = useTranslation();
  const syncing = useAppStore((s) => (s.snapshot?.sync.progress?.resource === 'contacts' ? s.snapshot.sync.progress : null));
  if (!syncing) return null;
  return (
    <p className="muted" role="status">
      {t('start.stillSyncing', { done: syncing.done.toLocaleString(i18n.language), total: (syncing.total ?? syncing.done).toLocaleString(i18n.language) })}
    </p>
  );
}
