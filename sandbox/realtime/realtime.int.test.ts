import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createSandbox, type RunningSandbox } from '../app';
import type { EventAudience } from '../event-log';
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
