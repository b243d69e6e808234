/**
 * The agent tags the contact (contact.setTags) and picks from the company's tags (tags.list).
 *
 * HelenaCRM's POST /core/v1/contact/{id}/tags takes one `operation` per call: InsertIfNotExists,
 * DeleteIfExists or ReplaceAll. The desk sends what the agent added with InsertIfNotExists and what
 * they removed with DeleteIfExists, never ReplaceAll: replacing would drop a tag a colleague (or an
 * automation) put on the contact since this cache last heard. Not queued, for the same reason as
 * contact.update: a late replay could undo a newer change. Offline it is refused.
 *
 * The company's tags are fetched when the "Etiquetas" field opens rather than synced with the
 * directory: the list is short, a tag an admin creates shows at once, and a tag can only be put on
 * a contact online anyway. The last list heard is kept in memory for when HelenaCRM does not answer.
 */
import { isHelenaError } from '../api/errors';
import type { TagDTO } from '../api/helena-dto';
import type { UpdateContactTagsBody } from '../api/requests';
import { foldText } from '../store/contact-keys';
import type { ParsedInput } from './commands';
import type { ConsoleError } from './errors';
import { refusal } from './errors';
import { contactUpdateRefusal } from './contact-edit';
import type { TagView } from './results';

/** The calls for what the agent changed: additions first, then removals; none for an empty list. */
export function contactTagCalls({ add, remove }: Pick<ParsedInput<'contact.setTags'>, 'add' | 'remove'>): UpdateContactTagsBody[] {
  const calls: UpdateContactTagsBody[] = [];
  const adding = [...new Set(add ?? [])];
  const removing = [...new Set(remove ?? [])].filter((tagId) => !adding.includes(tagId));
  if (adding.length > 0) calls.push({ tagIds: adding, operation: 'InsertIfNotExists' });
  if (removing.length > 0) calls.push({ tagIds: removing, operation: 'DeleteIfExists' });
  return calls;
}

/** HelenaCRM's tags as the field lists them: named ones only, by name (accents and case aside). */
export function tagViews(dtos: readonly TagDTO[]): TagView[] {
  return dtos
    .filter((dto): dto is TagDTO & { name: string } => typeof dto.name === 'string' && dto.name.trim() !== '')
    .map((dto) => ({ id: dto.id, name: dto.name.trim(), color: dto.color ?? null }))
    .sort((a, b) => foldText(a.name).localeCompare(foldText(b.name)) || a.id.localeCompare(b.id));
}

/** What the agent reads when HelenaCRM did not take the tags: a tag gone is said as such; the rest as for a contact edit. */
export function contactTagsRefusal(error: unknown): ConsoleError {
  if (isHelenaError(error) && error.kind === 'validation') {
    const fields = error.detail.kind === 'validation' ? error.detail.fields : [];
    if (fields.some((f) => /tag/i.test(f))) return refusal('api.validation', 'contact.tag_unknown', { field: 'tags' });
  }
  return contactUpdateRefusal(error);
}
