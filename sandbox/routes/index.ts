/**
 * Every REST route of the sandbox and the plumbing in front of them, in the order requests meet
 * it: rate limit (per account) → Bearer auth (sets request.agent) → route → error handler
 * (HelenaCRM error bodies) / 404 for unknown routes.
 */
import type { FastifyInstance } from 'fastify';
import type { SandboxContext } from '../context';
import { registerAuthHook, registerAuthRoutes } from '../auth';
import { registerConversationRoutes } from '../conversations';
import { registerPublicFileRoutes } from '../files/public-files';
import { registerFileRoutes } from '../files/routes';
import { registerRateLimit } from '../rate-limit';
import { registerBodyParsing, registerErrorHandling } from '../validation';
import { registerContactRoutes } from './contacts';
import { registerDirectoryRoutes } from './directory';
import { registerTemplateRoutes } from './templates';
import { registerScheduledRoutes } from '../scheduled/routes';

export function registerApiRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  registerErrorHandling(app, ctx);
  registerBodyParsing(app);
  registerRateLimit(app, ctx);
  registerAuthHook(app, ctx);
  registerAuthRoutes(app, ctx);
  registerContactRoutes(app, ctx);
  registerDirectoryRoutes(app, ctx);
  registerTemplateRoutes(app, ctx);
  registerConversationRoutes(app, ctx);
  registerScheduledRoutes(app, ctx);
  registerFileRoutes(app, ctx);
  registerPublicFileRoutes(app, ctx);
}
