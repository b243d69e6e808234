/**
 * The signed-in agent of a request. The auth hook (routes/auth) sets `request.agent` from the
 * Bearer token on every /core, /chat and /auth/v1/me request; routes read it, never the header.
 */
import type { Viewer } from '../src/domain/visibility';

export interface RequestAgent extends Viewer {
  /** PublicAgentDTO.id (userId is on Viewer). */
  agentId: string;
  name: string;
  email: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    agent: RequestAgent | null;
  }
}
