/**
 * The realtime socket to the HelenaCRM gateway (socket.io, same origin as the REST API).
 *
 * Every connection attempt, the first and each reconnection, sends the CURRENT last applied
 * offset: `auth` is a function socket.io calls on every (re)connect, so the server replays exactly
 * what this client has not applied yet. Reconnection uses socket.io's own backoff, capped.
 *
 * Two ways the server refuses us, both reported through `onAuthError` and both final (no retry:
 * the agent must log in again): a handshake refused with `auth.*` (connect_error), and `auth_error`
 * sent just before the server ends a socket whose token expired while connected.
 */
import type { Agent } from 'node:http';
import { performance } from 'node:perf_hooks';
import { io, type Socket } from 'socket.io-client';
import { z } from 'zod';
import { REALTIME_PROBE_EVENT } from '../api/helena-dto';
import { parseRealtimePayload, type RealtimeMessage } from './payload';

export const REALTIME_PATH = '/socket.io';

/** checkNow's wait for the probe's answer is four round trips, but never under the floor (probeWaitMinMs) nor over this. */
const PROBE_WAIT_MAX_MS = 2_000;
const PROBE_WAIT_MIN_MS = 300;

/** connected: live; connecting: an attempt is under way; offline: down, socket.io will retry; stopped: closed for good. */
export type RealtimeState = 'connecting' | 'connected' | 'offline' | 'stopped';

export interface RealtimeAuthError {
  key: string;
  text: string | null;
  tokenExpired: boolean;
}

export interface RealtimeLogger {
  debug?(message: string, fields?: Record<string, unknown>): void;
  warn?(message: string, fields?: Record<string, unknown>): void;
}

export interface RealtimeConnectionOptions {
  /** Server root, e.g. http://127.0.0.1:4010 (the socket lives at `${url}/socket.io`). */
  url: string;
  path?: string;
  getToken: () => string | null;
  /** The offset of the last event applied to the cache, or null when none is known. */
  getOffset: () => number | null;
  onMessage: (message: RealtimeMessage) => void;
  onStateChange?: (state: RealtimeState, detail?: string) => void;
  onAuthError?: (error: RealtimeAuthError) => void;
  logger?: RealtimeLogger;
  /** First reconnection delay. Default 500 ms; doubles up to `reconnectDelayMaxMs`, ±50% jitter. */
  reconnectDelayMs?: number;
  /** Cap of the reconnection delay. Default 15 s. */
  reconnectDelayMaxMs?: number;
  /** The route's agent for the URL's scheme (net/net-route.ts): proxy and trusted certificates. Default: Node's. */
  agent?: Agent;
  /**
   * The shortest wait for the answer to checkNow's probe. Default 300 ms: a Wi-Fi's jitter and a
   * busy event loop on either end stay under it, and a dead connection is dialled again well
   * within a second of the check.
   */
  probeWaitMinMs?: number;
  /** How long one opening of the socket may take before it counts as failed. Default socket.io's 20 s. */
  connectTimeoutMs?: number;
}

const AuthErrorPayload = z.object({ key: z.string(), text: z.string().nullable().optional() });
const ConnectErrorData = z.object({ key: z.string().optional(), text: z.string().optional() }).passthrough();

export class RealtimeConnection {
  private socket: Socket | null = null;
  private currentState: RealtimeState = 'stopped';
  private authFailed = false;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private retries = 0;
  /** When the current connection came up; tells the engine whether it is a reconnection. */
  private connectedOnce = false;
  /** Date.now() of the last thing heard from the server (a packet or its heartbeat): proof the socket lives. */
  private lastHeardAt: number | null = null;
  /** Date.now() of the server's last engine.io ping (or of the handshake, which starts that clock). */
  private lastPingAt: number | null = null;
  /** performance.now() when the current dial began: its handshake's length is the first round-trip estimate. */
  private dialStartedAt: number | null = null;
  /** Round trip on the current connection (ms): a quarter of its handshake, then each answered probe's. */
  private roundTripMs: number | null = null;
  /** Connections that came up since start(): a probe's silence says nothing about a connection newer than it. */
  private connectionSerial = 0;
  /** The probe of the check under way: a second check meanwhile takes its verdict instead of asking again. */
  private probing: Promise<boolean> | null = null;
  /** Moves on each redial and stop: the verdict of a probe sent before is no longer this class's to act on. */
  private probeEpoch = 0;
  /** The 'io client disconnect' that redial() causes is not a stop. */
  private redialing = false;

  constructor(private readonly options: RealtimeConnectionOptions) {}

  get state(): RealtimeState {
    return this.currentState;
  }

  /** True once a connection has come up at least once since `start()`. */
  get hasConnected(): boolean {
    return this.connectedOnce;
  }

  start(): void {
    if (this.socket) return;
    this.authFailed = false;
    this.connectedOnce = false;
    this.retries = 0;
    const socket = io(this.options.url, {
      path: this.options.path ?? REALTIME_PATH,
      // A WebSocket first; where it cannot be opened (a proxy or firewall that lets HTTPS through
      // but refuses the upgrade, as many call centres' do), HTTP long-polling on the same engine:
      // same auth callback, same offset, same events, a little more latency and overhead.
      // tryAllTransports moves on only while opening: a WebSocket that opened and died later is
      // dialled again as one, and falls back again if refused.
      transports: ['websocket', 'polling'],
      tryAllTransports: true,
      forceNew: true,
      autoConnect: false,
      reconnection: true,
      reconnectionDelay: this.options.reconnectDelayMs ?? 500,
      reconnectionDelayMax: this.options.reconnectDelayMaxMs ?? 15_000,
      randomizationFactor: 0.5,
      timeout: this.options.connectTimeoutMs ?? 20_000,
      // engine.io-client types `agent` as string | boolean (its browser build's), but in Node both
      // transports hand it as is to the request: websocket.js and polling-xhr.js `pick(opts, "agent", …)`
      // into ws's WebSocket / xmlhttprequest-ssl, which pass it to http(s).request (6.6.8). So the
      // long-polling requests go through the same proxy and trust the same certificates.
      ...(this.options.agent ? { agent: this.options.agent as unknown as boolean } : {}),
      // Called on every (re)connection: the offset is read at that moment, never cached.
      auth: (cb) => cb({ token: this.options.getToken() ?? '', offset: this.options.getOffset() }),
    });
    this.socket = socket;
    socket.on('connect', () => {
      this.lastHeardAt = Date.now();
      this.lastPingAt = this.lastHeardAt;
      this.connectionSerial++;
      // TCP, TLS or a proxy's CONNECT, the WebSocket upgrade, socket.io's CONNECT: some four round
      // trips. Over long-polling after a refused WebSocket, more: the estimate errs long, which only
      // lengthens the first probe's wait (within PROBE_WAIT_MAX_MS) until an answered probe measures it.
      this.roundTripMs = this.dialStartedAt === null ? null : (performance.now() - this.dialStartedAt) / 4;
      this.retries = 0;
      this.connectedOnce = true;
      // Which way it came up, for whoever reads the log of a desk behind a proxy that refuses WebSockets.
      this.options.logger?.debug?.('realtime: connected', { transport: socket.io.engine?.transport.name ?? null });
      this.setState('connected');
    });
    socket.on('disconnect', (reason) => this.onDisconnect(reason));
    socket.on('connect_error', (err: Error & { data?: unknown }) => this.onConnectError(err));
    socket.on('auth_error', (payload: unknown) => {
      const parsed = AuthErrorPayload.safeParse(payload);
      const key = parsed.success ? parsed.data.key : 'auth.unauthorized';
      this.failAuth({ key, text: parsed.success ? (parsed.data.text ?? null) : null, tokenExpired: key === 'auth.token_expired' });
    });
    socket.on('event', (payload: unknown) => this.onPayload(payload));
    socket.io.on('reconnect_attempt', () => {
      this.dialStartedAt = performance.now();
      this.setState('connecting');
    });
    // Wall-clock time on purpose: a sleep must count as silence, and the monotonic clock stops during it.
    const heard = (): void => {
      this.lastHeardAt = Date.now();
    };
    socket.io.on('packet', heard);
    socket.io.on('ping', () => {
      heard();
      this.lastPingAt = this.lastHeardAt;
    });
    this.setState('connecting');
    this.dialStartedAt = performance.now();
    socket.connect();
  }

  /**
   * The network may have changed (a wake, another Wi-Fi, a VPN, an unlock of the screen). A socket
   * that heard the server in the last `aliveWithinMs` (since the first sign of the change) is kept.
   * One quiet for longer than engine.io's ping deadline is dead by engine.io's own reckoning, only
   * its timer has not run out (a sleep stops it): dialled again at once. Any other connected one is
   * asked (REALTIME_PROBE_EVENT, with an ack) and kept if the server answers, or sends anything at
   * all, within four round trips; dialled again if not, as a connection the change left dead answers
   * nothing and socket.io alone would wait out its ping timeout (45 s by default). Asking is a small
   * packet each way; dialling again on every unlock was a handshake, a replay, a sync the
   * reconnection could start, and "Conectando…" flashing in the agent's status bar. A socket not
   * connected, waiting out its reconnection backoff, dials now, and so does any socket when
   * `rerouted`: it goes by the proxy that was chosen before, alive or not. Resolves true when it
   * dialled again.
   */
  checkNow(aliveWithinMs: number, options: { rerouted?: boolean } = {}): Promise<boolean> {
    const socket = this.socket;
    if (!socket || this.authFailed) return Promise.resolve(false);
    if (this.probing && !options.rerouted) return this.probing;
    const now = Date.now();
    if (socket.connected && !options.rerouted && !this.pingExpired(socket, now)) {
      // Strictly within: 0 trusts nothing heard (a packet in this very millisecond included), a probe decides.
      if (this.lastHeardAt !== null && now - this.lastHeardAt < aliveWithinMs) return Promise.resolve(false);
      return this.probe(socket);
    }
    this.redial(socket);
    return Promise.resolve(true);
  }

  /** Closes the socket for good (logout, token expired, app closing). */
  stop(): void {
    this.clearRetry();
    this.probing = null;
    this.probeEpoch++;
    const socket = this.socket;
    this.socket = null;
    if (socket) {
      socket.removeAllListeners();
      socket.io.removeAllListeners();
      socket.close();
    }
    this.setState('stopped');
  }

  private probe(socket: Socket): Promise<boolean> {
    const serial = this.connectionSerial;
    const epoch = this.probeEpoch;
    const sentAt = performance.now();
    const sentAtWall = Date.now();
    const waitMs = Math.max(this.options.probeWaitMinMs ?? PROBE_WAIT_MIN_MS, Math.min(PROBE_WAIT_MAX_MS, 4 * (this.roundTripMs ?? PROBE_WAIT_MAX_MS)));
    const probing = new Promise<boolean>((resolve) => {
      const settle = (answered: boolean): void => {
        if (this.probing === probing) this.probing = null;
        // Stopped or dialled again meanwhile, or socket.io came back on its own on a newer connection: nothing to judge.
        if (this.probeEpoch !== epoch || this.socket !== socket || this.authFailed || (socket.connected && this.connectionSerial !== serial)) {
          return resolve(false);
        }
        if (answered) {
          this.roundTripMs = performance.now() - sentAt;
          return resolve(false);
        }
        // Whatever came in since the question (a long replay ahead of the answer) proves it as well.
        if (socket.connected && this.lastHeardAt !== null && this.lastHeardAt > sentAtWall) return resolve(false);
        this.options.logger?.debug?.('realtime: no answer to the probe', { waitMs });
        this.redial(socket);
        resolve(true);
      };
      // socket.io drops the ack when the wait runs out, and calls it with an error at once if the
      // connection ends first. Timers run before the I/O that waited while the loop was busy (the
      // check's own sync writing): setImmediate lets an answer already received be read before the verdict.
      socket.timeout(waitMs).emit(REALTIME_PROBE_EVENT, (error: Error | null) => {
        if (error) setImmediate(() => settle(false));
        else settle(true);
      });
    });
    this.probing = probing;
    return probing;
  }

  /**
   * engine.io's verdict read by the wall clock: no ping from the server for pingInterval +
   * pingTimeout (the handshake's, 25 + 20 s by default) and the server has given up on this
   * connection. engine.io-client keeps both where 6.6.8 keeps them; the defaults otherwise.
   */
  private pingExpired(socket: Socket, now: number): boolean {
    if (this.lastPingAt === null) return false;
    const engine = socket.io.engine as unknown as { _pingInterval?: unknown; _pingTimeout?: unknown } | undefined;
    const interval = typeof engine?._pingInterval === 'number' ? engine._pingInterval : 25_000;
    const timeout = typeof engine?._pingTimeout === 'number' ? engine._pingTimeout : 20_000;
    return now - this.lastPingAt > interval + timeout;
  }

  private redial(socket: Socket): void {
    this.probing = null;
    this.probeEpoch++;
    this.clearRetry();
    this.retries = 0;
    this.options.logger?.debug?.('realtime: dialling again after a change of network');
    // disconnect() then connect() is socket.io's own way to reconnect by hand: the manager starts
    // a fresh engine (the route's agent, the auth callback) with its backoff reset.
    this.redialing = true;
    try {
      socket.disconnect();
    } finally {
      this.redialing = false;
    }
    this.setState('connecting');
    this.dialStartedAt = performance.now();
    socket.connect();
  }

  private onPayload(payload: unknown): void {
    const parsed = parseRealtimePayload(payload);
    if (!parsed.ok) {
      this.options.logger?.warn?.('realtime: ignored an unreadable payload', { reason: parsed.reason });
      return;
    }
    try {
      this.options.onMessage(parsed.message);
    } catch (error) {
      // One bad event must not take the socket down with it.
      this.options.logger?.warn?.('realtime: applying an event failed', { error: String(error) });
    }
  }

  private onDisconnect(reason: Socket.DisconnectReason): void {
    if (!this.socket) return;
    if (reason === 'io client disconnect') {
      if (!this.redialing) this.setState('stopped');
      return;
    }
    if (this.authFailed) {
      this.stop();
      return;
    }
    if (reason === 'io server disconnect') {
      // The server ended the socket without saying why: socket.io will not retry on its own.
      this.setState('offline', reason);
      this.scheduleManualRetry();
      return;
    }
    this.setState('offline', reason);
  }

  private onConnectError(err: Error & { data?: unknown }): void {
    if (!this.socket) return;
    const socket = this.socket;
    if (socket.active) {
      // An opening that timed out: a proxy that swallows the WebSocket upgrade (buffers it, drops it)
      // answers nothing, so tryAllTransports, which moves on at an error, never reached long-polling.
      // From now on polling opens the connection and is upgraded to a WebSocket only once a probe
      // over it works (socket.io's own default order).
      if (err.message === 'timeout' && socket.io.opts.transports?.[0] === 'websocket') {
        this.options.logger?.warn?.('realtime: the WebSocket did not open in time; opening by long-polling from now on');
        socket.io.opts.transports = ['polling', 'websocket'];
      }
      // Transport-level failure (server down, network gone): socket.io retries with backoff.
      this.setState('offline', err.message);
      return;
    }
    const data = ConnectErrorData.safeParse(err.data);
    const key = (data.success ? data.data.key : undefined) ?? err.message;
    if (key.startsWith('auth.')) {
      this.failAuth({ key, text: data.success ? (data.data.text ?? null) : null, tokenExpired: key === 'auth.token_expired' });
      return;
    }
    this.options.logger?.warn?.('realtime: handshake refused', { key });
    this.setState('offline', key);
    this.scheduleManualRetry();
  }

  private failAuth(error: RealtimeAuthError): void {
    if (this.authFailed) return;
    this.authFailed = true;
    this.options.logger?.warn?.('realtime: authentication refused', { key: error.key });
    this.options.onAuthError?.(error);
    this.stop();
  }

  private scheduleManualRetry(): void {
    this.clearRetry();
    const base = this.options.reconnectDelayMs ?? 500;
    const cap = this.options.reconnectDelayMaxMs ?? 15_000;
    const delay = Math.min(cap, base * 2 ** this.retries) * (0.5 + Math.random());
    this.retries++;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (!this.socket || this.socket.connected) return;
      this.setState('connecting');
      this.dialStartedAt = performance.now();
      this.socket.connect();
    }, Math.min(cap, delay));
  }

  private clearRetry(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  private setState(state: RealtimeState, detail?: string): void {
    if (state === this.currentState) return;
    this.currentState = state;
    this.options.logger?.debug?.(`realtime: ${state}`, detail ? { detail } : undefined);
    this.options.onStateChange?.(state, detail);
  }
}
