/**
 * Templates with media (an image, a video or a document) in the start flow and the template
 * dialog: the link field's answer, what the form sends, and how a list shows such a template.
 * Pure functions, tested under Node (renderer/logic.test.ts).
 */
import type { TFunction } from 'i18next';
import type { ConsoleErrorBody, FieldIssue } from '../../../src/console/errors';
import type { StartTemplate } from '../../../src/console/results';
import { categoryOfTemplate } from '../../../src/domain/cost';

/** The field the core answers a media link's problem under. */
export const MEDIA_FIELD = 'media';

/** A refusal, split for the form: one text per parameter (by name) and one for the media link. */
export function issuesByField(
  error: Pick<ConsoleErrorBody, 'issues' | 'field'>,
  issueText: (issue: FieldIssue) => string,
  errorText: () => string,
): { params: Record<string, string>; media: string | null } {
  const params: Record<string, string> = {};
  let media: string | null = null;
  for (const issue of error.issues ?? []) {
    if (issue.field === MEDIA_FIELD) media = issueText(issue);
    else if (issue.field.startsWith('parameters.')) params[issue.field.slice('parameters.'.length)] = issueText(issue);
  }
  // A refusal about the link alone (e.g. a link for a template without media) has no issue list.
  if (media === null && error.field === MEDIA_FIELD && (error.issues ?? []).length === 0) media = errorText();
  return { params, media };
}

/** What the form sends for a template: its parameters, and the link as typed for a media template (the core checks it). */
export function templateInput(
  template: Pick<StartTemplate, 'media'>,
  parameters: Record<string, string>,
  media: string,
): { parameters: Record<string, string>; media?: string } {
  return template.media === null ? { parameters } : { parameters, media };
}

/**
 * A template's line in a list: its media first ("📎 imagem"), then its category and text. A
 * category HelenaCRM names in free text is said in the agent's language when it is one of
 * WhatsApp's ("Utilidade" / "Utility", as the cost line under it says); another stays as named.
 */
export function templateDetail(template: Pick<StartTemplate, 'media' | 'categoryName' | 'text'>, t: TFunction): string {
  const media = template.media ? t('start.mediaInList', { kind: t(`start.mediaKind.${template.media}`) }) : null;
  const guess = categoryOfTemplate(template.categoryName);
  const category = guess.recognised ? t(`start.category.${guess.category}`) : template.categoryName;
  return [media, category, template.text].filter(Boolean).join(' · ');
}

/** The line a message with media shows under its text: "📎 imagem · https://…" (the link as text, never a live link). */
export function messageMediaText(media: { kind: NonNullable<StartTemplate['media']>; link: string | null }, t: TFunction): string {
  const kind = t('conversation.media', { kind: t(`start.mediaKind.${media.kind}`) });
  return media.link ? `${kind} · ${media.link}` : kind;
}
