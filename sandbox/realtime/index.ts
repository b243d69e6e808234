import type { Server } from 'node:http';
import type { SandboxContext } from '../context';

// STUB (owner: sandbox realtime helper): socket.io gateway over the event log.
export function attachRealtime(_server: Server, _ctx: SandboxContext): { close(): Promise<void> } {
  return { close: async () => {} };
}
