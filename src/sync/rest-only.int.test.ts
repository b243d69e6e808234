/**
 * A desk whose realtime socket is refused (a proxy or firewall) while REST works: what the socket
 * could not have missed costs nothing, and what it did miss before it first got through is told.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { addConversation } from '../../sandbox/realtime/test-fixtures';
import { TEAM } from '../../sandbox/seed';
import { DEMO_LOGINS } from '../../sandbox/testing';
import { startTcpProxy, type TcpProxy } from '../outbox/testing/tcp-proxy';
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
});
