/**
 * The bridge over Electron IPC: one invoke channel into HelenaConsole.handle and one event channel
 * out. Every message is checked for where it comes from before the core sees it — a page that is
 * not our app (a frame, another window, anything that got navigated) gets `not_allowed`. What it
 * asks for is validated by the core (zod, commands.ts), not here.
 */
import { BRIDGE_CHANNELS, type BridgeEvent } from '../src/console/bridge-contract';
import type { CoreEventListener } from '../src/console/core-events';
import type { HandleResult } from '../src/console/console';
import { APP_ORIGIN_PREFIX } from './app-protocol';
import { log } from './log';

/** The parts of an IpcMainInvokeEvent the check reads. */
export interface InvokeEventLike {
  readonly sender: unknown;
  readonly senderFrame: { readonly url: string; readonly parent: unknown } | null;
}

export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEventLike, ...args: unknown[]) => Promise<unknown>): void;
  removeHandler(channel: string): void;
}

export interface CoreLike {
  handle(command: unknown, input: unknown): Promise<HandleResult>;
  on(listener: CoreEventListener): () => void;
}

export interface WebContentsLike {
  send(channel: string, ...args: unknown[]): void;
  isDestroyed(): boolean;
}

export interface WindowLike {
  readonly webContents: WebContentsLike;
  isDestroyed(): boolean;
}

export interface BridgeDeps {
  ipcMain: IpcMainLike;
  core: CoreLike;
  /** The main window, or null while there is none: then no sender is ours. */
  getWindow: () => WindowLike | null;
}

export interface IpcBridge {
  /** Sends a core or shell event to the window (dropped when there is no live window). */
  send(event: BridgeEvent): void;
  dispose(): void;
}

export const NOT_ALLOWED: HandleResult = {
  ok: false,
  error: { code: 'not_allowed', message: 'Pedido recusado: ele não veio da janela do Helena Desk. Feche e abra o aplicativo novamente.' },
};

const INTERNAL: HandleResult = {
  ok: false,
  error: { code: 'internal', message: 'Erro interno do Helena Desk. Tente de novo; se continuar, reinicie o aplicativo.' },
};

/** True only for the main window's top frame showing a page of app://helena/. */
export function isTrustedSender(event: InvokeEventLike, win: WindowLike | null): boolean {
  if (!win || win.isDestroyed() || event.sender !== win.webContents) return false;
  const frame = event.senderFrame;
  if (!frame || frame.parent !== null) return false;
  return frame.url.startsWith(APP_ORIGIN_PREFIX);
}

export function wireIpcBridge(deps: BridgeDeps): IpcBridge {
  const { ipcMain, core, getWindow } = deps;

  ipcMain.handle(BRIDGE_CHANNELS.invoke, async (event, command, input) => {
    if (!isTrustedSender(event, getWindow())) {
      // The URL says which page tried; the command name and input stay out of the log.
      log.warn(`IPC recusado de um remetente desconhecido: ${event.senderFrame?.url.slice(0, 120) ?? 'quadro inexistente'}`);
      return NOT_ALLOWED;
    }
    try {
      return await core.handle(command, input);
    } catch (error) {
      // handle() never throws by contract; should it, the renderer still gets the one error shape.
      log.error('o núcleo falhou ao responder um comando', error);
      return INTERNAL;
    }
  });

  const send = (event: BridgeEvent): void => {
    const win = getWindow();
    if (!win || win.isDestroyed() || win.webContents.isDestroyed()) return;
    win.webContents.send(BRIDGE_CHANNELS.event, event);
  };
  const unsubscribe = core.on(send);

  return {
    send,
    dispose() {
      unsubscribe();
      ipcMain.removeHandler(BRIDGE_CHANNELS.invoke);
    },
  };
}
