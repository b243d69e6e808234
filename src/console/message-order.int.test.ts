/**
 * The order of a conversation when the agent's computer clock is not HelenaCRM's. A message the
 * agent sends is first written here with the computer's time; once HelenaCRM has it, its time is
 * HelenaCRM's, the same clock as the contact's messages, so the conversation reads as the contact
 * saw it — not with every reply of a computer running 10 minutes late above the message it answers.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { api, DEMO_LOGINS } from '../../sandbox/testing';
import { conversationWithNewNumber, startConsoleRig, until, type ConsoleRig } from './testing/console-rig';

let rig: ConsoleRig | null = null;
afterEach(async () => {
  await rig?.close();
  rig = null;
});

describe('a conversation read on a computer whose clock is behind HelenaCRM', () => {
  it("shows the agent's reply after the contact's message it answers, once HelenaCRM has it", async () => {
    rig = await startConsoleRig();
    const r = rig;
    const { core } = r;
    await r.login(DEMO_LOGINS.agent);
    // HelenaCRM 10 minutes ahead of this computer.
    expect((await api(r.sandbox).post('/control/v1/clock/advance', { ms: 10 * 60_000 })).status).toBe(200);
    const { sessionId, contactId } = await conversationWithNewNumber(r, '+5511987650777');
    await r.inbound(contactId, 'Bom dia, qual o prazo de entrega?');
    await until('the question in the conversation', async () =>
      (await core.invoke('conversation.open', { sessionId })).messages.some((m) => m.text === 'Bom dia, qual o prazo de entrega?'),
    );

    const reply = await core.invoke('message.sendText', { sessionId, text: 'Entregamos em 3 dias úteis.' });
    const texts = await until('the reply acknowledged by HelenaCRM', async () => {
      const { messages } = await core.invoke('conversation.open', { sessionId });
      const sent = messages.find((m) => m.localId === reply.localId);
      return sent && sent.id !== null ? messages.map((m) => m.text) : null;
    });
    expect(texts.indexOf('Entregamos em 3 dias úteis.')).toBeGreaterThan(texts.indexOf('Bom dia, qual o prazo de entrega?'));
  });
});
