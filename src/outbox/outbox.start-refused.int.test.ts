/**
 * Texts queued behind a start (typed while offline, before the conversation exists) when HelenaCRM
 * refuses that start for good: no conversation will ever take them. They fail at once, saying why
 * and what to do, instead of sitting "na fila" for ever.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startRig, welcomeMaria, type Rig } from './testing/harness';

let rig: Rig | null = null;
afterEach(async () => {
  await rig?.close();
  rig = null;
});

describe('texts behind a start refused for good', () => {
  it('fail at once with the reason and what to do', async () => {
    rig = await startRig();
    const r = rig;
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
});
