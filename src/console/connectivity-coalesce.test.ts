/**
 * A socket that a gateway ends as soon as it opens, REST answering: the sync engine says so several
 * times a second ('online' throughout, the socket connecting, connected, offline). The window hears
 * a change of state at once, the repeats at most about once a second, and always ends on the last.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { HelenaConsole } from './console';
import type { CoreEvent } from './core-events';
import { MemorySecretStore } from './secret-store';
import { fakeEngines, seededCacheDir } from './test-support';

const PRICES = { UTILITY: { BR: { amount: 0.008, currency: 'USD' } } };
const TOKEN = 'tok_' + 'x'.repeat(40);
type Connectivity = Extract<CoreEvent, { type: 'connectivity' }>;

let core: HelenaConsole;
let engines: ReturnType<typeof fakeEngines>;
let told: Array<{ at: number; event: Connectivity }>;

beforeEach(async () => {
  engines = fakeEngines();
  core = new HelenaConsole({ secrets: new MemorySecretStore(TOKEN), prices: PRICES, engines: engines.factory, client: { retry: { maxAttempts: 1 } } });
  // A saved token and a cached agent: resumes logged in with the fake engines.
  await core.open({ location: seededCacheDir(), baseUrl: 'http://127.0.0.1:9' });
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  told = [];
  core.on((event) => {
    if (event.type === 'connectivity') told.push({ at: Date.now(), event });
  });
});
afterEach(async () => {
  vi.useRealTimers();
  await core.close();
});

function sync() {
  const built = engines.built[0];
  if (!built) throw new Error('engines not built');
  return built.sync;
}

const SOCKET_CYCLE: Array<Connectivity['realtime']> = ['connecting', 'connected', 'offline'];

/** The socket dropped and redialled every 100 ms for `ms`, the desk online (REST answering). */
function flap(ms: number): void {
  for (let t = 0; t < ms; t += 100) {
    sync().emit({ type: 'connectivity', state: 'online', realtime: SOCKET_CYCLE[(t / 100) % SOCKET_CYCLE.length]! });
    vi.advanceTimersByTime(100);
  }
}

describe('connectivity events to the window', () => {
  it('a flapping socket is told about once a second; a real change at once; the last told is the final state', async () => {
    sync().emit({ type: 'connectivity', state: 'online', realtime: 'connected' });
    expect(told).toHaveLength(1);

    flap(10_000);
    // 100 socket events in 10 s: about one a second reach the window (all 'online').
    expect(told.length).toBeLessThanOrEqual(12);
    expect(new Set(told.map((t) => t.event.state))).toEqual(new Set(['online']));
    // The outbox was told once: nothing changed for sending.
    expect(engines.built[0]?.outbox.calls.filter((c) => c.startsWith('online:'))).toEqual(['online:true']);

    // REST stops answering mid-window: told at once, not at the window's end.
    const before = told.length;
    sync().emit({ type: 'connectivity', state: 'offline', realtime: 'offline', detail: 'network.offline' });
    expect(told).toHaveLength(before + 1);
    expect(told.at(-1)?.event).toEqual({ type: 'connectivity', state: 'offline', realtime: 'offline', detail: 'network.offline' });

    // Back online, flapping again, then the socket settles connected: the window ends on it.
    sync().emit({ type: 'connectivity', state: 'online', realtime: 'connecting' });
    expect(told.at(-1)?.event).toMatchObject({ state: 'online', realtime: 'connecting' });
    flap(2_050);
    sync().emit({ type: 'connectivity', state: 'online', realtime: 'connected' });
    // The snapshot is never behind: a window opened now reads the final state.
    expect((await core.invoke('state.snapshot', {})).connectivity).toEqual({ state: 'online', realtime: 'connected' });
    vi.advanceTimersByTime(1_000);
    expect(told.at(-1)?.event).toEqual({ type: 'connectivity', state: 'online', realtime: 'connected' });
    const settled = told.length;
    vi.advanceTimersByTime(5_000);
    expect(told).toHaveLength(settled);
  });

  it('a single change of the socket alone is told at once when nothing was told within the window', () => {
    sync().emit({ type: 'connectivity', state: 'online', realtime: 'connected' });
    vi.advanceTimersByTime(1_500);
    sync().emit({ type: 'connectivity', state: 'online', realtime: 'offline' });
    expect(told.map((t) => t.event.realtime)).toEqual(['connected', 'offline']);
  });

  it('a drop and its redial within the window tell nothing more: the window already shows it', () => {
    sync().emit({ type: 'connectivity', state: 'online', realtime: 'connected' });
    sync().emit({ type: 'connectivity', state: 'online', realtime: 'offline' });
    sync().emit({ type: 'connectivity', state: 'online', realtime: 'connected' });
    vi.advanceTimersByTime(5_000);
    expect(told.map((t) => t.event.realtime)).toEqual(['connected']);
  });
});
