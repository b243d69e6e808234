/**
 * Runs sandboxed in the renderer before the page: exposes `window.helena`, the HelenaBridge, and
 * nothing else. ipcRenderer itself never crosses (it would let the page send on any channel), nor
 * does the IpcRendererEvent (its `sender` is ipcRenderer). A sandboxed preload can only require
 * 'electron', so this file is bundled and imports nothing from Node.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { BRIDGE_CHANNELS, type BridgeCommandName, type BridgeEvent, type BridgeResult, type HelenaBridge } from '../src/console/bridge-contract';

/** The parts of ipcRenderer the bridge uses. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

export function createBridge(ipc: IpcRendererLike): HelenaBridge {
  return {
    invoke<C extends BridgeCommandName>(command: C, input: unknown): Promise<BridgeResult<C>> {
      // The main side answers with HelenaConsole.handle's (or the server gate's) result, already shaped as BridgeResult.
      return ipc.invoke(BRIDGE_CHANNELS.invoke, command, input) as Promise<BridgeResult<C>>;
    },
    onEvent(listener: (event: BridgeEvent) => void): () => void {
      const relay = (_event: unknown, payload: unknown): void => listener(payload as BridgeEvent);
      ipc.on(BRIDGE_CHANNELS.event, relay);
      return () => {
        ipc.removeListener(BRIDGE_CHANNELS.event, relay);
      };
    },
  };
}

contextBridge.exposeInMainWorld('helena', createBridge(ipcRenderer));
