/**
 * The desk's quick find ("Buscar por nome ou número") for an admin, who sees every open
 * conversation: desk.view through the real core (openAppCore, signed in to the sandbox) at 20,000
 * open conversations (BENCH_DESK_CONVERSATIONS changes it), per kind of query as typed: none, a
 * name word, digits, a formatted phone, one that finds nothing. Each desk.view counts every view
 * over all open conversations and matches the find against every contact, so its cost grows with
 * the desk; p50 and p99 over BENCH_DESK_RUNS runs (default 30) after a warm-up (with 30 runs, p99
 * is the slowest).
 *
 * Baseline, measured in the same run on the same core: the same queries at 200 open
 * conversations (the synthetic ones are added in two steps), so the growth with size shows. No
 * target is set for this yet.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { CHANNEL } from '../sandbox/seed';
import { DEMO_LOGINS, readLoginCode, startTestSandbox } from '../sandbox/testing';
import type { ContactDTO } from '../src/api/helena-dto';
import { MemorySecretStore, openAppCore, type AppConsole } from '../src/console';
import { contactDto, sessionDto } from '../src/store/test-fixtures';
import { percentile } from './search';
import type { BenchRow, BenchSection } from './types';

const BASELINE_CONVERSATIONS = 200;
/** Warm-up per query: at least this many calls and this long, so the small desk's figures are not the JIT's first runs. */
const WARM_UP = { calls: 3, ms: 1_000 };
/** '(11) 91000-3700' is contact 100's phone (see syntheticContact), within both sizes. */
const QUERIES = [
  { kind: 'no query', text: '' },
  { kind: 'name word', text: 'souza' },
  { kind: 'digits', text: '12345' },
  { kind: 'formatted phone', text: '(11) 91000-3700' },
  { kind: 'nothing found', text: 'zzz' },
] as const;

function syntheticContact(i: number): ContactDTO {
  return contactDto({
    id: `c0000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    name: `Cliente ${i} Souza`,
    phoneNumber: `+55119${String(10_000_000 + i * 37).padStart(8, '0')}`,
  });
}

/** Contacts [from, to) and an open, in-progress conversation with each, straight into the core's cache. */
function addConversations(core: AppConsole, from: number, to: number): void {
  const { store } = core.requireOpen();
  const contacts = Array.from({ length: to - from }, (_, k) => syntheticContact(from + k));
  store.contacts.upsertContacts(contacts);
  store.sessions.upsertSessions(
    contacts.map((c, k) =>
      sessionDto({
        id: `50000000-0000-4000-8000-${String(from + k).padStart(12, '0')}`,
        contactId: c.id,
        channelId: CHANNEL.official.id,
        status: 'IN_PROGRESS',
        updatedAt: '2025-01-01T10:00:00.000Z',
        lastMessageText: `mensagem ${from + k}`,
      }),
    ),
  );
}

interface Timing {
  p50: number;
  p99: number;
  /** counts.all as desk.view answered: the open conversations it went over. */
  open: number;
  found: number;
}

async function timeQueries(core: AppConsole, runs: number): Promise<Map<string, Timing>> {
  const timings = new Map<string, Timing>();
  for (const { kind, text } of QUERIES) {
    let last = await core.invoke('desk.view', { filter: 'all', query: text });
    const warmUntil = performance.now() + WARM_UP.ms;
    for (let i = 1; i < WARM_UP.calls || performance.now() < warmUntil; i++) await core.invoke('desk.view', { filter: 'all', query: text });
    const ms: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      last = await core.invoke('desk.view', { filter: 'all', query: text });
      ms.push(performance.now() - t);
    }
    ms.sort((a, b) => a - b);
    timings.set(kind, { p50: percentile(ms, 50), p99: percentile(ms, 99), open: last.counts.all, found: last.items.length });
  }
  const phone = await core.invoke('desk.view', { filter: 'all', query: '(11) 91000-3700' });
  // A find that misses would time the wrong work: say so instead of printing a figure.
  if (phone.items.map((c) => c.contactName).join() !== 'Cliente 100 Souza') {
    throw new Error(`desk bench: the formatted phone found ${JSON.stringify(phone.items.map((c) => c.contactName))}, not Cliente 100 Souza`);
  }
  return timings;
}

export const deskBench: BenchSection = {
  name: 'desk',
  async run(): Promise<BenchRow[]> {
    const size = Number(process.env.BENCH_DESK_CONVERSATIONS ?? 20_000);
    const runs = Number(process.env.BENCH_DESK_RUNS ?? 30);
    if (!Number.isInteger(size) || size <= BASELINE_CONVERSATIONS) throw new Error(`desk bench: BENCH_DESK_CONVERSATIONS must be an integer above ${BASELINE_CONVERSATIONS}`);
    if (!Number.isInteger(runs) || runs < 1) throw new Error('desk bench: BENCH_DESK_RUNS must be a positive integer');
    const work = mkdtempSync(join(tmpdir(), 'helena-bench-desk-'));
    const sandbox = await startTestSandbox();
    const core = await openAppCore({ dataDir: work, baseUrl: sandbox.url, secrets: new MemorySecretStore() });
    try {
      await core.invoke('auth.requestCode', { login: DEMO_LOGINS.admin });
      await core.invoke('auth.verify', { login: DEMO_LOGINS.admin, code: await readLoginCode(sandbox, DEMO_LOGINS.admin) });
      await core.whenSynced();

      console.error(`[bench] desk: ${BASELINE_CONVERSATIONS} open conversations …`);
      addConversations(core, 0, BASELINE_CONVERSATIONS);
      const small = await timeQueries(core, runs);
      console.error(`[bench] desk: ${size.toLocaleString('en-US')} open conversations …`);
      addConversations(core, BASELINE_CONVERSATIONS, size);
      const big = await timeQueries(core, runs);

      const rows: BenchRow[] = [];
      const add = (label: string, timings: Map<string, Timing>, note: (text: string, t: Timing) => string) => {
        for (const { kind, text } of QUERIES) {
          const t = timings.get(kind);
          if (!t) continue;
          const at = `at ${t.open.toLocaleString('en-US')} open`;
          rows.push(
            { metric: `${label}desk.view p50 ${at}: ${kind}`, value: t.p50, unit: 'ms', note: note(text, t) },
            { metric: `${label}desk.view p99 ${at}: ${kind}`, value: t.p99, unit: 'ms' },
          );
        }
      };
      const query = (text: string) => (text === '' ? 'no query' : `'${text}'`);
      add('', big, (text, t) => `${query(text)}, ${t.found} shown; ${runs} runs after a warm-up; no target set`);
      add('baseline: ', small, (text, t) => `${query(text)}, ${t.found} shown; same core, same run`);
      return rows;
    } finally {
      await core.close();
      await sandbox.close();
      rmSync(work, { recursive: true, force: true });
    }
  },
};
