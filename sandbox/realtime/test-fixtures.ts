/**
 * Test helpers for the realtime tests: agents and teams written straight into the sandbox
 * database, and a socket.io client that collects what the server sends.
 */
import { createHash, randomUUID } from 'node:crypto';
import { io, type Socket } from 'socket.io-client';
import type { SandboxContext } from '../context';
import type { Profile } from '../../src/domain/visibility';
import { RealtimeEvent, RealtimeWatermark, ResyncRequired } from '../../src/api/helena-dto';

export function addTeam(ctx: SandboxContext, name: string): string {
  const id = randomUUID();
  const now = ctx.clock.iso();
  ctx.db.prepare('INSERT INTO departments (id, name, created_at, updated_at) VALUES (?, ?, ?, ?)').run(id, name, now, now);
  return id;
}

export function joinTeam(ctx: SandboxContext, userId: string, departmentId: string): void {
  ctx.db.prepare('INSERT INTO department_agents (department_id, user_id) VALUES (?, ?)').run(departmentId, userId);
}

/** An agent with a fresh token valid for `ttlMs` of sandbox time. */
export function addAgent(
  ctx: SandboxContext,
  profile: Profile,
  departmentIds: string[],
  ttlMs = 60 * 60 * 1000,
): { userId: string; token: string } {
  const userId = randomUUID();
  const now = ctx.clock.iso();
  ctx.db
    .prepare('INSERT INTO agents (id, user_id, name, email, profile, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
    .run(randomUUID(), userId, `Agente ${userId.slice(0, 4)}`, `${userId}@teste.com.br`, profile, now, now);
  for (const departmentId of departmentIds) joinTeam(ctx, userId, departmentId);
  const token = `${randomUUID()}${randomUUID()}`;
  ctx.db
    .prepare('INSERT INTO tokens (token_hash, user_id, expires_at, created_at) VALUES (?, ?, ?, ?)')
    .run(createHash('sha256').update(token).digest('hex'), userId, new Date(ctx.clock.nowMs() + ttlMs).toISOString(), now);
  return { userId, token };
}

export type Received = RealtimeEvent | ResyncRequired;

export interface TestClient {
  socket: Socket;
  /** Events and RESYNC_REQUIRED, in arrival order (OFFSET watermarks are kept apart, in `watermarks`). */
  received: Received[];
  watermarks: RealtimeWatermark[];
  /** Everything that arrived, watermarks included, in order (to follow the previousOffset chain). */
  all: Array<Received | RealtimeWatermark>;
  /** Resolves once `count` events have arrived (or rejects after the deadline). */
  waitForCount(count: number, timeoutMs?: number): Promise<Received[]>;
  waitForDisconnect(timeoutMs?: number): Promise<string>;
  close(): void;
}

export async function waitUntil(check: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Opens a socket and waits for `connect`; rejects with the connect_error message otherwise. */
export async function connectClient(url: string, auth: Record<string, unknown>): Promise<TestClient> {
  const socket = io(url, { path: '/socket.io', auth, transports: ['websocket'], reconnection: false, forceNew: true });
  const received: Received[] = [];
  const watermarks: RealtimeWatermark[] = [];
  const all: Array<Received | RealtimeWatermark> = [];
  let disconnectReason: string | null = null;
  socket.on('event', (payload: unknown) => {
    const watermark = RealtimeWatermark.safeParse(payload);
    if (watermark.success) {
      watermarks.push(watermark.data);
      all.push(watermark.data);
      return;
    }
    const resync = ResyncRequired.safeParse(payload);
    const event = resync.success ? resync.data : RealtimeEvent.parse(payload);
    received.push(event);
    all.push(event);
  });
  socket.on('disconnect', (reason) => {
    disconnectReason = reason;
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (err) => {
      socket.close();
      reject(err);
    });
  });
  return {
    socket,
    received,
    watermarks,
    all,
    async waitForCount(count, timeoutMs) {
      await waitUntil(() => received.length >= count, `${count} events (got ${received.length})`, timeoutMs);
      return received;
    },
    async waitForDisconnect(timeoutMs) {
      await waitUntil(() => disconnectReason !== null, 'disconnect', timeoutMs);
      return disconnectReason ?? '';
    },
    close: () => socket.close(),
  };
}

/** An official WhatsApp channel, a contact and a STARTED conversation of `departmentId` between them. */
export function addConversation(
  ctx: SandboxContext,
  departmentId: string,
  script?: { replyAfterMs: number | null; replyText?: string },
): { channelId: string; contactId: string; sessionId: string } {
  const now = ctx.clock.iso();
  const channelId = randomUUID();
  const contactId = randomUUID();
  const sessionId = randomUUID();
  ctx.db
    .prepare('INSERT INTO channels (id, type, number, display_name, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)')
    .run(channelId, 'CloudAPI_WhatsApp', '+551140000000', 'Loja Teste', now, now);
  ctx.db
    .prepare('INSERT INTO contacts (id, name, phone, created_at, updated_at) VALUES (?, ?, ?, ?, ?)')
    .run(contactId, 'Conceição Araújo', `+55119${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`, now, now);
  ctx.db
    .prepare(
      `INSERT INTO sessions (id, contact_id, channel_id, department_id, status, start_at, created_at, updated_at)
       VALUES (?, ?, ?, ?, 'STARTED', ?, ?, ?)`,
    )
    .run(sessionId, contactId, channelId, departmentId, now, now, now);
  if (script) {
    ctx.db
      .prepare('INSERT INTO contact_scripts (contact_id, reply_after_ms, reply_text) VALUES (?, ?, ?)')
      .run(contactId, script.replyAfterMs, script.replyText ?? null);
  }
  return { channelId, contactId, sessionId };
}
