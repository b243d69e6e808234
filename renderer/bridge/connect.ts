/**
 * The renderer's one way to the core: the preload's `window.helena` inside Electron, the web
 * host's WebSocket in a browser tab. Both speak HelenaBridge, so nothing else in the UI knows
 * which one it has.
 */
import type { HelenaBridge } from '../../src/console/bridge-contract';
import { takeBridgeKey, WebSocketBridge, webSocketUrl } from './web-socket-bridge';

declare global {
  interface Window {
    helena?: HelenaBridge;
  }
}

export type BridgeConnection = { bridge: HelenaBridge; web: WebSocketBridge | null } | { bridge: null; problem: 'no_key' };

export function connectBridge(): BridgeConnection {
  if (window.helena) return { bridge: window.helena, web: null };
  const key = takeBridgeKey(window.location, window.sessionStorage, window.history);
  if (!key) return { bridge: null, problem: 'no_key' };
  const web = new WebSocketBridge(webSocketUrl(window.location, key));
  return { bridge: web, web };
}
