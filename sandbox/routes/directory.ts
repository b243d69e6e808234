/**
 * The company's directory: channels (GET /chat/v1/channel), teams (GET /core/v2/department) and
 * agents (GET /core/v1/agent, /core/v1/agent/{id}). Plain arrays, as in HelenaCRM. Every agent
 * sees every channel, team and agent ("every connected channel is listed"); which teams an agent
 * may start a conversation in is in each team's `agents`.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { SandboxContext } from '../context';
import { agentById, CHANNEL_TYPE_FILTER, listAgents, listChannels, listDepartments, toAgentDTO, toChannelDTO } from '../data/directory';
import { ApiError } from '../http-errors';
import { parseParams, parseQuery, queryEnum } from '../validation';

const ChannelQuery = z.object({ ChannelType: queryEnum(['All', 'Whatsapp', 'Messenger', 'Instagram']) });
const IdParams = z.object({ id: z.string().uuid('expected a UUID') });

export function registerDirectoryRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  app.get('/chat/v1/channel', async (request) => {
    const query = parseQuery(ChannelQuery, request);
    const keep = CHANNEL_TYPE_FILTER[query.ChannelType ?? 'All'];
    return listChannels(ctx)
      .filter((row) => keep(row.type))
      .map(toChannelDTO);
  });

  app.get('/core/v2/department', async () => listDepartments(ctx));

  app.get('/core/v1/agent', async () => listAgents(ctx));

  app.get('/core/v1/agent/:id', async (request) => {
    const { id } = parseParams(IdParams, request);
    const row = agentById(ctx, id);
    if (!row) throw new ApiError(404, 'agent.not_found', `Agent ${id} not found.`, { id });
    return toAgentDTO(ctx, row);
  });
}
