/**
 * What the desk promises when a conversation with a scheduled template is completed (Alt+C asks,
 * and the completed conversation's line says "sai mesmo com o atendimento concluído, abrindo um
 * novo"): HelenaCRM schedules by contact (POST /scheduled-message takes a phone, not a
 * conversation) and completing (PUT /session/{id}/complete) says nothing of schedules, so the
 * schedule stays SCHEDULED, can still be cancelled, and at its moment goes into a new conversation.
 * This pins the sandbox to that reading of chat.json; the desk's text depends on it.
 */
import { describe, expect, it } from 'vitest';
import { DEMO_LOGINS } from '../../sandbox/testing';
import { onlineWithNewNumber, rigPerTest, until, WELCOME_PARAMETERS } from './testing/console-rig';

const HOUR = 3_600_000;
const rigs = rigPerTest();

const inHours = (hours: number) => new Date(Date.now() + hours * HOUR).toISOString();

describe('a scheduled template when its conversation is completed', () => {
  it('stays scheduled (listed in the completed conversation, cancellable) and goes at its moment into a new conversation', async () => {
    const r = await rigs.start();
    const { sessionId, templateId } = await onlineWithNewNumber(r, '(11) 93333-7788');
    const parameters = WELCOME_PARAMETERS;
    const kept = await r.core.invoke('schedule.create', { sessionId, templateId, parameters, at: inHours(2) });
    const dropped = await r.core.invoke('schedule.create', { sessionId, templateId, parameters, at: inHours(3) });

    await r.core.invoke('conversation.complete', { sessionId });
    await until('completed in the cache', async () => (await r.core.invoke('conversation.open', { sessionId })).conversation?.status === 'COMPLETED');
    const listed = await r.core.invoke('schedule.list', { sessionId });
    expect(listed.items.map((i) => [i.id, i.status])).toEqual([[dropped.scheduled.id, 'SCHEDULED'], [kept.scheduled.id, 'SCHEDULED']]);
    // Still the agent's to cancel from the completed conversation ("Cancelar" stays on its line).
    await expect(r.core.invoke('schedule.cancel', { id: dropped.scheduled.id })).resolves.toEqual({ ok: true });

    r.sandbox.ctx.clock.advance(2.5 * HOUR);
    const sent = await until('the kept one sent', async () => {
      const item = (await r.core.invoke('schedule.list', { sessionId })).items.find((i) => i.id === kept.scheduled.id);
      return item?.status === 'SENT' ? item : null;
    });
    expect(sent.sessionId).not.toBeNull();
    expect(sent.sessionId).not.toBe(sessionId);
    expect((await r.serverMessages(sent.sessionId ?? '', DEMO_LOGINS.agent)).filter((m) => m.templateId === templateId)).toHaveLength(1);
    // The completed conversation got nothing more and stays completed.
    expect((await r.serverMessages(sessionId, DEMO_LOGINS.agent)).filter((m) => m.templateId === templateId)).toHaveLength(1);
    r.sandbox.ctx.clock.advance(2 * HOUR);
    const after = await r.core.invoke('schedule.list', { sessionId });
    expect(after.items.find((i) => i.id === dropped.scheduled.id)?.status).toBe('CANCELED');
  }, 60_000);
});
