/**
 * What moving the core out of the shell's process buys: while the core runs a first sync of N
 * contacts (BENCH_SHELL_CONTACTS, default 30,000) from a sandbox in its own process, how long the
 * shell's event loop is held (the Electron main process routes the window's input, the tray and
 * IPC) and how long a request from the window takes. Baseline in the same run: the same core and
 * sync inside the shell's process, as before src/host. Then the cost of the link itself: an idle
 * request's round trip, in process and across it. The core's process is a Node child standing in
 * for Electron's utilityProcess (electron/testing/utility-process-stub.ts): same messages, same code.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { DEMO_LOGINS, readLoginCode } from '../sandbox/testing';
import { openAppCore } from '../src/console/app-core';
import type { HandleResult } from '../src/console/console';
import { MemorySecretStore } from '../src/console/secret-store';
import { CoreLink } from '../src/host/core-link';
import { utilityProcess } from '../electron/testing/utility-process-stub';
import { startServer } from './sync';
import type { BenchRow, BenchSection } from './types';

const CORE_ENTRY = join(import.meta.dirname, '..', 'electron', 'core-process.ts');
const STALL_TARGET_MS = 50;

interface Core {
  handle(command: string, input: unknown): Promise<HandleResult>;
  close(): Promise<void>;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

async function snapshot(core: Core): Promise<{ sync: { state: string; lastFinishedAt: string | null } }> {
  const answer = await core.handle('state.snapshot', {});
  if (!answer.ok) throw new Error(`state.snapshot: ${answer.error.message}`);
  return answer.value as { sync: { state: string; lastFinishedAt: string | null } };
}

/** A request every 20 ms while the first sync runs; the loop delay histogram covers the same time. */
async function duringFirstSync(core: Core): Promise<{ maxStallMs: number; p99StallMs: number; requestP50: number; requestP99: number; seconds: number }> {
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  const started = performance.now();
  const requests: number[] = [];
  // Timed from when the window would have asked: in-process, a held event loop delays the asking too.
  let due = performance.now();
  for (;;) {
    const state = await snapshot(core);
    requests.push(performance.now() - due);
    if (state.sync.state === 'idle' && state.sync.lastFinishedAt !== null) break;
    if (performance.now() - started > 300_000) throw new Error('first sync did not finish in 5 min');
    due = performance.now() + 20;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  delay.disable();
  requests.sort((a, b) => a - b);
  return {
    maxStallMs: delay.max / 1e6,
    p99StallMs: delay.percentile(99) / 1e6,
    requestP50: percentile(requests, 50),
    requestP99: percentile(requests, 99),
    seconds: (performance.now() - started) / 1000,
  };
}

async function roundTrips(core: Core, count: number): Promise<{ p50: number; p99: number }> {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const before = performance.now();
    await core.handle('contacts.search', { query: 'maria', limit: 20 });
    times.push(performance.now() - before);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p99: percentile(times, 99) };
}

async function withCore(url: string, where: 'in-process' | 'own process', run: (core: Core) => Promise<void>): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'helena-bench-shell-'));
  const secrets = new MemorySecretStore();
  const core: Core =
    where === 'in-process'
      ? await openAppCore({ dataDir, baseUrl: url, secrets })
      : await CoreLink.start({
          spawn: () => utilityProcess.fork(CORE_ENTRY),
          open: { dataDir, baseUrl: url },
          secrets,
          log: { warn: () => {}, error: (message) => console.error(`[bench] shell: ${message}`) },
        });
  try {
    // Signed in as an agent would be; the first sync starts with the login.
    await core.handle('auth.requestCode', { login: DEMO_LOGINS.admin });
    const verified = await core.handle('auth.verify', { login: DEMO_LOGINS.admin, code: await readLoginCode({ url }, DEMO_LOGINS.admin) });
    if (!verified.ok) throw new Error(`login: ${verified.error.message}`);
    await run(core);
  } finally {
    await core.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export const shellBench: BenchSection = {
  name: 'shell',
  async run(): Promise<BenchRow[]> {
    const count = Number(process.env.BENCH_SHELL_CONTACTS ?? 30_000);
    console.error(`[bench] shell: seeding a sandbox (own process) with ${count.toLocaleString('en-US')} contacts …`);
    const server = await startServer(count);
    const rows: BenchRow[] = [];
    try {
      const results: Record<string, Awaited<ReturnType<typeof duringFirstSync>> & { idle: { p50: number; p99: number } }> = {};
      for (const where of ['in-process', 'own process'] as const) {
        console.error(`[bench] shell: first sync with the core ${where} …`);
        await withCore(server.url, where, async (core) => {
          const sync = await duringFirstSync(core);
          const idle = await roundTrips(core, 500);
          results[where] = { ...sync, idle };
        });
      }
      const base = results['in-process'];
      const ours = results['own process'];
      if (!base || !ours) throw new Error('shell bench: a run is missing');
      const note = `first sync of ${count.toLocaleString('en-US')} contacts (${ours.seconds.toFixed(1)} s); baseline: core in the shell's process`;
      rows.push(
        {
          metric: "longest hold of the shell's event loop during first sync",
          value: ours.maxStallMs,
          unit: 'ms',
          target: `≤ ${STALL_TARGET_MS}`,
          ok: ours.maxStallMs <= STALL_TARGET_MS,
          note: `in-process baseline ${base.maxStallMs.toFixed(0)} ms; ${note}`,
        },
        { metric: "shell's event loop delay p99 during first sync", value: ours.p99StallMs, unit: 'ms', note: `in-process baseline ${base.p99StallMs.toFixed(1)} ms` },
        {
          metric: 'window request p50 / p99 during first sync',
          value: ours.requestP50,
          unit: 'ms',
          note: `p99 ${ours.requestP99.toFixed(1)} ms; in-process baseline p50 ${base.requestP50.toFixed(1)} / p99 ${base.requestP99.toFixed(1)} ms (state.snapshot)`,
        },
        {
          metric: 'idle request round trip p50 / p99',
          value: ours.idle.p50,
          unit: 'ms',
          note: `p99 ${ours.idle.p99.toFixed(2)} ms; in-process baseline p50 ${base.idle.p50.toFixed(2)} / p99 ${base.idle.p99.toFixed(2)} ms (contacts.search "maria", 500 calls)`,
        },
      );
    } finally {
      server.child.removeAllListeners('exit');
      server.child.stdin?.end();
    }
    return rows;
  },
};
