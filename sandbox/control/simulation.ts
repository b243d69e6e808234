import type { FastifyInstance } from 'fastify';
import type { SandboxContext } from '../context';

// STUB (owner: sandbox realtime helper): clock, inbound messages, contact scripts, faults, event-log trim.
export function registerSimulationControl(_app: FastifyInstance, _ctx: SandboxContext): void {}
