/**
 * Realtime side of the sandbox: the socket.io gateway over the event log, plus the simulated
 * contacts that answer templates (started here so that they run whenever the sandbox does, with
 * or without the control API).
 */
import type { Server } from 'node:http';
import type { SandboxContext } from '../context';
import { startContactReplies } from '../simulation/contact-replies';
import { RealtimeGateway } from './gateway';
import { registerRealtime, unregisterRealtime } from './registry';
import { socketAuthenticator } from './socket-auth';

export { AUTH_ERROR_EVENT, SOCKET_PATH } from './gateway';

export function attachRealtime(server: Server, ctx: SandboxContext): { close(): Promise<void> } {
  ctx.events.setMaxEvents(ctx.options.eventLogMax);
  const gateway = new RealtimeGateway(server, ctx, socketAuthenticator(ctx));
  const replies = startContactReplies(ctx);
  registerRealtime(ctx, {
    sweep: () => gateway.sweep(),
    dropAll: () => gateway.dropAll(),
    connectedCount: () => gateway.connectedCount,
    pendingReplies: () => replies.pending(),
  });
  return {
    async close() {
      unregisterRealtime(ctx);
      replies.close();
      await gateway.close();
    },
  };
}
