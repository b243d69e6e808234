/**
 * "Editar" on a queued template: the form it opens, prefilled with what the message went in with
 * (its parameters and, for a template with an image, video or document, its link). Pure, tested
 * under Node (renderer/logic.test.ts).
 */
import type { MessageView, StartTemplate } from '../../src/console/results';

/**
 * The template the form edits: the one the conversation's templates list has (name, text for the
 * preview, parameters in order); when the list no longer has it (another team now, not cached),
 * what the message itself says: its parameters and its media.
 */
export function templateToEdit(message: Pick<MessageView, 'templateId' | 'parameters' | 'media'>, listed: readonly StartTemplate[] | null): StartTemplate {
  const found = listed?.find((t) => t.id === message.templateId);
  const media = message.media?.kind ?? null;
  if (found) return { ...found, media: found.media ?? media };
  return { id: message.templateId ?? '', name: null, text: null, footerText: null, params: Object.keys(message.parameters ?? {}), categoryName: null, media };
}

/** What the form starts with: every parameter the template has, as the message went (blank when it had none), and the link. */
export function editPrefill(template: Pick<StartTemplate, 'params' | 'media'>, message: Pick<MessageView, 'parameters' | 'media'>): { values: Record<string, string>; media: string } {
  const given = message.parameters ?? {};
  return {
    values: Object.fromEntries(template.params.map((name) => [name, given[name] ?? ''])),
    media: template.media === null ? '' : (message.media?.link ?? ''),
  };
}
