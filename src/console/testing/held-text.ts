/**
 * A text HelenaCRM holds for the contact's reply, reached through the console as the bridge does:
 * Ana signs in, starts a conversation with Sebastião (who never replies on his own) with the
 * boas_vindas template, and writes `text` while the window is closed. Resolves once HelenaCRM holds
 * it (waiting_reply, with HelenaCRM's id): the starting point of every held-text edit test.
 */
import { CHANNEL, TEAM } from '../../../sandbox/seed';
import { DEMO_LOGINS } from '../../../sandbox/testing';
import type { MessageView } from '../results';
import { connectivity, contactNamed, until, type ConsoleRig } from './console-rig';

export interface HeldText {
  contactId: string;
  session: string;
  held: { localId: string };
  /** The line as HelenaCRM first held it. */
  onServer: MessageView;
  /** The line now (conversation.open). */
  view(localId: string): Promise<MessageView | undefined>;
}

export async function heldTextOnline(r: ConsoleRig, text: string): Promise<HeldText> {
  await r.login(DEMO_LOGINS.agent);
  await until('online', async () => (await connectivity(r.core)) === 'online');
  const contactId = await contactNamed(r.core, 'sebastiao magalhaes');
  const templateId = (await r.core.invoke('templates.forStart', { channelId: CHANNEL.official.id, teamId: TEAM.vendas.id })).find((t) => t.name === 'boas_vindas')?.id ?? '';
  await r.core.invoke('conversation.start', {
    contactId, channelId: CHANNEL.official.id, teamId: TEAM.vendas.id, templateId, parameters: { nome: 'Sebastião', atendente: 'Ana' },
  });
  const session = await until('the start acknowledged', async () => {
    const c = (await r.core.invoke('conversation.list', {})).find((x) => x.contactId === contactId && x.pendingStart === null);
    return c?.id;
  });
  const view = async (localId: string) => (await r.core.invoke('conversation.open', { sessionId: session })).messages.find((m) => m.localId === localId);
  const held = await r.core.invoke('message.sendText', { sessionId: session, text });
  const onServer = await until('held by HelenaCRM for the reply', async () => {
    const m = await view(held.localId);
    return m?.outboxState === 'waiting_reply' && m.id !== null ? m : undefined;
  });
  return { contactId, session, held, onServer, view };
}
