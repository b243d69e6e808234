/**
 * Integration rig for console tests that cut the network: a real demo sandbox, a TCP proxy in
 * front of it (src/outbox/testing/tcp-proxy.ts) through which the console talks REST and
 * realtime, and a console with the real engines, short reconnect waits and its own cache folder.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import type { MessageDTO } from '../../api/helena-dto';
import { api, DEMO_LOGINS, loginAs, readLoginCode, startTestSandbox, type RunningSandbox } from '../../../sandbox/testing';
import { startTcpProxy, type TcpProxy } from '../../outbox/testing/tcp-proxy';
import type { PriceTable } from '../../domain/cost';
import { CHANNEL, TEAM } from '../../../sandbox/seed';
import { HelenaConsole } from '../console';
import type { CoreEvent } from '../core-events';
import type { OpenedConversation, StartedConversation } from '../results';
import { realEngines } from '../real-engines';
import { MemorySecretStore } from '../secret-store';

export const PRICES: PriceTable = {
  MARKETING: { BR: { amount: 0.0625, currency: 'USD' } },
  UTILITY: { BR: { amount: 0.008, currency: 'USD' }, '*': { amount: 0.01, currency: 'USD' } },
};

export interface ConsoleRig {
  sandbox: RunningSandbox;
  proxy: TcpProxy;
  core: HelenaConsole;
  secrets: MemorySecretStore;
  /** The console's cache folder (to close and open the console again on the same cache). */
  dataDir: string;
  events: CoreEvent[];
  /** Logs in through the console (code read from the control API). */
  login(login: string): Promise<void>;
  /** Messages of a session as the server has them (read with a fresh login of `login`, straight to the sandbox). */
  serverMessages(sessionId: string, login: string): Promise<MessageDTO[]>;
  /** A contact writes (control API, straight to the sandbox). */
  inbound(contactId: string, text: string, channelId?: string): Promise<void>;
  /** The demo contacts reply on their own after a few seconds; tests that need silence turn that off. */
  silence(contactId: string): Promise<void>;
  /**
   * The agent quits and opens the app again: the console is closed (if it is not already) and a
   * new one, with the same options, secrets and events list, opens on the same cache; it is `core`
   * from then on, and close() closes it.
   */
  reopen(open?: { log?: (line: string) => void }): Promise<HelenaConsole>;
  close(): Promise<void>;
}

export async function until<T>(what: string, probe: () => Promise<T | null | undefined | false> | T | null | undefined | false, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 30));
  }
}

/** Waits until the console's snapshot says online with the socket connected (realtime live). */
export async function untilOnlineWithSocket(core: HelenaConsole): Promise<void> {
  await until('online with the socket', async () => {
    const c = (await core.invoke('state.snapshot', {})).connectivity;
    return c.state === 'online' && c.realtime === 'connected';
  });
}

/** The id of the first contact the console's search finds for `query`. */
export async function contactNamed(core: HelenaConsole, query: string): Promise<string> {
  const found = (await core.invoke('contacts.search', { query })).items[0];
  if (!found) throw new Error(`no contact for ${query}`);
  return found.id;
}

/** What the status bar would say: online, unstable, connecting or offline. */
export async function connectivity(core: HelenaConsole): Promise<string> {
  return (await core.invoke('state.snapshot', {})).connectivity.state;
}

export function nextEvent<T extends CoreEvent['type']>(
  core: HelenaConsole,
  type: T,
  match: (e: Extract<CoreEvent, { type: T }>) => boolean = () => true,
  timeoutMs = 15_000,
): Promise<Extract<CoreEvent, { type: T }>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no ${type} event within ${timeoutMs} ms`));
    }, timeoutMs);
    const off = core.on((event) => {
      if (event.type === type && match(event as Extract<CoreEvent, { type: T }>)) {
        clearTimeout(timer);
        off();
        resolve(event as Extract<CoreEvent, { type: T }>);
      }
    });
  });
}

/** Another agent's desk on their own machine: its own cache, straight to the sandbox (the rig's proxy does not cut it). */
export interface ColleagueDesk {
  core: HelenaConsole;
  close(): Promise<void>;
}

export async function openColleagueDesk(sandbox: RunningSandbox, login: string): Promise<ColleagueDesk> {
  const core = new HelenaConsole({
    secrets: new MemorySecretStore(),
    prices: PRICES,
    engines: realEngines({ sync: { realtime: { reconnectDelayMs: 50, reconnectDelayMaxMs: 250 }, retryBaseMs: 100, retryCapMs: 500 } }),
    client: { retry: { maxAttempts: 1 }, timeoutMs: 3_000 },
  });
  await core.open({ location: mkdtempSync(join(tmpdir(), 'helena-colleague-desk-')), baseUrl: sandbox.url });
  await core.invoke('auth.requestCode', { login });
  await core.invoke('auth.verify', { login, code: await readLoginCode(sandbox, login) });
  await core.whenSynced();
  return { core, close: () => core.close() };
}

export interface ConsoleRigOptions {
  /** The console's clock (default: the real one), e.g. to step past a throttle without waiting. */
  now?: () => Date;
  /** Between two looks for failed schedules (default: the console's 3 minutes). */
  scheduleWatchMs?: number;
  /** How long HelenaCRM is left "unstable" with nothing asking it before a sync checks (default: the console's). */
  serverRecheckMs?: number;
  /** The sync's poll without a socket, and how long a REST answer keeps the desk online after a drop (default: the engine's 30 s). */
  realtimeFallbackPollMs?: number;
  /** A request's deadline (default 3 s: a cut network fails fast). */
  timeoutMs?: number;
  /** The outbox's backoff jitter source (default Math.random), to pin its waits. */
  outboxRandom?: () => number;
}

export async function startConsoleRig(options: ConsoleRigOptions = {}): Promise<ConsoleRig> {
  const sandbox = await startTestSandbox();
  const proxy = await startTcpProxy(sandbox.url);
  const secrets = new MemorySecretStore();
  const events: CoreEvent[] = [];
  const dataDir = mkdtempSync(join(tmpdir(), 'helena-console-rig-'));
  const openConsole = async (open: { log?: (line: string) => void } = {}): Promise<HelenaConsole> => {
    const opened = new HelenaConsole({
      secrets,
      prices: PRICES,
      engines: realEngines({
        sync: {
          realtime: { reconnectDelayMs: 50, reconnectDelayMaxMs: 250 },
          retryBaseMs: 100,
          retryCapMs: 500,
          ...(options.realtimeFallbackPollMs !== undefined ? { realtimeFallbackPollMs: options.realtimeFallbackPollMs } : {}),
        },
        ...(options.outboxRandom ? { outbox: { random: options.outboxRandom } } : {}),
      }),
      // One try per call: the outbox's own backoff covers outages, and a cut network fails fast.
      client: { retry: { maxAttempts: 1 }, timeoutMs: options.timeoutMs ?? 3_000 },
      ...(options.now ? { now: options.now } : {}),
      ...(options.scheduleWatchMs !== undefined ? { scheduleWatchMs: options.scheduleWatchMs } : {}),
      ...(options.serverRecheckMs !== undefined ? { serverRecheckMs: options.serverRecheckMs } : {}),
    });
    opened.on((event) => events.push(event));
    await opened.open({ location: dataDir, baseUrl: proxy.url, ...open });
    return opened;
  };
  let core = await openConsole();
  const tokens = new Map<string, string>();
  return {
    sandbox,
    proxy,
    get core() {
      return core;
    },
    secrets,
    dataDir,
    events,
    async login(login) {
      await core.invoke('auth.requestCode', { login });
      const code = await readLoginCode(sandbox, login);
      await core.invoke('auth.verify', { login, code });
      // Login does not wait for the first sync; the tests start from a synced cache.
      await core.whenSynced();
    },
    async serverMessages(sessionId, login) {
      let token = tokens.get(login);
      if (!token) {
        token = (await loginAs(sandbox, login)).token;
        tokens.set(login, token);
      }
      const res = await api(sandbox, token).get<{ items: MessageDTO[] }>(`/chat/v1/session/${sessionId}/message?PageSize=100`);
      if (res.status !== 200) throw new Error(`list messages: HTTP ${res.status}`);
      // Insertion order (the sandbox's default), as the conversation reads.
      return res.body.items;
    },
    async inbound(contactId, text, channelId) {
      const res = await api(sandbox).post('/control/v1/inbound', { contactId, text, ...(channelId ? { channelId } : {}) });
      if (res.status !== 200) throw new Error(`inbound: HTTP ${res.status} ${JSON.stringify(res.body)}`);
    },
    async silence(contactId) {
      const res = await api(sandbox).put(`/control/v1/contacts/${contactId}/script`, { replyAfterMs: null });
      if (res.status !== 200) throw new Error(`script: HTTP ${res.status}`);
    },
    async reopen(open) {
      await core.close();
      core = await openConsole(open);
      return core;
    },
    async close() {
      await core.close();
      await proxy.close();
      await sandbox.close();
    },
  };
}

/** Registers closing the test's rig after each test (a test that failed midway included); `start` opens it. */
export function rigPerTest(): { start(options?: ConsoleRigOptions): Promise<ConsoleRig> } {
  let rig: ConsoleRig | null = null;
  afterEach(async () => {
    await rig?.close();
    rig = null;
  });
  return {
    async start(options) {
      rig = await startConsoleRig(options);
      return rig;
    },
  };
}

/**
 * Ana's open-window conversation with Vinícius Romão: he writes first (`text`), she takes it, and
 * it is writable. Returns its session id.
 */
export async function takenConversation(r: ConsoleRig, text = 'Preciso da segunda via do boleto.'): Promise<string> {
  const contactId = await contactNamed(r.core, 'vinicius romao');
  const replied = nextEvent(r.core, 'contact-replied', (e) => e.contactId === contactId);
  await r.inbound(contactId, text, CHANNEL.official.id);
  const { sessionId } = await replied;
  await until('in the list', async () => (await r.core.invoke('conversation.list', {})).find((c) => c.id === sessionId));
  await r.core.invoke('conversation.assume', { sessionId });
  await until('writable', async () => (await r.core.invoke('conversation.list', {})).find((c) => c.id === sessionId && c.canWrite));
  return sessionId;
}

/** The boas_vindas parameters the tests' starts fill in. */
export const WELCOME_PARAMETERS = { nome: 'Cliente', atendente: 'Ana' };

/** Ana starts a conversation with boas_vindas (official channel, Vendas) to `phone`: what conversation.start answered, and the template. */
async function startWelcome(r: ConsoleRig, phone: string): Promise<{ started: StartedConversation; templateId: string }> {
  const welcome = (await r.core.invoke('templates.forStart', { channelId: CHANNEL.official.id, teamId: TEAM.vendas.id })).find((t) => t.name === 'boas_vindas');
  if (!welcome) throw new Error('boas_vindas not offered');
  const started = await r.core.invoke('conversation.start', {
    phone, channelId: CHANNEL.official.id, teamId: TEAM.vendas.id, templateId: welcome.id, parameters: WELCOME_PARAMETERS,
  });
  return { started, templateId: welcome.id };
}

/**
 * A conversation Ana starts with boas_vindas to `phone`, once HelenaCRM acknowledged it (its
 * session id); whether WhatsApp then delivers the template is the test's to watch (the sandbox
 * fails numbers ending 0000). `localId` is the start's line.
 */
export async function acknowledgedStart(r: ConsoleRig, phone: string): Promise<{ sessionId: string; localId: string }> {
  const { started } = await startWelcome(r, phone);
  const sessionId = await until('the start acknowledged, with its session', async () => {
    const id = (await r.core.invoke('conversation.open', { sessionId: started.conversationKey })).conversation?.id;
    return id && !id.startsWith('start:') ? id : null;
  });
  return { sessionId, localId: started.localId };
}

/**
 * A conversation Ana starts with boas_vindas to a number no contact has (HelenaCRM creates the
 * contact), acknowledged, with the simulated contact kept silent: its window stays closed.
 */
export async function conversationWithNewNumber(r: ConsoleRig, phone: string): Promise<{ sessionId: string; templateId: string; contactId: string }> {
  const { started, templateId } = await startWelcome(r, phone);
  const opened = await until('the start acknowledged', async () => {
    const o = await r.core.invoke('conversation.open', { sessionId: started.conversationKey });
    return o.conversation && o.conversation.pendingStart === null && o.contact ? o : null;
  });
  await r.silence(opened.contact?.id ?? '');
  return { sessionId: opened.conversation?.id ?? '', templateId, contactId: opened.contact?.id ?? '' };
}

/** Ana signed in, the console online, and conversationWithNewNumber(`phone`): where the schedule tests start. */
export async function onlineWithNewNumber(r: ConsoleRig, phone: string): Promise<{ sessionId: string; templateId: string; contactId: string }> {
  await r.login(DEMO_LOGINS.agent);
  await until('online', async () => (await connectivity(r.core)) === 'online');
  return conversationWithNewNumber(r, phone);
}

/**
 * The conversation screen as ConversationScreen wires it: reads the conversation once, then again
 * 100 ms after each change it hears of. `latest` is what the screen shows; `reads` how often it read.
 */
export interface FollowedScreen {
  readonly latest: OpenedConversation;
  readonly reads: number;
  close(): void;
}

export async function followScreen(core: HelenaConsole, sessionId: string): Promise<FollowedScreen> {
  let latest = await core.invoke('conversation.open', { sessionId });
  let reads = 1;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const off = core.on((event) => {
    if (event.type === 'conversation-changed' && event.sessionId === sessionId) {
      timer ??= setTimeout(() => {
        timer = null;
        reads++;
        void core.invoke('conversation.open', { sessionId }).then((answer) => (latest = answer));
      }, 100);
    }
  });
  return {
    get latest() {
      return latest;
    },
    get reads() {
      return reads;
    },
    close() {
      off();
      if (timer) clearTimeout(timer);
    },
  };
}
