/**
 * HelenaBridge over the web host's WebSocket, for the app in a browser tab. The per-run key comes
 * in the URL fragment (the host prints it); it is moved to sessionStorage and taken out of the
 * address bar, so a reload still works and the key is not left where it can be copied by accident.
 * A lost connection fails the calls in flight with a clear message and reconnects with backoff.
 */
import {
  WEB_BRIDGE_PATH,
  WEB_BRIDGE_TOKEN_PARAM,
  type BridgeCommandName,
  type BridgeEvent,
  type BridgeInput,
  type BridgeResult,
  type HelenaBridge,
  type ServerFrame,
} from '../../src/console/bridge-contract';

const KEY_STORAGE = 'helena.bridgeKey';

export function takeBridgeKey(location: Location, storage: Storage, history: History): string | null {
  const fragment = new URLSearchParams(location.hash.slice(1));
  const fromUrl = fragment.get(WEB_BRIDGE_TOKEN_PARAM);
  if (fromUrl) {
    storage.setItem(KEY_STORAGE, fromUrl);
    history.replaceState(null, '', location.pathname + location.search);
    return fromUrl;
  }
  return storage.getItem(KEY_STORAGE);
}

type Pending = (result: BridgeResult<BridgeCommandName>) => void;

export type BridgeLinkState = 'connecting' | 'open' | 'closed';

export class WebSocketBridge implements HelenaBridge {
  private socket: WebSocket | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new Set<(event: BridgeEvent) => void>();
  private readonly linkListeners = new Set<(state: BridgeLinkState) => void>();
  private opened: Promise<void> | null = null;
  private retryMs = 250;

  constructor(private readonly url: string) {}

  invoke<C extends BridgeCommandName>(command: C, input: BridgeInput<C>): Promise<BridgeResult<C>> {
    return this.ensureOpen().then(
      () =>
        new Promise<BridgeResult<C>>((resolve) => {
          const id = this.nextId++;
          this.pending.set(id, resolve as Pending);
          this.socket?.send(JSON.stringify({ type: 'invoke', id, command, input }));
        }),
      () => lost<C>(),
    );
  }

  onEvent(listener: (event: BridgeEvent) => void): () => void {
    this.listeners.add(listener);
    void this.ensureOpen().catch(() => undefined);
    return () => this.listeners.delete(listener);
  }

  onLink(listener: (state: BridgeLinkState) => void): () => void {
    this.linkListeners.add(listener);
    return () => this.linkListeners.delete(listener);
  }

  private ensureOpen(): Promise<void> {
    if (this.opened) return this.opened;
    this.opened = new Promise<void>((resolve, reject) => {
      const socket = new WebSocket(this.url);
      this.socket = socket;
      socket.onopen = () => {
        this.retryMs = 250;
        this.emitLink('open');
        resolve();
      };
      socket.onmessage = (message) => this.receive(message.data);
      socket.onclose = () => {
        this.socket = null;
        this.opened = null;
        for (const settle of this.pending.values()) settle(lost());
        this.pending.clear();
        this.emitLink('closed');
        reject(new Error('closed'));
        // Events must keep flowing once the host is back (a restart of `npm run web`).
        if (this.listeners.size > 0) {
          const wait = this.retryMs;
          this.retryMs = Math.min(this.retryMs * 2, 5_000);
          setTimeout(() => void this.ensureOpen().catch(() => undefined), wait);
        }
      };
    });
    // Announced only once `opened` is set: a listener that calls invoke() must join this attempt, not start another.
    const opened = this.opened;
    this.emitLink('connecting');
    return opened;
  }

  private receive(data: unknown): void {
    if (typeof data !== 'string') return;
    let frame: ServerFrame;
    try {
      frame = JSON.parse(data) as ServerFrame;
    } catch {
      return;
    }
    if (frame.type === 'event') {
      for (const listener of this.listeners) listener(frame.event);
    } else if (frame.type === 'result') {
      const settle = this.pending.get(frame.id);
      this.pending.delete(frame.id);
      settle?.(frame.result as BridgeResult<BridgeCommandName>);
    }
  }

  private emitLink(state: BridgeLinkState): void {
    for (const listener of this.linkListeners) listener(state);
  }
}

function lost<C extends BridgeCommandName>(): BridgeResult<C> {
  return {
    ok: false,
    error: { code: 'internal', message: 'Sem conexão com o Helena Desk. Verifique se ele continua aberto (se foi reiniciado, abra o novo endereço mostrado no terminal); tentando reconectar…' },
  };
}

export function webSocketUrl(location: Location, key: string): string {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${location.host}${WEB_BRIDGE_PATH}?${WEB_BRIDGE_TOKEN_PARAM}=${encodeURIComponent(key)}`;
}
