/** GET /control/v1/typing[?sessionId=]: the "digitando…" requests received, oldest first, for tests. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { SandboxContext } from '../context';
import { typingReceived } from '../conversations/typing';
import { controlHandler, parseInput } from './validate';

const TypingQuery = z.object({ sessionId: z.string().uuid().optional() });

export function registerTypingControl(app: FastifyInstance, ctx: SandboxContext): void {
  app.get(
    '/control/v1/typing',
    controlHandler(ctx, (request) => {
      const { sessionId } = parseInput(TypingQuery, request.query, 'query');
      const items = typingReceived(ctx).filter((t) => sessionId === undefined || t.sessionId === sessionId);
      return { count: items.length, items };
    }),
  );
}
