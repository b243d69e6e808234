/**
 * A sync cut short leaves nothing on the status bar that says it is still syncing: its progress
 * goes, and the bar says a retry is coming (while one is), until a pass finishes or sync stops.
 * Against the real sandbox, HelenaCRM failing a page of the first sync (scripted 503).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { api, DEMO_LOGINS, readLoginCode, startTestSandbox, type RunningSandbox } from '../../sandbox/testing';
import { HelenaConsole } from './console';
import type { CoreEvent } from './core-events';
import { startTcpProxy, type TcpProxy } from '../outbox/testing/tcp-proxy';
import { realEngines } from './real-engines';
import { MemorySecretStore } from './secret-store';
import { PRICES, until } from './testing/console-rig';

const RETRY_MS = 2_000;

let running: { sandbox: RunningSandbox; core: HelenaConsole; proxy: TcpProxy } | null = null;
afterEach(async () => {
  await running?.core.close();
  await running?.proxy.close();
  await running?.sandbox.close();
  running = null;
});

type SyncEvent = Extract<CoreEvent, { type: 'sync-progress' | 'sync-finished' | 'sync-stopped' }>;

async function desk(): Promise<{ core: HelenaConsole; sandbox: RunningSandbox; proxy: TcpProxy; syncEvents: SyncEvent[] }> {
  const sandbox = await startTestSandbox();
  // Between the desk and HelenaCRM, to cut the network.
  const proxy = await startTcpProxy(sandbox.url);
  const core = new HelenaConsole({
    secrets: new MemorySecretStore(),
    prices: PRICES,
    // No socket: only the passes this test makes fail move the bar. A retry after RETRY_MS, so the
    // bar between the failure and the retry can be looked at.
    // A delta's progress shows at once (not after 2 s), so a delta cut short has some on the bar.
    engines: realEngines({ sync: { realtime: false, retryBaseMs: RETRY_MS, retryCapMs: RETRY_MS, deltaProgressQuietMs: 0 } }),
    client: { retry: { maxAttempts: 1 }, timeoutMs: 3_000 },
  });
  const syncEvents: SyncEvent[] = [];
  core.on((event) => {
    if (event.type === 'sync-progress' || event.type === 'sync-finished' || event.type === 'sync-stopped') syncEvents.push(event);
  });
  await core.open({ location: mkdtempSync(join(tmpdir(), 'helena-sync-bar-')), baseUrl: proxy.url });
  running = { sandbox, core, proxy };
  return { core, sandbox, proxy, syncEvents };
}

async function login(core: HelenaConsole, sandbox: RunningSandbox): Promise<void> {
  await core.invoke('auth.requestCode', { login: DEMO_LOGINS.agent });
  await core.invoke('auth.verify', { login: DEMO_LOGINS.agent, code: await readLoginCode(sandbox, DEMO_LOGINS.agent) });
  await core.whenSynced();
}

async function failSessionsPage(sandbox: RunningSandbox): Promise<void> {
  const armed = await api(sandbox).post('/control/v1/faults/scripted', { method: 'GET', path: '/chat/v2/session', when: 'before', status: 503, times: 1 });
  expect(armed.status).toBe(200);
}

describe('the status bar after a sync cut short', () => {
  it('a first sync HelenaCRM fails midway takes its progress off the bar, says a retry is coming, and the retry’s finish clears that', async () => {
    const { core, sandbox, syncEvents } = await desk();
    await failSessionsPage(sandbox);
    await login(core, sandbox);

    // The pass got somewhere before the 503 (the directory, contacts), then stopped.
    expect(syncEvents.some((e) => e.type === 'sync-progress' && e.phase === 'first')).toBe(true);
    expect(syncEvents.some((e) => e.type === 'sync-finished')).toBe(false);
    expect(syncEvents.at(-1)).toEqual({ type: 'sync-stopped', retrying: true });
    expect((await core.invoke('state.snapshot', {})).sync).toMatchObject({ state: 'never', progress: null, retrying: true });
    // Pulls still under way when the pass failed put nothing back on the bar.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(syncEvents.at(-1)).toEqual({ type: 'sync-stopped', retrying: true });
    expect((await core.invoke('state.snapshot', {})).sync).toMatchObject({ progress: null, retrying: true });

    // The retry goes through.
    await until('the retry finished', () => syncEvents.at(-1)?.type === 'sync-finished', RETRY_MS + 15_000);
    const after = (await core.invoke('state.snapshot', {})).sync;
    expect(after).toMatchObject({ state: 'idle', progress: null });
    expect(after.retrying ?? false).toBe(false);
  });

  it('a delta the network drops midway takes its progress off the bar while the network is gone, and the retry once it is back clears it', async () => {
    const { core, sandbox, proxy, syncEvents } = await desk();
    await login(core, sandbox);
    expect(syncEvents.at(-1)?.type).toBe('sync-finished');

    // The network goes as soon as the delta has shown a step: the rest of its requests fail.
    const off = core.on((event) => {
      if (event.type === 'sync-progress' && event.phase === 'delta') {
        proxy.setMode('down');
        off();
      }
    });
    await core.checkConnectionNow();
    await until('the delta cut short', () => syncEvents.at(-1)?.type === 'sync-stopped');
    expect(syncEvents.some((e) => e.type === 'sync-progress' && e.phase === 'delta')).toBe(true);
    expect(syncEvents.at(-1)).toEqual({ type: 'sync-stopped', retrying: true });
    const cut = await core.invoke('state.snapshot', {});
    expect(cut.sync).toMatchObject({ state: 'idle', progress: null, retrying: true });
    expect(cut.connectivity.state).toBe('offline');
    // Retries with the network still gone fail before any step: nothing comes back on the bar.
    await new Promise((resolve) => setTimeout(resolve, RETRY_MS + 500));
    expect(syncEvents.at(-1)).toEqual({ type: 'sync-stopped', retrying: true });
    expect((await core.invoke('state.snapshot', {})).sync).toMatchObject({ progress: null, retrying: true });

    proxy.setMode('pass');
    await until('the retry finished', () => syncEvents.at(-1)?.type === 'sync-finished', RETRY_MS + 15_000);
    expect((await core.invoke('state.snapshot', {})).sync).toMatchObject({ state: 'idle', progress: null, retrying: false });
  });

  it('signing out while a retry waits leaves no progress and no retry on the bar', async () => {
    const { core, sandbox, syncEvents } = await desk();
    await failSessionsPage(sandbox);
    await login(core, sandbox);
    expect((await core.invoke('state.snapshot', {})).sync).toMatchObject({ progress: null, retrying: true });

    await core.invoke('auth.logout', {});
    expect(syncEvents.at(-1)).toEqual({ type: 'sync-stopped', retrying: false });
    expect((await core.invoke('state.snapshot', {})).sync).toMatchObject({ progress: null, retrying: false });
  });
});
