/**
 * "Atendimentos anteriores" (Alt+H in a conversation): the contact's other conversations, newest
 * first, with date, team, agent and last message. The cache answers at once; HelenaCRM is asked
 * meanwhile (the list says so) and its answer replaces the cache's, keeping the line selected.
 * Offline, or when HelenaCRM does not answer, the cache's list stays with a note that it may be
 * incomplete. ↑↓ choose, Enter opens the chosen one read-only in the conversation screen, Esc closes.
 */
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ContactHistory, PastConversation } from '../../src/console/results';
import { Dialog } from '../components/Dialog';
import { PickList } from '../components/PickList';
import { useErrorText } from '../i18n/error-text';
import { callCore } from '../state/app-store';
import { historyNote, keepSelection, pastDate } from './history';

export function HistoryDialog({
  contactId,
  contactName,
  exceptSessionId,
  initialId,
  onClose,
  onPick,
}: {
  contactId: string;
  contactName: string;
  /** The conversation on screen, left out of the list. */
  exceptSessionId: string | null;
  /** The line to start on (the past conversation the agent came back from). */
  initialId: string | null;
  onClose: () => void;
  onPick: (item: PastConversation) => void;
}) {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const [answer, setAnswer] = useState<ContactHistory | null>(null);
  const [asking, setAsking] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [active, setActive] = useState(0);
  const selected = useRef<string | null>(initialId);

  useEffect(() => {
    let live = true;
    // Once HelenaCRM's answer is in, a late cache answer must not replace it.
    let heard = false;
    const show = (value: ContactHistory) => {
      setAnswer(value);
      setActive(keepSelection(value.items, selected.current));
    };
    const input = { contactId, ...(exceptSessionId ? { exceptSessionId } : {}) };
    void callCore('contact.history', { ...input, cacheOnly: true }).then((cached) => {
      if (live && !heard && cached.ok) show(cached.value);
    });
    void callCore('contact.history', input).then((fresh) => {
      if (!live) return;
      heard = true;
      setAsking(false);
      if (fresh.ok) show(fresh.value);
      else setError(errorText(fresh.error));
    });
    return () => {
      live = false;
    };
  }, [contactId, exceptSessionId]);

  const items = answer?.items ?? [];
  const note = historyNote(answer, asking);
  const now = Date.now();

  function moveTo(index: number) {
    setActive(index);
    selected.current = items[index]?.id ?? null;
  }

  return (
    <Dialog title={t('history.title')} titleId="history-dialog-title" className="history" onEscape={onClose}>
      <p className="muted">{t('history.of', { name: contactName })}</p>
      {note === 'asking' ? (
        <p className="muted history-note" role="status" aria-busy="true" data-testid="history-note">
          {t('history.asking')}
        </p>
      ) : note !== 'complete' ? (
        <p className="notice history-note" role="status" data-testid="history-note">
          {t(note === 'offline' ? 'history.offline' : 'history.unavailable')}
        </p>
      ) : null}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {items.length === 0 ? (
        answer !== null && note !== 'asking' ? (
          <p className="empty" data-testid="history-empty">
            {t('history.empty')}
          </p>
        ) : null
      ) : (
        <PickList<PastConversation>
          id="history-list"
          label={t('history.title')}
          items={items}
          keyOf={(item) => item.id}
          active={Math.min(active, items.length - 1)}
          setActive={moveTo}
          onPick={onPick}
          autoFocus
          render={(item) => (
            <>
              <span className="name">
                {item.status === 'COMPLETED'
                  ? t('history.completedOn', { date: pastDate(item.endedAt ?? item.lastActivityAt, now, i18n.language, true) ?? '' })
                  : t('history.openSince', {
                      status: t(`conversationStatus.${item.status}`),
                      date: pastDate(item.startedAt, now, i18n.language, true) ?? '',
                    })}
              </span>
              <span className="detail who">
                {[item.teamName ?? t('history.noTeam'), item.agentName ?? (item.agentUserId === null ? t('history.queue') : t('history.unknownAgent')), item.channelName]
                  .filter(Boolean)
                  .join(' · ')}
              </span>
              <span className="detail last">{item.lastMessageText ?? t('history.noLastMessage')}</span>
            </>
          )}
        />
      )}
      {answer?.more && <p className="muted">{t('history.more', { count: items.length })}</p>}
      <p className="muted keys">{t('history.keys')}</p>
    </Dialog>
  );
}
