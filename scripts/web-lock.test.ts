/**
 * Two `npm run web` on one HELENA_DATA_DIR, for real: the second prints why (pt-BR, then English)
 * and exits with status 3 without opening a core, while the first keeps serving; once the first is
 * gone — closed with Ctrl+C or killed with SIGKILL — the next one starts. HELENA_URL points at a
 * port nobody answers: with no saved login the core opens without reaching the server, and no
 * interface build is needed (HELENA_WEB_SKIP_BUILD).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const WEB = join(import.meta.dirname, 'web.ts');
const running: ChildProcess[] = [];
const dirs: string[] = [];

afterEach(() => {
  for (const child of running.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

interface WebHost {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function startWeb(dataDir: string): WebHost {
  // node --import tsx rather than the tsx wrapper: signals reach the web host itself.
  const child = spawn(process.execPath, ['--import', 'tsx', WEB], {
    env: { ...process.env, HELENA_URL: 'http://127.0.0.1:9', HELENA_DATA_DIR: dataDir, HELENA_WEB_SKIP_BUILD: '1', HELENA_WEB_PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.push(child);
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  return { child, output: () => output, exited };
}

/** 'serving' once the host prints its address (its core is open), or its exit status if it ends first. */
async function outcome(host: WebHost): Promise<'serving' | number | null> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (host.output().includes('Helena Desk no navegador: http://127.0.0.1:')) return 'serving';
    if (host.child.exitCode !== null) return host.child.exitCode;
    if (Date.now() > deadline) throw new Error(`o web host não abriu nem saiu a tempo:\n${host.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function serving(host: WebHost): Promise<void> {
  const result = await outcome(host);
  if (result !== 'serving') throw new Error(`o web host saiu (${String(result)}):\n${host.output()}`);
}

describe('npm run web twice on one data folder', () => {
  it('refuses the second with the reason in pt-BR and English, and lets the next start once the first is gone', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'helena-web-lock-'));
    dirs.push(dataDir);
    const first = startWeb(dataDir);
    await serving(first);

    const second = startWeb(dataDir);
    expect(await outcome(second)).toBe(3);
    expect(second.output()).toContain('Helena Desk: O Helena Desk já está aberto com esta pasta de dados (em outra janela ou aba). Feche a outra cópia e tente de novo.');
    expect(second.output()).toContain('Helena Desk: Helena Desk is already open with this data folder (in another window or tab). Close the other copy and try again.');
    // Said once: the gate's own log line about the core not opening would repeat it, in the middle.
    expect(second.output().split('já está aberto com esta pasta de dados').length - 1).toBe(1);
    expect(second.output()).not.toContain('Helena Desk no navegador');
    expect(first.child.exitCode).toBeNull();

    // Ctrl+C closes the first cleanly; the next opens.
    first.child.kill('SIGINT');
    expect(await first.exited).toBe(0);
    const third = startWeb(dataDir);
    await serving(third);

    // A host killed outright leaves no stale lock either.
    third.child.kill('SIGKILL');
    await third.exited;
    const fourth = startWeb(dataDir);
    await serving(fourth);
    fourth.child.kill('SIGINT');
    expect(await fourth.exited).toBe(0);
  }, 90_000);
});
