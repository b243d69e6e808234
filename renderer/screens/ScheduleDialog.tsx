/**
 * "Agendar modelo" (Alt+G): HelenaCRM sends a template into this conversation later ("te retorno
 * amanhã"). The template and its parameters are picked as with Alt+M (same steps), then the
 * moment: quick choices with ↑↓ Enter or a date and time field, the moment spelled out in the
 * agent's language and timezone, and Enter on "Agendar" confirms. Esc goes back a step.
 *
 * "Agendar de novo" (a failed schedule) opens it with `again`: the same template chosen and its
 * parameters filled, so Enter twice reaches the moment. MomentPicker is also "Alterar horário"'s.
 */
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConversationSummary, StartTemplate } from '../../src/console/results';
import { Dialog } from '../components/Dialog';
import { PickList } from '../components/PickList';
import { useErrorText } from '../i18n/error-text';
import { callCore } from '../state/app-store';
import { fromLocalInput, quickMoments, spelledMoment, toLocalInput, type QuickMoment } from './schedule-moment';
import { TemplateChoiceStep, useConversationTemplates } from './ConversationTemplates';
import { ParametersStep } from './start/ParametersStep';

interface Filled {
  parameters: Record<string, string>;
  media?: string;
}

/** A failed schedule to make again: its template, parameters and, for a media template, its file. */
export interface ScheduleAgain {
  templateId: string;
  parameters: Record<string, string>;
  media: string | null;
}

export function ScheduleDialog({
  sessionId,
  conversation,
  again,
  contactName = null,
  onClose,
}: {
  sessionId: string;
  conversation: ConversationSummary;
  again?: ScheduleAgain | null;
  /** The contact's own name (not the number standing in for it): a name parameter starts with it; `again`'s values win. */
  contactName?: string | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [chosen, setChosen] = useState<StartTemplate | null>(null);
  const [filled, setFilled] = useState<Filled | null>(null);
  const [prefilled, setPrefilled] = useState(false);
  const { channelId, contactId } = conversation;
  const { templates, error } = useConversationTemplates(conversation);

  // "Agendar de novo": the same template, once the conversation's templates are known (one no longer offered is picked by hand).
  useEffect(() => {
    if (prefilled || !again) return;
    const same = templates?.find((tpl) => tpl.id === again.templateId);
    if (!same) return;
    setPrefilled(true);
    setChosen(same);
  }, [again, templates, prefilled]);


  function back() {
    if (filled) setFilled(null);
    else if (chosen) setChosen(null);
    else onClose();
  }

  return (
    <Dialog title={t('schedule.title')} titleId="schedule-dialog-title" onEscape={back}>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {chosen === null || !contactId ? (
        <TemplateChoiceStep id="schedule-templates" templates={templates} onPick={setChosen} />
      ) : filled === null ? (
        <ParametersStep
          template={chosen}
          contact={{ contactId }}
          channelId={channelId}
          submitLabel={t('schedule.next')}
          busyLabel={t('schedule.next')}
          keysLabel={t('schedule.parametersKeys')}
          initial={again && chosen.id === again.templateId ? { values: again.parameters, media: again.media ?? '' } : undefined}
          contactName={contactName}
          submit={async (input) => {
            setFilled({ parameters: input.parameters ?? {}, ...(input.media !== undefined ? { media: input.media } : {}) });
            return { ok: true };
          }}
        />
      ) : (
        <MomentStep sessionId={sessionId} template={chosen} filled={filled} onDone={onClose} />
      )}
      {/* The parameters and the moment say their own keys: "↑↓ escolhem · Enter confirma" is the template list's only. */}
      {(chosen === null || !contactId) && <p className="muted keys">{t('start.escape')}</p>}
    </Dialog>
  );
}

function MomentStep({ sessionId, template, filled, onDone }: { sessionId: string; template: StartTemplate; filled: Filled; onDone: () => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  return (
    <MomentPicker
      idPrefix="schedule"
      title={t('schedule.whenTitle', { template: template.name ?? '' })}
      confirmLabel={t('schedule.confirm')}
      busyLabel={t('schedule.saving')}
      keysLabel={t('schedule.momentKeys')}
      onConfirm={async (at) => {
        const answer = await callCore('schedule.create', {
          sessionId,
          templateId: template.id,
          parameters: filled.parameters,
          ...(filled.media !== undefined ? { media: filled.media } : {}),
          at: at.toISOString(),
        });
        if (!answer.ok) return errorText(answer.error);
        onDone();
        return null;
      }}
    />
  );
}

/**
 * The moment: quick choices (↑↓ Enter) or the date and time field (Enter), spelled out, then Enter
 * on the confirm button. `onConfirm` answers the error to show, or null when done.
 */
export function MomentPicker({
  idPrefix,
  title,
  confirmLabel,
  busyLabel,
  keysLabel,
  onConfirm,
}: {
  idPrefix: string;
  title: string;
  confirmLabel: string;
  busyLabel: string;
  keysLabel: string;
  onConfirm: (at: Date) => Promise<string | null>;
}) {
  const { t, i18n } = useTranslation();
  const [quick] = useState<QuickMoment[]>(() => quickMoments(new Date()));
  const [active, setActive] = useState(0);
  const [at, setAt] = useState<Date | null>(null);
  const [field, setField] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const confirmRef = useRef<HTMLButtonElement>(null);

  function choose(moment: Date) {
    setAt(moment);
    setField(toLocalInput(moment));
    setError(null);
    // The next Enter confirms: the focus waits on the confirm button.
    queueMicrotask(() => confirmRef.current?.focus());
  }

  async function confirm() {
    if (busy || at === null) return;
    setBusy(true);
    setError(null);
    const problem = await onConfirm(at);
    setBusy(false);
    if (problem !== null) setError(problem);
  }

  return (
    <section aria-labelledby={`${idPrefix}-moment-title`} aria-busy={busy}>
      <h3 id={`${idPrefix}-moment-title`}>{title}</h3>
      <PickList
        id={`${idPrefix}-quick`}
        label={t('schedule.quickLabel')}
        items={quick}
        keyOf={(q) => q.key}
        render={(q) => (
          <>
            <span className="name">{t(`schedule.quick.${q.key}`)}</span>
            <span className="detail">{spelledMoment(q.at, i18n.language)}</span>
          </>
        )}
        active={active}
        setActive={setActive}
        onPick={(q) => choose(q.at)}
        autoFocus
      />
      <div className="field">
        <label htmlFor={`${idPrefix}-at`}>{t('schedule.fieldLabel')}</label>
        <input
          id={`${idPrefix}-at`}
          type="datetime-local"
          value={field}
          onChange={(e) => {
            setField(e.target.value);
            setAt(fromLocalInput(e.target.value));
            setError(null);
          }}
          onKeyDown={(e) => {
            if (e.key !== 'Enter') return;
            e.preventDefault();
            const typed = fromLocalInput(field);
            if (typed) choose(typed);
          }}
        />
      </div>
      <p aria-live="polite" data-testid={`${idPrefix}-chosen`}>
        {at ? t('schedule.chosen', { moment: spelledMoment(at, i18n.language) }) : t('schedule.noneChosen')}
      </p>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <div className="dialog-actions">
        <button type="button" ref={confirmRef} disabled={at === null || busy} onClick={() => void confirm()}>
          {busy ? busyLabel : confirmLabel}
        </button>
        <p className="muted keys">{keysLabel}</p>
      </div>
    </section>
  );
}
