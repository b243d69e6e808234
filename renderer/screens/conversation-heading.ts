/**
 * The conversation screen's heading and its line under it while the conversation itself is not
 * there to describe: a start HelenaCRM has not acknowledged, the screen's first read still under
 * way, or the agent's own start acknowledged before its session arrived.
 *
 * Before, every one of them read "Novo atendimento" and "Atendimento iniciado; carregando os dados
 * do HelenaCRM…", so a conversation the contact started, opened during a first sync (its read
 * waiting on a busy line, its contact not cached yet), claimed the agent had just started it.
 */
/** A start not acknowledged yet is keyed so (src/store/outbox-repo.ts START_KEY_PREFIX), as the screen reads it. */
const START_KEY_PREFIX = 'start:';

/** Either the contact's name (or number) as the console gave it, or an i18n key to translate. */
export type HeadingText = { text: string } | { key: HeadingKey };
export type HeadingKey = 'conversation.newTitle' | 'conversation.untitled' | 'home.contactSyncing' | 'home.noContactName';
export type WaitingKey = 'conversation.notAcknowledged' | 'conversation.opening' | 'conversation.loading';

export interface HeadingInput {
  conversationKey: string;
  /** The screen's read has answered (even with no conversation in it). */
  loaded: boolean;
  conversation: { contactName: string | null } | null;
  /** The first sync is still bringing the account (contacts come after conversations). */
  firstSync: boolean;
}

export function conversationTitle({ conversationKey, loaded, conversation, firstSync }: HeadingInput): HeadingText {
  if (conversation?.contactName) return { text: conversation.contactName };
  // A conversation HelenaCRM has whose contact the cache lacks: as the desk's row reads it.
  if (conversation) return { key: firstSync ? 'home.contactSyncing' : 'home.noContactName' };
  if (conversationKey.startsWith(START_KEY_PREFIX) || loaded) return { key: 'conversation.newTitle' };
  // Still reading a conversation that exists: nothing is known of it yet, least of all that it is new.
  return { key: 'conversation.untitled' };
}

/** The line under the heading when the read gave no conversation (yet). */
export function waitingLine({ conversationKey, loaded }: Pick<HeadingInput, 'conversationKey' | 'loaded'>): WaitingKey {
  if (conversationKey.startsWith(START_KEY_PREFIX)) return 'conversation.notAcknowledged';
  // The agent's own start, acknowledged, its session on the way: "Atendimento iniciado; carregando…".
  return loaded ? 'conversation.loading' : 'conversation.opening';
}
