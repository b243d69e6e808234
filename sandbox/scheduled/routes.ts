/**
 * "Mensagens Agendadas" (chat.json): GET/POST /chat/v1/scheduled-message,
 * GET /chat/v1/scheduled-message/{id}, PUT /chat/v1/scheduled-message/{id} (the moment only, see
 * updateScheduled), POST /chat/v1/scheduled-message/{id}/cancel. batch-cancel is not implemented.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { CreateScheduledMessageBody, UpdateScheduledMessageBody } from '../../src/api/helena-dto';
import { requireAgent as agentOf } from '../auth/hook';
import type { SandboxContext } from '../context';
import { parseBody, parseParams, parseQuery } from '../validation';
import { listScheduled, ScheduledListQuery } from './queries';
import { toScheduledDTO } from './repo';
import { startScheduledRunner } from './runner';
import { cancelScheduled, createScheduled, loadVisibleScheduled, updateScheduled } from './schedule';

const IdParams = z.object({ id: z.string() });
const idOf = (request: FastifyRequest): string => parseParams(IdParams, request).id;

export function registerScheduledRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  app.get('/chat/v1/scheduled-message', async (request) => {
    const page = listScheduled(ctx, agentOf(request), parseQuery(ScheduledListQuery, request));
    return { ...page, items: page.items.map((row) => toScheduledDTO(ctx, row)) };
  });
  app.post('/chat/v1/scheduled-message', async (request) => {
    const { sessionId: _notInCreateAnswer, ...dto } = toScheduledDTO(ctx, createScheduled(ctx, agentOf(request), parseBody(CreateScheduledMessageBody, request)));
    return dto;
  });
  app.get('/chat/v1/scheduled-message/:id', async (request) => toScheduledDTO(ctx, loadVisibleScheduled(ctx, agentOf(request), idOf(request))));
  // chat.json answers PublicReqScheduledMessageDTO, which has no sessionId (as the create's answer).
  app.put('/chat/v1/scheduled-message/:id', async (request) => {
    const row = updateScheduled(ctx, agentOf(request), idOf(request), parseBody(UpdateScheduledMessageBody, request));
    const { sessionId: _notInUpdateAnswer, ...dto } = toScheduledDTO(ctx, row);
    return dto;
  });
  // chat.json: 200 with no body.
  app.post('/chat/v1/scheduled-message/:id/cancel', async (request, reply) => {
    cancelScheduled(ctx, agentOf(request), idOf(request));
    return reply.code(200).send();
  });
  const stop = startScheduledRunner(ctx);
  app.addHook('onClose', async () => stop());
}
