/**
 * A desk whose realtime socket is refused (a proxy or firewall) while REST works: what the socket
 * could not have missed costs nothing, and what it did miss before it first got through is told.
 * The delta on a timer that stands in for the socket (realtimeFallbackPollMs) reads only what brings
 * replies and conversation changes, and leaves the status bar alone when it finds nothing.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { addConversation } from '../../sandbox/realtime/test-fixtures';
import { CHANNEL, demoTemplateId, TEAM } from '../../sandbox/seed';
import { DEMO_LOGINS } from '../../sandbox/testing';
import { startTcpProxy, type TcpProxy } from '../outbox/testing/tcp-proxy';
import type { CoreEvent } from '../console/core-events';
import type { SyncEngineOptions } from './sync-engine';
import { startHarness, waitFor, type Harness } from './test-harness';

let h: Harness | null = null;
let proxy: TcpProxy | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
  await proxy?.close();
  proxy = null;
});
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The socket refused (nothing listens at its URL), REST straight to the sandbox: online without realtime, polling every `pollMs`. */
async function deskWithoutSocket(engine: Partial<SyncEngineOptions>, pollMs: number, seed?: (harness: Harness) => unknown): Promise<Harness> {
  h = await startHarness({ login: DEMO_LOGINS.agent, engine: { url: 'http://127.0.0.1:9', realtimeFallbackPollMs: pollMs, directoryCheckMs: 60 * 60_000, sightCheckMs: 60 * 60_000, ...engine } });
  const harness = h;
  seed?.(harness);
  await harness.engine.start();
  await waitFor(() => harness.events.some((e) => e.type === 'connectivity' && e.state === 'online' && e.realtime !== 'connected'), 'online without realtime', 5_000);
  return harness;
}

const deltasIn = (events: readonly CoreEvent[]): number => events.filter((e) => e.type === 'sync-finished' && e.phase === 'delta').length;

/** The client's requests by kind from now on (every one also takes a token of the shared rate limit: bucket.stats.granted). */
function countRequests(harness: Harness): Record<string, number> {
  const counts: Record<string, number> = {};
  const client = harness.client as unknown as Record<string, (...args: unknown[]) => unknown>;
  for (const name of ['me', 'listChannels', 'listDepartments', 'listAgents', 'listTemplates', 'listContacts', 'listSessions', 'getSession']) {
    const original = client[name];
    if (typeof original !== 'function') throw new Error(`no client.${name}`);
    client[name] = (...args: unknown[]) => {
      counts[name] = (counts[name] ?? 0) + 1;
      return original.apply(harness.client, args);
    };
  }
  return counts;
}

describe('SyncEngine × sandbox: the socket refused, REST working', () => {
  it('a reply written while the socket was refused, just before it first gets through with no offset to resume from, is told at once, not at the 15-min safety net', async () => {
    // REST straight to the sandbox; the socket through a proxy that refuses it. The fallback poll is long, so it does not cover the window.
    h = await startHarness({ login: DEMO_LOGINS.agent, engine: { realtimeFallbackPollMs: 60_000 } });
    const harness = h;
    proxy = await startTcpProxy(harness.sandbox.url);
    proxy.setMode('down');
    (harness.engine as unknown as { options: { url: string } }).options.url = proxy.url;
    const conv = addConversation(harness.sandbox.ctx, TEAM.vendas.id);
    await harness.engine.start();
    await waitFor(() => harness.events.some((e) => e.type === 'connectivity' && e.state === 'online' && e.realtime !== 'connected'), 'online without realtime', 5_000);
    expect(harness.store.syncState.realtimeOffset()).toBeNull(); // a fresh cache, or another agent's before (forgetOthersOffset)
    await harness.control.post('/control/v1/inbound', { contactId: conv.contactId, channelId: conv.channelId, text: 'ainda estou aqui' });
    await sleep(300);
    proxy.setMode('pass'); // the proxy lets the socket through: it goes live from now, nothing replayed
    await waitFor(() => harness.engine.realtimeStatus === 'connected', 'socket through', 5_000);
    await sleep(1_500);
    expect(harness.replies).toContain(conv.sessionId);
  });

  it('with the socket refused (REST-only), a screen unlock does not read the whole open list: the socket missed nothing', async () => {
    h = await startHarness({ login: DEMO_LOGINS.agent, engine: { url: 'http://127.0.0.1:9', realtimeFallbackPollMs: 60_000, sightCheckMs: 60 * 60_000 } });
    const harness = h;
    let comparisons = 0;
    const original = harness.client.listSessions.bind(harness.client);
    harness.client.listSessions = ((params: Parameters<typeof original>[0], options: Parameters<typeof original>[1]) => {
      const p = params as { updatedAfter?: string; contactId?: string; pageNumber?: number };
      if (p.updatedAfter === undefined && p.contactId === undefined && p.pageNumber === 1 && Array.isArray((p as { status?: unknown }).status) && ((p as { status: unknown[] }).status.length >= 3) && (p as { pageSize?: number }).pageSize !== 1) comparisons++;
      return original(params, options);
    }) as typeof original;
    // Conversations in sight, so the scope has a cursor (an empty one is read whole each delta: one page).
    addConversation(harness.sandbox.ctx, TEAM.vendas.id);
    await harness.engine.start();
    await waitFor(() => harness.events.some((e) => e.type === 'connectivity' && e.state === 'online' && e.realtime !== 'connected'), 'online without realtime', 5_000);
    await harness.engine.syncNow();
    await sleep(300);
    const before = comparisons;
    for (let i = 0; i < 3; i++) {
      await harness.engine.checkConnectionNow(60_000);
      await sleep(400);
    }
    expect(comparisons - before).toBe(0);
  });

  it('a poll that finds nothing leaves the status bar as it was: no "Sincronizando…" twice a minute', async () => {
    const harness = await deskWithoutSocket({}, 250);
    await waitFor(() => deltasIn(harness.events) >= 1, 'the first poll', 5_000);
    const mark = harness.events.length;
    await waitFor(() => deltasIn(harness.events.slice(mark)) >= 3, 'three more polls', 5_000);
    const after = harness.events.slice(mark);
    expect(after.filter((e) => e.type === 'sync-progress')).toEqual([]);
  });

  it('a poll that runs long (a slow line, a backlog) shows its progress once it has gone on for a moment', async () => {
    const harness = await deskWithoutSocket({ deltaProgressQuietMs: 300 }, 250);
    await waitFor(() => deltasIn(harness.events) >= 1, 'the first poll', 5_000);
    // Every answer 150 ms late: a poll takes several round trips one after another, well past 300 ms.
    expect((await harness.control.put('/control/v1/faults', { latencyMs: 150 })).status).toBe(200);
    const mark = harness.events.length;
    await waitFor(() => deltasIn(harness.events.slice(mark)) >= 2, 'two slow polls', 10_000);
    const after = harness.events.slice(mark);
    const progress = after.filter((e) => e.type === 'sync-progress');
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.every((e) => e.type === 'sync-progress' && e.phase === 'delta')).toBe(true);
    // And 'sync-finished' clears it: the last word of each poll.
    expect(after.filter((e) => e.type === 'sync-progress' || e.type === 'sync-finished').at(-1)?.type).toBe('sync-finished');
    expect((await harness.control.put('/control/v1/faults', { latencyMs: 0 })).status).toBe(200);
  });

  it('each poll reads the conversations and contacts that changed, not the directory and templates again (those keep their own timer)', async () => {
    // A conversation in sight, so the scope has a cursor (an empty one is read whole each delta).
    const harness = await deskWithoutSocket({}, 250, (before) => addConversation(before.sandbox.ctx, TEAM.vendas.id));
    await waitFor(() => deltasIn(harness.events) >= 1, 'the first poll', 5_000);
    const counts = countRequests(harness);
    // Tokens taken at the end of each poll: the difference between two is one poll's requests.
    const granted: number[] = [];
    harness.engine.on((e) => {
      if (e.type === 'sync-finished') granted.push(harness.client.bucket.stats.granted);
    });
    await waitFor(() => granted.length >= 4, 'four polls', 5_000);
    const perPoll = granted.slice(1).map((g, i) => g - (granted[i] ?? g));
    console.info(`[medida] socket recusado, sem novidade: ${perPoll.join(', ')} requisições por consulta; por tipo em ${granted.length} consultas: ${JSON.stringify(counts)}`);
    expect(counts.me ?? 0).toBe(0);
    expect(counts.listChannels ?? 0).toBe(0);
    expect(counts.listDepartments ?? 0).toBe(0);
    expect(counts.listAgents ?? 0).toBe(0);
    expect(counts.listTemplates ?? 0).toBe(0);
    expect(Math.max(...perPoll)).toBeLessThanOrEqual(8);
  });

  it('while the socket is refused, the directory read also brings templates: one archived on HelenaCRM is no longer offered', async () => {
    const harness = await deskWithoutSocket({ directoryCheckMs: 300 }, 250);
    const offered = (): string[] => harness.store.templates.usable({ channelId: CHANNEL.official.id, teamId: null }).map((t) => t.name ?? '');
    expect(offered()).toContain('boas_vindas');
    harness.sandbox.ctx.db.prepare('UPDATE templates SET archived = 1, updated_at = ? WHERE id = ?').run(harness.sandbox.ctx.clock.iso(), demoTemplateId('boas_vindas'));
    await waitFor(() => !offered().includes('boas_vindas'), 'the archived template withdrawn', 3_000);
    await waitFor(() => harness.events.some((e) => e.type === 'templates-changed'), 'the template picker told', 1_000);
  });
});
