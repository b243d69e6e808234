/**
 * The outbox's integration-test rig: the conversation sandbox (a small company), a TCP proxy to
 * cut the network, a local store filled from the API as sync would, and an Outbox for one agent.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HelenaClient } from '../../api';
import type { MessageDTO } from '../../api/helena-dto';
import type { CoreEvent } from '../../console/core-events';
import { openStore, type Store } from '../../store';
import { startConversationSandbox, type ConversationSandbox, type FixtureAgent } from '../../../sandbox/conversations/test-fixture';
import type { StartConversationInput } from '../contract';
import { Outbox, type OutboxClient, type OutboxOptions } from '../outbox';
import { startTcpProxy, type TcpProxy } from './tcp-proxy';

export interface Rig {
  sandbox: ConversationSandbox;
  proxy: TcpProxy;
  agent: FixtureAgent;
  client: HelenaClient;
  store: Store;
  outbox: Outbox;
  events: CoreEvent[];
  /** Messages of a session as the server has them, oldest first. */
  serverMessages(sessionId: string): Promise<MessageDTO[]>;
  /** The contact writes (opens the window, releases WAIT_REPLY messages). */
  contactWrites(contactId: string, text?: string): Promise<void>;
  /** Another outbox on the rig's store, with the rig's options and `options` over them; close() stops it. */
  newOutbox(options?: Partial<OutboxOptions>): Outbox;
  /** An outbox the test built itself (a restarted process's, with its own options): close() stops it too. */
  track(outbox: Outbox): Outbox;
  /** The rig's data folder opened again, as the next process would open it (storeDir only); close() closes it. */
  reopenStore(): Store;
  /** Stops every outbox made or tracked here, newest first (whichever a test left running), then closes the rest. */
  close(): Promise<void>;
}

export interface RigOptions {
  /** A data folder, for a store another process (a child, a restart) opens too; default in memory. */
  storeDir?: string;
  outbox?: Partial<OutboxOptions>;
}

/** The start the outbox tests use: Maria, the official channel, Vendas, the welcome template. */
export function welcomeMaria(company: ConversationSandbox['company'], protocolo: string): StartConversationInput {
  return {
    contactId: company.contacts.maria,
    channelId: company.channels.official,
    departmentId: company.teams.vendas,
    templateId: company.templates.boasVindas,
    parameters: { nome: 'Maria', protocolo },
  };
}

/** A conversation `outbox` starts with Maria (welcomeMaria), once HelenaCRM took the start: its session id. */
export async function conversationWithMaria(r: Rig, outbox: Outbox, protocolo: string): Promise<string> {
  const started = await outbox.startConversation(welcomeMaria(r.sandbox.company, protocolo));
  await outbox.flush();
  const sessionId = r.store.outbox.get(started.localId)?.conversationKey ?? '';
  if (!sessionId || sessionId.startsWith('start:')) throw new Error('start did not go out');
  return sessionId;
}

export const FAST_RETRY = { baseMs: 40, capMs: 200, maxAttempts: 100 };

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'outbox-test-'));
}

export function clientFor(url: string, token: string): HelenaClient {
  return new HelenaClient({ baseUrl: url, getToken: () => token, retry: { maxAttempts: 1 }, timeoutMs: 3_000 });
}

/** The outbox's calls to `real`, with some replaced (a gate, a crash point): one list to extend when the outbox calls more. */
export function outboxClientWith(real: HelenaClient, overrides: Partial<OutboxClient>): OutboxClient {
  return {
    sendTemplate: (body, opts) => real.sendTemplate(body, opts),
    sendText: (body, opts) => real.sendText(body, opts),
    sendSessionMessage: (sessionId, body, opts) => real.sendSessionMessage(sessionId, body, opts),
    addNote: (sessionId, body, opts) => real.addNote(sessionId, body, opts),
    cancelMessage: (messageId, opts) => real.cancelMessage(messageId, opts),
    getSession: (sessionId, opts, params) => real.getSession(sessionId, opts, params),
    getMessage: (messageId, opts) => real.getMessage(messageId, opts),
    requestUploadUrl: (file, opts) => real.requestUploadUrl(file, opts),
    uploadFile: (url, bytes, mimeType, opts) => real.uploadFile(url, bytes, mimeType, opts),
    saveFile: (tempFileId, opts) => real.saveFile(tempFileId, opts),
    ...overrides,
  };
}

export async function startRig(options: RigOptions = {}): Promise<Rig> {
  const sandbox = await startConversationSandbox();
  const proxy = await startTcpProxy(sandbox.url);
  const agent = sandbox.company.agents.ana;
  const client = clientFor(proxy.url, agent.token);
  const store = openStore({ location: options.storeDir ?? ':memory:' });
  // What a first sync would have cached.
  store.contacts.upsertContacts((await client.listContacts()).items);
  store.directory.replaceChannels(await client.listChannels());
  store.templates.upsertTemplates((await client.listTemplates({ pageSize: 100 })).items);
  const events: CoreEvent[] = [];
  const outboxes: Outbox[] = [];
  const stores: Store[] = [];
  const track = (outbox: Outbox) => {
    outboxes.push(outbox);
    return outbox;
  };
  const newOutbox = (extra: Partial<OutboxOptions> = {}) => {
    const outbox = new Outbox({ store, client, retry: FAST_RETRY, onInternalError: (e) => { throw e; }, ...options.outbox, ...extra });
    outbox.on((e) => events.push(e));
    return track(outbox);
  };
  const outbox = newOutbox();
  return {
    sandbox,
    proxy,
    agent,
    client,
    store,
    outbox,
    events,
    async serverMessages(sessionId) {
      const res = await sandbox.api<{ items: MessageDTO[] }>('GET', `/chat/v1/session/${sessionId}/message?PageSize=100`, agent.token);
      if (res.status !== 200) throw new Error(`list messages: HTTP ${res.status}`);
      return res.body.items;
    },
    async contactWrites(contactId, text = 'Oi, pode falar!') {
      const res = await sandbox.api('POST', '/control/v1/inbound', null, { contactId, text });
      if (res.status !== 200) throw new Error(`inbound: HTTP ${res.status} ${JSON.stringify(res.body)}`);
    },
    newOutbox,
    track,
    reopenStore() {
      if (!options.storeDir) throw new Error('reopenStore: the rig was started without a storeDir');
      const again = openStore({ location: options.storeDir });
      stores.push(again);
      return again;
    },
    async close() {
      try {
        // stop() again on a stopped outbox returns at once: no need to know which the test stopped.
        for (const o of outboxes.splice(0).reverse()) await o.stop();
      } finally {
        // A stop that threw must not leave this test's sandbox and proxy listening for the next ones.
        for (const s of stores.splice(0)) s.close();
        store.close();
        await proxy.close();
        await sandbox.close();
      }
    },
  };
}
