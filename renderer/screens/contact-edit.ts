/**
 * "Editar contato" in the conversation screen (Alt+E): the shortcut, what the form sends (only
 * what the agent changed, so HelenaCRM keeps the rest as it is) and where a refusal is shown
 * (under Nome, under E-mail, or above the form). Pure, so the rules are tested under Node
 * (logic.test.ts).
 */
import { isAltKey, type ShortcutKey } from './alt-key';
import type { ConsoleErrorBody, FieldIssue } from '../../src/console/errors';

/** Alt+E (alt-key.ts). */
export function isContactEditShortcut(event: ShortcutKey): boolean {
  return isAltKey(event, 'e');
}

export interface ContactFormValues {
  name: string;
  email: string;
}

/**
 * What contact.update gets: the fields the agent changed from what the dialog opened with
 * (trimmed); null when nothing changed. A name erased is sent as "" so the core says why it
 * cannot be; an e-mail erased is sent as "" and removes it.
 */
export function contactChanges(
  initial: { name: string | null; email: string | null },
  typed: ContactFormValues,
): { name?: string; email?: string } | null {
  const changes: { name?: string; email?: string } = {};
  const name = typed.name.trim();
  const email = typed.email.trim();
  if (name !== (initial.name ?? '').trim()) changes.name = name;
  if (email !== (initial.email ?? '').trim()) changes.email = email;
  return changes.name === undefined && changes.email === undefined ? null : changes;
}

export type ContactFormField = 'name' | 'email';

/**
 * A refusal, split for the form: the issue about Nome, the one about E-mail, and whether something
 * else is left to say above the form (offline, the contact gone, HelenaCRM in trouble).
 */
export function contactFormIssues(error: Pick<ConsoleErrorBody, 'issues' | 'field' | 'message' | 'messageEn'>): {
  name: FieldIssue | null;
  email: FieldIssue | null;
  general: boolean;
} {
  const byField: Record<ContactFormField, FieldIssue | null> = { name: null, email: null };
  let general = false;
  const issues = error.issues ?? [];
  for (const issue of issues) {
    if (issue.field === 'name' || issue.field === 'email') byField[issue.field] ??= issue;
    else general = true;
  }
  if (issues.length === 0) {
    if (error.field === 'name' || error.field === 'email') {
      byField[error.field] = { field: error.field, message: error.message, ...(error.messageEn !== undefined ? { messageEn: error.messageEn } : {}) };
    } else general = true;
  }
  return { ...byField, general };
}
