/**
 * The core in its own process, for real: electron/core-process.ts runs in a Node child process
 * standing in for Electron's utilityProcess (testing/utility-process-stub.ts), against a real
 * sandbox. What the agent relies on: the token stays with the shell, and when the core's process
 * dies the app recovers by itself, signed in, with a message it had queued sent exactly once.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { api, DEMO_LOGINS, loginAs, readLoginCode, startTestSandbox, type RunningSandbox } from '../sandbox/testing';
import type { MessageDTO } from '../src/api/helena-dto';
import type { HandleResult } from '../src/console/console';
import { MemorySecretStore } from '../src/console/secret-store';
import { until } from '../src/console/testing/console-rig';
import { CoreLink, type CoreLinkChange } from '../src/host/core-link';
import { NodeUtilityProcess, utilityProcess } from './testing/utility-process-stub';

const CORE_ENTRY = path.join(import.meta.dirname, 'core-process.cjs');

let sandbox: RunningSandbox;
let dataDir: string;
let secrets: MemorySecretStore;
let link: CoreLink | null = null;
let children: NodeUtilityProcess[];
let changes: CoreLinkChange[];

beforeEach(async () => {
  sandbox = await startTestSandbox();
  dataDir = mkdtempSync(path.join(tmpdir(), 'helena-core-process-'));
  secrets = new MemorySecretStore();
  children = [];
  changes = [];
  link = await CoreLink.start({
    spawn: () => {
      const child = utilityProcess.fork(CORE_ENTRY, [], { serviceName: 'test core' });
      children.push(child);
      return child;
    },
    open: { dataDir, baseUrl: sandbox.url },
    secrets,
    log: { warn: () => {}, error: () => {} },
    restart: { baseDelayMs: 50, capMs: 200 },
  });
  link.onChange((change) => changes.push(change));
});

afterEach(async () => {
  await link?.close();
  link = null;
  await sandbox.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function call<T>(command: string, input: unknown = {}): Promise<T> {
  const result: HandleResult = await (link as CoreLink).handle(command, input);
  if (!result.ok) throw new Error(`${command}: ${result.error.code} ${result.error.message}`);
  return result.value as T;
}

async function signIn(): Promise<void> {
  await call('auth.requestCode', { login: DEMO_LOGINS.agent });
  const code = await readLoginCode(sandbox, DEMO_LOGINS.agent);
  await call('auth.verify', { login: DEMO_LOGINS.agent, code });
  await until('synced and online', async () => {
    const snapshot = await call<{ sync: { state: string }; connectivity: { state: string } }>('state.snapshot');
    return snapshot.sync.state === 'idle' && snapshot.connectivity.state === 'online';
  }, 30_000);
}

describe('the core in its own process', () => {
  it('signs in with the token kept by the shell, never written by the core', async () => {
    await signIn();
    const token = await secrets.get();
    expect(token).toMatch(/\S{16,}/);
    for (const file of readdirSync(dataDir)) {
      expect(readFileSync(path.join(dataDir, file)).includes(Buffer.from(token as string))).toBe(false);
    }
    await link?.close();
    expect(children[0]?.exitCode).toBe(0);
    link = null;
  });

  it('killed while a message waits for HelenaCRM: restarts signed in and sends the message exactly once', async () => {
    await signIn();
    const contact = (await call<{ items: Array<{ id: string }> }>('contacts.search', { query: 'vinicius romao' })).items[0];
    expect(contact).toBeDefined();
    expect((await api(sandbox).post('/control/v1/inbound', { contactId: contact?.id, text: 'Oi, tudo bem?' })).status).toBe(200);
    const session = await until('the receptive conversation', async () =>
      (await call<Array<{ id: string; contactId: string | null }>>('conversation.list')).find((c) => c.contactId === contact?.id),
    );
    await call('conversation.assume', { sessionId: session.id });

    // HelenaCRM fails every request: the message stays in the outbox, retrying.
    expect((await api(sandbox).put('/control/v1/faults', { errorRate: 1 })).status).toBe(200);
    const { localId } = await call<{ localId: string }>('message.sendText', { sessionId: session.id, text: 'Já vejo o seu pedido.' });
    children[0]?.kill('SIGKILL');
    await until('the core restarted', () => changes.includes('up'), 20_000);
    expect(changes).toEqual(['down', 'up']);
    expect(children).toHaveLength(2);

    // Still signed in (the new process asked the shell for the token), the message still queued.
    expect(await call<{ auth: string }>('state.snapshot')).toMatchObject({ auth: 'logged_in' });
    expect((await api(sandbox).put('/control/v1/faults', { errorRate: 0 })).status).toBe(200);
    await until('the message sent', async () => {
      const opened = await call<{ messages: Array<{ localId: string | null; status: string }> }>('conversation.open', { sessionId: session.id });
      return opened.messages.some((m) => m.localId === localId && ['SENT', 'DELIVERED', 'READ'].includes(m.status));
    }, 30_000);
    const { token } = await loginAs(sandbox, DEMO_LOGINS.agent);
    const server = await api(sandbox, token).get<{ items: MessageDTO[] }>(`/chat/v1/session/${session.id}/message?PageSize=100`);
    expect(server.body.items.filter((m) => m.text === 'Já vejo o seu pedido.')).toHaveLength(1);
  });
});

describe('the bundled core process', () => {
  it('dist/electron/core-process.cjs, as npm start builds it, opens the core and closes cleanly', async () => {
    await link?.close();
    link = null;
    const { bundleShellEntry } = await import('../scripts/build');
    // Inside the project, as dist/ is: the bundle leaves better-sqlite3 to node_modules.
    const cache = path.join(import.meta.dirname, '..', 'node_modules', '.cache');
    mkdirSync(cache, { recursive: true });
    const outDir = mkdtempSync(path.join(cache, 'helena-core-bundle-'));
    try {
      const bundle = path.join(outDir, 'core-process.cjs');
      await bundleShellEntry(path.join(import.meta.dirname, 'core-process.ts'), bundle);
      let child: NodeUtilityProcess | undefined;
      const bundled = await CoreLink.start({
        spawn: () => (child = utilityProcess.fork(bundle)),
        open: { dataDir, baseUrl: sandbox.url },
        secrets,
        log: { warn: () => {}, error: () => {} },
      });
      expect(child?.modulePath).toBe(bundle);
      expect(await bundled.handle('state.snapshot', {})).toMatchObject({ ok: true, value: { auth: 'logged_out' } });
      await bundled.close();
      expect(child?.exitCode).toBe(0);
    } finally {
      rmSync(outDir, { recursive: true, force: true });
    }
  });
});
