/**
 * "Concluir atendimento?": asked by Alt+C only when completing would lose something (complete.ts):
 * it says what ("2 mensagens ainda não saíram e não serão enviadas.", the text in the box, a template
 * scheduled for the contact, which HelenaCRM still sends at its moment, in a new conversation). The
 * keyboard starts on "Voltar", since the action cannot be undone: Enter there or Esc goes back
 * to the box; Tab then Enter on "Concluir mesmo assim", or Alt+C again (the conversation hears it),
 * completes.
 */
import { useTranslation } from 'react-i18next';
import { Dialog } from '../components/Dialog';
import type { CompleteLosses } from './complete';
import { shortMoment } from './schedule-moment';

export function CompleteDialog({ losses, onConfirm, onBack }: { losses: CompleteLosses | null; onConfirm: () => void; onBack: () => void }) {
  const { t, i18n } = useTranslation();
  const now = new Date();
  const words = { today: t('schedule.today'), tomorrow: t('schedule.tomorrow') };
  return (
    <Dialog title={t('completeConfirm.title')} titleId="complete-title" className="confirm-dialog" onEscape={onBack}>
      <div id="complete-losses" data-testid="complete-losses">
        {losses !== null && losses.pending > 0 && <p>{t('completeConfirm.pending', { count: losses.pending })}</p>}
        {losses?.attachment && <p>{t('completeConfirm.attachment')}</p>}
        {losses?.draft && <p>{t('completeConfirm.draft')}</p>}
        {/* Not lost, and that is the point: HelenaCRM still sends it (complete.ts), maybe after the matter closed. */}
        {losses?.scheduled.map((s) => (
          <p key={s.id} data-testid="complete-scheduled">
            {t('completeConfirm.scheduled', { template: s.templateName ?? t('schedule.unnamed'), when: shortMoment(new Date(s.at), now, i18n.language, words) })}
          </p>
        ))}
        <p className="muted">{t('completeConfirm.undo')}</p>
      </div>
      <div className="confirm-actions">
        {/* The way back has the keyboard first: Enter on a destructive default would complete by a slip. */}
        <button type="button" autoFocus aria-describedby="complete-losses" onClick={onBack}>
          {t('completeConfirm.back')}
        </button>
        <button type="button" className="danger" aria-describedby="complete-losses" aria-keyshortcuts="Alt+C" onClick={onConfirm}>
          {t('completeConfirm.confirm')}
        </button>
      </div>
      <p className="muted keys">{t('completeConfirm.keys')}</p>
    </Dialog>
  );
}
