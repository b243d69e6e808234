import type { FastifyInstance } from 'fastify';
import type { SandboxContext } from '../context';

// STUB (owner: sandbox realtime helper): latency and 500 injection hooks.
export function registerFaults(_app: FastifyInstance, _ctx: SandboxContext): void {}
