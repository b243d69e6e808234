/**
 * The company's directory: channels (GET /chat/v1/channel), teams (GET /core/v2/department) and
 * agents (GET /core/v1/agent, /core/v1/agent/{id}). Plain arrays, as in HelenaCRM. Every agent
 * sees every channel, team and agent ("every connected channel is listed"); which teams an agent
 * may start a conversation in is in each team's `agents`.
 *
 * PUT /core/v1/agent/{id} (PublicAgentUpdatePartialDTO) changes what `fields` lists; the sandbox
 * keeps Availability ("Disponível" / "Em pausa"): an agent changes their own, an admin anyone's.
 * HelenaCRM has no webhook for agent changes, so no realtime event goes out: desks read it on sync.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { SandboxContext } from '../context';
import { AgentAvailability } from '../../src/api/helena-dto';
import { AgentField } from '../../src/api/requests';
import { requireAgent } from '../auth/hook';
import { agentById, CHANNEL_TYPE_FILTER, listAgents, listChannels, listDepartments, setAgentAvailability, toAgentDTO, toChannelDTO } from '../data/directory';
import { ApiError } from '../http-errors';
import { inTransaction, invalidField, parseBody, parseParams, parseQuery, queryEnum } from '../validation';

const ChannelQuery = z.object({ ChannelType: queryEnum(['All', 'Whatsapp', 'Messenger', 'Instagram']) });
const IdParams = z.object({ id: z.string().uuid('expected a UUID') });

/** PublicAgentUpdatePartialDTO. Fields HelenaCRM has but the sandbox does not change are parsed, then refused if listed. */
const UpdateAgentBody = z.object({
  fields: z
    .array(AgentField, { error: (issue) => (issue.input === undefined ? 'required: the fields to change, e.g. ["Availability"]' : 'expected a list of field names') })
    .min(1, 'list at least one field to change, e.g. ["Availability"]'),
  name: z.string().nullish(),
  shortName: z.string().nullish(),
  email: z.string().nullish(),
  phoneNumber: z.string().nullish(),
  profile: z.enum(['Admin', 'Agent', 'RestrictedAgent']).nullish(),
  availability: AgentAvailability.nullish(),
});

/** What the sandbox changes through PUT /core/v1/agent/{id} ("Undefined" is the enum's empty value: ignored). */
const WRITABLE_AGENT_FIELDS: ReadonlySet<string> = new Set(['Availability', 'Undefined']);

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

  app.put('/core/v1/agent/:id', async (request) => {
    const me = requireAgent(request);
    const { id } = parseParams(IdParams, request);
    const body = parseBody(UpdateAgentBody, request);
    const unsupported = body.fields.filter((field) => !WRITABLE_AGENT_FIELDS.has(field));
    if (unsupported.length > 0) {
      throw invalidField('fields', `the sandbox changes only "Availability" (not ${unsupported.map((f) => `"${f}"`).join(', ')})`);
    }
    if (!body.fields.includes('Availability')) throw invalidField('fields', 'list at least one field to change, e.g. ["Availability"]');
    if (!body.availability) throw invalidField('availability', 'required when "fields" lists Availability (AVAILABLE or UNAVAILABLE)');
    const availability = body.availability;
    const row = inTransaction(ctx, () => {
      const before = agentById(ctx, id);
      if (!before) throw new ApiError(404, 'agent.not_found', `Agent ${id} not found.`, { id });
      if (before.id !== me.agentId && me.profile !== 'Admin') {
        throw new ApiError(403, 'agent.forbidden', 'An agent changes only their own availability; only admins change another agent.', { id });
      }
      return setAgentAvailability(ctx, before, availability);
    });
    ctx.log(`${row.name}: ${row.availability === 'AVAILABLE' ? 'disponível' : 'em pausa'}`);
    return toAgentDTO(ctx, row);
  });
}
