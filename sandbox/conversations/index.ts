import type { FastifyInstance } from 'fastify';
import type { SandboxContext } from '../context';

// STUB (owner: sandbox conversations helper): sessions, messages, /chat/v1/send/*, WhatsApp rules.
export function registerConversationRoutes(_app: FastifyInstance, _ctx: SandboxContext): void {}
