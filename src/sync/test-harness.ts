/**
 * Test harness for the sync engine against a real sandbox: a fresh in-memory store, a
 * HelenaClient logged in as a demo agent, the engine, and every CoreEvent it emitted.
 */
import { HelenaClient } from '../api';
import type { CoreEvent } from '../console/core-events';
import { openStore, type Store } from '../store';
import { api, DEMO_LOGINS, loginAs, startTestSandbox, type ApiClient, type RunningSandbox } from '../../sandbox/testing';
import type { SandboxOverrides } from '../../sandbox/app';
import { SyncEngine, type SyncEngineOptions } from './sync-engine';

export interface Harness {
  sandbox: RunningSandbox;
  store: Store;
  client: HelenaClient;
  engine: SyncEngine;
  events: CoreEvent[];
  /** Direct HTTP to the sandbox as the same agent (to change things "on the server"). */
  http: ApiClient;
  /** The control API (no token). */
  control: ApiClient;
  token: string;
  replies: string[];
  /** Statuses of every HTTP answer that failed, as the client's logger saw them. */
  failedStatuses: number[];
  close(): Promise<void>;
}

export interface HarnessOptions {
  sandbox?: SandboxOverrides;
  login?: string;
  engine?: Partial<SyncEngineOptions>;
  rateLimit?: { max: number; windowMs: number };
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const sandbox = await startTestSandbox(options.sandbox ?? {});
  const { token } = await loginAs(sandbox, options.login ?? DEMO_LOGINS.admin);
  const store = openStore({ location: ':memory:' });
  const failedStatuses: number[] = [];
  const noteStatus = (_message: string, fields?: Record<string, unknown>): void => {
    if (typeof fields?.status === 'number') failedStatuses.push(fields.status);
  };
  const client = new HelenaClient({
    baseUrl: sandbox.url,
    getToken: () => token,
    retry: { baseMs: 20, capMs: 200 },
    logger: { warn: noteStatus, debug: (m, f) => (m.includes('failed') ? noteStatus(m, f) : undefined) },
    ...(options.rateLimit ? { rateLimit: options.rateLimit } : {}),
  });
  const replies: string[] = [];
  const engine = new SyncEngine({
    store,
    client,
    url: sandbox.url,
    getToken: () => token,
    onContactReplied: (sessionId) => replies.push(sessionId),
    realtime: { reconnectDelayMs: 50, reconnectDelayMaxMs: 200 },
    gapResyncDelayMs: 50,
    retryBaseMs: 100,
    retryCapMs: 500,
    ...options.engine,
  });
  const events: CoreEvent[] = [];
  engine.on((event) => events.push(event));
  return {
    sandbox,
    store,
    client,
    engine,
    events,
    http: api(sandbox, token),
    control: api(sandbox),
    token,
    replies,
    failedStatuses,
    async close() {
      await engine.stop();
      client.bucket.close();
      store.close();
      await sandbox.close();
    },
  };
}

/** Polls `check` until it returns true; fails with `what` after the deadline. */
export async function waitFor(check: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
