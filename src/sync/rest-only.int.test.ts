/**
 * A desk whose realtime socket is refused (a proxy or firewall) while REST works: what the socket
 * could not have missed costs nothing, and what it did miss before it first got through is told.
 * The delta on a timer that stands in for the socket (realtimeFallbackPollMs) reads only what brings
 * replies and conversation changes, and leaves the status bar alone when it finds nothing.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { addConversation } from '../../sandbox/realtime/test-fixtures';
import { CHANNEL, demoAgentIds, demoContactId, demoTemplateId, TEAM } from '../../sandbox/seed';
import { api, DEMO_LOGINS, loginAs } from '../../sandbox/testing';
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

/** Tokens taken at the end of each poll from now on: the difference between two is one poll's requests. */
function grantedPerPoll(harness: Harness): number[] {
  const granted: number[] = [];
  harness.engine.on((e) => {
    if (e.type === 'sync-finished') granted.push(harness.client.bucket.stats.granted);
  });
  return granted;
}
const differences = (granted: readonly number[]): number[] => granted.slice(1).map((g, i) => g - (granted[i] ?? g));

/**
 * Runs `change` on HelenaCRM just after a poll ended, then waits for the second poll to end after
 * it: polls never overlap, so that one started after the change even when the change took longer
 * than a poll interval (the first to end may have started before it).
 */
async function changeThenNextPoll(harness: Harness, change: () => Promise<void>): Promise<void> {
  const mark = harness.events.length;
  await waitFor(() => deltasIn(harness.events.slice(mark)) >= 1, 'a poll', 5_000);
  await change();
  const afterChange = harness.events.length;
  await waitFor(() => deltasIn(harness.events.slice(afterChange)) >= 2, 'a poll started after the change', 5_000);
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
    // Told within the moment, not when the 60-s poll comes.
    await waitFor(() => harness.replies.includes(conv.sessionId), 'the reply told', 1_500);
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
    // Conversations in sight: a desk in use.
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
    // Every answer 400 ms late: a quiet poll asks for its lists all at once, and even that one round trip is past 300 ms.
    expect((await harness.control.put('/control/v1/faults', { latencyMs: 400 })).status).toBe(200);
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
    // A conversation in sight: a quiet busy desk (an empty one costs no more: the test after this one).
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
    expect(Math.max(...perPoll)).toBeLessThanOrEqual(4);
  });

  it('an agent with no conversation at all costs no more per poll than one with a quiet desk: nothing read whole, no open-list comparison', async () => {
    // Ana's teams (Vendas, Suporte) hold no conversation: the demo company has none.
    const harness = await deskWithoutSocket({}, 250);
    await waitFor(() => deltasIn(harness.events) >= 1, 'the first poll', 5_000);
    expect(harness.store.sessions.list({ statuses: ['STARTED', 'PENDING', 'IN_PROGRESS', 'COMPLETED'] })).toEqual([]);
    const counts = countRequests(harness);
    const granted = grantedPerPoll(harness);
    await waitFor(() => granted.length >= 4, 'four polls', 5_000);
    const perPoll = differences(granted);
    const polls = granted.length;
    console.info(`[medida] socket recusado, agente sem conversas: ${perPoll.join(', ')} requisições por consulta; por tipo em ${polls} consultas: ${JSON.stringify(counts)}`);
    // As a quiet desk with conversations (the test above): a page of contacts per status (3; one
    // Status per request), and one of the conversations since the cursor, whose newest is the next cursor.
    expect(Math.max(...perPoll)).toBeLessThanOrEqual(4);
    expect(counts.getSession ?? 0).toBe(0);
    expect((counts.listSessions ?? 0) / polls).toBeLessThanOrEqual(2);
  });

  it('an agent whose conversations all ended over 30 days ago costs no more per poll either, and their history is not read for it', async () => {
    const ana = demoAgentIds({ key: 'agent' }).userId;
    const old: string[] = [];
    const harness = await deskWithoutSocket({}, 250, (before) => {
      const ctx = before.sandbox.ctx;
      const insert = ctx.db.prepare(
        `INSERT INTO sessions (id, contact_id, channel_id, department_id, user_id, status, start_at, end_at, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, 'COMPLETED', ?, ?, ?, ?)`,
      );
      for (let i = 0; i < 3; i++) {
        const at = new Date(ctx.clock.nowMs() - (40 + i) * 24 * 60 * 60_000).toISOString();
        const id = randomUUID();
        old.push(id);
        insert.run(id, demoContactId(i), CHANNEL.official.id, TEAM.vendas.id, ana, at, at, at, at);
      }
    });
    await waitFor(() => deltasIn(harness.events) >= 1, 'the first poll', 5_000);
    const granted = grantedPerPoll(harness);
    await waitFor(() => granted.length >= 4, 'four polls', 5_000);
    const perPoll = differences(granted);
    console.info(`[medida] socket recusado, agente só com conversas concluídas há mais de 30 dias: ${perPoll.join(', ')} requisições por consulta`);
    expect(Math.max(...perPoll)).toBeLessThanOrEqual(4);
    // The newest is read again by each delta (its cursor, queried 1 ms early); the older ones never.
    expect(old.filter((id) => harness.store.sessions.get(id) !== null).length).toBeLessThanOrEqual(1);
  });

  it('a conversation transferred to an agent who had none shows at the first poll after the transfer', async () => {
    // In Financeiro, a team Ana is not in: out of her sight.
    let elsewhere: { sessionId: string } | null = null;
    const harness = await deskWithoutSocket({}, 300, (before) => {
      elsewhere = addConversation(before.sandbox.ctx, TEAM.financeiro.id);
    });
    const sessionId = (elsewhere as { sessionId: string } | null)?.sessionId ?? '';
    await waitFor(() => deltasIn(harness.events) >= 2, 'two polls of an empty desk', 5_000);
    expect(harness.store.sessions.get(sessionId)).toBeNull();
    const admin = api(harness.sandbox, (await loginAs(harness.sandbox, DEMO_LOGINS.admin)).token);
    const ana = demoAgentIds({ key: 'agent' }).userId;
    await changeThenNextPoll(harness, async () => {
      const moved = await admin.put(`/chat/v1/session/${sessionId}/transfer`, { type: 'DEPARTMENT', newDepartmentId: TEAM.vendas.id, newUserId: ana });
      expect(moved.status).toBe(200);
    });
    expect(harness.store.sessions.get(sessionId)).toMatchObject({ userId: ana, departmentId: TEAM.vendas.id });
    expect(harness.events.some((e) => e.type === 'conversation-changed' && e.sessionId === sessionId)).toBe(true);
  });

  it('a conversation that comes into sight of an agent who had none shows even when the clock of HelenaCRM runs behind the desk', async () => {
    let elsewhere: { sessionId: string } | null = null;
    const harness = await deskWithoutSocket({}, 300, (before) => {
      elsewhere = addConversation(before.sandbox.ctx, TEAM.financeiro.id);
    });
    const sessionId = (elsewhere as { sessionId: string } | null)?.sessionId ?? '';
    await waitFor(() => deltasIn(harness.events) >= 2, 'two polls of an empty desk', 5_000);
    const ctx = harness.sandbox.ctx;
    await changeThenNextPoll(harness, async () => {
      // Moved to Vendas (Ana's) by a HelenaCRM whose clock is 10 minutes behind the desk's: its
      // updatedAt is older than the desk's "now" at every poll since it was found empty.
      const behind = new Date(ctx.clock.nowMs() - 10 * 60_000).toISOString();
      ctx.db.prepare('UPDATE sessions SET department_id = ?, updated_at = ? WHERE id = ?').run(TEAM.vendas.id, behind, sessionId);
      await Promise.resolve();
    });
    expect(harness.store.sessions.get(sessionId)).toMatchObject({ departmentId: TEAM.vendas.id });
  });

  it('a contact writing in for the first time shows on the desk of an agent who had no conversation, at the first poll after', async () => {
    const harness = await deskWithoutSocket({}, 300);
    await waitFor(() => deltasIn(harness.events) >= 2, 'two polls of an empty desk', 5_000);
    const contactId = demoContactId(3);
    await changeThenNextPoll(harness, async () => {
      // A receptive conversation: PENDING in the default team (Vendas, Ana's), nobody assigned.
      expect((await harness.control.post('/control/v1/inbound', { contactId, text: 'Oi, vocês entregam em Campinas?' })).status).toBeLessThan(300);
    });
    const open = harness.store.sessions.list({ statuses: ['STARTED', 'PENDING', 'IN_PROGRESS'] });
    expect(open.map((s) => s.contactId)).toContain(contactId);
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
