/**
 * A schedule that fails at its moment, and moving one, through the console against the demo
 * sandbox: a number not on WhatsApp (ending 0000) makes the schedule FAILED when the sandbox clock
 * passes its moment; the console's watch hears it and raises 'schedule-failed' once (not again on
 * later looks, nor after a reopen); the conversation lists it with its reason until "Dispensar",
 * which survives a reopen of the console. "Alterar horário" moves a schedule, which then goes out
 * at the new moment once; one already processed, or offline, is refused.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_LOGINS } from '../../sandbox/testing';
import { CHANNEL, TEAM } from '../../sandbox/seed';
import { connectivity, type ConsoleRig, startConsoleRig, until, conversationWithNewNumber } from './testing/console-rig';

const HOUR = 3_600_000;
const WATCH_MS = 200;
let rig: ConsoleRig | null = null;
afterEach(async () => {
  await rig?.close();
  rig = null;
});

const inHours = (hours: number) => new Date(Date.now() + hours * HOUR).toISOString();
const parameters = { nome: 'Cliente', atendente: 'Ana' };
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('a schedule that fails at its moment', () => {
  it('is announced once, listed as failed with its reason, and a dismissal survives a reopen', async () => {
    rig = await startConsoleRig({ scheduleWatchMs: WATCH_MS });
    const r = rig;
    await r.login(DEMO_LOGINS.agent);
    await until('online', async () => (await connectivity(r.core)) === 'online');
    const { sessionId, templateId, contactId } = await conversationWithNewNumber(r, '(11) 93333-0000');
    const { scheduled } = await r.core.invoke('schedule.create', { sessionId, templateId, parameters, at: inHours(2) });

    r.sandbox.ctx.clock.advance(3 * HOUR);
    const failedEvents = () => r.events.filter((e) => e.type === 'schedule-failed' && e.scheduledId === scheduled.id);
    const event = await until('the failure announced', () => failedEvents()[0]);
    expect(event).toMatchObject({ contactId, sessionId, templateName: 'boas_vindas', at: scheduled.at, reason: 'Número não possui WhatsApp' });
    await pause(WATCH_MS * 5);
    expect(failedEvents()).toHaveLength(1);

    const listed = await r.core.invoke('schedule.list', { sessionId });
    expect(listed.items.find((i) => i.id === scheduled.id)).toMatchObject({ status: 'FAILED', failureReason: 'Número não possui WhatsApp', parameters });
    // A failed one cannot be moved: it is over.
    await expect(r.core.invoke('schedule.reschedule', { id: scheduled.id, at: inHours(30) })).rejects.toMatchObject({ code: 'too_late' });

    await r.core.invoke('schedule.dismiss', { id: scheduled.id });
    expect((await r.core.invoke('schedule.list', { sessionId })).items.map((i) => i.id)).not.toContain(scheduled.id);

    // The same cache opened again: still dismissed, and not announced again.
    const heardBefore = r.events.length;
    const again = await r.reopen();
    const afterReopen = () => r.events.slice(heardBefore).filter((e) => e.type === 'schedule-failed');
    await again.whenSynced();
    await until('online again', async () => (await connectivity(again)) === 'online');
    const relisted = await again.invoke('schedule.list', { sessionId });
    expect(relisted.source).toBe('helena');
    expect(relisted.items.map((i) => i.id)).not.toContain(scheduled.id);
    await pause(WATCH_MS * 5);
    expect(afterReopen()).toEqual([]);
  });
});

describe('"Agendar de novo" on a media template', () => {
  it('offers the same link again: the failed schedule is listed with its file', async () => {
    rig = await startConsoleRig({ scheduleWatchMs: WATCH_MS });
    const r = rig;
    await r.login(DEMO_LOGINS.agent);
    await until('online', async () => (await connectivity(r.core)) === 'online');
    const { sessionId } = await conversationWithNewNumber(r, '(11) 93334-0000');
    const proposal = (await r.core.invoke('templates.forStart', { channelId: CHANNEL.official.id, teamId: TEAM.vendas.id })).find((t) => t.name === 'proposta_comercial');
    if (!proposal) throw new Error('proposta_comercial not offered');
    const link = 'https://arquivos.exemplo.com.br/propostas/proposta-123.pdf';
    const { scheduled } = await r.core.invoke('schedule.create', {
      sessionId, templateId: proposal.id, parameters: { nome: 'Cliente', proposta: '123' }, media: link, at: inHours(2),
    });

    r.sandbox.ctx.clock.advance(3 * HOUR);
    await until('the failure announced', () => r.events.find((e) => e.type === 'schedule-failed' && e.scheduledId === scheduled.id));
    const listed = (await r.core.invoke('schedule.list', { sessionId })).items.find((i) => i.id === scheduled.id);
    expect(listed).toMatchObject({ status: 'FAILED', templateId: proposal.id, parameters: { nome: 'Cliente', proposta: '123' }, media: link });
  });
});

describe('"Alterar horário"', () => {
  it('moves a schedule: it goes out at the new moment, once; offline and once sent it is refused', async () => {
    rig = await startConsoleRig({ scheduleWatchMs: WATCH_MS });
    const r = rig;
    await r.login(DEMO_LOGINS.agent);
    await until('online', async () => (await connectivity(r.core)) === 'online');
    const { sessionId, templateId } = await conversationWithNewNumber(r, '(11) 93333-7788');
    const { scheduled } = await r.core.invoke('schedule.create', { sessionId, templateId, parameters, at: inHours(2) });
    await r.core.invoke('schedule.list', { sessionId });

    await expect(r.core.invoke('schedule.reschedule', { id: scheduled.id, at: new Date(Date.now() + 10_000).toISOString() })).rejects.toMatchObject({ field: 'at' });
    const moved = await r.core.invoke('schedule.reschedule', { id: scheduled.id, at: inHours(5) });
    expect(moved.scheduled).toMatchObject({ id: scheduled.id, status: 'SCHEDULED', templateName: 'boas_vindas' });
    expect(Date.parse(moved.scheduled.at)).toBeGreaterThan(Date.now() + 4.9 * HOUR);
    const listed = await r.core.invoke('schedule.list', { sessionId });
    expect(listed.items.find((i) => i.id === scheduled.id)?.at).toBe(moved.scheduled.at);

    const welcomes = async () => (await r.serverMessages(sessionId, DEMO_LOGINS.agent)).filter((m) => m.templateId === templateId);
    expect(await welcomes()).toHaveLength(1);
    r.sandbox.ctx.clock.advance(3 * HOUR);
    expect(await welcomes()).toHaveLength(1);
    r.sandbox.ctx.clock.advance(2.5 * HOUR);
    expect(await welcomes()).toHaveLength(2);
    r.sandbox.ctx.clock.advance(5 * HOUR);
    expect(await welcomes()).toHaveLength(2);
    await expect(r.core.invoke('schedule.reschedule', { id: scheduled.id, at: inHours(30) })).rejects.toMatchObject({
      code: 'too_late',
      message: expect.stringContaining('Não dá mais para alterar') as unknown,
    });

    const other = await r.core.invoke('schedule.create', { sessionId, templateId, parameters, at: inHours(20) });
    r.proxy.setMode('down');
    await until('the console sees it', async () => (await connectivity(r.core)) !== 'online');
    await expect(r.core.invoke('schedule.reschedule', { id: other.scheduled.id, at: inHours(30) })).rejects.toMatchObject({
      code: 'offline',
      message: expect.stringContaining('o horário não foi alterado') as unknown,
    });
    expect(r.events.filter((e) => e.type === 'schedule-failed')).toEqual([]);
  });
});
