/**
 * What a routine delta sync costs the agent when they see many open conversations (an admin or a
 * supervisor). The whole app shares one token bucket with the account's limit, so every request a
 * delta makes is one the agent's own send may have to wait behind.
 *
 * Scaled down to stay fast: 5,000 open conversations against a budget of 50 requests per 1.25 s is
 * the same ratio as 20,000 against HelenaCRM's 200 per 5 s (the open list read whole is a request
 * per 100, so one such read takes the whole window).
 */
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { addConversation } from '../../sandbox/realtime/test-fixtures';
import { CHANNEL, demoAgentIds, demoContactId, TEAM } from '../../sandbox/seed';
import { DEMO_LOGINS } from '../../sandbox/testing';
import type { SandboxContext } from '../../sandbox/context';
import { Outbox } from '../outbox';
import { startHarness, waitFor, type Harness } from './test-harness';

const RATE = { max: 50, windowMs: 1_250 };
const OPEN = 5_000;

let h: Harness | null = null;
let outbox: Outbox | null = null;
afterEach(async () => {
  await outbox?.stop();
  outbox = null;
  await h?.close();
  h = null;
});

/** `count` open conversations spread over the teams, written as HelenaCRM would hold them; returns one the admin took, its window open. */
function seedOpenConversations(ctx: SandboxContext, count: number): string {
  const admin = demoAgentIds({ key: 'admin' }).userId;
  const teams = [TEAM.vendas.id, TEAM.suporte.id, TEAM.financeiro.id];
  const base = Date.now() - 2 * 60 * 60 * 1000;
  const insert = ctx.db.prepare(
    `INSERT INTO sessions (id, contact_id, channel_id, department_id, user_id, status, start_at, last_message_in, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const mine = randomUUID();
  ctx.db.transaction(() => {
    for (let i = 0; i < count; i++) {
      const at = new Date(base + i * 1_000).toISOString();
      const id = i === 0 ? mine : randomUUID();
      const lastIn = i === 0 ? ctx.clock.iso() : null;
      insert.run(id, demoContactId(i % 10), CHANNEL.official.id, teams[i % 3], i === 0 ? admin : null, i === 0 ? 'IN_PROGRESS' : 'STARTED', at, lastIn, at, at);
    }
  })();
  return mine;
}

/**
 * Starts a delta and sends a text at its worst moment for the agent: when its requests have taken
 * every token of the budget they may (or, if they never do, as it ends). Times the text from the agent's
 * Enter to HelenaCRM's answer.
 */
async function sendDuringDelta(
  harness: Harness,
  box: Outbox,
  sessionId: string,
  runDelta: () => Promise<void> = () => harness.engine.syncNow(),
): Promise<{ sendMs: number; deltaMs: number; deltaRequests: number; drained: boolean }> {
  const bucket = harness.client.bucket;
  // A full budget to start from: what the earlier syncs took is back.
  await waitFor(() => bucket.stats.available === bucket.max, 'a full budget', 5_000);
  const granted = bucket.stats.granted;
  const began = Date.now();
  let deltaMs = -1;
  const delta = runDelta().then(() => {
    deltaMs = Date.now() - began;
  });
  // All it may take: background requests leave the bucket's reserve to the agent.
  await waitFor(() => bucket.stats.available <= bucket.reserve || deltaMs >= 0, 'the budget taken, or the delta over', 10_000);
  const drained = deltaMs < 0;
  const started = Date.now();
  const sent = await box.sendText(sessionId, 'Seu pedido saiu para entrega.');
  await waitFor(() => harness.store.outbox.get(sent.localId)?.state !== 'sending' && harness.store.outbox.get(sent.localId)?.state !== 'queued', 'the text handed to HelenaCRM', 10_000);
  const sendMs = Date.now() - started;
  expect(harness.store.outbox.get(sent.localId) ?? { state: 'sent' }).toMatchObject({ state: 'sent' });
  await delta;
  return { sendMs, deltaMs, deltaRequests: bucket.stats.granted - granted - 1, drained };
}

describe('SyncEngine × sandbox: delta syncs with 5,000 open conversations in sight', () => {
  it('a text the agent sends while a delta reads the whole open list does not wait behind it; a routine delta does not read it', async () => {
    h = await startHarness({ login: DEMO_LOGINS.admin, rateLimit: RATE, sandbox: { rateLimit: RATE } });
    const harness = h;
    const sessionId = seedOpenConversations(harness.sandbox.ctx, OPEN);
    await harness.engine.start();
    await waitFor(() => harness.engine.realtimeStatus === 'connected', 'realtime connected');
    expect(harness.store.sessions.list({ statuses: ['STARTED', 'PENDING', 'IN_PROGRESS'] }).length).toBeGreaterThanOrEqual(OPEN);
    outbox = new Outbox({ store: harness.store, client: harness.client });
    await outbox.start();
    const report = (what: string, r: Awaited<ReturnType<typeof sendDuringDelta>>): void =>
      console.info(
        `${what}, ${OPEN} open conversations in sight: ${r.deltaRequests} requests in ${r.deltaMs} ms` +
          `${r.drained ? ', every token it may take taken' : ''}; a text sent ${r.drained ? 'then' : 'as it ended'} reached HelenaCRM in ${r.sendMs} ms`,
      );

    // The first sync read the open list whole: the delta after it does not read it a second time.
    const afterFirst = await sendDuringDelta(harness, outbox, sessionId);
    report('delta after the first sync', afterFirst);
    expect(afterFirst.deltaRequests).toBeLessThan(20);

    // The first delta after the app opens again on this cache compares the open list (events may
    // have been lost while it was closed). The first sync above needs none: it read the list whole.
    const checked = await sendDuringDelta(harness, outbox, sessionId, async () => {
      await harness.engine.stop();
      await harness.engine.start();
    });
    report('first delta after the app opens again', checked);
    expect(checked.deltaRequests).toBeGreaterThanOrEqual(OPEN / 100);
    expect(checked.sendMs).toBeLessThan(RATE.windowMs / 2);

    // A routine one reads what changed since its cursor: the directory, templates, a page or two per list.
    const routine = await sendDuringDelta(harness, outbox, sessionId);
    report('routine delta', routine);
    expect(routine.deltaRequests).toBeLessThan(20);
    expect(routine.sendMs).toBeLessThan(RATE.windowMs / 2);
  }, 20_000);

  it('still compares the open list as a safety net: a conversation moved away with no event to this agent leaves the desk once sightCheckMs has passed', async () => {
    h = await startHarness({ login: DEMO_LOGINS.agent, engine: { sightCheckMs: 2_000 } });
    const harness = h;
    const moved = addConversation(harness.sandbox.ctx, TEAM.vendas.id);
    await harness.engine.start();
    await waitFor(() => harness.engine.realtimeStatus === 'connected', 'realtime connected');
    await harness.engine.syncNow();
    const checkedAt = Date.now();
    expect(harness.store.sessions.get(moved.sessionId)).not.toBeNull();

    // Transferred to Financeiro (Ana is not in it) by a gateway that told only the new audience.
    harness.sandbox.ctx.db.prepare('UPDATE sessions SET department_id = ?, updated_at = ? WHERE id = ?').run(TEAM.financeiro.id, harness.sandbox.ctx.clock.iso(), moved.sessionId);
    await harness.engine.syncNow();
    // A routine delta trusts the events: no reason to read the whole open list yet.
    expect(harness.store.sessions.get(moved.sessionId)).not.toBeNull();

    await new Promise((resolve) => setTimeout(resolve, Math.max(0, checkedAt + 2_100 - Date.now())));
    await harness.engine.syncNow();
    expect(harness.store.sessions.get(moved.sessionId)).toBeNull();
  });

  it('the safety net runs on a quiet day too: with a healthy socket and no delta asked for, the periodic directory read starts the overdue comparison', async () => {
    h = await startHarness({ login: DEMO_LOGINS.agent, engine: { sightCheckMs: 1_500, directoryCheckMs: 300 } });
    const harness = h;
    const moved = addConversation(harness.sandbox.ctx, TEAM.vendas.id);
    await harness.engine.start();
    await waitFor(() => harness.engine.realtimeStatus === 'connected', 'realtime connected');
    await harness.engine.syncNow();
    expect(harness.store.sessions.get(moved.sessionId)).not.toBeNull();
    harness.sandbox.ctx.db.prepare('UPDATE sessions SET department_id = ?, updated_at = ? WHERE id = ?').run(TEAM.financeiro.id, harness.sandbox.ctx.clock.iso(), moved.sessionId);
    // Nobody asks for a sync: the socket is fine, nothing is lost.
    await waitFor(() => harness.store.sessions.get(moved.sessionId) === null, 'off the desk once the comparison was due', 5_000);
  });
});
