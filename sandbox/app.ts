/**
 * Builds and starts the sandbox HelenaCRM server: Fastify for REST, socket.io for realtime,
 * better-sqlite3 for storage. `createSandbox` is what the CLI, `npm start` and every
 * integration test call.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import type { AddressInfo } from 'node:net';
import { SandboxClock } from './clock';
import type { SandboxContext } from './context';
import { openSandboxDb } from './db';
import { EventLog } from './event-log';
import { defaultOptions, type SandboxOptions } from './options';
import { registerApiRoutes } from './routes';
import { attachRealtime } from './realtime';
import { registerControlRoutes } from './control';
import { registerFaults } from './control/faults';
import { registerScriptedFaults } from './control/scripted-faults';
import { seedSandbox } from './seed';
import { registerLandingPage } from './landing';

export interface RunningSandbox {
  /** Base URL, e.g. http://127.0.0.1:4010 (the API roots are `${url}/core` and `${url}/chat`). */
  url: string;
  port: number;
  ctx: SandboxContext;
  app: FastifyInstance;
  close(): Promise<void>;
}

export type SandboxOverrides = Partial<Omit<SandboxOptions, 'rateLimit' | 'statusDelaysMs' | 'faults'>> & {
  rateLimit?: Partial<SandboxOptions['rateLimit']>;
  statusDelaysMs?: Partial<SandboxOptions['statusDelaysMs']>;
  faults?: Partial<SandboxOptions['faults']>;
};

export function resolveOptions(overrides: SandboxOverrides = {}): SandboxOptions {
  const base = defaultOptions();
  return {
    ...base,
    ...overrides,
    rateLimit: { ...base.rateLimit, ...overrides.rateLimit },
    statusDelaysMs: { ...base.statusDelaysMs, ...overrides.statusDelaysMs },
    faults: { ...base.faults, ...overrides.faults },
  };
}

export async function createSandbox(overrides: SandboxOverrides = {}): Promise<RunningSandbox> {
  const options = resolveOptions(overrides);
  const clock = new SandboxClock();
  const db = openSandboxDb(options.dataDir);
  const events = new EventLog(db, clock, { maxEvents: options.eventLogMax });
  const ctx: SandboxContext = {
    db,
    clock,
    events,
    options,
    companyId: '',
    log: (line) => {
      if (options.verbose) console.log(`[sandbox] ${line}`);
    },
  };
  ctx.companyId = seedSandbox(ctx);

  const app = Fastify({ logger: false, bodyLimit: 1024 * 1024 });
  registerFaults(app, ctx);
  registerScriptedFaults(app, ctx);
  registerLandingPage(app, ctx);
  registerApiRoutes(app, ctx);
  if (options.control) registerControlRoutes(app, ctx);

  await app.listen({ host: options.host, port: options.port });
  const realtime = attachRealtime(app.server, ctx);
  const port = (app.server.address() as AddressInfo).port;
  const url = `http://${options.host}:${port}`;

  return {
    url,
    port,
    ctx,
    app,
    async close() {
      await realtime.close();
      await app.close();
      db.close();
    },
  };
}
