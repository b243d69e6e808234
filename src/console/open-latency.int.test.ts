/**
 * Opening a conversation this computer never opened (the first sync brought its session, not its
 * messages) reads it from HelenaCRM: the session, the newest 300 messages (3 pages) and the notes.
 * One after another that was 5 round trips (1.85–2.05 s to open on a 300 ms line). Asked together,
 * with the older pages as soon as the newest says how many there are, it is 2; and the screen
 * answers after the first, with the newest messages, the older ones landing behind.
 *
 * Asserted on the structure of the requests the sandbox saw (which overlap), not on timings: the
 * sandbox adds a latency to every request so the rounds are clear, and the number of rounds is
 * counted as the longest chain of requests each begun after the one before it ended.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { CHANNEL, DEMO_CONTACTS, demoContactId } from '../../sandbox/seed';
import { DEMO_LOGINS } from '../../sandbox/testing';
import { startConsoleRig, until, type ConsoleRig } from './testing/console-rig';

let rig: ConsoleRig | null = null;
afterEach(async () => {
  await rig?.close();
  rig = null;
});

interface Seen {
  url: string;
  start: number;
  end: number | null;
}

/** Every HTTP request the sandbox receives, with when it came and when its answer left. */
function watchRequests(r: ConsoleRig): { seen: Seen[]; stop(): void } {
  const seen: Seen[] = [];
  const server = r.sandbox.app.server;
  const onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    const entry: Seen = { url: req.url ?? '', start: performance.now(), end: null };
    seen.push(entry);
    res.on('finish', () => {
      entry.end = performance.now();
    });
  };
  server.on('request', onRequest);
  return { seen, stop: () => server.off('request', onRequest) };
}

/** The longest chain of requests each begun after the previous one's answer: the round trips waited one after another. */
function sequentialRounds(requests: readonly Seen[]): number {
  const done = requests.filter((q): q is Seen & { end: number } => q.end !== null).sort((a, b) => a.start - b.start);
  const depth: number[] = [];
  done.forEach((q, i) => {
    let best = 0;
    for (let j = 0; j < i; j++) {
      const before = done[j] as Seen & { end: number };
      if (before.end <= q.start) best = Math.max(best, depth[j] ?? 0);
    }
    depth.push(best + 1);
  });
  return Math.max(0, ...depth);
}

const CONTACT_NAME = 'Vinícius Romão';
const MESSAGES = 260;
const LATENCY_MS = 150;

describe('opening a conversation not opened before on this computer', () => {
  it('reads the session, its messages and notes together: 2 rounds for 3 pages of messages, and shows the newest after the first', async () => {
    rig = await startConsoleRig();
    const r = rig;
    const contactId = demoContactId(DEMO_CONTACTS.findIndex((c) => c.name === CONTACT_NAME));
    // The contact writes a long conversation before the agent signs in on this computer: the first
    // sync brings its session, none of its messages.
    let next = 0;
    const write = async (): Promise<void> => {
      while (next < MESSAGES) await r.inbound(contactId, `Mensagem ${next++} do contato`, CHANNEL.official.id);
    };
    await Promise.all([write(), write(), write(), write()]);
    await r.login(DEMO_LOGINS.agent);
    const sessionId = await until('the session in the list', async () => (await r.core.invoke('conversation.list', {})).find((c) => c.contactId === contactId)?.id);

    r.sandbox.ctx.options.faults.latencyMs = LATENCY_MS;
    const watch = watchRequests(r);
    try {
      const opened = await r.core.invoke('conversation.open', { sessionId });
      const forSession = () => watch.seen.filter((q) => q.url.includes(sessionId));
      const answeredAtOpen = forSession().filter((q) => q.end !== null).length;
      // The newest page of messages is there at once.
      expect(opened.messages.length).toBeGreaterThanOrEqual(100);
      expect(opened.messages.some((m) => m.text === `Mensagem ${MESSAGES - 1} do contato`)).toBe(true);
      // Shown once the first round answered (session, newest messages, notes), not after the older pages.
      expect(answeredAtOpen).toBeLessThanOrEqual(3);

      // The older pages land behind it: the whole conversation (as many as the 300 kept).
      await until('every message cached', async () => (await r.core.invoke('conversation.open', { sessionId })).messages.length >= MESSAGES, 10_000);
      await until('the reads answered', () => forSession().length > 0 && forSession().every((q) => q.end !== null));
      const requests = forSession();
      // session + 3 pages of messages + 1 of notes: no request dropped, none added.
      expect(requests.map((q) => q.url.replace(/\?.*/, '').replace(sessionId, ':id')).sort()).toEqual([
        '/chat/v1/session/:id/message',
        '/chat/v1/session/:id/message',
        '/chat/v1/session/:id/message',
        '/chat/v1/session/:id/note',
        '/chat/v2/session/:id',
      ]);
      // One after another this was 5 rounds (session, page 1, 2, 3, notes).
      expect(sequentialRounds(requests)).toBe(2);
    } finally {
      watch.stop();
      r.sandbox.ctx.options.faults.latencyMs = 0;
    }
  }, 60_000);
});
