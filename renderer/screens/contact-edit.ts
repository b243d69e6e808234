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

/** A company tag as the "Etiquetas" field offers it (tags.list). */
export interface TagOption {
  id: string;
  name: string;
  color: string | null;
}

function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}+/gu, '').toLowerCase().trim();
}

/**
 * The tags the list offers for what is typed: the company's tags the contact does not have yet,
 * those whose name starts with what was typed first, then those containing it (accents and case
 * aside), each group in the company's order.
 */
export function tagSuggestions(all: readonly TagOption[], chosen: readonly TagOption[], query: string): TagOption[] {
  const taken = new Set(chosen.map((t) => t.id));
  const q = fold(query);
  const free = all.filter((t) => !taken.has(t.id));
  if (q === '') return free;
  const starts = free.filter((t) => fold(t.name).startsWith(q));
  const contains = free.filter((t) => !fold(t.name).startsWith(q) && fold(t.name).includes(q));
  return [...starts, ...contains];
}

/** The "Etiquetas" field: the chips, what is typed, and the highlighted suggestion (-1: none). */
export interface TagFieldState {
  chosen: TagOption[];
  query: string;
  active: number;
}

/** What a key does in the field; `handled` false lets it through (Enter with nothing highlighted saves the form). */
export function tagFieldKey(
  state: TagFieldState,
  key: string,
  all: readonly TagOption[],
): { state: TagFieldState; handled: boolean } {
  const list = tagSuggestions(all, state.chosen, state.query);
  switch (key) {
    case 'ArrowDown':
      if (list.length === 0) return { state, handled: false };
      return { state: { ...state, active: Math.min(state.active + 1, list.length - 1) }, handled: true };
    case 'ArrowUp':
      if (state.active < 0) return { state, handled: false };
      return { state: { ...state, active: state.active - 1 }, handled: true };
    case 'Enter': {
      const pick = list[state.active];
      if (!pick) return { state, handled: false };
      return { state: { chosen: [...state.chosen, pick], query: '', active: -1 }, handled: true };
    }
    case 'Backspace':
      if (state.query !== '' || state.chosen.length === 0) return { state, handled: false };
      return { state: { ...state, chosen: state.chosen.slice(0, -1), active: -1 }, handled: true };
    default:
      return { state, handled: false };
  }
}

/** Typing in the field: a query that lists something highlights the first match, so Enter adds it. */
export function tagFieldTyped(state: TagFieldState, query: string, all: readonly TagOption[]): TagFieldState {
  const list = tagSuggestions(all, state.chosen, query);
  return { ...state, query, active: query.trim() !== '' && list.length > 0 ? 0 : -1 };
}

/** What contact.setTags gets: tag ids added and removed since the dialog opened; null when the same. */
export function tagChanges(initialIds: readonly string[], chosen: readonly TagOption[]): { add: string[]; remove: string[] } | null {
  const now = chosen.map((t) => t.id);
  const add = now.filter((id) => !initialIds.includes(id));
  const remove = initialIds.filter((id) => !now.includes(id));
  return add.length === 0 && remove.length === 0 ? null : { add, remove };
}

/** The contact's tags as chips: named from the company's list when known, else from the contact itself. */
export function initialChips(contact: { tags: readonly string[]; tagIds: readonly string[] } | null, all: readonly TagOption[]): TagOption[] {
  if (!contact) return [];
  return contact.tagIds.map((id, i) => all.find((t) => t.id === id) ?? { id, name: contact.tags[i] ?? id, color: null });
}
