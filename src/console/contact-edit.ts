/**
 * The agent corrects a contact's name or e-mail (contact.update): the body HelenaCRM's
 * PUT /core/v2/contact/{id} takes, and what the agent reads when it refuses.
 *
 * The body is partial: `fields` lists what changes ("Campos a serem atualizados", OpenAPI
 * PublicReqUpdateContactDTO), so phone, tags, custom fields and the rest stay as HelenaCRM has
 * them, also when a colleague changed them meanwhile and this cache has not heard yet.
 *
 * Not queued: an edit replayed later from the outbox could silently overwrite a newer one by a
 * colleague (HelenaCRM's update has no version to check against). Offline it is refused, and the
 * dialog keeps what the agent typed for another try.
 */
import type { z } from 'zod';
import { isHelenaError } from '../api/errors';
import { failureText } from '../api/failure-messages';
import type { ContactField, UpdateContactBody } from '../api/requests';
import type { ParsedInput } from './commands';
import { ConsoleError, refusal, toConsoleError } from './errors';
import { consoleText, type ConsoleMessageCode } from './console-messages';

/** The PUT body for what the agent changed; an empty e-mail removes it (null). */
export function contactUpdateBody({ name, email }: Pick<ParsedInput<'contact.update'>, 'name' | 'email'>): UpdateContactBody {
  const fields: z.infer<typeof ContactField>[] = [];
  const body: UpdateContactBody = { fields };
  if (name !== undefined) {
    fields.push('Name');
    body.name = name;
  }
  if (email !== undefined) {
    fields.push('Email');
    body.email = email === '' ? null : email;
  }
  return body;
}

/** A refusal about one field of the dialog, shown under it (field and issues both name it). */
function fieldRefusal(code: ConsoleError['code'], text: ConsoleMessageCode, field: string): ConsoleError {
  const message = consoleText(text);
  const messageEn = consoleText(text, {}, 'en');
  return new ConsoleError({ code, message, messageEn, field, issues: [{ field, message, messageEn }] });
}

/** Which of the dialog's fields HelenaCRM named ("email", "Email", "body.name"…), if any. */
function fieldNamed(fields: readonly string[]): 'name' | 'email' | null {
  const names = fields.map((f) => f.split('.').pop()?.toLowerCase() ?? '');
  if (names.includes('email')) return 'email';
  if (names.includes('name')) return 'name';
  return null;
}

/** What the agent reads when HelenaCRM could not take the edit: field-level where it names a field. */
export function contactUpdateRefusal(error: unknown): ConsoleError {
  if (!isHelenaError(error)) return toConsoleError(error);
  switch (error.kind) {
    case 'network':
      return refusal('offline', 'contact.offline');
    case 'server':
    case 'rate_limited':
      return refusal(`api.${error.kind}`, 'contact.server_unstable');
    case 'not_found':
      return refusal('not_found', 'contact.not_found', { field: 'contactId' });
    case 'forbidden':
      return refusal('not_allowed', 'contact.forbidden');
    case 'validation': {
      const field = error.detail.kind === 'validation' ? fieldNamed(error.detail.fields) : null;
      if (field === 'email') return fieldRefusal('api.validation', 'contact.email_refused', 'email');
      if (field === 'name') return fieldRefusal('api.validation', 'contact.name_refused', 'name');
      break;
    }
    default:
      break;
  }
  // Anything else: HelenaCRM's reason in both languages (its own text inside, when it sent one).
  const base = toConsoleError(error);
  return new ConsoleError({
    ...base.toJSON(),
    ...(error.reason ? { messageEn: failureText(error.reason, 'en') } : {}),
  });
}
