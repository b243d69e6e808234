/**
 * "Digitando…" through the console against a real sandbox behind a TCP proxy: the renderer calls
 * conversation.typing on every keystroke and the core sends at most one POST /chat/v1/send/typing
 * per conversation per interval; none offline (nothing queued for later), none where the window is
 * closed or the agent may not write; never an error for the screen. The sandbox counts what it got.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { CHANNEL, TEAM } from '../../sandbox/seed';
import { api, DEMO_LOGINS } from '../../sandbox/testing';
import type { HelenaConsole } from './console';
import { connectivity, type ConsoleRig, contactNamed, nextEvent, startConsoleRig, until } from './testing/console-rig';
import { TYPING_INTERVAL_MS } from './typing';

let rig: ConsoleRig | null = null;
afterEach(async () => {
  await rig?.close();
  rig = null;
});

/** How many "digitando…" HelenaCRM received for the conversation. */
async function received(r: ConsoleRig, sessionId: string): Promise<number> {
  const res = await api(r.sandbox).get<{ count: number }>(`/control/v1/typing?sessionId=${sessionId}`);
  if (res.status !== 200) throw new Error(`typing count: HTTP ${res.status}`);
  return res.body.count;
}

/** Keystrokes: `n` calls as the renderer makes them, one after another. */
async function keystrokes(core: HelenaConsole, sessionId: string, n: number) {
  const results = [];
  for (let i = 0; i < n; i++) results.push(await core.invoke('conversation.typing', { sessionId }));
  return results;
}

describe('conversation.typing', () => {
  it('sends one "digitando…" per interval however fast the agent types, none offline, none where it may not write or the window is closed', async () => {
    let skewMs = 0;
    rig = await startConsoleRig({ now: () => new Date(Date.now() + skewMs) });
    const r = rig;
    const { core } = r;
    await r.login(DEMO_LOGINS.agent);
    await until('online', async () => (await connectivity(core)) === 'online');

    // A contact writes first (window open); not Ana's yet: nothing goes.
    const contactId = await contactNamed(core, 'vinicius romao');
    await r.silence(contactId);
    const replied = nextEvent(core, 'contact-replied', (e) => e.contactId === contactId);
    await r.inbound(contactId, 'Oi, vocês entregam no sábado?', CHANNEL.official.id);
    const { sessionId } = await replied;
    await until('the conversation in the cache', async () => (await core.invoke('conversation.list', {})).find((c) => c.id === sessionId));
    expect(await core.invoke('conversation.typing', { sessionId })).toEqual({ sent: false, reason: 'not_writable' });
    await core.invoke('conversation.assume', { sessionId });

    // Twenty keystrokes in a row: one request.
    const burst = await keystrokes(core, sessionId, 20);
    expect(burst[0]).toEqual({ sent: true, reason: null });
    expect(burst.slice(1).every((t) => !t.sent && t.reason === 'throttled')).toBe(true);
    expect(await received(r, sessionId)).toBe(1);

    // Still typing just before the interval ends: nothing; once it has passed: one more.
    skewMs += TYPING_INTERVAL_MS - 500;
    expect((await keystrokes(core, sessionId, 5)).filter((t) => t.sent)).toHaveLength(0);
    skewMs += 500;
    expect((await keystrokes(core, sessionId, 5)).filter((t) => t.sent)).toHaveLength(1);
    expect(await received(r, sessionId)).toBe(2);

    // Offline: none, and nothing waits to go once the network returns.
    r.proxy.setMode('down');
    await until('the console offline', async () => (await connectivity(core)) !== 'online');
    skewMs += TYPING_INTERVAL_MS;
    expect(await keystrokes(core, sessionId, 5)).toEqual(Array(5).fill({ sent: false, reason: 'offline' }));
    r.proxy.setMode('pass');
    await until('online again', async () => (await connectivity(core)) === 'online');
    expect(await received(r, sessionId)).toBe(2);
    expect((await core.invoke('state.snapshot', {})).outbox.queued).toBe(0);

    // The account's budget is nearly spent (a tenth left for real sends): skipped at once, not waited for.
    const { bucket } = core.requireOpen().client;
    skewMs += TYPING_INTERVAL_MS;
    const held = [];
    while (bucket.stats.available > Math.ceil(bucket.max / 10)) held.push(await bucket.acquire());
    expect(await core.invoke('conversation.typing', { sessionId })).toEqual({ sent: false, reason: 'busy' });
    expect(bucket.stats.waiting).toBe(0);
    for (const release of held) release();
    expect(await received(r, sessionId)).toBe(2);

    // A conversation Ana started whose contact has not answered: the window is closed, none.
    const joao = await contactNamed(core, 'joao da silva');
    await r.silence(joao);
    const welcome = (await core.invoke('templates.forStart', { channelId: CHANNEL.official.id, teamId: TEAM.suporte.id })).find((t) => t.name === 'boas_vindas');
    await core.invoke('conversation.start', {
      contactId: joao, channelId: CHANNEL.official.id, teamId: TEAM.suporte.id, templateId: welcome?.id ?? '', parameters: { nome: 'João', atendente: 'Ana' },
    });
    const started = await until('the started conversation', async () =>
      (await core.invoke('conversation.list', {})).find((c) => c.contactId === joao && c.pendingStart === null),
    );
    expect(started.window.canSendFreeText).toBe(false);
    expect(await keystrokes(core, started.id, 3)).toEqual(Array(3).fill({ sent: false, reason: 'window_closed' }));
    expect(await received(r, started.id)).toBe(0);
  });
});
