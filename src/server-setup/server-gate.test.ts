import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { HandleResult } from '../console/console';
import type { CoreEvent, CoreEventListener } from '../console/core-events';
import { SAVED_SERVER_FILE, serverFileText } from './server-file';
import { ServerGate, type GatedCore } from './server-gate';
import type { ProbeOutcome } from './server-probe';
import { ServerSettings, type ChosenServer } from './server-settings';

/** A core that records its life and answers state.snapshot with the auth it is told. */
class FakeCore implements GatedCore {
  readonly calls: string[] = [];
  readonly listeners = new Set<CoreEventListener>();
  closed = false;
  auth: 'logged_out' | 'logged_in' | 'expired' = 'logged_out';
  constructor(
    readonly server: ChosenServer,
    private readonly journal: string[],
  ) {
    journal.push(`open ${server.url}`);
  }
  handle(command: unknown): Promise<HandleResult> {
    this.calls.push(String(command));
    return Promise.resolve({ ok: true, value: command === 'state.snapshot' ? { auth: this.auth } : { from: this.server.url } });
  }
  on(listener: CoreEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  async close(): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, 5));
    this.closed = true;
    this.journal.push(`close ${this.server.url}`);
  }
  emit(event: CoreEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}

let dir: string;
let journal: string[];
let cores: FakeCore[];
let probed: string[];
let answer: ProbeOutcome;

async function gateWith(options: { envUrl?: string; saved?: string } = {}) {
  if (options.saved) writeFileSync(path.join(dir, SAVED_SERVER_FILE), serverFileText(options.saved));
  const settings = await ServerSettings.load({ envUrl: options.envUrl ?? null, savedFile: path.join(dir, SAVED_SERVER_FILE), installerFile: null, log: () => {} });
  const gate = new ServerGate<FakeCore>({
    settings,
    openCore: (server) => {
      const core = new FakeCore(server, journal);
      cores.push(core);
      return Promise.resolve(core);
    },
    probe: (url) => {
      probed.push(url);
      return Promise.resolve(answer);
    },
    log: { warn: () => {}, error: () => {} },
  });
  await gate.start();
  return gate;
}

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'helena-gate-'));
  journal = [];
  cores = [];
  probed = [];
  answer = { ok: true };
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('ServerGate', () => {
  it('with no server: no core, server.state says so, and the core’s commands are refused with a sentence to act on', async () => {
    const gate = await gateWith();
    expect(cores).toHaveLength(0);
    expect(await gate.handle('server.state', {})).toEqual({ ok: true, value: { server: null, changeable: true } });
    const refused = await gate.handle('state.snapshot', {});
    expect(refused).toMatchObject({ ok: false, error: { code: 'server.not_configured', message: 'Escolha o servidor do HelenaCRM antes de continuar.' } });
  });

  it('server.save checks, probes, keeps the address and opens the core for it; the core then serves and its events pass', async () => {
    const gate = await gateWith();
    const heard: CoreEvent[] = [];
    gate.on((event) => heard.push(event));
    const saved = await gate.handle('server.save', { address: ' API.helena.run/ ' });
    expect(saved).toEqual({ ok: true, value: { server: { url: 'https://api.helena.run', host: 'api.helena.run', source: 'saved' }, changeable: true } });
    expect(probed).toEqual(['https://api.helena.run']);
    expect(JSON.parse(readFileSync(path.join(dir, SAVED_SERVER_FILE), 'utf8'))).toEqual({ version: 1, url: 'https://api.helena.run' });
    expect(journal).toEqual(['open https://api.helena.run']);
    expect(await gate.handle('channels.list', {})).toEqual({ ok: true, value: { from: 'https://api.helena.run' } });
    cores[0]?.emit({ type: 'contacts-changed' });
    expect(heard).toEqual([{ type: 'contacts-changed' }]);
  });

  it('refuses each bad address with its own sentence, in pt-BR and English, before asking the network', async () => {
    const gate = await gateWith();
    const cases: Array<[string, string, RegExp]> = [
      ['', 'server.empty', /^Digite o endereço/],
      ['meu servidor', 'server.not_an_address', /não é um endereço de servidor/],
      ['http://api.helena.run', 'server.not_https', /precisa começar com https:\/\/: seu login/],
      ['ana@empresa.com.br', 'server.looks_like_email', /parece um e-mail/],
    ];
    for (const [address, code, text] of cases) {
      const result = await gate.handle('server.save', { address });
      expect(result, address).toMatchObject({ ok: false, error: { code, message: expect.stringMatching(text) as unknown } });
      if (!result.ok) expect(result.error.messageEn, address).toMatch(/\w/);
    }
    expect(probed).toEqual([]);
    expect(cores).toHaveLength(0);
  });

  it('an address that does not answer, or is not HelenaCRM, is not kept and opens nothing', async () => {
    const gate = await gateWith();
    const outcomes: Array<[ProbeOutcome, string, RegExp]> = [
      [{ ok: false, problem: 'no_answer', cause: 'refused' }, 'server.no_answer', /não respondeu\. Confira a conexão/],
      [{ ok: false, problem: 'no_answer', cause: 'dns' }, 'server.not_found', /não foi encontrado/],
      [{ ok: false, problem: 'not_helena', status: 200 }, 'server.not_helena', /não é um servidor do HelenaCRM/],
      [{ ok: false, problem: 'server_error', status: 502 }, 'server.server_error', /HTTP 502/],
      [{ ok: false, problem: 'certificate', flaw: 'expired' }, 'server.certificate', /certificado de segurança de crm\.empresa\.com\.br está vencido/],
    ];
    for (const [outcome, code, text] of outcomes) {
      answer = outcome;
      expect(await gate.handle('server.save', { address: 'crm.empresa.com.br' })).toMatchObject({ ok: false, error: { code, message: expect.stringMatching(text) as unknown } });
    }
    expect(cores).toHaveLength(0);
    expect(() => readFileSync(path.join(dir, SAVED_SERVER_FILE))).toThrow();
  });

  it('changing servers closes the old core before the new one opens; the same address again reopens nothing', async () => {
    const gate = await gateWith({ saved: 'https://a.example.com' });
    expect(journal).toEqual(['open https://a.example.com']);
    const heard: CoreEvent[] = [];
    gate.on((event) => heard.push(event));
    expect(await gate.handle('server.save', { address: 'https://b.example.com' })).toMatchObject({ ok: true });
    expect(journal).toEqual(['open https://a.example.com', 'close https://a.example.com', 'open https://b.example.com']);
    // The old core's events no longer reach the window.
    cores[0]?.emit({ type: 'contacts-changed' });
    expect(heard).toEqual([]);
    expect(await gate.handle('server.save', { address: 'https://b.example.com/' })).toMatchObject({ ok: true });
    expect(journal).toHaveLength(3);
  });

  it('refuses a change while an agent is signed in, and while HELENA_URL decides', async () => {
    const gate = await gateWith({ saved: 'https://a.example.com' });
    const first = cores[0];
    if (first) first.auth = 'logged_in';
    expect(await gate.handle('server.save', { address: 'https://b.example.com' })).toMatchObject({ ok: false, error: { code: 'server.signed_in' } });
    expect(probed).toEqual([]);
    if (first) first.auth = 'expired';
    expect(await gate.handle('server.save', { address: 'https://b.example.com' })).toMatchObject({ ok: true });

    const fixed = await gateWith({ envUrl: 'http://127.0.0.1:4010' });
    expect(await fixed.handle('server.state', {})).toEqual({
      ok: true,
      value: { server: { url: 'http://127.0.0.1:4010', host: '127.0.0.1:4010', source: 'env' }, changeable: false },
    });
    expect(await fixed.handle('server.save', { address: 'https://b.example.com' })).toMatchObject({ ok: false, error: { code: 'server.set_by_env' } });
  });

  it('one check at a time; commands sent while the core changes wait for the new one', async () => {
    writeFileSync(path.join(dir, SAVED_SERVER_FILE), serverFileText('https://a.example.com'));
    let opening: (() => void) | null = null;
    const gate = new ServerGate<FakeCore>({
      settings: await ServerSettings.load({ envUrl: null, savedFile: path.join(dir, SAVED_SERVER_FILE), installerFile: null, log: () => {} }),
      openCore: (server) => {
        const core = new FakeCore(server, journal);
        // The first core opens at once; the next one (a migration, say) when the test lets it.
        return journal.length === 1 ? Promise.resolve(core) : new Promise((resolve) => (opening = () => resolve(core)));
      },
      probe: () => Promise.resolve({ ok: true }),
      log: { warn: () => {}, error: () => {} },
    });
    await gate.start();
    const first = gate.handle('server.save', { address: 'https://b.example.com' });
    await vi.waitFor(() => expect(opening).not.toBeNull());
    expect(await gate.handle('server.save', { address: 'https://c.example.com' })).toMatchObject({ ok: false, error: { code: 'server.busy' } });
    const during = gate.handle('channels.list', {});
    opening!();
    expect(await first).toMatchObject({ ok: true });
    expect(await during).toEqual({ ok: true, value: { from: 'https://b.example.com' } });
    expect(journal).toEqual(['open https://a.example.com', 'close https://a.example.com', 'open https://b.example.com']);
    await gate.close();
  });

  it('validates its input like every command, and closes its core on close', async () => {
    const gate = await gateWith({ saved: 'https://a.example.com' });
    expect(await gate.handle('server.save', { address: 'https://b.example.com', extra: 1 })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await gate.handle('server.save', { address: 42 })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await gate.handle('server.state', null)).toMatchObject({ ok: true });
    await gate.close();
    expect(cores[0]?.closed).toBe(true);
    expect(await gate.handle('channels.list', {})).toMatchObject({ ok: false, error: { code: 'server.not_configured' } });
  });
});
