/**
 * The log file support asks for, written for real by electron-log into a temp folder: what lands
 * there, the core's lines marked, rotation, and what never lands there (tokens, codes, contacts).
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MemorySecretStore } from '../src/console/secret-store';
import { CoreLink } from '../src/host/core-link';
import { hidingTokensFromLog, LOG_FILE_NAME, ShellLog } from './log';
import { redact } from './log-redaction';
import { utilityProcess, type NodeUtilityProcess } from './testing/utility-process-stub';

const TOKEN = 'pn_live_7f3c9a1b2d4e5f60718293a4b5c6d7e8';
const JWT = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJhZ2VudC0xIiwiZXhwIjoxOTk5OTk5OTk5fQ.c2lnbmF0dXJlLW5vdC1yZWFs';

let dir: string;
let stderr: string[];
let nextId = 0;

/** A logger of its own per test (electron-log keeps loggers by id). */
function freshLog(maxBytes?: number): ShellLog {
  const log = new ShellLog(`log-test-${++nextId}`);
  log.openFile({ dir, ...(maxBytes ? { maxBytes } : {}) });
  return log;
}

const fileText = (name = LOG_FILE_NAME): string => readFileSync(path.join(dir, name), 'utf8');

beforeEach(() => {
  dir = path.join(mkdtempSync(path.join(tmpdir(), 'helena-log-')), 'logs');
  stderr = [];
  vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
    stderr.push(args.map(String).join(' '));
  });
});

afterEach(() => {
  vi.restoreAllMocks();
  rmSync(path.dirname(dir), { recursive: true, force: true });
});

describe('the log file', () => {
  it('gets every line, dated and with its level, in <folder>/main.log; stderr still gets them', () => {
    const log = freshLog();
    log.info('iniciando');
    log.warn('o núcleo demorou', new RangeError('tempo esgotado'));
    log.error('a interface não carregou', new Error('ERR_FAILED'));
    expect(log.filePath).toBe(path.join(dir, 'main.log'));
    if (process.platform !== 'win32') expect(statSync(path.join(dir, 'main.log')).mode & 0o777).toBe(0o600);
    const lines = fileText().trimEnd().split(/\r?\n/);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^\[\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3}[+-]\d{2}:\d{2}\] \[info\]\s+iniciando$/);
    expect(lines[1]).toMatch(/\[warn\]\s+o núcleo demorou \(RangeError: tempo esgotado\)$/);
    expect(lines[2]).toMatch(/\[error\]\s+a interface não carregou \(Error: ERR_FAILED\)$/);
    expect(stderr).toEqual([
      expect.stringMatching(/^\[helena-desk\] \[info\]\s+iniciando$/),
      expect.stringMatching(/^\[helena-desk\] \[warn\]\s+o núcleo demorou/),
      expect.stringMatching(/^\[helena-desk\] \[error\]\s+a interface não carregou/),
    ]);
  });

  it("marks the core's lines as the core's", () => {
    const log = freshLog();
    log.info('do aplicativo');
    log.core('error', 'o banco local recusou a escrita');
    const lines = fileText().trimEnd().split(/\r?\n/);
    expect(lines[0]).not.toContain('(núcleo)');
    expect(lines[1]).toMatch(/\[error\]\s+\(núcleo\) o banco local recusou a escrita$/);
  });

  it('rotates past the size limit into main.old.log, keeping only that one old file', () => {
    const log = freshLog(4096);
    const line = (i: number): string => `linha ${String(i).padStart(4, '0')} ${'x'.repeat(80)}`;
    for (let i = 0; i < 150; i++) log.info(line(i));
    expect(readdirSync(dir).sort()).toEqual(['main.log', 'main.old.log']);
    // Checked before each write, and electron-log counts the first line after a rotation twice: a
    // file rotates within a line of the limit, either side.
    expect(statSync(path.join(dir, 'main.log')).size).toBeLessThanOrEqual(4096 + 200);
    expect(statSync(path.join(dir, 'main.old.log')).size).toBeGreaterThan(4096 - 200);
    expect(fileText()).toContain(line(149));
    const old = fileText('main.old.log');
    const current = fileText();
    // The newest lines are in main.log, the ones just before them in main.old.log; older ones are gone.
    const firstCurrent = Number(/linha (\d{4})/.exec(current)?.[1]);
    expect(old).toContain(line(firstCurrent - 1));
    expect(old).not.toContain(line(0));
  });

  it('never writes a token, a JWT, an Authorization value, a login code, an e-mail or a phone', async () => {
    const log = freshLog();
    // The shell learns the token from its secret store, as main.ts wires it.
    const secrets = hidingTokensFromLog(new MemorySecretStore(TOKEN), log);
    expect(await secrets.get()).toBe(TOKEN);
    log.error('o cofre falhou', new Error(`resposta inesperada: ${TOKEN}`));
    log.warn('pedido recusado', new Error(`401 em GET /core/v1/agent (Authorization: Bearer ${JWT})`));
    log.warn(`socket recusado: {"auth":{"token":"${JWT}","offset":12}}`);
    log.error('login falhou', new Error('Código 482913 incorreto para ana.souza@demo.helena.com.br'));
    log.core('warn', `envio falhou para +55 11 98765-4321 (5511987654321) com access_token=${TOKEN.slice(0, 20)}`);
    log.error('bearer solto', `Bearer ${TOKEN.slice(8)}`);

    const written = fileText();
    for (const secret of [TOKEN, TOKEN.slice(0, 20), TOKEN.slice(8), JWT, JWT.split('.')[1]!, '482913', 'ana.souza@', '98765-4321', '5511987654321']) {
      expect(written).not.toContain(secret);
      expect(stderr.join('\n')).not.toContain(secret);
    }
    expect(written).toContain('resposta inesperada: [token]');
    expect(written).toContain('Authorization: [removido]');
    expect(written).toContain('"token":"[jwt removido]"');
    expect(written).toContain('Código [código] incorreto para [e-mail]');
    expect(written).toContain('envio falhou para [telefone] ([telefone])');
    // What support needs stays: the request, the status, the sentence.
    expect(written).toContain('401 em GET /core/v1/agent');
  });

  it('a token saved after login is hidden too', async () => {
    const log = freshLog();
    const secrets = hidingTokensFromLog(new MemorySecretStore(), log);
    await secrets.set(TOKEN);
    log.warn(`algo ecoou ${TOKEN}`);
    expect(fileText()).not.toContain(TOKEN);
  });

  it('redaction leaves ordinary lines alone: exit codes, statuses, versions, paths', () => {
    for (const line of [
      'o processo do núcleo terminou inesperadamente (código 134)',
      '401 em GET /core/v2/session?pageSize=100',
      'Helena Desk 0.1.0 · Electron 45.4.1 (Chrome 140.0.7339.41) · Windows_NT 10.0.19045 x64',
      'dados locais de https://helena.suaempresa.com.br movidos para C:\\Users\\maria\\AppData\\Roaming\\helena-desk\\servers\\helena-1a2b',
      'o token expirou; será preciso entrar de novo',
    ]) {
      expect(redact(line)).toBe(line);
    }
  });
});

describe("the core's process writes into the shell's file", () => {
  let link: CoreLink | null = null;
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'helena-log-core-'));
  });
  afterEach(async () => {
    await link?.close();
    link = null;
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('a line the real core process logs reaches the file over the link, marked "(núcleo)"', async () => {
    const log = freshLog();
    const children: NodeUtilityProcess[] = [];
    link = CoreLink.launch({
      spawn: () => {
        const child = utilityProcess.fork(path.join(import.meta.dirname, 'core-process.cjs'), [], { serviceName: 'log test core' });
        children.push(child);
        return child;
      },
      open: { dataDir, baseUrl: 'http://127.0.0.1:9' },
      secrets: new MemorySecretStore(),
      log: { warn: (m) => log.warn(m), error: (m) => log.error(m), core: (level, m) => log.core(level, m) },
    });
    await link.ready;
    // Something the core's side refuses and reports: a message in no shape the protocol knows.
    children[0]!.postMessage({ type: 'formato-que-nao-existe', token: TOKEN });
    await vi.waitFor(() => expect(existsSync(path.join(dir, LOG_FILE_NAME)) && fileText()).toMatch(/\[warn\]\s+\(núcleo\) mensagem do aplicativo ignorada: formato inesperado/), {
      timeout: 10_000,
    });
    expect(fileText()).not.toContain(TOKEN);
  });
});

describe('uncaught errors', () => {
  it('an exception nothing catches and a rejection nobody handles are written with their stack, the token cut out, and the process goes on', async () => {
    const child = path.join(import.meta.dirname, 'testing', 'uncaught-child.ts');
    const run = await promisify(execFile)(process.execPath, ['--import', 'tsx', child, dir, TOKEN], { timeout: 20_000 });
    expect(run.stderr).not.toContain(TOKEN);
    const written = fileText();
    expect(written).toMatch(/\[error\]\s+promessa rejeitada sem tratamento: Error: a promessa falhou com token=\[token\]\n\s+at /);
    expect(written).toMatch(/\[error\]\s+erro não tratado: TypeError: falhou ao ler a resposta \(\[token\]\)\n\s+at /);
    expect(written).toMatch(/\[info\]\s+continua depois da falha/);
    expect(written).not.toContain(TOKEN);
  });
});
