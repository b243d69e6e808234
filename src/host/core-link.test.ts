import { describe, expect, it, vi } from 'vitest';
import type { CoreEvent, CoreEventListener } from '../console/core-events';
import type { HandleResult } from '../console/console';
import { MemorySecretStore, type SecretStore } from '../console/secret-store';
import { CoreLink, CoreOpenError, type CoreLinkChange, type CoreLinkOptions } from './core-link';
import type { CoreOpenOptions } from './core-protocol';
import type { ServedCore } from './core-server';
import { inProcessChild, type InProcessChild } from './testing/in-process-child';

const OPEN: CoreOpenOptions = { dataDir: '/tmp/helena-test', baseUrl: 'http://127.0.0.1:9' };

/** A core that echoes its input; 'hang' never answers; events are emitted by the test. */
class FakeCore implements ServedCore {
  readonly handled: string[] = [];
  readonly listeners = new Set<CoreEventListener>();
  closeCalls = 0;
  closeHangs = false;
  constructor(readonly secrets: SecretStore) {}
  handle(command: unknown, input: unknown): Promise<HandleResult> {
    this.handled.push(String(command));
    if (command === 'hang') return new Promise(() => {});
    return Promise.resolve({ ok: true, value: { command, input } });
  }
  on(listener: CoreEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  emit(event: CoreEvent): void {
    for (const listener of this.listeners) listener(event);
  }
  close(): Promise<void> {
    this.closeCalls++;
    return this.closeHangs ? new Promise(() => {}) : Promise.resolve();
  }
}

interface Rig {
  link: CoreLink;
  children: InProcessChild[];
  cores: FakeCore[];
  secrets: MemorySecretStore;
  changes: CoreLinkChange[];
  logs: string[];
}

async function startRig(
  overrides: Partial<CoreLinkOptions> = {},
  open: (secrets: SecretStore, attempt: number) => Promise<FakeCore> = (secrets) => Promise.resolve(new FakeCore(secrets)),
): Promise<Rig> {
  const children: InProcessChild[] = [];
  const cores: FakeCore[] = [];
  const logs: string[] = [];
  const secrets = new MemorySecretStore();
  const link = await CoreLink.start({
    open: OPEN,
    secrets,
    log: { warn: (m) => logs.push(m), error: (m) => logs.push(m) },
    restart: { baseDelayMs: 5, capMs: 20 },
    spawn: () => {
      const attempt = children.length;
      const child = inProcessChild({
        open: async (options, remoteSecrets) => {
          expect(options).toEqual(OPEN);
          const core = await open(remoteSecrets, attempt);
          cores.push(core);
          return core;
        },
        log: (m) => logs.push(m),
      });
      children.push(child);
      return child;
    },
    ...overrides,
  });
  const changes: CoreLinkChange[] = [];
  link.onChange((change) => changes.push(change));
  return { link, children, cores, secrets, changes, logs };
}

describe('CoreLink: the core in a process of its own', () => {
  it('opens the core with the shell options, carries requests and answers, and forwards events', async () => {
    const { link, children, cores } = await startRig();
    expect(children[0]!.received[0]).toEqual({ type: 'open', options: OPEN });
    await expect(link.handle('state.snapshot', { a: 1 })).resolves.toEqual({ ok: true, value: { command: 'state.snapshot', input: { a: 1 } } });

    const events: CoreEvent[] = [];
    link.on((event) => events.push(event));
    cores[0]!.emit({ type: 'contact-replied', sessionId: 's1', contactId: null, contactName: 'Maria', text: 'Oi' });
    cores[0]!.emit({ type: 'contacts-changed' });
    await vi.waitFor(() => expect(events).toHaveLength(2));
    expect(events[0]).toEqual({ type: 'contact-replied', sessionId: 's1', contactId: null, contactName: 'Maria', text: 'Oi' });
    await link.close();
  });

  it('ignores a malformed message from the core and logs only its type', async () => {
    const { link, cores, logs } = await startRig();
    const events: CoreEvent[] = [];
    link.on((event) => events.push(event));
    // A contact-replied without its text: the tray would show "undefined".
    cores[0]!.emit({ type: 'contact-replied', sessionId: 's1', contactName: 'Maria', token: 'secret-token' } as unknown as CoreEvent);
    cores[0]!.emit({ type: 'templates-changed' });
    await vi.waitFor(() => expect(events).toEqual([{ type: 'templates-changed' }]));
    expect(logs.join('\n')).toMatch(/mensagem do núcleo ignorada \(formato inesperado: event\)/);
    expect(logs.join('\n')).not.toMatch(/secret-token|Maria/);
    await link.close();
  });

  it("keeps the token with the shell: the core's secret store reads and writes the shell's", async () => {
    const { link, cores, secrets } = await startRig();
    const remote = cores[0]!.secrets;
    await expect(remote.get()).resolves.toBeNull();
    await remote.set('tok-123');
    await expect(secrets.get()).resolves.toBe('tok-123');
    await expect(remote.get()).resolves.toBe('tok-123');
    await remote.clear();
    await expect(secrets.get()).resolves.toBeNull();

    vi.spyOn(secrets, 'set').mockRejectedValueOnce(new Error('keyring locked'));
    await expect(remote.set('tok-456')).rejects.toThrow(/cofre de credenciais/);
    await link.close();
  });

  it('a core that cannot open its data fails start with the reason, and its process is stopped', async () => {
    let child: InProcessChild | undefined;
    const started = CoreLink.start({
      open: OPEN,
      secrets: new MemorySecretStore(),
      log: { warn: () => {}, error: () => {} },
      spawn: () => {
        child = inProcessChild({
          open: () => Promise.reject(new Error('O banco de dados local é de uma versão mais nova do Helena Desk (7).')),
          log: () => {},
        });
        return child;
      },
    });
    await expect(started).rejects.toThrow(CoreOpenError);
    await expect(started).rejects.toThrow(/versão mais nova/);
    expect(child!.alive).toBe(false);
  });

  it('a crash answers the request in flight "core_restarted" (never repeated), restarts, and serves what waited', async () => {
    const { link, children, cores, changes } = await startRig();
    const inFlight = link.handle('hang', {});
    await vi.waitFor(() => expect(cores[0]!.handled).toContain('hang'));

    children[0]!.crash();
    const answer = await inFlight;
    expect(answer).toMatchObject({ ok: false, error: { code: 'core_restarted', message: expect.stringMatching(/Confira a conversa/) } });
    expect(answer.ok === false && answer.error.messageEn).toMatch(/Check the conversation/);
    expect(changes).toEqual(['down']);

    // Asked while the core is restarting: answered by the new one.
    const waited = await link.handle('conversation.list', {});
    expect(waited).toEqual({ ok: true, value: { command: 'conversation.list', input: {} } });
    expect(changes).toEqual(['down', 'up']);
    expect(children).toHaveLength(2);
    expect(children[1]!.received[0]).toEqual({ type: 'open', options: OPEN });
    // The request that was in flight was not sent again.
    expect(cores[1]!.handled).toEqual(['conversation.list']);
    await link.close();
  });

  it('a core that keeps dying is left down and every request says so at once', async () => {
    const { link, children, changes } = await startRig({ restart: { maxRestarts: 2, windowMs: 60_000, baseDelayMs: 1, capMs: 1 } });
    for (let i = 0; i < 3; i++) {
      await vi.waitFor(() => expect(children[i]?.received.length ?? 0).toBeGreaterThan(0));
      children[i]!.crash();
      if (i < 2) await vi.waitFor(() => expect(changes.at(-1)).toBe('up'));
    }
    await vi.waitFor(() => expect(changes.at(-1)).toBe('failed'));
    expect(changes).toEqual(['down', 'up', 'down', 'up', 'failed']);
    const answer = await link.handle('state.snapshot', {});
    expect(answer).toMatchObject({ ok: false, error: { code: 'core_unavailable' } });
    expect(children).toHaveLength(3);
    await link.close();
  });

  it('a core that stops answering (stuck, not dead) is ended by the watchdog and restarted; what was in flight says so', async () => {
    const { link, children, cores, changes, logs } = await startRig({ watchdog: { intervalMs: 10, stuckAfterMs: 60 } });
    await expect(link.handle('state.snapshot', {})).resolves.toMatchObject({ ok: true });
    children[0]!.freeze();
    const inFlight = link.handle('conversation.list', {});
    await expect(inFlight).resolves.toMatchObject({ ok: false, error: { code: 'core_restarted' } });
    expect(children[0]!.alive).toBe(false);
    await vi.waitFor(() => expect(changes).toEqual(['down', 'up']));
    expect(logs.join('\n')).toMatch(/o núcleo não responde há \d+ s; reiniciando/);
    await expect(link.handle('conversation.list', {})).resolves.toMatchObject({ ok: true });
    expect(cores[1]!.handled).toEqual(['conversation.list']);
    await link.close();
  });

  it('a core that answers its pings is left alone', async () => {
    const { link, children, changes } = await startRig({ watchdog: { intervalMs: 10, stuckAfterMs: 60 } });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(changes).toEqual([]);
    expect(children).toHaveLength(1);
    expect(children[0]!.received.filter((m) => (m as { type: string }).type === 'ping').length).toBeGreaterThan(5);
    await link.close();
  });

  it('a wake from sleep (the wall clock jumps an hour ahead at once) does not pass for a stuck core', async () => {
    const { link, children, changes } = await startRig({ watchdog: { intervalMs: 10, stuckAfterMs: 60 } });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const realNow = Date.now.bind(Date);
    const wake = vi.spyOn(Date, 'now').mockImplementation(() => realNow() + 60 * 60_000);
    try {
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(changes).toEqual([]);
      expect(children).toHaveLength(1);
      await expect(link.handle('state.snapshot', {})).resolves.toMatchObject({ ok: true });
    } finally {
      wake.mockRestore();
    }
    await link.close();
  });

  it('a request waits for a restarting core only so long', async () => {
    const { link, children, changes } = await startRig({ invokeWaitMs: 30 }, (secrets, attempt) =>
      attempt === 0 ? Promise.resolve(new FakeCore(secrets)) : new Promise<FakeCore>(() => {}),
    );
    children[0]!.crash();
    await vi.waitFor(() => expect(changes).toEqual(['down']));
    const answer = await link.handle('state.snapshot', {});
    expect(answer).toMatchObject({ ok: false, error: { code: 'core_unavailable', messageEn: expect.stringMatching(/recovering/) } });
    await link.close();
  });

  it('close() closes the core once and waits for its process; a core that hangs on close is killed', async () => {
    const { link, children, cores } = await startRig();
    await Promise.all([link.close(), link.close()]);
    expect(cores[0]!.closeCalls).toBe(1);
    expect(children[0]!.alive).toBe(false);
    await expect(link.handle('state.snapshot', {})).resolves.toMatchObject({ ok: false, error: { code: 'core_unavailable' } });

    const hanging = await startRig({ closeTimeoutMs: 20 });
    hanging.cores[0]!.closeHangs = true;
    await hanging.link.close();
    expect(hanging.children[0]!.alive).toBe(false);
    expect(hanging.logs.join('\n')).toMatch(/não fechou a tempo/);
  });

  it('a command that is not a name is refused without reaching the core', async () => {
    const { link, cores } = await startRig();
    await expect(link.handle(42, {})).resolves.toMatchObject({ ok: false, error: { code: 'unknown_command' } });
    expect(cores[0]!.handled).toEqual([]);
    await link.close();
  });
});

describe('CoreLink before the core has opened', () => {
  it('launch() returns at once; requests wait for the first open however long it takes, then are served', async () => {
    let finishOpen: (() => void) | undefined;
    const link = CoreLink.launch({
      open: OPEN,
      secrets: new MemorySecretStore(),
      log: { warn: () => {}, error: () => {} },
      invokeWaitMs: 10,
      spawn: () =>
        inProcessChild({
          open: (_options, secrets) => new Promise<FakeCore>((resolve) => (finishOpen = () => resolve(new FakeCore(secrets)))),
          log: () => {},
        }),
    });
    const early = link.handle('state.snapshot', {});
    await new Promise((resolve) => setTimeout(resolve, 50)); // past invokeWaitMs: a start is not a restart
    await vi.waitFor(() => expect(finishOpen).toBeDefined());
    finishOpen!();
    await expect(early).resolves.toEqual({ ok: true, value: { command: 'state.snapshot', input: {} } });
    await expect(link.ready).resolves.toBeUndefined();
    await link.close();
  });

  it('a failed first open answers the waiting requests and rejects ready with the reason', async () => {
    const link = CoreLink.launch({
      open: OPEN,
      secrets: new MemorySecretStore(),
      log: { warn: () => {}, error: () => {} },
      spawn: () => inProcessChild({ open: () => Promise.reject(new Error('disco cheio')), log: () => {} }),
    });
    const early = link.handle('state.snapshot', {});
    await expect(link.ready).rejects.toThrow(/disco cheio/);
    await expect(early).resolves.toMatchObject({ ok: false, error: { code: 'core_unavailable' } });
  });

  it('a core upgrading its cache says so while it opens: the shell hears it before the first answer, and knows it until the core opens', async () => {
    let finishOpen: (() => void) | undefined;
    const link = CoreLink.launch({
      open: OPEN,
      secrets: new MemorySecretStore(),
      log: { warn: () => {}, error: () => {} },
      spawn: () =>
        inProcessChild({
          // As console.ts: the word first, then the migrations (here, until the test says they are done).
          open: (_options, secrets, onUpgrading) => {
            onUpgrading();
            return new Promise<FakeCore>((resolve) => (finishOpen = () => resolve(new FakeCore(secrets))));
          },
          log: () => {},
        }),
    });
    const events: CoreEvent[] = [];
    link.on((event) => events.push(event));
    expect(link.upgrading).toBe(false);
    const early = link.handle('state.snapshot', {});
    await vi.waitFor(() => expect(events).toEqual([{ type: 'store-upgrading' }]));
    expect(link.upgrading).toBe(true);
    finishOpen!();
    await expect(early).resolves.toMatchObject({ ok: true });
    expect(link.upgrading).toBe(false);
    await link.close();
  });

  it('a core that fails while upgrading is not upgrading any more', async () => {
    let fail: (() => void) | undefined;
    const link = CoreLink.launch({
      open: OPEN,
      secrets: new MemorySecretStore(),
      log: { warn: () => {}, error: () => {} },
      spawn: () =>
        inProcessChild({
          open: (_options, _secrets, onUpgrading) => {
            onUpgrading();
            return new Promise<FakeCore>((_resolve, reject) => (fail = () => reject(new Error('Falha ao atualizar o banco de dados local (migração 18).'))));
          },
          log: () => {},
        }),
    });
    await vi.waitFor(() => expect(link.upgrading).toBe(true));
    fail!();
    await expect(link.ready).rejects.toThrow(/migração 18/);
    expect(link.upgrading).toBe(false);
  });
});

describe('CoreLink: a change of network', () => {
  it('passes the proxy chosen again to the core, and a core restarted after it opens with it', async () => {
    const children: InProcessChild[] = [];
    const opened: CoreOpenOptions[] = [];
    const changes: unknown[] = [];
    const link = await CoreLink.start({
      open: { ...OPEN, proxyUrl: 'http://proxy.escritorio:3128' },
      secrets: new MemorySecretStore(),
      log: { warn: () => {}, error: () => {} },
      restart: { baseDelayMs: 5, capMs: 20 },
      spawn: () => {
        const child = inProcessChild({
          open: (options, secrets) => {
            opened.push(options);
            const core = new FakeCore(secrets);
            return Promise.resolve(Object.assign(core, { networkChanged: (change: unknown) => Promise.resolve(void changes.push(change)) }));
          },
        });
        children.push(child);
        return child;
      },
    });
    // Home: the PAC script says DIRECT.
    link.networkChanged({ proxyUrl: null, aliveWithinMs: 1200 });
    await vi.waitFor(() => expect(changes).toEqual([{ proxyUrl: null, aliveWithinMs: 1200 }]));
    expect(children[0]!.received).toContainEqual({ type: 'network-changed', change: { proxyUrl: null, aliveWithinMs: 1200 } });
    children[0]!.crash();
    await vi.waitFor(() => expect(opened).toHaveLength(2));
    expect(opened[0]).toEqual({ ...OPEN, proxyUrl: 'http://proxy.escritorio:3128' });
    expect(opened[1]).toEqual(OPEN);
    await link.close();
  });

  it('refuses a malformed change at the core’s door', async () => {
    const logs: string[] = [];
    const child = inProcessChild({ open: (_options, secrets) => Promise.resolve(new FakeCore(secrets)), log: (m) => logs.push(m) });
    child.postMessage({ type: 'network-changed', change: { proxyUrl: 'http://x:1', aliveWithinMs: -1 } });
    await vi.waitFor(() => expect(logs).toContain('mensagem do aplicativo ignorada: formato inesperado'));
  });
});
