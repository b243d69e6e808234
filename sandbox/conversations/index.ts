/**
 * Conversations: sessions, messages, the send family and WhatsApp's rules (window, templates,
 * parameters, WAIT_REPLY, receipts, cost, idempotency). routes/index.ts calls
 * registerConversationRoutes; the simulation calls receiveInboundMessage.
 */
import type { FastifyInstance } from 'fastify';
import type { SandboxContext } from '../context';
import { registerMessageRoutes, registerSendRoutes, registerSessionRoutes } from './routes';
import { statusTimersOf } from './status-timers';

export { receiveInboundMessage, type InboundInput } from './inbound';
export { failMessage, NO_WHATSAPP_REASON } from './status-timers';

export function registerConversationRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  registerSessionRoutes(app, ctx);
  registerMessageRoutes(app, ctx);
  registerSendRoutes(app, ctx);
  app.addHook('onClose', async () => {
    statusTimersOf(ctx).clear();
  });
}
