/**
 * "Editar" on a template still in the queue: its parameters and, for a template with an image,
 * video or document, its link, prefilled with what the message went in with. Enter saves (the
 * core checks them by the same rules as at send time and answers under each field); Esc gives up.
 */
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConversationSummary, MessageView, StartTemplate } from '../../src/console/results';
import { Dialog } from '../components/Dialog';
import { callCore } from '../state/app-store';
import { ParametersStep } from './start/ParametersStep';
import { editPrefill, templateToEdit } from './template-edit';

export function TemplateEditDialog({
  message,
  conversation,
  onClose,
}: {
  message: MessageView;
  conversation: ConversationSummary | null;
  /** `saved`: the edit went in (the screen re-reads the conversation). */
  onClose: (saved: boolean) => void;
}) {
  const { t } = useTranslation();
  const [listed, setListed] = useState<StartTemplate[] | null>(null);
  const [ready, setReady] = useState(false);
  const channelId = conversation?.channelId ?? null;
  const teamId = conversation?.departmentId ?? null;

  // The conversation's templates give the name, the text for the preview and the parameters in order.
  useEffect(() => {
    if (!channelId || !teamId) {
      setReady(true);
      return;
    }
    let live = true;
    void callCore('templates.forStart', { channelId, teamId }).then((answer) => {
      if (!live) return;
      if (answer.ok) setListed(answer.value);
      setReady(true);
    });
    return () => {
      live = false;
    };
  }, [channelId, teamId]);

  // Kept while nothing it depends on changes: the form refocuses its first field when its template changes.
  const template = useMemo(() => (ready ? templateToEdit(message, listed) : null), [ready, message, listed]);
  const prefill = useMemo(() => (template ? editPrefill(template, message) : null), [template, message]);
  return (
    <Dialog title={t('conversation.editTemplateTitle')} titleId="template-edit-title" onEscape={() => onClose(false)}>
      {template === null || prefill === null ? (
        <p className="muted">{t('start.loading')}</p>
      ) : (
        <ParametersStep
          template={template}
          contact={null}
          channelId={channelId ?? ''}
          title={t('conversation.editTemplateFields', { template: template.name ?? t('conversation.templateMessage') })}
          submitLabel={t('conversation.saveEdit')}
          busyLabel={t('conversation.saving')}
          keysLabel={t('conversation.editTemplateKeys')}
          initial={prefill}
          // A refusal (a field's problem, or too late: it went out meanwhile) is shown by the form.
          submit={async (input) => {
            const answer = await callCore('message.edit', {
              localId: message.localId,
              parameters: input.parameters ?? {},
              ...(input.media !== undefined ? { media: input.media } : {}),
            });
            if (answer.ok) onClose(true);
            return answer;
          }}
        />
      )}
    </Dialog>
  );
}
