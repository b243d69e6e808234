import { randomUUID } from 'node:crypto';
import { io } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { InternalException, MessageDTO, SessionDTO } from '../../src/api/helena-dto';
import { createSandbox, type RunningSandbox } from '../app';
import { addAgent, addConversation, addTeam, connectClient, waitUntil, type TestClient } from '../realtime/test-fixtures';

let sandbox: RunningSandbox;
const clients: TestClient[] = [];

async function call(method: string, path: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${sandbox.url}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

function addContact(): string {
  const id = randomUUID();
  const now = sandbox.ctx.clock.iso();
  sandbox.ctx.db
    .prepare('INSERT INTO contacts (id, name, phone, created_at, updated_at) VALUES (?, ?, ?, ?, ?)')
    .run(id, 'João Simulado', `+55119${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`, now, now);
  return id;
}

beforeAll(async () => {
  sandbox = await createSandbox({ port: 0, control: true });
});
afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  await call('PUT', '/control/v1/faults', { latencyMs: 0, errorRate: 0, dropSockets: false });
});
afterAll(async () => {
  await sandbox.close();
});

describe('faults', () => {
  it('adds the configured latency to API answers but not to /control', async () => {
    expect((await call('PUT', '/control/v1/faults', { latencyMs: 150 })).json).toMatchObject({ latencyMs: 150 });
    const started = performance.now();
    await fetch(`${sandbox.url}/core/v1/contact`);
    const apiMs = performance.now() - started;
    const controlStarted = performance.now();
    await call('GET', '/control/v1/faults');
    const controlMs = performance.now() - controlStarted;
    expect(apiMs).toBeGreaterThanOrEqual(150);
    expect(controlMs).toBeLessThan(150);
  });

  it('answers 500 with the InternalException body on /core and /chat, and writes nothing', async () => {
    await call('PUT', '/control/v1/faults', { errorRate: 1 });
    const count = () => (sandbox.ctx.db.prepare('SELECT COUNT(*) AS n FROM contacts').get() as { n: number }).n;
    const before = count();
    const core = await call('POST', '/core/v1/contact', { name: 'Maria', phoneNumber: '+5511987650000' });
    const chat = await call('GET', '/chat/v1/channel');
    for (const res of [core, chat]) {
      expect(res.status).toBe(500);
      expect(InternalException.parse(res.json)).toMatchObject({ key: 'sandbox.fault_injected', error: true });
    }
    expect(count()).toBe(before);
    expect((await call('GET', '/control/v1/faults')).status).toBe(200);
  });

  it('drops connected sockets and every new one while dropSockets is on', async () => {
    const { token } = addAgent(sandbox.ctx, 'Agent', []);
    const connected = await connectClient(sandbox.url, { token });
    clients.push(connected);
    await call('PUT', '/control/v1/faults', { dropSockets: true });
    expect(await connected.waitForDisconnect()).toBe('transport close');

    const fresh = io(sandbox.url, { path: '/socket.io', auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
    let ended = false;
    fresh.on('disconnect', () => (ended = true));
    fresh.on('connect_error', () => (ended = true));
    await waitUntil(() => ended, 'the new socket to be dropped');
    fresh.close();

    await call('PUT', '/control/v1/faults', { dropSockets: false });
    const stays = await connectClient(sandbox.url, { token });
    clients.push(stays);
    sandbox.ctx.events.append('CONTACT_UPDATE', {}, { kind: 'all' });
    await stays.waitForCount(1);
    expect(stays.socket.connected).toBe(true);
  });

  it('drops every socket on demand; a reconnecting client comes back', async () => {
    const { token } = addAgent(sandbox.ctx, 'Agent', []);
    const socket = io(sandbox.url, { path: '/socket.io', auth: { token }, transports: ['websocket'], reconnectionDelay: 10, forceNew: true });
    let connects = 0;
    socket.on('connect', () => connects++);
    await waitUntil(() => connects === 1, 'first connect');
    const res = await call('POST', '/control/v1/sockets/drop');
    expect(res.json.dropped).toBeGreaterThanOrEqual(1);
    await waitUntil(() => connects === 2, 'reconnect');
    socket.close();
  });
});

describe('control API', () => {
  it('moves the clock forward and validates the amount', async () => {
    const before = sandbox.ctx.clock.nowMs();
    const res = await call('POST', '/control/v1/clock/advance', { hours: 25 });
    expect(res.status).toBe(200);
    expect(Date.parse(res.json.now as string) - before).toBeGreaterThanOrEqual(25 * 3600 * 1000);
    const bad = await call('POST', '/control/v1/clock/advance', { ms: -5 });
    expect(bad.status).toBe(400);
    expect(bad.json).toMatchObject({ key: 'validation.invalid' });
    expect(bad.json.text).toContain('ms');
    expect((await call('POST', '/control/v1/clock/advance', {})).status).toBe(400);
  });

  it('scripts a contact and refuses bad scripts naming the field', async () => {
    const contactId = addContact();
    const ok = await call('PUT', `/control/v1/contacts/${contactId}/script`, { replyAfterMs: 2000, replyText: 'Pode sim!' });
    expect(ok.json).toEqual({ contactId, replyAfterMs: 2000, replyText: 'Pode sim!' });
    await call('PUT', `/control/v1/contacts/${contactId}/script`, { replyAfterMs: null });
    const row = sandbox.ctx.db.prepare('SELECT reply_after_ms, reply_text FROM contact_scripts WHERE contact_id = ?').get(contactId);
    expect(row).toEqual({ reply_after_ms: null, reply_text: null });
    const bad = await call('PUT', `/control/v1/contacts/${contactId}/script`, { replyAfterMs: 'soon' });
    expect(bad.status).toBe(400);
    expect(bad.json.text).toContain('replyAfterMs');
    expect((await call('PUT', `/control/v1/contacts/${randomUUID()}/script`, { replyAfterMs: 5 })).status).toBe(404);
    expect((await call('PUT', '/control/v1/contacts/nope/script', { replyAfterMs: 5 })).status).toBe(400);
  });

  it('validates inbound messages before anything is written', async () => {
    const noText = await call('POST', '/control/v1/inbound', { contactId: addContact() });
    expect(noText.status).toBe(400);
    expect(noText.json.text).toContain('text');
    const both = await call('POST', '/control/v1/inbound', { text: 'oi' });
    expect(both.status).toBe(400);
    expect((await call('POST', '/control/v1/inbound', { contactId: randomUUID(), text: 'oi' })).status).toBe(404);
    expect((await call('POST', '/control/v1/inbound', { phone: '+55 11 90000-0001', text: 'oi' })).status).toBe(404);
  });

  it('injects a message from a contact, by id or by phone, and pushes it to the team', async () => {
    const team = addTeam(sandbox.ctx, 'Atendimento');
    const agent = addAgent(sandbox.ctx, 'Agent', [team]);
    const conversation = addConversation(sandbox.ctx, team);
    const client = await connectClient(sandbox.url, { token: agent.token });
    clients.push(client);
    const byId = await call('POST', '/control/v1/inbound', { contactId: conversation.contactId, text: 'Bom dia! Ainda tem vaga?' });
    expect(byId.status).toBe(200);
    expect(SessionDTO.parse(byId.json.session)).toMatchObject({ id: conversation.sessionId, windowStatus: 'ACTIVE' });
    expect(MessageDTO.parse(byId.json.message)).toMatchObject({ direction: 'TO_HUB', text: 'Bom dia! Ainda tem vaga?' });
    const { phone } = sandbox.ctx.db.prepare('SELECT phone FROM contacts WHERE id = ?').get(conversation.contactId) as { phone: string };
    const byPhone = await call('POST', '/control/v1/inbound', { phone, channelId: conversation.channelId, text: 'Alô?' });
    expect(byPhone.status).toBe(200);
    await waitUntil(
      () => client.received.filter((e) => e.eventType === 'MESSAGE_RECEIVED').length === 2,
      'both messages on the socket',
    );
  });

  it('reads and sets faults and the strict window mode', async () => {
    expect((await call('GET', '/control/v1/faults')).json).toEqual({ latencyMs: 0, errorRate: 0, dropSockets: false });
    const bad = await call('PUT', '/control/v1/faults', { errorRate: 2 });
    expect(bad.status).toBe(400);
    expect(bad.json.text).toContain('errorRate');
    expect((await call('PUT', '/control/v1/window-mode', { strict: true })).json).toEqual({ strict: true });
    expect(sandbox.ctx.options.strictWindow).toBe(true);
    expect((await call('PUT', '/control/v1/window-mode', { strict: 'yes' })).status).toBe(400);
    await call('PUT', '/control/v1/window-mode', { strict: false });
  });

  it('reports the last offset and trims the log', async () => {
    const last = sandbox.ctx.events.append('CONTACT_UPDATE', {}, { kind: 'all' }).offset;
    expect((await call('GET', '/control/v1/events/last')).json).toEqual({ offset: last });
    expect((await call('POST', '/control/v1/events/trim', { throughOffset: last })).status).toBe(200);
    expect(sandbox.ctx.events.after(last - 1)).toBeNull();
    expect((await call('POST', '/control/v1/events/trim', { throughOffset: -1 })).status).toBe(400);
  });

  it('does not exist unless the sandbox runs with control on', async () => {
    const plain = await createSandbox({ port: 0 });
    try {
      const res = await fetch(`${plain.url}/control/v1/faults`);
      expect(res.status).toBe(404);
    } finally {
      await plain.close();
    }
  });
});
