/**
 * Internal notes ("notas internas") in the conversation screen: the shortcut that switches the
 * compose box between a message to the contact and a note for the team, the box a conversation
 * opens in when a note was being written, and the line a note is shown under. Pure, so the rules
 * are tested under Node (logic.test.ts).
 */
import { isAltKey, type ShortcutKey } from './alt-key';

/** What the compose box writes: a WhatsApp message to the contact, or an internal note only the team sees. */
export type ComposeMode = 'message' | 'note';

/** Alt+N (alt-key.ts). */
export function isNoteShortcut(event: ShortcutKey): boolean {
  return isAltKey(event, 'n');
}

/**
 * "Nota interna · Ana Lúcia Souza · 10:42": the label, its author (or who stands in for an author
 * the cache does not know) and the time, when there is one.
 */
export function noteHeading(label: string, authorName: string | null, unknownAuthor: string, time: string | null): string {
  return [label, authorName?.trim() || unknownAuthor, time ?? ''].filter((part) => part !== '').join(' · ');
}

/**
 * The box a conversation opens in, from its saved drafts: the note box when only a note was being
 * written (the agent carries on where they left off); otherwise the message box, so a message
 * draft is never hidden behind a note.
 */
export function openingMode(draft: string | null, noteDraft: string | null): ComposeMode {
  return (noteDraft ?? '').trim() !== '' && (draft ?? '').trim() === '' ? 'note' : 'message';
}

/** The Alt+N button's text (an i18n key): while the box writes a message, it says a note is waiting there. */
export function noteButtonKey(mode: ComposeMode, noteText: string): 'conversation.noteButton' | 'conversation.noteButtonDraft' {
  return mode === 'message' && noteText.trim() !== '' ? 'conversation.noteButtonDraft' : 'conversation.noteButton';
}
