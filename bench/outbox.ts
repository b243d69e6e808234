/**
 * The outbox: enqueue latency (call → message + outbox row committed, on a file database with the
 * app's pragmas) beside a bare single-row INSERT in the same database, and flush throughput
 * (messages/s from a filled outbox to a sandbox in this process with a high rate limit, several
 * conversations in parallel, each serial). BENCH_OUTBOX_ENQUEUES / BENCH_OUTBOX_FLUSH resize it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { startConversationSandbox } from '../sandbox/conversations/test-fixture';
import { HelenaClient } from '../src/api';
import { Outbox } from '../src/outbox';
import { openStore } from '../src/store/store';
import type { BenchRow, BenchSection } from './types';

const ENQUEUES = Number(process.env.BENCH_OUTBOX_ENQUEUES ?? 5_000);
const FLUSH_MESSAGES = Number(process.env.BENCH_OUTBOX_FLUSH ?? 2_000);

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

const sessionLike = '00000000-0000-4000-8000-00000000beef';

async function enqueueLatency(): Promise<BenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-outbox-'));
  const store = openStore({ location: dir });
  try {
    // Never started: nothing is sent, the figure is the durable write alone.
    const outbox = new Outbox({ store, client: new HelenaClient({ baseUrl: 'http://127.0.0.1:9', getToken: () => null }), online: false });
    store.db.exec('CREATE TABLE bench_baseline (id INTEGER PRIMARY KEY, body TEXT NOT NULL) STRICT');
    const insert = store.db.prepare<[string]>('INSERT INTO bench_baseline (body) VALUES (?)');
    const enqueue: number[] = [];
    const baseline: number[] = [];
    for (let i = 0; i < ENQUEUES; i++) {
      // Interleaved, so both see the same WAL size and page cache.
      let t = performance.now();
      await outbox.sendText(sessionLike, `mensagem ${i}`);
      enqueue.push(performance.now() - t);
      t = performance.now();
      insert.run(`{"text":"mensagem ${i}"}`);
      baseline.push(performance.now() - t);
    }
    enqueue.sort((a, b) => a - b);
    baseline.sort((a, b) => a - b);
    const note = `${ENQUEUES.toLocaleString('en-US')} enqueues, file DB, WAL, each committed durably (synchronous=FULL)`;
    return [
      { metric: 'enqueue p50 (to commit)', value: percentile(enqueue, 50), unit: 'ms', note },
      { metric: 'enqueue p99 (to commit)', value: percentile(enqueue, 99), unit: 'ms', note },
      { metric: 'baseline bare INSERT p50', value: percentile(baseline, 50), unit: 'ms', note: 'one-row INSERT, same DB' },
      { metric: 'baseline bare INSERT p99', value: percentile(baseline, 99), unit: 'ms', note: 'one-row INSERT, same DB' },
    ];
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function flushThroughput(): Promise<BenchRow[]> {
  const sandbox = await startConversationSandbox({ rateLimit: { max: 1_000_000, windowMs: 1_000 } });
  const store = openStore({ location: ':memory:' });
  const agent = sandbox.company.agents.ana;
  const client = new HelenaClient({ baseUrl: sandbox.url, getToken: () => agent.token, rateLimit: { max: 1_000_000, windowMs: 1_000 } });
  try {
    store.contacts.upsertContacts((await client.listContacts()).items);
    store.directory.replaceChannels(await client.listChannels());
    const { company } = sandbox;
    // One conversation per contact and channel, window open (the contact wrote).
    const outbox = new Outbox({ store, client });
    await outbox.start();
    const sessions: string[] = [];
    for (const contactId of [company.contacts.maria, company.contacts.joao, company.contacts.semWhats]) {
      for (const channelId of [company.channels.official, company.channels.qr]) {
        const r = await outbox.startConversation({
          contactId,
          channelId,
          departmentId: company.teams.vendas,
          templateId: channelId === company.channels.qr ? company.templates.qr : company.templates.lembrete,
          parameters: { nome: 'Cliente' },
        });
        await outbox.flush();
        const sessionId = store.outbox.get(r.localId)?.conversationKey ?? '';
        await sandbox.api('POST', '/control/v1/inbound', null, { contactId, channelId, text: 'oi' });
        outbox.onContactReplied(sessionId);
        sessions.push(sessionId);
      }
    }
    outbox.setOnline(false);
    for (let i = 0; i < FLUSH_MESSAGES; i++) await outbox.sendText(sessions[i % sessions.length] ?? '', `mensagem ${i}`);
    const t = performance.now();
    outbox.setOnline(true);
    await outbox.flush();
    const seconds = (performance.now() - t) / 1000;
    const sent = store.outbox.counts().sent - sessions.length;
    await outbox.stop();
    return [
      {
        metric: 'flush throughput',
        value: sent / seconds,
        unit: 'msg/s',
        note: `${sent.toLocaleString('en-US')} texts over ${sessions.length} conversations (serial each), sandbox in-process; one durable commit per send (point of no return); the rate limit allows 40/s`,
      },
    ];
  } finally {
    store.close();
    await sandbox.close();
  }
}

export const outboxBench: BenchSection = {
  name: 'outbox',
  async run() {
    return [...(await enqueueLatency()), ...(await flushThroughput())];
  },
};
