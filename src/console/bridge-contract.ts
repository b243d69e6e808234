/**
 * The bridge contract, in one file: channel names, what the UI sends, what it gets back, and the
 * events it hears. Two transports carry it unchanged — Electron IPC (ipcMain.handle /
 * ipcRenderer.invoke through a preload that exposes only HelenaBridge) and the web host's loopback
 * WebSocket (`npm run web`, end-to-end tests). Inputs are validated on the main side by
 * HelenaConsole.handle with the schemas of commands.ts (the shell's own server.* commands with
 * src/server-setup/server-commands.ts, its app.* update commands with src/console/update-commands.ts);
 * bridge-frames.ts guards the WebSocket before that.
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

// ---------- shell commands: which HelenaCRM to talk to ----------

/** Where the server in use came from (src/server-setup/server-settings.ts has the order). */
export type ServerSource = 'env' | 'saved' | 'installer';

export interface ServerState {
  /** Null until a server is chosen: the window shows the setup screen and no core is open. */
  server: { url: string; host: string; source: ServerSource } | null;
  /** False when HELENA_URL decides; the screen then says so and offers no change. */
  changeable: boolean;
}

/**
 * Commands the shell answers itself, before anything reaches the core (there may be no core yet):
 * the main process in Electron, the web host's gate in a browser tab (src/server-setup/server-gate.ts,
 * schemas in server-commands.ts). `server.save` checks the address, asks it whether it is HelenaCRM,
 * keeps it and opens the core for it.
 */
export interface ServerCommandMap {
  'server.state': { input: Record<string, never>; result: ServerState };
  'server.save': { input: { address: string }; result: ServerState };
}
export type ServerCommandName = keyof ServerCommandMap;

// ---------- shell commands: the installed app's own updates ----------

/** A newer Helena Desk downloaded and waiting to install (electron/updates.ts); null while there is none. */
export interface UpdateState {
  ready: { version: string } | null;
}

/**
 * Commands the shell answers about updates (src/console/update-commands.ts routes them before the
 * core). Only an installed Electron app updates itself: the web host answers `ready: null` and
 * refuses the restart (`update.unavailable`).
 */
export interface UpdateCommandMap {
  'app.updateStatus': { input: Record<string, never>; result: UpdateState };
  /** Closes the core, then quits and runs the installer, which opens the new version. */
  'app.restartToUpdate': { input: Record<string, never>; result: { restarting: true } };
}
export type UpdateCommandName = keyof UpdateCommandMap;

// ---------- shell commands: the network ----------

/**
 * The window heard the browser's 'online' event (the computer had no network and has one again):
 * the shell checks the core's connection now (src/console/network-commands.ts), together with what
 * it hears itself (src/net/network-watch.ts). Always answers null.
 */
export interface NetworkCommandMap {
  'app.networkOnline': { input: Record<string, never>; result: null };
}
export type NetworkCommandName = keyof NetworkCommandMap;

// ---------- shell commands: this window and this computer ----------

/**
 * Where the shell keeps the agent's login between runs (electron/secrets.ts): 'keyring' in the OS's
 * password store, 'memory' only while the app is open (Linux without a keyring: the window says
 * once that a login is needed at every start). The web host keeps none and answers 'keyring'.
 */
export interface LoginStorage {
  kept: 'keyring' | 'memory';
}

/** Commands the shell answers about its window and computer (src/console/window-commands.ts). */
export interface WindowCommandMap {
  'app.loginStorage': { input: Record<string, never>; result: LoginStorage };
  /**
   * Loads the window's page again from the main process (the crash screen's "Recarregar"): a reload
   * the page starts itself is a navigation, which electron/window.ts refuses. A browser tab's host
   * refuses it (`window.reload_unavailable`); the tab reloads itself there.
   */
  'app.reloadWindow': { input: Record<string, never>; result: { reloading: true } };
}
export type WindowCommandName = keyof WindowCommandMap;

/** The shell's own commands, whatever part of the shell answers them. */
type ShellCommandMap = ServerCommandMap & UpdateCommandMap & NetworkCommandMap & WindowCommandMap;
type ShellCommandName = keyof ShellCommandMap;

/** Everything the bridge carries: the core's commands and the shell's. */
export type BridgeCommandName = CommandName | ShellCommandName;
export type BridgeInput<C extends BridgeCommandName> = C extends ShellCommandName
  ? ShellCommandMap[C]['input']
  : C extends CommandName
    ? CommandInput<C>
    : never;
export type BridgeValue<C extends BridgeCommandName> = C extends ShellCommandName
  ? ShellCommandMap[C]['result']
  : C extends CommandName
    ? CommandResult<C>
    : never;
export type BridgeResult<C extends BridgeCommandName> = { ok: true; value: BridgeValue<C> } | { ok: false; error: ConsoleErrorBody };

/**
 * Events the shell adds to the core's: a click on a tray notification asks the window to open
 * that conversation.
 */
export type ShellEvent =
  | { type: 'open-conversation'; sessionId: string }
  /** Electron: the core's process died and is restarting ('down'), or serves again ('up': read the state again). */
  | { type: 'core-link'; state: 'down' | 'up' }
  /** Electron, installed: a newer version is downloaded; it installs when the app quits, or now with app.restartToUpdate. */
  | { type: 'update-ready'; version: string };
export type BridgeEvent = CoreEvent | ShellEvent;

/** What the renderer gets as `window.helena` (Electron) or from the WebSocket client (browser). */
export interface HelenaBridge {
  /** Never rejects for a refused command: the answer says ok or carries a ConsoleErrorBody (pt-BR message). */
  invoke<C extends BridgeCommandName>(command: C, input: BridgeInput<C>): Promise<BridgeResult<C>>;
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
