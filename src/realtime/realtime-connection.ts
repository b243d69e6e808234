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
import { io, type Socket } from 'socket.io-client';
import { z } from 'zod';
import { parseRealtimePayload, type RealtimeMessage } from './payload';

export const REALTIME_PATH = '/socket.io';

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
      transports: ['websocket'],
      forceNew: true,
      autoConnect: false,
      reconnection: true,
      reconnectionDelay: this.options.reconnectDelayMs ?? 500,
      reconnectionDelayMax: this.options.reconnectDelayMaxMs ?? 15_000,
      randomizationFactor: 0.5,
      // engine.io-client types `agent` as string | boolean (its browser build's), but in Node both
      // transports hand it as is to the request: websocket.js and polling-xhr.js `pick(opts, "agent", …)`
      // into ws's WebSocket / xmlhttprequest-ssl, which pass it to http(s).request (6.6.8).
      ...(this.options.agent ? { agent: this.options.agent as unknown as boolean } : {}),
      // Called on every (re)connection: the offset is read at that moment, never cached.
      auth: (cb) => cb({ token: this.options.getToken() ?? '', offset: this.options.getOffset() }),
    });
    this.socket = socket;
    socket.on('connect', () => {
      this.lastHeardAt = Date.now();
      this.retries = 0;
      this.connectedOnce = true;
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
    socket.io.on('reconnect_attempt', () => this.setState('connecting'));
    // Wall-clock time on purpose: a sleep must count as silence, and the monotonic clock stops during it.
    const heard = (): void => {
      this.lastHeardAt = Date.now();
    };
    socket.io.on('packet', heard);
    socket.io.on('ping', heard);
    this.setState('connecting');
    socket.connect();
  }

  /**
   * The network may have changed (a wake, another Wi-Fi, a VPN): a socket that has heard nothing
   * from the server in the last `aliveWithinMs` is dropped and dialled again at once, with the
   * current offset, instead of waiting for socket.io's ping timeout (pingInterval + pingTimeout,
   * 45 s by default) to call a silently dead one dead; one waiting out its reconnection backoff
   * dials now. True when it dialled again.
   */
  checkNow(aliveWithinMs: number): boolean {
    const socket = this.socket;
    if (!socket || this.authFailed) return false;
    if (socket.connected && this.lastHeardAt !== null && Date.now() - this.lastHeardAt <= aliveWithinMs) return false;
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
    socket.connect();
    return true;
  }

  /** Closes the socket for good (logout, token expired, app closing). */
  stop(): void {
    this.clearRetry();
    const socket = this.socket;
    this.socket = null;
    if (socket) {
      socket.removeAllListeners();
      socket.io.removeAllListeners();
      socket.close();
    }
    this.setState('stopped');
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
