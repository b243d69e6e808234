/**
 * Through the console: a text held here for the contact's reply (HelenaCRM refuses free text
 * outside the window, 131047), then the agent completes the conversation (Alt+C). The reply that
 * would release it can never come to a completed conversation: the screen must say it failed, and
 * why, as soon as the conversation is completed, not "aguardando resposta" for ever.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { api, DEMO_LOGINS } from '../../sandbox/testing';
import { FAILURE_EN, FAILURE_PT_BR } from '../api/failure-messages';
import { conversationWithNewNumber, startConsoleRig, until, type ConsoleRig } from './testing/console-rig';

let rig: ConsoleRig | null = null;
afterEach(async () => {
  await rig?.close();
  rig = null;
});

describe('completing a conversation with a text held for the reply', () => {
  it('the text reads failed, with the reason, and can be cleared; it never reaches the contact', async () => {
    rig = await startConsoleRig();
    const r = rig;
    const { core } = r;
    await r.login(DEMO_LOGINS.agent);
    expect((await api(r.sandbox).put('/control/v1/window-mode', { strict: true })).status).toBe(200);
    const { sessionId } = await conversationWithNewNumber(r, '+5511987650321');

    const text = await core.invoke('message.sendText', { sessionId, text: 'Qualquer dúvida, me chame por aqui.' });
    const viewOf = async () => (await core.invoke('conversation.open', { sessionId })).messages.find((m) => m.localId === text.localId);
    await until('held for the reply', async () => (await viewOf())?.outboxState === 'waiting_reply');

    await core.invoke('conversation.complete', { sessionId });
    const failed = await until('shown failed', async () => {
      const view = await viewOf();
      return view?.outboxState === 'failed' ? view : null;
    }, 3_000);
    expect(failed.failedReason).toMatch(/concluída/);
    expect(failed.retryable).toBe(false);
    expect(failed.cancellable).toBe(true);
    expect((await r.serverMessages(sessionId, DEMO_LOGINS.agent)).some((m) => m.text === 'Qualquer dúvida, me chame por aqui.')).toBe(false);
  });

  it('held by HelenaCRM itself (WAIT_REPLY): the failure it reports reads as the completion, in both languages, with no retry', async () => {
    rig = await startConsoleRig();
    const r = rig;
    const { core } = r;
    await r.login(DEMO_LOGINS.agent);
    // A lenient server (the default): free text outside the window is held there, as WAIT_REPLY.
    const { sessionId } = await conversationWithNewNumber(r, '+5511987650322');

    const text = await core.invoke('message.sendText', { sessionId, text: 'Seu técnico chega às 14h, combinado?' });
    const viewOf = async () => (await core.invoke('conversation.open', { sessionId })).messages.find((m) => m.localId === text.localId);
    await until('held by HelenaCRM', async () => {
      const view = await viewOf();
      return view?.outboxState === 'waiting_reply' && view.id !== null;
    });

    // HelenaCRM fails what it held ("Conversa concluída antes da resposta do contato"); sync brings it back.
    await core.invoke('conversation.complete', { sessionId });
    const failed = await until('shown failed', async () => {
      const view = await viewOf();
      return view?.outboxState === 'failed' && view.status === 'FAILED' ? view : null;
    }, 3_000);
    // Not "O WhatsApp recusou a mensagem: …" in English: WhatsApp refused nothing.
    expect(failed.failedReason).toBe(FAILURE_PT_BR.conversation_completed);
    expect(failed.failedReasonEn).toBe(FAILURE_EN.conversation_completed);
    // The same refId would only bring the same failure back: no "Tentar de novo".
    expect(failed.retryable).toBe(false);
  });
});
