/**
 * The conversation's scheduled templates: "Agendado: boas_vindas · amanhã 09:00 — Alterar horário
 * · Cancelar". Read from HelenaCRM when the conversation opens and whenever `refreshKey` changes (the
 * schedule dialog closed), a message arrives, the connection comes back, or the core heard a schedule fail. Tab reaches
 * "Alterar horário" (the dialog's moment picker, Enter on "Alterar" confirms, Esc closes unchanged)
 * and "Cancelar", which asks first (Enter confirms, Esc keeps it). One HelenaCRM could not send
 * reads "Não enviado: boas_vindas agendado para hoje 09:00 — motivo — Agendar de novo · Dispensar"
 * (the core lists it for 7 days after its moment unless dismissed). Offline the last list heard is
 * shown with a note that it may be out of date.
 */
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ScheduledItem, ScheduledList } from '../../src/console/results';
import { Dialog } from '../components/Dialog';
import { useErrorText } from '../i18n/error-text';
import { callCore, selectReachable, useAppStore } from '../state/app-store';
import { MomentPicker, type ScheduleAgain } from './ScheduleDialog';
import { shortMoment, spelledMoment } from './schedule-moment';

/**
 * `messageCount`: the conversation's messages so far. A scheduled template arriving is a new
 * message, so the list is read again then too and a sent one does not linger as "Agendado".
 */
export function ScheduledLines({
  sessionId,
  refreshKey,
  messageCount,
  canWrite = true,
  completed = false,
  onPending,
  onScheduleAgain,
}: {
  sessionId: string;
  refreshKey: number;
  messageCount: number;
  /** Moving one and scheduling again write to this conversation: only for who may. */
  canWrite?: boolean;
  /**
   * The conversation is completed. HelenaCRM does not cancel a contact's schedules then (complete.ts):
   * each still goes at its moment, opening a new conversation, and the line says so.
   */
  completed?: boolean;
  /** The templates still SCHEDULED, each time HelenaCRM (or memory) answers: Alt+C's question lists them. */
  onPending?: (items: readonly ScheduledItem[]) => void;
  onScheduleAgain?: (again: ScheduleAgain) => void;
}) {
  const { t, i18n } = useTranslation();
  const failuresHeard = useAppStore((s) => s.scheduleFailures);
  // Read again when the connection comes back: "Sem conexão com o HelenaCRM…" stayed above an
  // online conversation until something else changed.
  // 'unstable' too (isReachable): HelenaCRM answers.
  const online = useAppStore(selectReachable);
  const [moving, setMoving] = useState<ScheduledItem | null>(null);
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
  }, [sessionId, refreshKey, reload, messageCount, failuresHeard, online]);

  useEffect(() => {
    if (asking) yesRef.current?.focus();
  }, [asking]);

  useEffect(() => {
    // Read as loosely as the lines below: a list without items is "nothing scheduled", not a crash.
    if (list) onPending?.((list.items as readonly ScheduledItem[] | undefined ?? []).filter((i) => i.status === 'SCHEDULED'));
  }, [list, onPending]);

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
    // Esc closes "Alterar horário" unchanged; it must not also take the agent back to the desk.
    if (event.key === 'Escape' && moving) {
      event.preventDefault();
      event.stopPropagation();
      setMoving(null);
      return;
    }
    // Esc keeps the schedule; it must not also take the agent back to the desk.
    if (event.key === 'Escape' && asking) {
      event.preventDefault();
      event.stopPropagation();
      setAsking(null);
    }
  }

  async function dismiss(item: ScheduledItem) {
    setError(null);
    const answer = await callCore('schedule.dismiss', { id: item.id });
    if (!answer.ok) setError(errorText(answer.error));
    setReload((n) => n + 1);
  }

  async function move(item: ScheduledItem, at: Date): Promise<string | null> {
    const answer = await callCore('schedule.reschedule', { id: item.id, at: at.toISOString() });
    if (!answer.ok) {
      // Sent or failed meanwhile: the refusal says so, and the list shows what became of it.
      if (answer.error.code === 'too_late') setReload((n) => n + 1);
      return errorText(answer.error);
    }
    setMoving(null);
    setReload((n) => n + 1);
    return null;
  }

  const pending = (list?.items ?? []).filter((i) => i.status === 'SCHEDULED');
  const failed = (list?.items ?? []).filter((i) => i.status === 'FAILED');
  // Nothing scheduled when HelenaCRM last answered: offline, "esta lista … pode estar desatualizada"
  // would speak of a list the agent cannot see (and push the messages down as they type).
  if (!list || (pending.length === 0 && failed.length === 0 && list.source !== 'none' && !error)) return null;
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
                  <span>{t(completed ? 'schedule.lineCompleted' : 'schedule.line', { template: name, when })}</span> —{' '}
                  {canWrite && (
                    <>
                      <button type="button" className="link" aria-label={t('schedule.moveLabel', { template: name, when })} onClick={() => setMoving(item)}>
                        {t('schedule.move')}
                      </button>
                      {' · '}
                    </>
                  )}
                  <button type="button" className="link" aria-label={t('schedule.cancelLabel', { template: name, when })} onClick={() => setAsking(item.id)}>
                    {t('schedule.cancel')}
                  </button>
                </>
              )}
            </li>
          );
        })}
        {failed.map((item) => {
          const when = shortMoment(new Date(item.at), now, i18n.language, words);
          const name = item.templateName ?? t('schedule.unnamed');
          const reason = item.failureReason?.trim() || t('schedule.failedNoReason');
          return (
            <li key={item.id} data-testid="scheduled-failed" className="failed">
              <span>{t('schedule.failedLine', { template: name, when, reason })}</span> —{' '}
              {canWrite && onScheduleAgain && item.templateId && (
                <>
                  <button
                    type="button"
                    className="link"
                    aria-label={t('schedule.againLabel', { template: name })}
                    onClick={() => item.templateId && onScheduleAgain({ templateId: item.templateId, parameters: item.parameters, media: item.media })}
                  >
                    {t('schedule.again')}
                  </button>
                  {' · '}
                </>
              )}
              <button type="button" className="link" aria-label={t('schedule.dismissLabel', { template: name, when })} onClick={() => void dismiss(item)}>
                {t('schedule.dismiss')}
              </button>
            </li>
          );
        })}
      </ul>
      {moving && (
        <Dialog title={t('schedule.moveTitle')} titleId="reschedule-dialog-title" onEscape={() => setMoving(null)}>
          <MomentPicker
            idPrefix="reschedule"
            title={t('schedule.moveWhen', { template: moving.templateName ?? t('schedule.unnamed'), moment: spelledMoment(new Date(moving.at), i18n.language) })}
            confirmLabel={t('schedule.moveConfirm')}
            busyLabel={t('schedule.moveSaving')}
            keysLabel={t('schedule.moveKeys')}
            onConfirm={(at) => move(moving, at)}
          />
        </Dialog>
      )}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </section>
  );
}
