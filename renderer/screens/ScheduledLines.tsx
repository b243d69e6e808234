/**
 * The conversation's scheduled templates: "Agendado: boas_vindas · amanhã 09:00 — Cancelar". Read
 * from HelenaCRM when the conversation opens and whenever `refreshKey` changes (the schedule dialog
 * closed). Tab reaches "Cancelar", which asks first (Enter confirms, Esc keeps it). Offline the last
 * list heard is shown with a note that it may be out of date.
 */
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ScheduledItem, ScheduledList } from '../../src/console/results';
import { useErrorText } from '../i18n/error-text';
import { callCore } from '../state/app-store';
import { shortMoment } from './schedule-moment';

/**
 * `messageCount`: the conversation's messages so far. A scheduled template arriving is a new
 * message, so the list is read again then too and a sent one does not linger as "Agendado".
 */
export function ScheduledLines({ sessionId, refreshKey, messageCount }: { sessionId: string; refreshKey: number; messageCount: number }) {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const [list, setList] = useState<ScheduledList | null>(null);
  const [asking, setAsking] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [reload, setReload] = useState(0);
  const yesRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    let live = true;
    void callCore('schedule.list', { sessionId }).then((answer) => {
      if (live && answer.ok) setList(answer.value);
    });
    return () => {
      live = false;
    };
  }, [sessionId, refreshKey, reload, messageCount]);

  useEffect(() => {
    if (asking) yesRef.current?.focus();
  }, [asking]);

  async function cancel(item: ScheduledItem) {
    setBusy(true);
    setError(null);
    const answer = await callCore('schedule.cancel', { id: item.id });
    setBusy(false);
    setAsking(null);
    if (!answer.ok) setError(errorText(answer.error));
    setReload((n) => n + 1);
  }

  function onKeyDown(event: KeyboardEvent) {
    // Esc keeps the schedule; it must not also take the agent back to the desk.
    if (event.key === 'Escape' && asking) {
      event.preventDefault();
      event.stopPropagation();
      setAsking(null);
    }
  }

  const pending = (list?.items ?? []).filter((i) => i.status === 'SCHEDULED');
  if (!list || (pending.length === 0 && list.source === 'helena' && !error)) return null;
  const now = new Date();
  const words = { today: t('schedule.today'), tomorrow: t('schedule.tomorrow') };
  return (
    <section className="scheduled" aria-label={t('schedule.listLabel')} onKeyDown={onKeyDown}>
      {list.source !== 'helena' && <p className="muted">{t(list.source === 'none' ? 'schedule.unknownOffline' : 'schedule.stale')}</p>}
      <ul>
        {pending.map((item) => {
          const when = shortMoment(new Date(item.at), now, i18n.language, words);
          const name = item.templateName ?? t('schedule.unnamed');
          return (
            <li key={item.id} data-testid="scheduled-line">
              {asking === item.id ? (
                <>
                  <span>{t('schedule.cancelAsk', { template: name, when })}</span>{' '}
                  <button type="button" ref={yesRef} disabled={busy} onClick={() => void cancel(item)}>
                    {busy ? t('schedule.cancelling') : t('schedule.cancelYes')}
                  </button>{' '}
                  <button type="button" className="secondary" onClick={() => setAsking(null)}>
                    {t('schedule.cancelNo')}
                  </button>
                </>
              ) : (
                <>
                  <span>{t('schedule.line', { template: name, when })}</span> —{' '}
                  <button type="button" className="link" aria-label={t('schedule.cancelLabel', { template: name, when })} onClick={() => setAsking(item.id)}>
                    {t('schedule.cancel')}
                  </button>
                </>
              )}
            </li>
          );
        })}
      </ul>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </section>
  );
}
