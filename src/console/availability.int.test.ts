/**
 * The agent goes on a break and comes back (agent.setAvailability) through the console, against a
 * real sandbox behind a TCP proxy: HelenaCRM has the pause, the snapshot says so (also right after
 * a restart, from the cache), a colleague's desk lists the agent as unavailable among transfer
 * targets after its next sync, and offline the change is refused (never queued) in both languages.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { AgentDTO } from '../api/helena-dto';
import { CHANNEL } from '../../sandbox/seed';
import { api, DEMO_LOGINS, loginAs } from '../../sandbox/testing';
import type { HelenaConsole } from './console';
import { type ColleagueDesk, connectivity, type ConsoleRig, openColleagueDesk, startConsoleRig, until } from './testing/console-rig';

let rig: ConsoleRig | null = null;
let colleague: ColleagueDesk | null = null;
afterEach(async () => {
  await colleague?.close();
  colleague = null;
  await rig?.close();
  rig = null;
});

/** HelenaCRM's own record of the agent (read with a fresh admin login, straight to the sandbox). */
async function serverAgent(r: ConsoleRig, agentId: string): Promise<AgentDTO> {
  const { token } = await loginAs(r.sandbox, DEMO_LOGINS.admin);
  const res = await api(r.sandbox, token).get<AgentDTO>(`/core/v1/agent/${agentId}`);
  if (res.status !== 200) throw new Error(`get agent: HTTP ${res.status}`);
  return res.body;
}

/** Ana as a transfer target on a desk, for a conversation of her team. */
async function anaAsTarget(desk: HelenaConsole, sessionId: string) {
  return (await desk.invoke('transfer.targets', { sessionId })).agents.find((a) => a.name === 'Ana Lúcia Souza');
}

describe('the agent says whether they are available', () => {
  it('pauses: HelenaCRM has it, the snapshot says so, a colleague sees it after a sync; back again the same way', async () => {
    rig = await startConsoleRig();
    const r = rig;
    const { core } = r;
    await r.login(DEMO_LOGINS.agent);
    await until('online', async () => (await connectivity(core)) === 'online');
    const before = await core.invoke('state.snapshot', {});
    expect(before.agent).toMatchObject({ name: 'Ana Lúcia Souza', availability: 'AVAILABLE' });
    const anaId = before.agent?.id ?? '';

    // A contact writes first: the conversation waits in Vendas (Ana's team). A supervisor's desk sees it.
    const contactId = (await core.invoke('contacts.search', { query: 'vinicius romao' })).items[0]?.id ?? '';
    await r.inbound(contactId, 'Bom dia, alguém pode me atender?', CHANNEL.official.id);
    colleague = await openColleagueDesk(r.sandbox, DEMO_LOGINS.admin);
    const desk = colleague.core;
    const sessionId = await until('the conversation on the colleague’s desk', async () => {
      await desk.invoke('sync.now', {});
      return (await desk.invoke('conversation.list', {})).find((c) => c.contactId === contactId)?.id;
    });
    expect(await anaAsTarget(desk, sessionId)).toMatchObject({ available: true });

    const seen = r.events.length;
    const paused = await core.invoke('agent.setAvailability', { availability: 'UNAVAILABLE' });
    expect(paused.agent).toMatchObject({ id: anaId, name: 'Ana Lúcia Souza', availability: 'UNAVAILABLE' });
    expect(r.events.slice(seen)).toContainEqual({ type: 'agent-changed' });
    expect((await core.invoke('state.snapshot', {})).agent?.availability).toBe('UNAVAILABLE');
    expect((await serverAgent(r, anaId)).availability).toBe('UNAVAILABLE');
    // A sync of Ana's own desk keeps it (HelenaCRM says the same).
    await core.invoke('sync.now', {});
    expect((await core.invoke('state.snapshot', {})).agent?.availability).toBe('UNAVAILABLE');

    // The colleague's desk learns it with its next sync (HelenaCRM sends no webhook for agents).
    await desk.invoke('sync.now', {});
    expect(await anaAsTarget(desk, sessionId)).toMatchObject({ available: false });

    const back = await core.invoke('agent.setAvailability', { availability: 'AVAILABLE' });
    expect(back.agent.availability).toBe('AVAILABLE');
    expect((await serverAgent(r, anaId)).availability).toBe('AVAILABLE');
    await desk.invoke('sync.now', {});
    expect(await anaAsTarget(desk, sessionId)).toMatchObject({ available: true });
  });

  it('shows the pause at startup from the cache; offline a change is refused in pt-BR and English, never queued', async () => {
    rig = await startConsoleRig();
    const r = rig;
    const { core } = r;
    await r.login(DEMO_LOGINS.agent);
    await until('online', async () => (await connectivity(core)) === 'online');
    const anaId = (await core.invoke('state.snapshot', {})).agent?.id ?? '';
    await core.invoke('agent.setAvailability', { availability: 'UNAVAILABLE' });

    // The app closes and opens again with no network: the desk still says "Em pausa".
    r.proxy.setMode('down');
    await core.close();
    await core.open({ location: r.dataDir, baseUrl: r.proxy.url });
    const reopened = await core.invoke('state.snapshot', {});
    expect(reopened).toMatchObject({ auth: 'logged_in', agent: { availability: 'UNAVAILABLE' } });

    const offline = {
      code: 'offline',
      message: expect.stringContaining('tente de novo quando a conexão voltar') as unknown,
      messageEn: expect.stringContaining('try again when the connection is back') as unknown,
    };
    // Before the console noticed the network is gone (the call fails), and once it has.
    await expect(core.invoke('agent.setAvailability', { availability: 'AVAILABLE' })).rejects.toMatchObject(offline);
    await until('the console sees it', async () => (await connectivity(core)) === 'offline');
    await expect(core.invoke('agent.setAvailability', { availability: 'AVAILABLE' })).rejects.toMatchObject(offline);
    expect((await core.invoke('state.snapshot', {})).agent?.availability).toBe('UNAVAILABLE');
    expect(await core.invoke('state.snapshot', {})).toMatchObject({ outbox: { queued: 0 }, outboxHeldHere: 0 });

    // Back online: nothing went out meanwhile; now it does.
    r.proxy.setMode('pass');
    await until('online again', async () => (await connectivity(core)) === 'online');
    expect((await serverAgent(r, anaId)).availability).toBe('UNAVAILABLE');
    await core.invoke('agent.setAvailability', { availability: 'AVAILABLE' });
    expect((await serverAgent(r, anaId)).availability).toBe('AVAILABLE');
    expect((await core.invoke('state.snapshot', {})).agent?.availability).toBe('AVAILABLE');
  });

  it('paused by an admin elsewhere (the web panel): the desk hears agent-changed with its next sync', async () => {
    rig = await startConsoleRig();
    const r = rig;
    await r.login(DEMO_LOGINS.agent);
    const anaId = (await r.core.invoke('state.snapshot', {})).agent?.id ?? '';
    const { token } = await loginAs(r.sandbox, DEMO_LOGINS.admin);
    const res = await api(r.sandbox, token).put(`/core/v1/agent/${anaId}`, { availability: 'UNAVAILABLE', fields: ['Availability'] });
    expect(res.status).toBe(200);
    const seen = r.events.length;
    await r.core.invoke('sync.now', {});
    expect(r.events.slice(seen)).toContainEqual({ type: 'agent-changed' });
    expect((await r.core.invoke('state.snapshot', {})).agent?.availability).toBe('UNAVAILABLE');
  });

  it('refuses anything but AVAILABLE or UNAVAILABLE before calling HelenaCRM', async () => {
    rig = await startConsoleRig();
    await rig.login(DEMO_LOGINS.agent);
    await expect(rig.core.invoke('agent.setAvailability', { availability: 'ON_BREAK' as 'AVAILABLE' })).rejects.toMatchObject({
      code: 'invalid_input',
      field: 'availability',
    });
  });
});
