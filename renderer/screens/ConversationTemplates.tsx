/**
 * The templates an agent can send in a conversation, and the step that picks one: shared by
 * "Enviar modelo" (Alt+M) and "Agendar modelo" (Alt+G), which then fill its parameters the same way.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConversationSummary, StartTemplate } from '../../src/console/results';
import { useErrorText } from '../i18n/error-text';
import { callCore } from '../state/app-store';
import { ChoiceStep } from './start/ChoiceStep';
import { templateDetail } from './start/template-media';

/** The conversation's channel and team templates (null while they load); a refusal as text. */
export function useConversationTemplates(conversation: Pick<ConversationSummary, 'channelId' | 'departmentId'>): {
  templates: StartTemplate[] | null;
  error: string | null;
} {
  const errorText = useErrorText();
  const [templates, setTemplates] = useState<StartTemplate[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const { channelId, departmentId } = conversation;
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
  return { templates, error };
}

/** ↑↓ Enter pick a template, each with its name and what it carries. */
export function TemplateChoiceStep({ id, templates, onPick }: { id: string; templates: StartTemplate[] | null; onPick: (template: StartTemplate) => void }) {
  const { t } = useTranslation();
  return (
    <ChoiceStep<StartTemplate>
      id={id}
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
      onPick={onPick}
    />
  );
}
