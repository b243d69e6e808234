/**
 * Which message templates an agent may use to start a conversation ("Iniciar atendimento", step 6:
 * templates of the *Atendimento* type), and the parameters a template asks for.
 *
 * A template is offered when it is active, not archived, of kind TEMPLATE (HelenaCRM's ATTENDANCE
 * filter), belongs to the chosen channel or to no channel, is open to the chosen team (no
 * departmentIds, or the team among them), and is approved by Meta. QR-code channels have no Meta
 * review, so there approval is not required (as the sandbox enforces). When the channel type is
 * given, a template tied to another channel type is left out.
 */
import type { TemplateDTO } from '../api/helena-dto';
import { channelFamilyOf, type AnyChannelType } from './channels';
import { templateParamNames } from './template-params';

export interface StartTemplateContext {
  channelId: string;
  /** The team the conversation is started for. */
  departmentId: string | null;
  /** The chosen channel's type, when known (either spelling). */
  channelType?: AnyChannelType | string | null;
}

export type TemplateRejection =
  | 'inactive'
  | 'archived'
  | 'not_attendance'
  | 'other_channel'
  | 'other_channel_type'
  | 'team_not_allowed'
  | 'not_approved';

type TemplateFields = Pick<TemplateDTO, 'active' | 'archived' | 'status' | 'type' | 'channelId' | 'channelType' | 'departmentIds'>;

/** Why a template cannot start a conversation in this context, or null when it can. */
export function startTemplateRejection(template: TemplateFields, context: StartTemplateContext): TemplateRejection | null {
  if (!template.active) return 'inactive';
  if (template.archived === true) return 'archived';
  if (!template.type.includes('TEMPLATE')) return 'not_attendance';
  if (template.channelId !== null && template.channelId !== context.channelId) return 'other_channel';
  if (context.channelType && template.channelType && template.channelType.toUpperCase() !== context.channelType.toUpperCase()) {
    return 'other_channel_type';
  }
  const teams = template.departmentIds ?? [];
  if (teams.length > 0 && (context.departmentId === null || !teams.includes(context.departmentId))) return 'team_not_allowed';
  if (template.status !== 'Approved' && channelFamilyOf(context.channelType) !== 'unofficial') return 'not_approved';
  return null;
}

const byName = new Intl.Collator('pt-BR', { sensitivity: 'base', numeric: true });

/** The templates offered to start a conversation, sorted by name as an agent reads them. */
export function selectStartTemplates<T extends TemplateFields & Pick<TemplateDTO, 'name'>>(
  templates: readonly T[],
  context: StartTemplateContext,
): T[] {
  return templates
    .filter((template) => startTemplateRejection(template, context) === null)
    .sort((a, b) => byName.compare(a.name ?? '', b.name ?? ''));
}

/** The parameter names a template asks for: its declared params, else those found in its text. */
export function templateParamsOf(template: Pick<TemplateDTO, 'params' | 'text'>): string[] {
  const declared: string[] = [];
  for (const param of template.params ?? []) {
    if (param.name && !declared.includes(param.name)) declared.push(param.name);
  }
  return declared.length > 0 ? declared : templateParamNames(template.text ?? '');
}
