/**
 * "Iniciar atendimento", from the keyboard: + opens it, then contact → channel → team → template →
 * parameters, as in HelenaCRM's own flow. A step with a single possible answer is answered for the
 * agent (and shown in the trail above), Escape goes back one step and closes from the first.
 * Everything goes through the outbox, so the flow works offline too and goes out on reconnect.
 */
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useErrorText } from '../../i18n/error-text';
import type { ChannelSummary, StartTemplate, TeamSummary } from '../../../src/console/results';
import { isWhatsAppFamily } from '../../../src/domain/channels';
import { Dialog } from '../../components/Dialog';
import { callCore } from '../../state/app-store';
import { ChoiceStep } from './ChoiceStep';
import { ContactStep } from './ContactStep';
import { ParametersStep } from './ParametersStep';
import type { StartContact } from './start-contact';
import { templateDetail } from './template-media';

type Step =
  | { kind: 'contact' }
  | { kind: 'channel'; contact: StartContact }
  | { kind: 'team'; contact: StartContact; channel: ChannelSummary }
  | { kind: 'template'; contact: StartContact; channel: ChannelSummary; team: TeamSummary }
  | { kind: 'parameters'; contact: StartContact; channel: ChannelSummary; team: TeamSummary; template: StartTemplate | null };

export function StartFlow({ onClose, onStarted }: { onClose: () => void; onStarted: (conversationKey: string) => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  // Steps the agent actually chose at; Escape returns to the previous one.
  const [trail, setTrail] = useState<Step[]>([{ kind: 'contact' }]);
  const [options, setOptions] = useState<ChannelSummary[] | TeamSummary[] | StartTemplate[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  // The contact search as typed, kept while the flow is open: Esc back to it does not make the agent type it again.
  const [contactQuery, setContactQuery] = useState('');
  /** What the agent picked at each list: Esc back to it lands on that one again, so Enter takes it up again. */
  const picked = useRef<{ channel?: string; team?: string; template?: string }>({});
  /** The index of the one picked before among `items`, or `fallback` when none was (or it is gone). */
  function pickedIndex<T extends { id: string }>(kind: 'channel' | 'team' | 'template', items: T[] | null, fallback: number): number {
    const index = items?.findIndex((item) => item.id === picked.current[kind]) ?? -1;
    return index >= 0 ? index : fallback;
  }
  const step = trail[trail.length - 1] ?? { kind: 'contact' };

  function go(next: Step, record = true) {
    setOptions(null);
    setError(null);
    setTrail((current) => (record ? [...current, next] : [...current.slice(0, -1), next]));
  }

  // Load the options of the current step; a single option is chosen at once (replacing the step).
  useEffect(() => {
    let live = true;
    async function load() {
      if (step.kind === 'channel') {
        const answer = await callCore('channels.list', {});
        if (!live) return;
        if (!answer.ok) return setError(errorText(answer.error));
        // An atendimento starts on WhatsApp: other channels (Instagram…) have no templates to start
        // with. Not on a number where the contact has an open conversation (Shift+Enter on the
        // contact): HelenaCRM would put the start into it.
        const whatsapp = answer.value.filter((c) => isWhatsAppFamily(c.family) && !step.contact.busyChannelIds.includes(c.id));
        if (whatsapp.length === 1 && whatsapp[0]) return go({ kind: 'team', contact: step.contact, channel: whatsapp[0] }, false);
        setOptions(whatsapp);
      } else if (step.kind === 'team') {
        const answer = await callCore('teams.mine', { channelId: step.channel.id });
        if (!live) return;
        if (!answer.ok) return setError(errorText(answer.error));
        if (answer.value.length === 1 && answer.value[0]) return go(afterTeam(step.contact, step.channel, answer.value[0]), false);
        setOptions(answer.value);
      } else if (step.kind === 'template') {
        const answer = await callCore('templates.forStart', { channelId: step.channel.id, teamId: step.team.id });
        if (!live) return;
        if (!answer.ok) return setError(errorText(answer.error));
        setOptions(answer.value);
      }
    }
    void load();
    return () => {
      live = false;
    };
  }, [step]);

  function afterTeam(contact: StartContact, channel: ChannelSummary, team: TeamSummary): Step {
    return channel.needsTemplate ? { kind: 'template', contact, channel, team } : { kind: 'parameters', contact, channel, team, template: null };
  }

  // Escape goes back one step; from the first it closes.
  function back() {
    if (trail.length <= 1) {
      onClose();
      return;
    }
    setOptions(null);
    setError(null);
    setTrail((current) => current.slice(0, -1));
  }

  const crumbs = breadcrumb(step, t);
  return (
    <Dialog title={t('start.title')} titleId="start-title" className="start-flow" onEscape={back}>
      {crumbs.length > 0 && (
        <ol className="trail" aria-label={t('start.trail')}>
          {crumbs.map((c) => (
            <li key={c}>{c}</li>
          ))}
        </ol>
      )}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {step.kind === 'contact' && (
        <ContactStep
          initialQuery={contactQuery}
          onQueryChange={setContactQuery}
          onPick={(contact) => go({ kind: 'channel', contact })}
          // Nothing to start: the flow closes on the conversation already open, as after a start.
          onOpenConversation={onStarted}
        />
      )}
      {step.kind === 'channel' && (
        <ChoiceStep<ChannelSummary>
          id="start-channels"
          title={t('start.channelTitle')}
          empty={t('start.noChannels')}
          loading={t('start.loading')}
          items={options as ChannelSummary[] | null}
          keyOf={(c) => c.id}
          initial={pickedIndex('channel', options as ChannelSummary[] | null, 0)}
          render={(c) => (
            <>
              <span className="name">{c.displayName ?? c.number ?? c.id}</span>
              <span className="detail">{c.needsTemplate ? t('start.officialChannel') : t('start.qrChannel')}</span>
            </>
          )}
          onPick={(channel) => {
            picked.current.channel = channel.id;
            go({ kind: 'team', contact: step.contact, channel });
          }}
        />
      )}
      {step.kind === 'team' && (
        <ChoiceStep<TeamSummary>
          id="start-teams"
          title={t('start.teamTitle')}
          empty={t('start.noTeams')}
          loading={t('start.loading')}
          items={options as TeamSummary[] | null}
          keyOf={(team) => team.id}
          initial={pickedIndex('team', options as TeamSummary[] | null, Math.max(0, (options as TeamSummary[] | null)?.findIndex((team) => team.isDefault) ?? 0))}
          render={(team) => <span className="name">{team.name ?? team.id}</span>}
          onPick={(team) => {
            picked.current.team = team.id;
            go(afterTeam(step.contact, step.channel, team));
          }}
        />
      )}
      {step.kind === 'template' && (
        <ChoiceStep<StartTemplate>
          id="start-templates"
          title={t('start.templateTitle')}
          empty={t('start.noTemplates')}
          loading={t('start.loading')}
          items={options as StartTemplate[] | null}
          keyOf={(tpl) => tpl.id}
          initial={pickedIndex('template', options as StartTemplate[] | null, 0)}
          render={(tpl) => (
            <>
              <span className="name">{tpl.name ?? tpl.id}</span>
              <span className="detail">{templateDetail(tpl, t)}</span>
            </>
          )}
          onPick={(template) => {
            picked.current.template = template.id;
            go({ kind: 'parameters', contact: step.contact, channel: step.channel, team: step.team, template });
          }}
        />
      )}
      {step.kind === 'parameters' && (
        <ParametersStep
          template={step.template}
          contact={step.contact.ref}
          contactName={step.contact.name}
          channelId={step.channel.id}
          submitLabel={t('start.start')}
          busyLabel={t('start.starting')}
          submit={async (input) => {
            const answer = await callCore('conversation.start', {
              ...step.contact.ref,
              channelId: step.channel.id,
              teamId: step.team.id,
              ...(step.template
                ? { templateId: step.template.id, parameters: input.parameters ?? {}, ...(input.media !== undefined ? { media: input.media } : {}) }
                : { text: input.text ?? '' }),
            });
            if (answer.ok) onStarted(answer.value.conversationKey);
            return answer;
          }}
        />
      )}
      {/*
        The contact and parameters steps say their own keys: Shift+Enter depends on the contact
        highlighted, and on the parameters ↑↓ choose nothing and Enter starts rather than confirms.
      */}
      {step.kind !== 'parameters' && step.kind !== 'contact' && <p className="muted keys">{t('start.escape')}</p>}
    </Dialog>
  );
}

function breadcrumb(step: Step, t: (key: string) => string): string[] {
  const parts: string[] = [];
  if ('contact' in step) parts.push(step.contact.label);
  if ('channel' in step) parts.push(step.channel.displayName ?? step.channel.number ?? '');
  if ('team' in step) parts.push(step.team.name ?? '');
  if (step.kind === 'parameters') parts.push(step.template ? (step.template.name ?? '') : t('start.noTemplate'));
  return parts;
}
