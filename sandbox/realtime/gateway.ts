/**
 * The socket.io side of the event log. Each socket has a cursor (the last offset it has been
 * given, visible or not). A socket that connects with `auth.offset` first catches up from the
 * persisted log, page by page, and only then takes live events; while it is catching up, live
 * events are left to the log (the replay loop reads them from there), so nothing is sent twice
 * or skipped. Live events go to every socket whose cursor is behind them.
 *
 * Events of conversations an agent may not see are skipped, so the offsets a socket receives have
 * holes. To tell those holes from a lost event, every event carries `previousOffset`: the offset
 * of the previous thing sent on THIS connection (event, OFFSET watermark or RESYNC_REQUIRED), or
 * the handshake's `auth.offset` for the first one (the log's last offset when there was none).
 * A client that applied everything it was sent has stored an offset >= previousOffset (greater
 * when it learnt a later offset elsewhere); a stored offset below it is a real gap. Per connection
 * is enough: the client sends its stored offset on every handshake, so the chain starts where the
 * client is, and invisible events between that offset and the first visible one are no gap.
 *
 * When invisible events moved a socket past the last thing it sent, an `{eventType:'OFFSET',
 * offset, previousOffset}` watermark is sent at the end of a replay and by the sweep (about once a
 * second while live), so the client's stored offset keeps up with the log: a reconnect does not
 * re-scan those events, nor fall behind a trimmed log into RESYNC_REQUIRED.
 */
import type { Server as HttpServer } from 'node:http';
import { Server, type Socket } from 'socket.io';
import { z } from 'zod';
import { REALTIME_PROBE_EVENT, type RealtimeEvent, type RealtimeWatermark, type ResyncRequired } from '../../src/api/helena-dto';
import { canSeeSession } from '../../src/domain/visibility';
import type { SandboxContext } from '../context';
import type { LoggedEvent } from '../event-log';
import type { SocketAuthenticator, SocketAuthResult } from './socket-auth';

export const SOCKET_PATH = '/socket.io';
/** Sent just before the server ends a socket whose token is no longer valid; then `disconnect` with 'io server disconnect'. */
export const AUTH_ERROR_EVENT = 'auth_error';
const REPLAY_PAGE = 500;
const SWEEP_MS = 1_000;

const HandshakeAuth = z.object({
  token: z.string().min(1).optional(),
  offset: z
    .union([z.number().int().nonnegative(), z.string().regex(/^\d+$/).transform(Number)])
    .nullable()
    .optional(),
});

interface Client {
  socket: Socket;
  token: string;
  /** Offset of the last event this socket has been given or judged invisible. */
  cursor: number;
  /** Offset of the last thing sent on this connection (the handshake offset before the first): the next `previousOffset`. */
  lastSent: number;
  live: boolean;
}

export class RealtimeGateway {
  readonly io: Server;
  private readonly clients = new Map<string, Client>();
  private readonly unsubscribe: () => void;
  private readonly sweepTimer: NodeJS.Timeout;
  /** Auth results of the current tick: one burst of events checks each token once. */
  private authCache = new Map<string, SocketAuthResult>();
  private authCacheClear: NodeJS.Immediate | null = null;
  private closed = false;

  constructor(
    server: HttpServer,
    private readonly ctx: SandboxContext,
    private readonly authenticate: SocketAuthenticator,
  ) {
    this.io = new Server(server, { path: SOCKET_PATH, serveClient: false, cors: { origin: true } });
    this.io.use((socket, next) => {
      const parsed = HandshakeAuth.safeParse(socket.handshake.auth);
      if (!parsed.success) return next(connectError('realtime.invalid_handshake', 'auth.offset must be a non-negative integer'));
      const token = parsed.data.token ?? '';
      const result = this.authenticate(token);
      if (!result.ok) return next(connectError(result.key, result.text));
      socket.data = { token, offset: parsed.data.offset ?? null };
      next();
    });
    this.io.on('connection', (socket) => this.onConnection(socket));
    this.unsubscribe = ctx.events.subscribe((event) => this.onEvent(event));
    this.sweepTimer = setInterval(() => this.sweep(), SWEEP_MS);
    this.sweepTimer.unref();
  }

  get connectedCount(): number {
    return this.clients.size;
  }

  /**
   * Ends sockets whose token expired or was revoked, and drops every socket while the
   * dropSockets fault is on. Runs on a timer and right after the clock moves.
   */
  sweep(): void {
    this.authCache.clear();
    if (this.ctx.options.faults.dropSockets) {
      this.dropAll();
      return;
    }
    for (const client of this.clients.values()) {
      const auth = this.authOf(client);
      if (!auth.ok) this.endForAuth(client, auth);
      else if (client.live) this.sendWatermark(client);
    }
  }

  /** Closes every connection as a network failure would: clients see 'transport close' and reconnect on their own. */
  dropAll(): number {
    const sockets = [...this.io.sockets.sockets.values()];
    for (const socket of sockets) socket.conn.close();
    return sockets.length;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.sweepTimer);
    if (this.authCacheClear) clearImmediate(this.authCacheClear);
    this.unsubscribe();
    for (const socket of this.io.sockets.sockets.values()) socket.disconnect(true);
    this.clients.clear();
    // Not io.close(): that would also close the HTTP server, which Fastify owns and closes itself.
    this.io.engine.close();
    await this.io.of('/').adapter.close();
  }

  private onConnection(socket: Socket): void {
    if (this.ctx.options.faults.dropSockets) {
      socket.conn.close();
      return;
    }
    const data = socket.data as { token: string; offset: number | null };
    const start = data.offset ?? this.ctx.events.lastOffset();
    const client: Client = { socket, token: data.token, cursor: start, lastSent: start, live: false };
    this.clients.set(socket.id, client);
    socket.on('disconnect', () => this.clients.delete(socket.id));
    // Answered at once, mid-replay too: the client times the answer to tell a live connection from a dead one.
    socket.on(REALTIME_PROBE_EVENT, (ack: unknown) => {
      if (typeof ack === 'function') (ack as () => void)();
    });
    if (data.offset === null) client.live = true;
    else void this.replay(client);
  }

  private async replay(client: Client): Promise<void> {
    for (;;) {
      if (!client.socket.connected || this.closed) return;
      const page = this.ctx.events.after(client.cursor, REPLAY_PAGE);
      if (page === null) {
        const offset = this.ctx.events.lastOffset();
        const resync: ResyncRequired = { eventType: 'RESYNC_REQUIRED', offset };
        client.socket.emit('event', resync);
        client.cursor = offset;
        client.lastSent = offset;
        client.live = true;
        return;
      }
      for (const event of page) {
        if (!this.deliver(client, event)) return;
      }
      if (page.length < REPLAY_PAGE) {
        // No await between the last read and going live: no event can slip in between.
        client.live = true;
        this.sendWatermark(client);
        return;
      }
      // Let other sockets and requests run between pages of a long replay.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }

  private onEvent(event: LoggedEvent): void {
    for (const client of this.clients.values()) {
      if (client.live && event.offset > client.cursor) this.deliver(client, event);
    }
  }

  /** Emits `event` when the socket's agent may see it; false when the socket was ended instead. */
  private deliver(client: Client, event: LoggedEvent): boolean {
    const auth = this.authOf(client);
    if (!auth.ok) {
      this.endForAuth(client, auth);
      return false;
    }
    client.cursor = event.offset;
    const { audience } = event;
    const visible =
      audience.kind === 'all' ||
      canSeeSession(auth.viewer, audience) ||
      (audience.formerly !== undefined && canSeeSession(auth.viewer, audience.formerly));
    if (visible) {
      const payload: RealtimeEvent = {
        eventType: event.eventType,
        date: event.date,
        content: event.content,
        offset: event.offset,
        previousOffset: client.lastSent,
      };
      client.lastSent = event.offset;
      client.socket.emit('event', payload);
    }
    return true;
  }

  /** Tells the socket it is up to date through its cursor, when only invisible events moved it there. */
  private sendWatermark(client: Client): void {
    if (client.cursor <= client.lastSent || !client.socket.connected) return;
    const watermark: RealtimeWatermark = { eventType: 'OFFSET', offset: client.cursor, previousOffset: client.lastSent };
    client.lastSent = client.cursor;
    client.socket.emit('event', watermark);
  }

  private authOf(client: Client): SocketAuthResult {
    let result = this.authCache.get(client.token);
    if (!result) {
      result = this.authenticate(client.token);
      this.authCache.set(client.token, result);
      this.authCacheClear ??= setImmediate(() => {
        this.authCache.clear();
        this.authCacheClear = null;
      });
    }
    return result;
  }

  private endForAuth(client: Client, auth: Extract<SocketAuthResult, { ok: false }>): void {
    this.clients.delete(client.socket.id);
    client.socket.emit(AUTH_ERROR_EVENT, { key: auth.key, text: auth.text });
    // A server-side disconnect: socket.io clients do not reconnect on their own, the app asks the agent to log in.
    client.socket.disconnect(true);
  }
}

function connectError(key: string, text: string): Error & { data: { key: string; text: string } } {
  return Object.assign(new Error(key), { data: { key, text } });
}
