/**
 * Sends another template in an open conversation — what the agent does to re-engage a contact
 * who has not replied (templates go out even while the window is closed). Same keys as the start
 * flow: ↑↓ Enter pick the template, fill the parameters (and a media template's link), Enter
 * sends, Esc goes back or closes.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConversationSummary, StartTemplate } from '../../src/console/results';
import { Dialog } from '../components/Dialog';
import { callCore } from '../state/app-store';
import { TemplateChoiceStep, useConversationTemplates } from './ConversationTemplates';
import { ParametersStep } from './start/ParametersStep';

export function TemplateDialog({
  conversationKey,
  conversation,
  contactName = null,
  onClose,
}: {
  conversationKey: string;
  conversation: ConversationSummary;
  /** The contact's own name (not the number standing in for it): a name parameter starts with it, as in the start flow. */
  contactName?: string | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [chosen, setChosen] = useState<StartTemplate | null>(null);
  const { channelId, contactId } = conversation;
  const { templates, error } = useConversationTemplates(conversation);


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
        <TemplateChoiceStep id="conversation-templates" templates={templates} onPick={setChosen} />
      ) : (
        <ParametersStep
          template={chosen}
          contact={{ contactId }}
          channelId={channelId}
          submitLabel={t('conversation.sendTemplate')}
          busyLabel={t('conversation.sending')}
          keysLabel={t('conversation.templateKeys')}
          contactName={contactName}
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
      {(chosen === null || !contactId) && <p className="muted keys">{t('start.escape')}</p>}
    </Dialog>
  );
}
