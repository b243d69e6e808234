/**
 * Sends another template in an open conversation — what the agent does to re-engage a contact
 * who has not replied (templates go out even while the window is closed). Same keys as the start
 * flow: ↑↓ Enter pick the template, fill the parameters (and a media template's link), Enter
 * sends, Esc goes back or closes.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useErrorText } from '../i18n/error-text';
import type { ConversationSummary, StartTemplate } from '../../src/console/results';
import { Dialog } from '../components/Dialog';
import { callCore } from '../state/app-store';
import { ChoiceStep } from './start/ChoiceStep';
import { ParametersStep } from './start/ParametersStep';
import { templateDetail } from './start/template-media';

export function TemplateDialog({
  conversationKey,
  conversation,
  onClose,
}: {
  conversationKey: string;
  conversation: ConversationSummary;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [templates, setTemplates] = useState<StartTemplate[] | null>(null);
  const [chosen, setChosen] = useState<StartTemplate | null>(null);
  const [error, setError] = useState<string | null>(null);
  const { channelId, departmentId, contactId } = conversation;

  useEffect(() => {
    if (!departmentId) {
      setTemplates([]);
      return;
    }
    let live = true;
    void callCore('templates.forStart', { channelId, teamId: departmentId }).then((answer) => {
      if (!live) return;
      if (answer.ok) setTemplates(answer.value);
      else setError(errorText(answer.error));
    });
    return () => {
      live = false;
    };
  }, [channelId, departmentId]);

  return (
    <Dialog
      title={t('conversation.templateDialogTitle')}
      titleId="template-dialog-title"
      onEscape={() => (chosen ? setChosen(null) : onClose())}
    >
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {chosen === null || !contactId ? (
        <ChoiceStep<StartTemplate>
          id="conversation-templates"
          title={t('start.templateTitle')}
          empty={t('start.noTemplates')}
          loading={t('start.loading')}
          items={templates}
          keyOf={(tpl) => tpl.id}
          render={(tpl) => (
            <>
              <span className="name">{tpl.name ?? tpl.id}</span>
              <span className="detail">{templateDetail(tpl, t)}</span>
            </>
          )}
          onPick={setChosen}
        />
      ) : (
        <ParametersStep
          template={chosen}
          contact={{ contactId }}
          channelId={channelId}
          submitLabel={t('conversation.sendTemplate')}
          busyLabel={t('conversation.sending')}
          submit={async (input) => {
            const answer = await callCore('message.sendTemplate', {
              sessionId: conversationKey,
              templateId: chosen.id,
              parameters: input.parameters ?? {},
              ...(input.media !== undefined ? { media: input.media } : {}),
            });
            if (answer.ok) onClose();
            return answer;
          }}
        />
      )}
      <p className="muted keys">{t('start.escape')}</p>
    </Dialog>
  );
}
