/**
 * A line where reads answer and sends time out (a proxy that stalls POST bodies, a link that drops
 * the larger packets), against the real sandbox: the rig's proxy holds every answer to the send.
 * Each send's timeout turned the desk offline, the sync's next read (100 ms later) turned it back
 * online, and the outbox, told the connection came back, voided the send's backoff and sent again
 * at once: the badge flipped online → offline → online at every try and the send never backed off
 * (here: offline 3 times in 5 s, a try every 1.6 s; with HelenaCRM's 20-s deadline, every 20 s).
 */
import { describe, expect, it, vi } from 'vitest';
import { api, DEMO_LOGINS } from '../../sandbox/testing';
import { Outbox } from '../outbox';
import type { CoreEvent } from './core-events';
import { contactNamed, rigPerTest, takenConversation, until, untilOnlineWithSocket } from './testing/console-rig';

const rigs = rigPerTest();

type Connectivity = Extract<CoreEvent, { type: 'connectivity' }>;
type Stamped = { at: number; event: CoreEvent };

describe('reads answer, sends time out', () => {
  it('the badge settles on unstable instead of flipping at every try, and the send keeps its backoff', async () => {
    // A 1.5-s deadline; the outbox's waits pinned near their ceiling (2 s, 4 s, 8 s …).
    const r = await rigs.start({ timeoutMs: 1_500, outboxRandom: () => 0.99 });
    await r.login(DEMO_LOGINS.agent);
    const sessionId = await takenConversation(r);
    await r.silence(await contactNamed(r.core, 'vinicius romao'));
    await untilOnlineWithSocket(r.core);
    const seen: Stamped[] = [];
    r.core.on((event) => seen.push({ at: Date.now(), event }));
    r.proxy.holdAnswersTo(/^POST \/chat\/v1\/session\/[^/ ]+\/message /);

    const { localId } = await r.core.invoke('message.sendText', { sessionId, text: 'Segue o boleto.' });
    const failures = () => seen.filter(({ event: e }) => e.type === 'message-status' && e.localId === localId && e.status === 'queued' && e.reason !== undefined);
    await until('three tries timed out', () => failures().length >= 3, 20_000);

    const states = seen.map(({ event }) => event).filter((e): e is Connectivity => e.type === 'connectivity').map((e) => e.state);
    const [, second] = failures();
    const tries = seen.filter(({ event: e }) => e.type === 'message-status' && e.localId === localId && e.status === 'sending');
    // At most one blip at the first timeout, then steady: the line is unstable, not gone.
    expect(states.filter((s) => s === 'offline').length).toBeLessThanOrEqual(1);
    expect(states.at(-1)).toBe('unstable');
    expect((await r.core.invoke('state.snapshot', {})).connectivity.state).toBe('unstable');
    // The third try waited out the second's backoff (4 s here), not sent again at once.
    const thirdTry = tries.find((t) => t.at > second!.at);
    expect(thirdTry!.at - second!.at).toBeGreaterThan(3_000);
  }, 40_000);
});

describe('a socket that a gateway ends as soon as it opens, REST answering', () => {
  it('does not wake the outbox at each of its connectivity events: nothing changed for sending', async () => {
    const r = await rigs.start();
    await r.login(DEMO_LOGINS.agent);
    await untilOnlineWithSocket(r.core);
    const wakes = vi.spyOn(Outbox.prototype, 'setOnline');
    const seen: Connectivity[] = [];
    r.core.on((event) => {
      if (event.type === 'connectivity') seen.push(event);
    });
    // The drops as the sync engine says them: the console tells the window fewer (coalesced).
    const said: Connectivity[] = [];
    r.core.requireEngines().sync.on((event) => {
      if (event.type === 'connectivity') said.push(event);
    });
    try {
      await api(r.sandbox).put('/control/v1/faults', { dropSockets: true });
      // Each drop is an 'offline', a 'connecting' and a 'connected' for the socket: several a second.
      await until('six drops', () => said.filter((e) => e.realtime === 'offline').length >= 6, 10_000);
      expect([...new Set(said.map((e) => e.state))]).toEqual(['online']);
      // Told (a few, or none: the socket back as it was told within the window), never anything but online.
      expect(seen.filter((e) => e.state !== 'online')).toEqual([]);
      expect(wakes).not.toHaveBeenCalled();
    } finally {
      wakes.mockRestore();
      await api(r.sandbox).put('/control/v1/faults', { dropSockets: false });
    }
  }, 30_000);
});
