/**
 * Texts queued behind a start (typed while offline, before the conversation exists) when HelenaCRM
 * refuses that start for good: no conversation will ever take them. They fail at once, saying why
 * and what to do, instead of sitting "na fila" for ever.
 */
import { describe, expect, it } from 'vitest';
import { welcomeMaria, type Rig } from './testing/harness';
import { rigPerTest } from './testing/rig-per-test';

const rigs = rigPerTest();

describe('texts behind a start refused for good', () => {
  it('fail at once with the reason and what to do', async () => {
    const r = await rigs.start();
    const { company } = r.sandbox;
    // Queued before the outbox runs, as offline: a template of another team's, which HelenaCRM refuses.
    const start = await r.outbox.startConversation({ ...welcomeMaria(company, '1'), templateId: company.templates.soSuporte, parameters: {} });
    const key = r.store.outbox.get(start.localId)?.conversationKey ?? '';
    const text = await r.outbox.sendText(key, 'Oi Maria, te mando o boleto em seguida.');
    const held = await r.outbox.sendText(key, 'Segue o link do boleto.');
    await r.outbox.start();
    await r.outbox.flush();

    const started = r.store.outbox.get(start.localId);
    expect(started?.state).toBe('failed');
    expect(started?.retryable).toBe(false);
    for (const { localId } of [text, held]) {
      const entry = r.store.outbox.get(localId);
      expect(entry?.state).toBe('failed');
      expect(entry?.retryable).toBe(false);
      expect(entry?.lastErrorCode?.code).toBe('start_failed_unsent');
      expect(entry?.lastError).toMatch(/^O HelenaCRM recusou o início deste atendimento.*volte aos atendimentos \(Esc\) e inicie outro \(\+\)\.$/);
      expect(r.store.messages.get(localId)?.status).toBe('FAILED');
    }
  });

  /** A start HelenaCRM refuses outright on its first try (scripted 400), with a text queued behind it. */
  async function refusedWithText(r: Rig): Promise<{ start: string; text: string }> {
    await r.sandbox.api('POST', '/control/v1/faults/scripted', null, { method: 'POST', path: '/chat/v1/send/template', when: 'before', status: 400 });
    const start = await r.outbox.startConversation(welcomeMaria(r.sandbox.company, '1'));
    const key = r.store.outbox.get(start.localId)?.conversationKey ?? '';
    const text = await r.outbox.sendText(key, 'Oi Maria, te mando o boleto em seguida.');
    await r.outbox.start();
    await r.outbox.flush();
    expect(r.store.outbox.get(start.localId)).toMatchObject({ state: 'failed', retryable: false, sendStartedAt: null });
    expect(r.store.outbox.get(text.localId)?.lastErrorCode?.code).toBe('start_failed_unsent');
    return { start: start.localId, text: text.localId };
  }

  for (const how of ['corrected', 'tried again'] as const) {
    it(`go with the start once the agent ${how === 'corrected' ? 'corrects it' : 'tries it again'} and HelenaCRM takes it`, async () => {
      const r = await rigs.start();
      const { start, text } = await refusedWithText(r);
      if (how === 'corrected') expect(await r.outbox.edit(start, { parameters: { nome: 'Maria', protocolo: '2' } })).toBe(true);
      else expect(await r.outbox.retry(start)).toBe(true);
      expect(r.store.outbox.get(text)?.state).toBe('queued');
      await r.outbox.flush();
      const sessionId = r.store.outbox.get(start)?.conversationKey ?? '';
      expect(sessionId.startsWith('start:')).toBe(false);
      // Behind the start as before the refusal: in its conversation, held for Maria's reply.
      expect(r.store.outbox.get(text)).toMatchObject({ conversationKey: sessionId, state: 'waiting_reply' });
      expect(r.store.messages.get(text)?.status).not.toBe('FAILED');
    });
  }
});
