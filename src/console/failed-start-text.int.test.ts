/**
 * A text typed into a conversation whose start WhatsApp refused (a number without WhatsApp: the
 * sandbox fails numbers ending 0000) would be held for a reply that never comes. It is refused at
 * once, saying what happened and what to do, and nothing is queued; a start that went still takes
 * a text (held for the reply, as always).
 */
import { describe, expect, it } from 'vitest';
import { DEMO_LOGINS } from '../../sandbox/testing';
import { acknowledgedStart, rigPerTest, until } from './testing/console-rig';

const rigs = rigPerTest();

describe('a text after a start WhatsApp refused', () => {
  it('is refused at once with what happened and what to do, and nothing waits in the conversation', async () => {
    const r = await rigs.start();
    await r.login(DEMO_LOGINS.agent);
    const failed = await acknowledgedStart(r, '(11) 91234-0000');
    await until('the start failed on delivery', async () => {
      const c = (await r.core.invoke('conversation.open', { sessionId: failed.sessionId })).conversation;
      return c?.startFailed ? c : null;
    });

    await expect(r.core.invoke('message.sendText', { sessionId: failed.sessionId, text: 'Oi, tudo bem?' })).rejects.toMatchObject({
      code: 'invalid_input',
      message:
        'Mensagem não enviada: o início deste atendimento falhou (Número não possui WhatsApp) e o contato não recebeu nada, então ela esperaria por uma resposta que não virá. Confira o número do contato e, para tentar de novo, volte aos atendimentos (Esc) e inicie outro (+).',
      messageEn:
        "Message not sent: this conversation's start failed (WhatsApp refused the message: Número não possui WhatsApp) and the contact received nothing, so it would wait for a reply that will not come. Check the contact's number and, to try again, go back to the conversations (Esc) and start a new one (+).",
    });
    const messages = (await r.core.invoke('conversation.open', { sessionId: failed.sessionId })).messages;
    expect(messages.filter((m) => m.text === 'Oi, tudo bem?')).toEqual([]);

    // A start that went: the text is taken and held for the contact's reply, as before.
    const ok = await acknowledgedStart(r, '(11) 91234-5678');
    const sent = await r.core.invoke('message.sendText', { sessionId: ok.sessionId, text: 'Oi, tudo bem?' });
    expect(sent.localId).toBeTruthy();
  }, 60_000);
});
