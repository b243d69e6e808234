/**
 * The bridge contract, in one file: channel names, what the UI sends, what it gets back, and the
 * events it hears. Two transports carry it unchanged — Electron IPC (ipcMain.handle /
 * ipcRenderer.invoke through a preload that exposes only HelenaBridge) and the web host's loopback
 * WebSocket (`npm run web`, end-to-end tests). Inputs are validated on the main side by
 * HelenaConsole.handle with the schemas of commands.ts; bridge-frames.ts guards the WebSocket
 * before that.
 *
 * Types and constants only: the renderer and the sandboxed preload import this file, and a value
 * import (zod) would ride into both bundles (domain/attachments.ts, for the frame limit, has none).
 */
import { base64Length, MAX_ATTACHMENT_BYTES } from '../domain/attachments';
import type { CommandInput, CommandName, CommandResult } from './commands';
import type { CoreEvent } from './core-events';
import type { ConsoleErrorBody } from './errors';

/** IPC channel names (Electron). Nothing else crosses IPC. */
export const BRIDGE_CHANNELS = {
  invoke: 'helena:invoke',
  event: 'helena:event',
} as const;

export type BridgeResult<C extends CommandName> = { ok: true; value: CommandResult<C> } | { ok: false; error: ConsoleErrorBody };

/**
 * Events the shell adds to the core's: a click on a tray notification asks the window to open
 * that conversation.
 */
export type ShellEvent =
  | { type: 'open-conversation'; sessionId: string }
  /** Electron: the core's process died and is restarting ('down'), or serves again ('up': read the state again). */
  | { type: 'core-link'; state: 'down' | 'up' };
export type BridgeEvent = CoreEvent | ShellEvent;

/** What the renderer gets as `window.helena` (Electron) or from the WebSocket client (browser). */
export interface HelenaBridge {
  /** Never rejects for a refused command: the answer says ok or carries a ConsoleErrorBody (pt-BR message). */
  invoke<C extends CommandName>(command: C, input: CommandInput<C>): Promise<BridgeResult<C>>;
  /** Core and shell events, in the order they were emitted. Returns the unsubscribe function. */
  onEvent(listener: (event: BridgeEvent) => void): () => void;
}

// ---------- the web host's WebSocket transport ----------

/** Path of the WebSocket endpoint on the web host. */
export const WEB_BRIDGE_PATH = '/bridge';
/** Query parameter carrying the per-run secret that the web host prints in the app's URL fragment. */
export const WEB_BRIDGE_TOKEN_PARAM = 'key';
/**
 * Larger frames are refused before parsing. The biggest command is message.sendFile with the
 * largest file the app sends (16 MB, as base64 a third more); 64 KB over it is room for the rest
 * of the frame (the caption, the name, the ids), so any valid command fits.
 */
export const WEB_BRIDGE_MAX_FRAME_BYTES = base64Length(MAX_ATTACHMENT_BYTES) + 64 * 1024;


export type ServerFrame =
  | { type: 'result'; id: number; result: { ok: true; value: unknown } | { ok: false; error: ConsoleErrorBody } }
  | { type: 'event'; event: BridgeEvent };
