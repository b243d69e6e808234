/**
 * Through the console: a text whose send reached HelenaCRM but whose answer was lost, then the
 * agent transfers the conversation to another team (conversation.transfer) before the retry. The
 * retry (same refId) is refused: the conversation is no longer the agent's to see. The agent must
 * read why in pt-BR, and the contact must get the text once.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { CHANNEL, TEAM } from '../../sandbox/seed';
import { api, DEMO_LOGINS } from '../../sandbox/testing';
import { consoleText } from './console-messages';
import { nextEvent, startConsoleRig, until, type ConsoleRig } from './testing/console-rig';

let rig: ConsoleRig | null = null;
afterEach(async () => {
  await rig?.close();
  rig = null;
});

/** Ana's conversation (the contact wrote first, the window is open), its text's answer lost, then transferred to `teamId`. */
async function lostThenTransferred(r: ConsoleRig, teamId: string): Promise<{ sessionId: string; localId: string; settled: Promise<{ status: string; reason?: string }> }> {
  await r.login(DEMO_LOGINS.agent);
  const contactId = (await r.core.invoke('contacts.search', { query: 'vinicius romao' })).items[0]?.id ?? '';
  await r.silence(contactId);
  const replied = nextEvent(r.core, 'contact-replied', (e) => e.contactId === contactId);
  await r.inbound(contactId, 'Bom dia, preciso da segunda via do boleto.', CHANNEL.official.id);
  const { sessionId } = await replied;
  await until('in the list', async () => (await r.core.invoke('conversation.list', {})).find((c) => c.id === sessionId));
  await r.core.invoke('conversation.assume', { sessionId });
  // HelenaCRM takes the text; its answer is lost (the outbox retries after at least 0.5 s).
  await api(r.sandbox).post('/control/v1/faults/scripted', { method: 'POST', path: `/chat/v1/session/${sessionId}/message`, when: 'after', status: 500 });
  const queued = nextEvent(r.core, 'message-status', (e) => e.status === 'queued' && e.reason !== undefined);
  const sent = await r.core.invoke('message.sendText', { sessionId, text: TEXT });
  await queued;
  const settled = nextEvent(r.core, 'message-status', (e) => e.localId === sent.localId && (e.status === 'sent' || e.status === 'failed'));
  await r.core.invoke('conversation.transfer', { sessionId, type: 'DEPARTMENT', teamId });
  return { sessionId, localId: sent.localId, settled };
}

const TEXT = 'Segue a segunda via em instantes.';

describe('a send retried after the agent transferred the conversation', () => {
  it('to a team the agent is still in (Suporte): the retry is deduped, the agent sees it sent, the contact got it once', async () => {
    rig = await startConsoleRig();
    const r = rig;
    const { sessionId, settled } = await lostThenTransferred(r, TEAM.suporte.id);
    expect((await settled).status).toBe('sent');
    expect((await r.serverMessages(sessionId, DEMO_LOGINS.admin)).filter((m) => m.text === TEXT)).toHaveLength(1);
  });

  it('to a team out of the agent\'s sight (Financeiro): the retry is refused, the agent reads in pt-BR that it may have reached the contact; the contact got it once', async () => {
    rig = await startConsoleRig();
    const r = rig;
    const { sessionId, settled } = await lostThenTransferred(r, TEAM.financeiro.id);
    const outcome = await settled;
    expect(outcome.status).toBe('failed');
    // Before the fix: "Não encontrado no HelenaCRM: o registro pode ter sido removido."
    expect(outcome.reason).toBe(consoleText('failure.conversation_gone_unconfirmed'));
    expect((await r.serverMessages(sessionId, DEMO_LOGINS.admin)).filter((m) => m.text === TEXT)).toHaveLength(1);
  });
});
