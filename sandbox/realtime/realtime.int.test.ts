import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { REALTIME_PROBE_EVENT } from '../../src/api/helena-dto';
import { createSandbox, type RunningSandbox } from '../app';
import type { EventAudience } from '../event-log';
import { realtimeOf } from './registry';
import { addAgent, addTeam, connectClient, joinTeam, waitUntil, type TestClient } from './test-fixtures';

let sandbox: RunningSandbox;
const clients: TestClient[] = [];
const all: EventAudience = { kind: 'all' };

async function open(auth: Record<string, unknown>): Promise<TestClient> {
  const client = await connectClient(sandbox.url, auth);
  clients.push(client);
  return client;
}

function append(n: number, audience: EventAudience = all): number[] {
  const offsets: number[] = [];
  for (let i = 0; i < n; i++) offsets.push(sandbox.ctx.events.append('CONTACT_UPDATE', { i }, audience).offset);
  return offsets;
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

async function control(method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
  const res = await fetch(`${sandbox.url}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: await res.json() };
}

beforeAll(async () => {
  sandbox = await createSandbox({ port: 0, control: true });
});
afterEach(() => {
  for (const client of clients.splice(0)) client.close();
});
afterAll(async () => {
  await sandbox.close();
});

describe('socket.io gateway', () => {
  it('pushes live events to a socket authenticated by token, with their offsets', async () => {
    const { token } = addAgent(sandbox.ctx, 'Agent', []);
    const client = await open({ token });
    const [offset] = append(1);
    const [event] = await client.waitForCount(1);
    expect(event).toMatchObject({ eventType: 'CONTACT_UPDATE', content: { i: 0 }, offset });
    expect('date' in event! && typeof event.date).toBe('string');
  });

  it('refuses a missing, unknown or expired token with a clear connect_error', async () => {
    await expect(open({})).rejects.toThrow('auth.unauthorized');
    await expect(open({ token: 'not-a-token' })).rejects.toThrow('auth.unauthorized');
    const { token } = addAgent(sandbox.ctx, 'Agent', [], 0);
    await expect(open({ token })).rejects.toThrow('auth.token_expired');
    const { token: valid } = addAgent(sandbox.ctx, 'Agent', []);
    await expect(open({ token: valid, offset: 'abc' })).rejects.toThrow('realtime.invalid_handshake');
  });

  it('replays exactly the missed events, in order, when reconnecting with an offset', async () => {
    const { token } = addAgent(sandbox.ctx, 'Agent', []);
    const first = await open({ token });
    const seen = append(3);
    await first.waitForCount(3);
    first.close();
    const missed = append(4);
    const again = await open({ token, offset: seen[2] });
    await again.waitForCount(4);
    const live = append(1);
    await again.waitForCount(5);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(again.received.map((e) => e.offset)).toEqual([...missed, ...live]);
  });

  it('has no gap and no duplicate when events keep coming during a long replay', async () => {
    const { token } = addAgent(sandbox.ctx, 'Agent', []);
    const start = sandbox.ctx.events.lastOffset();
    append(1_200); // more than two replay pages
    let extra = 0;
    const writer = setInterval(() => {
      append(5);
      extra += 5;
    }, 1);
    const client = await open({ token, offset: start });
    await waitUntil(() => extra >= 50, 'events appended during the replay');
    clearInterval(writer);
    const end = sandbox.ctx.events.lastOffset();
    await client.waitForCount(end - start, 10_000);
    expect(client.received.map((e) => e.offset)).toEqual(range(start + 1, end));
  });

  it('answers a probe at once, while live and in the middle of a long replay', async () => {
    const { token } = addAgent(sandbox.ctx, 'Agent', []);
    const start = sandbox.ctx.events.lastOffset();
    append(1_200); // more than two replay pages
    const client = await open({ token, offset: start });
    await client.socket.timeout(2_000).emitWithAck(REALTIME_PROBE_EVENT);
    await client.waitForCount(1_200, 10_000);
    await client.socket.timeout(2_000).emitWithAck(REALTIME_PROBE_EVENT);
  });

  it('sends RESYNC_REQUIRED when the log no longer reaches back, then continues live', async () => {
    const { token } = addAgent(sandbox.ctx, 'Agent', []);
    const [old] = append(3);
    const trim = await control('POST', '/control/v1/events/trim', { throughOffset: old! + 1 });
    expect(trim.status).toBe(200);
    const { json: last } = await control('GET', '/control/v1/events/last');
    const lastOffset = (last as { offset: number }).offset;
    const client = await open({ token, offset: old! - 1 });
    await client.waitForCount(1);
    expect(client.received[0]).toEqual({ eventType: 'RESYNC_REQUIRED', offset: lastOffset });
    const live = append(1);
    await client.waitForCount(2);
    expect(client.received[1]?.offset).toBe(live[0]);
    expect(client.received[1]).toMatchObject({ previousOffset: lastOffset });
  });

  it('sends RESYNC_REQUIRED for an offset this log never gave (reset server)', async () => {
    const { token } = addAgent(sandbox.ctx, 'Agent', []);
    const client = await open({ token, offset: sandbox.ctx.events.lastOffset() + 1_000 });
    const [event] = await client.waitForCount(1);
    expect(event).toEqual({ eventType: 'RESYNC_REQUIRED', offset: sandbox.ctx.events.lastOffset() });
  });
});

describe('visibility of session events', () => {
  it('gives each agent only the conversations they may see, with their current teams', async () => {
    const teamA = addTeam(sandbox.ctx, 'Vendas');
    const teamB = addTeam(sandbox.ctx, 'Suporte');
    const agentA = addAgent(sandbox.ctx, 'Agent', [teamA]);
    const agentB = addAgent(sandbox.ctx, 'Agent', [teamB]);
    const restricted = addAgent(sandbox.ctx, 'RestrictedAgent', [teamA]);
    const admin = addAgent(sandbox.ctx, 'Admin', []);
    const [a, b, r, adm] = await Promise.all([agentA, agentB, restricted, admin].map((x) => open({ token: x.token })));

    const [ofTeamA] = append(1, { kind: 'session', departmentId: teamA, userId: agentA.userId });
    const [ofRestricted] = append(1, { kind: 'session', departmentId: teamA, userId: restricted.userId });
    const [ofTeamB] = append(1, { kind: 'session', departmentId: teamB, userId: null });
    const [forAll] = append(1);
    await Promise.all([a!.waitForCount(3), b!.waitForCount(2), r!.waitForCount(2), adm!.waitForCount(4)]);
    expect(a!.received.map((e) => e.offset)).toEqual([ofTeamA, ofRestricted, forAll]);
    expect(b!.received.map((e) => e.offset)).toEqual([ofTeamB, forAll]);
    expect(r!.received.map((e) => e.offset)).toEqual([ofRestricted, forAll]);
    expect(adm!.received.map((e) => e.offset)).toEqual([ofTeamA, ofRestricted, ofTeamB, forAll]);

    // Agent B joins team A while connected: the next team A event reaches them.
    joinTeam(sandbox.ctx, agentB.userId, teamA);
    const [later] = append(1, { kind: 'session', departmentId: teamA, userId: null });
    await b!.waitForCount(3);
    expect(b!.received[2]?.offset).toBe(later);
  });

  it('replays only visible events but moves past the hidden ones', async () => {
    const teamA = addTeam(sandbox.ctx, 'Cobrança');
    const teamB = addTeam(sandbox.ctx, 'Financeiro');
    const agent = addAgent(sandbox.ctx, 'Agent', [teamB]);
    const start = sandbox.ctx.events.lastOffset();
    append(2, { kind: 'session', departmentId: teamA, userId: null });
    const [visible] = append(1, { kind: 'session', departmentId: teamB, userId: null });
    const client = await open({ token: agent.token, offset: start });
    await client.waitForCount(1);
    const [live] = append(1);
    await client.waitForCount(2);
    expect(client.received.map((e) => e.offset)).toEqual([visible, live]);
  });
});

describe('token expiry while connected', () => {
  it('ends the socket with auth_error when the clock passes the token expiry', async () => {
    const { token } = addAgent(sandbox.ctx, 'Agent', [], 60 * 60 * 1000);
    const client = await open({ token });
    let authError: unknown = null;
    client.socket.on('auth_error', (payload: unknown) => {
      authError = payload;
    });
    const res = await control('POST', '/control/v1/clock/advance', { hours: 2 });
    expect(res.status).toBe(200);
    expect(await client.waitForDisconnect()).toBe('io server disconnect');
    expect(authError).toMatchObject({ key: 'auth.token_expired' });
  });
});

/** Each thing sent names the one before it: previousOffset of item i is the offset of item i-1 (the start for i = 0). */
function expectChained(client: TestClient, start: number): void {
  let previous = start;
  for (const item of client.all) {
    if (item.eventType === 'RESYNC_REQUIRED') {
      previous = item.offset;
      continue;
    }
    expect(item, `previousOffset of ${item.offset}`).toMatchObject({ previousOffset: previous });
    previous = item.offset;
  }
}

describe('previousOffset: holes left by other teams are not gaps', () => {
  it("chains a non-admin agent's live events across the invisible ones, and a watermark follows the log", async () => {
    const mine = addTeam(sandbox.ctx, 'Vendas');
    const theirs = addTeam(sandbox.ctx, 'Financeiro');
    const agent = addAgent(sandbox.ctx, 'Agent', [mine]);
    const client = await open({ token: agent.token });
    const start = sandbox.ctx.events.lastOffset();
    const hidden = { kind: 'session', departmentId: theirs, userId: null } as const;
    const shown = { kind: 'session', departmentId: mine, userId: null } as const;

    append(2, hidden);
    const [v1] = append(1, shown);
    append(3, hidden);
    const [v2] = append(1, shown);
    const [v3] = append(1);
    await client.waitForCount(3);
    expect(client.received.map((e) => e.offset)).toEqual([v1, v2, v3]);
    // A client that applied all it was sent always has lastApplied === previousOffset.
    expectChained(client, start);
    if (client.watermarks.length === 0) {
      expect(client.received.map((e) => 'previousOffset' in e && e.previousOffset)).toEqual([start, v1, v2]);
    }

    // Only invisible events now: the sweep tells the client it is up to date through them.
    const trailing = append(4, hidden);
    await new Promise((resolve) => setImmediate(resolve)); // the log hands events to the gateway on a microtask
    realtimeOf(sandbox.ctx)?.sweep();
    await waitUntil(() => client.watermarks.some((w) => w.offset === trailing[3]), 'a watermark past the hidden events');
    expect(client.watermarks.at(-1)).toEqual({ eventType: 'OFFSET', offset: trailing[3], previousOffset: v3 });
    const [v4] = append(1, shown);
    await client.waitForCount(4);
    expect(client.received[3]).toMatchObject({ offset: v4, previousOffset: trailing[3] });
    expectChained(client, start);
  });

  it('starts a replay at the handshake offset, over invisible events, and ends it with a watermark', async () => {
    const mine = addTeam(sandbox.ctx, 'Suporte');
    const theirs = addTeam(sandbox.ctx, 'Cobrança');
    const agent = addAgent(sandbox.ctx, 'Agent', [mine]);
    const hidden = { kind: 'session', departmentId: theirs, userId: null } as const;
    const shown = { kind: 'session', departmentId: mine, userId: null } as const;
    const from = sandbox.ctx.events.lastOffset();
    append(3, hidden);
    const [v1] = append(1, shown);
    append(2, hidden);
    const [v2] = append(1, { kind: 'session', departmentId: theirs, userId: agent.userId }); // theirs, but taken by this agent
    const tail = append(2, hidden);

    const client = await open({ token: agent.token, offset: from });
    await waitUntil(() => client.watermarks.length > 0, 'the end-of-replay watermark');
    expect(client.all).toEqual([
      expect.objectContaining({ offset: v1, previousOffset: from }),
      expect.objectContaining({ offset: v2, previousOffset: v1 }),
      { eventType: 'OFFSET', offset: tail[1], previousOffset: v2 },
    ]);

    // Reconnecting from the watermark has nothing left to replay or re-scan: the next live event chains on.
    client.close();
    const again = await open({ token: agent.token, offset: tail[1] });
    const [v3] = append(1, shown);
    await again.waitForCount(1);
    expect(again.all).toEqual([expect.objectContaining({ offset: v3, previousOffset: tail[1] })]);
  });

  it('lets a client that did not apply one event see the hole (the next previousOffset is past its offset)', async () => {
    const mine = addTeam(sandbox.ctx, 'Vendas');
    const theirs = addTeam(sandbox.ctx, 'Financeiro');
    const agent = addAgent(sandbox.ctx, 'Agent', [mine]);
    const client = await open({ token: agent.token });
    const start = sandbox.ctx.events.lastOffset();
    const shown = { kind: 'session', departmentId: mine, userId: null } as const;
    const [lost] = append(1, shown);
    append(2, { kind: 'session', departmentId: theirs, userId: null });
    const [next] = append(1, shown);
    await client.waitForCount(2);
    // A client that failed to store `lost` still stands at `start`, below what the gateway says came before `next`.
    expect(client.received[1]).toMatchObject({ offset: next, previousOffset: lost });
    expect(lost).toBeGreaterThan(start);
  });

  it('gives an admin contiguous offsets: previousOffset is always offset - 1 and no watermark is needed', async () => {
    const admin = addAgent(sandbox.ctx, 'Admin', []);
    const client = await open({ token: admin.token });
    const team = addTeam(sandbox.ctx, 'Outra');
    const offsets = [...append(2, { kind: 'session', departmentId: team, userId: null }), ...append(2)];
    await client.waitForCount(4);
    realtimeOf(sandbox.ctx)?.sweep();
    expect(client.received.map((e) => 'previousOffset' in e && e.previousOffset)).toEqual(offsets.map((o) => o - 1));
    expect(client.watermarks).toEqual([]);
  });
});
