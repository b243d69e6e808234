/**
 * "Agendar modelo" through the console against the demo sandbox behind a TCP proxy: a template
 * scheduled in a conversation is listed (newest first), arrives in the conversation once when the
 * sandbox clock passes its moment, a cancelled one never arrives, a moment too soon or too far is
 * refused under its field, and offline nothing is scheduled or cancelled while the list still
 * shows the last answer, marked as possibly stale.
 */
import { describe, expect, it } from 'vitest';
import { DEMO_LOGINS } from '../../sandbox/testing';
import { connectivity, onlineWithNewNumber, rigPerTest, until, WELCOME_PARAMETERS } from './testing/console-rig';

const HOUR = 3_600_000;
const rigs = rigPerTest();

const inHours = (hours: number) => new Date(Date.now() + hours * HOUR).toISOString();

describe('scheduling a template from a conversation', () => {
  it('listed newest first; arrives once when the clock passes; a cancelled one never does; bad moments refused', async () => {
    const r = await rigs.start();
    const { sessionId, templateId } = await onlineWithNewNumber(r, '(11) 93333-2211');
    const parameters = WELCOME_PARAMETERS;

    await expect(r.core.invoke('schedule.create', { sessionId, templateId, parameters, at: new Date(Date.now() + 10_000).toISOString() })).rejects.toMatchObject({
      code: 'invalid_input', field: 'at', messageEn: 'Choose a moment at least 1 minute ahead.',
    });
    await expect(r.core.invoke('schedule.create', { sessionId, templateId, parameters, at: inHours(24 * 91) })).rejects.toMatchObject({ field: 'at' });
    await expect(r.core.invoke('schedule.create', { sessionId, templateId, parameters: { nome: 'Cliente' }, at: inHours(2) })).rejects.toMatchObject({
      code: 'invalid_parameters',
    });

    const kept = await r.core.invoke('schedule.create', { sessionId, templateId, parameters, at: inHours(2) });
    expect(kept.scheduled).toMatchObject({ status: 'SCHEDULED', templateName: 'boas_vindas' });
    expect(kept.cost.charged).toBe(true);
    const dropped = await r.core.invoke('schedule.create', { sessionId, templateId, parameters, at: inHours(1) });
    const listed = await r.core.invoke('schedule.list', { sessionId });
    expect(listed).toMatchObject({ source: 'helena', unheard: null });
    expect(listed.items.map((i) => i.id)).toEqual([dropped.scheduled.id, kept.scheduled.id]);

    await r.core.invoke('schedule.cancel', { id: dropped.scheduled.id });
    await expect(r.core.invoke('schedule.cancel', { id: dropped.scheduled.id })).resolves.toEqual({ ok: true });
    const welcomes = async () => (await r.serverMessages(sessionId, DEMO_LOGINS.agent)).filter((m) => m.templateId === templateId);
    expect(await welcomes()).toHaveLength(1);

    r.sandbox.ctx.clock.advance(1.5 * HOUR);
    expect(await welcomes()).toHaveLength(1);
    r.sandbox.ctx.clock.advance(HOUR);
    expect(await welcomes()).toHaveLength(2);
    // The desk hears it by realtime, as any send into the conversation.
    await until('the scheduled template in the conversation', async () => {
      const open = await r.core.invoke('conversation.open', { sessionId });
      return open.messages.filter((m) => m.templateId === templateId).length === 2;
    });
    r.sandbox.ctx.clock.advance(3 * HOUR);
    expect(await welcomes()).toHaveLength(2);
    const after = await r.core.invoke('schedule.list', { sessionId });
    expect(after.items.map((i) => [i.id, i.status])).toEqual([[dropped.scheduled.id, 'CANCELED'], [kept.scheduled.id, 'SENT']]);
    await expect(r.core.invoke('schedule.cancel', { id: kept.scheduled.id })).rejects.toMatchObject({ code: 'too_late' });
  });

  it('offline: nothing scheduled or cancelled, with what to do; the list is the last answer, marked', async () => {
    const r = await rigs.start();
    const { sessionId, templateId } = await onlineWithNewNumber(r, '(11) 93333-4455');
    const parameters = WELCOME_PARAMETERS;
    const kept = await r.core.invoke('schedule.create', { sessionId, templateId, parameters, at: inHours(2) });
    await r.core.invoke('schedule.list', { sessionId });

    r.proxy.setMode('down');
    // Offline, not just "connecting" (the socket lost, REST not asked yet: confirmRest says within 2 s).
    // Before, a read of the conversation still running one request after another met the cut at once.
    await until('the console sees it', async () => (await connectivity(r.core)) === 'offline');
    await expect(r.core.invoke('schedule.create', { sessionId, templateId, parameters, at: inHours(3) })).rejects.toMatchObject({
      code: 'offline',
      message: expect.stringContaining('nada foi agendado') as unknown,
      messageEn: expect.stringContaining('nothing was scheduled') as unknown,
    });
    await expect(r.core.invoke('schedule.cancel', { id: kept.scheduled.id })).rejects.toMatchObject({ code: 'offline' });
    const stale = await r.core.invoke('schedule.list', { sessionId });
    expect(stale).toMatchObject({ source: 'memory', unheard: 'offline' });
    expect(stale.items.map((i) => i.id)).toEqual([kept.scheduled.id]);

    r.proxy.setMode('pass');
    await until('online again', async () => (await connectivity(r.core)) === 'online');
    expect((await r.core.invoke('schedule.list', { sessionId })).items).toHaveLength(1);
  });
});
