/**
 * The bridge over a loopback WebSocket: the same contract Electron carries over IPC
 * (src/console/bridge-contract.ts), for the app in a browser tab. A connection is accepted only
 * with the per-run key and from the host's own origin, so another web page open in the same
 * browser cannot drive the agent's console; every frame is size-capped and schema-checked before
 * the console (which validates the command's input again) sees it.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { timingSafeEqual } from 'node:crypto';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { clientFrameSchema } from '../../src/console/bridge-frames';
import {
  WEB_BRIDGE_MAX_FRAME_BYTES,
  WEB_BRIDGE_PATH,
  WEB_BRIDGE_TOKEN_PARAM,
  type BridgeEvent,
  type ServerFrame,
} from '../../src/console/bridge-contract';
import type { HandleResult } from '../../src/console/console';

/** What the web host needs of the core: HelenaConsole satisfies it. */
export interface BridgeCore {
  handle(command: unknown, input: unknown): Promise<HandleResult>;
  on(listener: (event: BridgeEvent) => void): () => void;
}

export interface BridgeSocketOptions {
  core: BridgeCore;
  key: string;
  /** The host's origin (http://127.0.0.1:port): the only page allowed to connect. */
  origin: () => string;
}

const BAD_FRAME: HandleResult = {
  ok: false,
  error: { code: 'invalid_input', message: 'Mensagem inválida recebida pela ponte do Helena Desk. Recarregue a página.' },
};

export class BridgeSocket {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: WEB_BRIDGE_MAX_FRAME_BYTES });
  private readonly unsubscribe: () => void;

  constructor(private readonly options: BridgeSocketOptions) {
    this.unsubscribe = options.core.on((event) => this.broadcast({ type: 'event', event }));
    this.wss.on('connection', (socket) => this.attach(socket));
  }

  /** For the HTTP server's 'upgrade' event. Returns false when the request is not ours (caller closes it). */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): boolean {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname !== WEB_BRIDGE_PATH) return false;
    if (!this.keyMatches(url.searchParams.get(WEB_BRIDGE_TOKEN_PARAM)) || request.headers.origin !== this.options.origin()) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return true;
    }
    this.wss.handleUpgrade(request, socket, head, (ws) => this.wss.emit('connection', ws, request));
    return true;
  }

  get connections(): number {
    return this.wss.clients.size;
  }

  close(): Promise<void> {
    this.unsubscribe();
    for (const client of this.wss.clients) client.terminate();
    return new Promise((resolve) => this.wss.close(() => resolve()));
  }

  private keyMatches(given: string | null): boolean {
    if (given === null) return false;
    const a = Buffer.from(given);
    const b = Buffer.from(this.options.key);
    return a.length === b.length && timingSafeEqual(a, b);
  }

  private attach(socket: WebSocket): void {
    // ws closes the connection itself on a protocol error (e.g. 1009 for an oversized frame) and
    // then emits 'error': without a listener that would crash the whole host.
    socket.on('error', () => socket.terminate());
    socket.on('message', (data, isBinary) => {
      void this.answer(socket, data, isBinary);
    });
  }

  private async answer(socket: WebSocket, data: RawData, isBinary: boolean): Promise<void> {
    let frame: unknown;
    try {
      frame = isBinary ? undefined : JSON.parse(rawText(data));
    } catch {
      frame = undefined;
    }
    const parsed = clientFrameSchema.safeParse(frame);
    if (!parsed.success) {
      // Without a valid id there is nobody to answer; a bad frame from our own page is a bug worth seeing.
      const id = typeof (frame as { id?: unknown } | undefined)?.id === 'number' ? (frame as { id: number }).id : -1;
      if (id >= 0) send(socket, { type: 'result', id, result: BAD_FRAME });
      return;
    }
    let result: HandleResult;
    try {
      result = await this.options.core.handle(parsed.data.command, parsed.data.input);
    } catch {
      // handle() never throws by contract; if it ever did, the page must still get an answer.
      result = { ok: false, error: { code: 'internal', message: 'Erro interno do Helena Desk. Tente de novo.' } };
    }
    send(socket, { type: 'result', id: parsed.data.id, result });
  }

  private broadcast(frame: ServerFrame): void {
    const text = JSON.stringify(frame);
    for (const client of this.wss.clients) if (client.readyState === client.OPEN) client.send(text);
  }
}

function rawText(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}

function send(socket: WebSocket, frame: ServerFrame): void {
  if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(frame));
}
