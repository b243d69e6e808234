/**
 * The sync engine against a real sandbox: first sync, delta sync, realtime, reconnection with
 * replay, RESYNC_REQUIRED, token expiry and the rate limit.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ContactPage, SessionPage, TemplatePage, type ContactDTO, type SessionDTO } from '../api/helena-dto';
import type { CoreEvent } from '../console/core-events';
import { addConversation } from '../../sandbox/realtime/test-fixtures';
import { syntheticContactId, TEAM } from '../../sandbox/seed';
import { DEMO_LOGINS } from '../../sandbox/testing';
import { SyncEngine } from './sync-engine';
import { startHarness, waitFor, type Harness } from './test-harness';

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

async function serverTotal(path: string, schema: typeof ContactPage | typeof SessionPage | typeof TemplatePage): Promise<number> {
  const res = await (h as Harness).http.get(path);
  return schema.parse(res.body).totalItems;
}

async function someContact(harness: Harness, index = 0): Promise<ContactDTO> {
  const res = await harness.http.get(`/core/v1/contact?PageSize=20`);
  const contact = ContactPage.parse(res.body).items[index];
  if (!contact) throw new Error('no contact on the server');
  return contact;
}

async function lastOffset(harness: Harness): Promise<number> {
  const res = await harness.control.get<{ offset: number }>('/control/v1/events/last');
  return res.body.offset;
}

async function setDropSockets(harness: Harness, drop: boolean): Promise<void> {
  const res = await harness.control.put('/control/v1/faults', { dropSockets: drop });
  expect(res.status).toBe(200);
}

function progressOf(events: CoreEvent[], resource: string): Array<Extract<CoreEvent, { type: 'sync-progress' }>> {
  return events.filter((e): e is Extract<CoreEvent, { type: 'sync-progress' }> => e.type === 'sync-progress' && e.resource === resource);
}

describe('SyncEngine × sandbox', () => {
  it('first sync fills the cache with what the server lists, with progress ending at done == total', async () => {
    h = await startHarness({ engine: { realtime: false } });
    await h.control.post('/control/v1/inbound', { contactId: (await someContact(h, 2)).id, text: 'uma conversa' });
    await h.engine.start();

    const contacts = await serverTotal('/core/v1/contact?PageSize=1', ContactPage);
    const sessions = await serverTotal('/chat/v2/session?PageSize=1', SessionPage);
    const attendance = await serverTotal('/chat/v1/template?PageSize=1&Type=ATTENDANCE', TemplatePage);
    expect(contacts).toBeGreaterThan(0);
    expect(sessions).toBeGreaterThan(0);
    expect(h.store.contacts.count()).toBe(contacts);
    expect(h.store.sessions.list().length).toBe(sessions);
    expect(h.store.directory.me()?.email).toBe('conceicao.goncalves@demo.helena.com.br');
    expect(h.store.directory.channels().length).toBeGreaterThan(0);
    expect(h.store.directory.teams().length).toBeGreaterThan(0);
    expect(h.engine.agents().length).toBeGreaterThan(1);
    const cachedTemplates = h.store.directory.channels().flatMap((c) => h?.store.templates.forChannel(c.id) ?? []);
    expect(cachedTemplates.filter((t) => t.kinds.includes('TEMPLATE')).length).toBe(attendance);
    expect(cachedTemplates.some((t) => t.params.length > 0)).toBe(true);
    // The cached contacts are searchable.
    const first = await someContact(h);
    expect(h.store.searchContacts(first.name ?? '', { limit: 100 }).items.some((hit) => hit.id === first.id)).toBe(true);

    for (const resource of ['contacts', 'sessions', 'templates', 'channels', 'teams', 'agents']) {
      const steps = progressOf(h.events, resource);
      expect(steps.length, resource).toBeGreaterThan(0);
      const last = steps[steps.length - 1];
      expect(last?.done, resource).toBe(last?.total);
      expect(steps.every((s) => s.phase === 'first')).toBe(true);
    }
    expect(progressOf(h.events, 'contacts').at(-1)?.done).toBe(contacts);
    const finished = h.events.filter((e) => e.type === 'sync-finished');
    expect(finished).toMatchObject([{ phase: 'first' }]);
    expect(h.events.indexOf(finished[0] as CoreEvent)).toBeGreaterThan(h.events.indexOf(progressOf(h.events, 'contacts').at(-1) as CoreEvent));
  });

  it('delta sync picks up a contact changed on the server', async () => {
    h = await startHarness({ engine: { realtime: false } });
    await h.engine.start();
    const contact = await someContact(h, 3);
    const put = await h.http.put(`/core/v2/contact/${contact.id}`, { fields: ['Name'], name: 'Quitéria Delta Sincronizada' });
    expect(put.status).toBe(200);
    expect(h.store.contacts.get(contact.id)?.name).toBe(contact.name);

    await h.engine.syncNow();
    expect(h.store.contacts.get(contact.id)?.name).toBe('Quitéria Delta Sincronizada');
    expect(h.store.searchContacts('quiteria delta').items[0]?.id).toBe(contact.id);
    expect(h.events.filter((e) => e.type === 'sync-finished').map((e) => e.type === 'sync-finished' && e.phase)).toEqual(['first', 'delta']);
    expect(h.events.some((e) => e.type === 'contacts-changed')).toBe(true);
  });

  it('a message from a contact reaches the cache through realtime and raises contact-replied', async () => {
    h = await startHarness();
    await h.engine.start();
    await waitFor(() => h?.engine.realtimeStatus === 'connected', 'realtime connected');
    const contact = await someContact(h, 1);

    const res = await h.control.post<{ session: { id: string }; message: { id: string } }>('/control/v1/inbound', {
      contactId: contact.id,
      text: 'Oi, ainda tem o produto?',
    });
    expect(res.status).toBe(200);
    const { session, message } = res.body;
    await waitFor(() => h?.store.messages.getByServerId(message.id) !== null, 'message in cache');
    await waitFor(() => h?.events.some((e) => e.type === 'contact-replied') ?? false, 'contact-replied');

    expect(h.store.messages.getByServerId(message.id)).toMatchObject({ text: 'Oi, ainda tem o produto?', direction: 'TO_HUB' });
    expect(h.store.sessions.get(session.id)?.contactId).toBe(contact.id);
    expect(h.events.find((e) => e.type === 'contact-replied')).toEqual({
      type: 'contact-replied',
      sessionId: session.id,
      contactId: contact.id,
      contactName: contact.name,
      text: 'Oi, ainda tem o produto?',
    });
    expect(h.replies).toEqual([session.id]);
    expect(h.events.some((e) => e.type === 'conversation-changed' && e.sessionId === session.id)).toBe(true);
    expect(h.store.syncState.realtimeOffset()).toBe(await lastOffset(h));
  });

  it('resumes after the socket drops with every event applied exactly once and no re-sync', async () => {
    const applied: number[] = [];
    h = await startHarness({ engine: { onEventApplied: (offset) => applied.push(offset) } });
    await h.engine.start();
    await waitFor(() => h?.engine.realtimeStatus === 'connected', 'realtime connected');
    const [a, b] = [await someContact(h, 4), await someContact(h, 5)];
    await h.control.post('/control/v1/inbound', { contactId: a.id, text: 'antes da queda' });
    await waitFor(() => applied.length > 0 && applied.at(-1) === h?.store.syncState.realtimeOffset(), 'first event');
    const before = h.engine.stats;

    await setDropSockets(h, true);
    await waitFor(() => h?.engine.realtimeStatus !== 'connected', 'socket dropped');
    const sent = [];
    for (const text of ['durante 1', 'durante 2', 'durante 3']) {
      const r = await h.control.post<{ message: { id: string } }>('/control/v1/inbound', { contactId: b.id, text });
      sent.push(r.body.message.id);
    }
    await h.http.put(`/core/v2/contact/${a.id}`, { fields: ['Name'], name: 'Renomeado Offline' });
    expect(h.store.messages.getByServerId(sent[0] as string)).toBeNull();
    const target = await lastOffset(h);

    await setDropSockets(h, false);
    await waitFor(() => h?.store.syncState.realtimeOffset() === target, 'replay up to the last offset', 10_000);

    for (const id of sent) expect(h.store.messages.getByServerId(id)).not.toBeNull();
    expect(h.store.contacts.get(a.id)?.name).toBe('Renomeado Offline');
    expect(new Set(applied).size).toBe(applied.length);
    // Admin sees every event: the offsets are contiguous, so nothing was skipped either.
    const sorted = [...applied].sort((x, y) => x - y);
    expect(sorted).toEqual(applied);
    expect(sorted.at(-1)! - sorted[0]! + 1).toBe(applied.length);
    const after = h.engine.stats;
    expect(after.gaps).toBe(0);
    expect(after.resyncs).toBe(0);
    expect(after.syncs.delta).toBe(before.syncs.delta);
    const replies = h.events.filter((e) => e.type === 'contact-replied' && e.contactId === b.id);
    expect(replies.map((e) => e.type === 'contact-replied' && e.text)).toEqual(['durante 1', 'durante 2', 'durante 3']);
  });

  it('RESYNC_REQUIRED after the log was trimmed brings the cache up to date with a delta sync', async () => {
    h = await startHarness();
    await h.engine.start();
    await waitFor(() => h?.engine.realtimeStatus === 'connected', 'realtime connected');
    const contact = await someContact(h, 6);
    await h.control.post('/control/v1/inbound', { contactId: contact.id, text: 'primeira' });
    await waitFor(() => h?.store.syncState.realtimeOffset() !== null, 'an offset');

    await setDropSockets(h, true);
    await waitFor(() => h?.engine.realtimeStatus !== 'connected', 'socket dropped');
    await h.http.put(`/core/v2/contact/${contact.id}`, { fields: ['Name'], name: 'Depois Do Corte' });
    const inbound = await h.control.post<{ session: { id: string } }>('/control/v1/inbound', { contactId: contact.id, text: 'perdida no log' });
    const last = await lastOffset(h);
    await h.control.post('/control/v1/events/trim', { throughOffset: last });

    await setDropSockets(h, false);
    await waitFor(() => (h?.engine.stats.resyncs ?? 0) > 0, 'RESYNC_REQUIRED');
    await waitFor(() => h?.store.contacts.get(contact.id)?.name === 'Depois Do Corte', 'contact from delta sync');
    await waitFor(() => h?.store.sessions.get(inbound.body.session.id)?.lastMessageText === 'perdida no log', 'session from delta sync');
    // Each status's contacts are written as its pass ends, before the whole sync does.
    await waitFor(() => (h?.engine.stats.syncs.delta ?? 0) >= 1, 'the delta sync to finish');
    expect(h.store.syncState.realtimeOffset()).toBe(last);
    expect(h.events.some((e) => e.type === 'sync-finished' && e.phase === 'delta')).toBe(true);
  });

  it('an expired token asks for a new login, stops realtime and keeps every cached row', async () => {
    h = await startHarness({ sandbox: { tokenTtlMs: 60_000 } });
    await h.engine.start();
    await waitFor(() => h?.engine.realtimeStatus === 'connected', 'realtime connected');
    const counts = { contacts: h.store.contacts.count(), sessions: h.store.sessions.list().length };
    expect(counts.contacts).toBeGreaterThan(0);

    await h.control.post('/control/v1/clock/advance', { ms: 120_000 });
    await waitFor(() => h?.events.some((e) => e.type === 'auth-expired') ?? false, 'auth-expired');
    expect(h.engine.realtimeStatus).toBe('stopped');
    expect(h.engine.isOnline()).toBe(false);
    expect(h.store.contacts.count()).toBe(counts.contacts);
    expect(h.store.sessions.list().length).toBe(counts.sessions);
    expect(h.events.filter((e) => e.type === 'auth-expired')).toHaveLength(1);

    // REST refuses too; the engine reports it the same way and still keeps the data.
    await expect(h.engine.refreshSession(h.store.sessions.list()[0]?.id ?? '')).rejects.toMatchObject({ kind: 'unauthorized' });
    expect(h.store.contacts.count()).toBe(counts.contacts);
  });

  it('respects the rate limit during a first sync of thousands of contacts', async () => {
    const rateLimit = { max: 20, windowMs: 1_000 };
    h = await startHarness({ sandbox: { syntheticContacts: 3_000, rateLimit }, rateLimit, engine: { realtime: false } });
    const started = Date.now();
    await h.engine.start();
    const elapsed = Date.now() - started;
    const requests = h.client.bucket.stats.granted;
    const contacts = await serverTotal('/core/v1/contact?PageSize=1', ContactPage);
    expect(contacts).toBeGreaterThanOrEqual(3_000);
    expect(h.store.contacts.count()).toBe(contacts);
    expect(h.failedStatuses.filter((s) => s === 429)).toEqual([]);
    // Past the first window's burst every further `max` requests cost one window.
    const boundMs = (Math.ceil(requests / rateLimit.max) - 1) * rateLimit.windowMs;
    expect(requests).toBeGreaterThan(30);
    expect(elapsed).toBeGreaterThanOrEqual(boundMs);
    // …and not much more: the limit, not the client, is what bounds it.
    expect(elapsed).toBeLessThan(boundMs + 3 * rateLimit.windowMs);
  });
});

describe('SyncEngine × sandbox: contacts and conversations arrive concurrently', () => {
  it("gives a contact written after its conversation that conversation's activity (search and recent contacts order by it)", async () => {
    h = await startHarness();
    const harness = h;
    const conversation = addConversation(harness.sandbox.ctx, TEAM.vendas.id);
    const inbound = await harness.control.post('/control/v1/inbound', { contactId: conversation.contactId, channelId: conversation.channelId, text: 'oi' });
    expect(inbound.status).toBe(200);
    // Force the order a big account gets: every session page lands before the contacts do.
    let sessionsDone: () => void = () => undefined;
    const sessionsWritten = new Promise<void>((resolve) => (sessionsDone = resolve));
    const client = harness.client;
    const listSessions = client.listSessions.bind(client);
    const listContacts = client.listContacts.bind(client);
    client.listSessions = async (...args) => {
      const page = await listSessions(...args);
      setTimeout(sessionsDone, 50);
      return page;
    };
    client.listContacts = async (...args) => {
      await sessionsWritten;
      return listContacts(...args);
    };
    await harness.engine.start();
    const session = harness.store.sessions.get(conversation.sessionId);
    expect(session?.lastMessageIn).toBeTruthy();
    expect(harness.store.contacts.get(conversation.contactId)?.lastActivityAt).toBe(session?.lastMessageIn);
  });
});

describe('SyncEngine × sandbox, as a non-admin agent (Ana: Vendas and Suporte)', () => {
  type Conversation = ReturnType<typeof addConversation>;

  async function inbound(harness: Harness, conversation: Conversation, text: string): Promise<string> {
    const res = await harness.control.post<{ message: { id: string } }>('/control/v1/inbound', {
      contactId: conversation.contactId,
      channelId: conversation.channelId,
      text,
    });
    expect(res.status).toBe(200);
    return res.body.message.id;
  }

  const deltaSyncs = (harness: Harness) => harness.events.filter((e) => e.type === 'sync-finished' && e.phase === 'delta').length;

  /** Long enough for a gap-triggered sync (gapResyncDelayMs is 50 ms in the harness) to have started. */
  const pastGapDelay = () => new Promise((resolve) => setTimeout(resolve, 200));

  it("other teams' conversations cost no delta sync, live or replayed; an event sent but not applied does", async () => {
    const applied: number[] = [];
    h = await startHarness({ login: DEMO_LOGINS.agent, engine: { onEventApplied: (offset) => applied.push(offset) } });
    const harness = h;
    await harness.engine.start();
    await waitFor(() => harness.engine.realtimeStatus === 'connected', 'realtime connected');
    const financeiro = addConversation(harness.sandbox.ctx, TEAM.financeiro.id);
    const vendas = addConversation(harness.sandbox.ctx, TEAM.vendas.id);
    const requests = harness.client.bucket.stats.granted;
    const deltas = deltaSyncs(harness);

    // Live: Financeiro's messages interleaved with Ana's own team's.
    for (let i = 0; i < 3; i++) {
      await inbound(harness, financeiro, `financeiro ${i}`);
      await inbound(harness, financeiro, `financeiro ${i}b`);
      const id = await inbound(harness, vendas, `vendas ${i}`);
      await waitFor(() => harness.store.messages.getByServerId(id) !== null, `vendas ${i} in the cache`);
    }
    await inbound(harness, financeiro, 'financeiro por último');
    // The watermark carries the stored offset past the events Ana was not sent.
    const live = await lastOffset(harness);
    await waitFor(() => harness.store.syncState.realtimeOffset() === live, 'the offset past the hidden events', 3_000);
    const span = applied.at(-1)! - applied[0]! + 1;
    expect(span).toBeGreaterThan(applied.length); // the offsets Ana got have holes…
    await pastGapDelay();
    expect(harness.engine.stats.gaps).toBe(0); // …and none of them is a gap
    expect(deltaSyncs(harness)).toBe(deltas);
    expect(harness.client.bucket.stats.granted).toBe(requests);
    expect(harness.store.messages.getByServerId(await inbound(harness, financeiro, 'nunca no cache'))).toBeNull();

    // Replay after reconnect, starting with events of Financeiro.
    await setDropSockets(harness, true);
    await waitFor(() => harness.engine.realtimeStatus !== 'connected', 'socket dropped');
    await inbound(harness, financeiro, 'offline financeiro');
    const missed = await inbound(harness, vendas, 'offline vendas');
    await inbound(harness, financeiro, 'offline financeiro 2');
    const replayed = await lastOffset(harness);
    await setDropSockets(harness, false);
    await waitFor(() => harness.store.syncState.realtimeOffset() === replayed, 'replay and its watermark', 10_000);
    expect(harness.store.messages.getByServerId(missed)).not.toBeNull();
    await pastGapDelay();
    expect(harness.engine.stats.gaps).toBe(0);
    expect(deltaSyncs(harness)).toBe(deltas);
    expect(harness.client.bucket.stats.granted).toBe(requests);

    // A visible event that fails to be stored is a real gap: the next one reveals it, and a delta sync follows.
    const syncState = harness.store.syncState;
    const advance = syncState.advanceRealtimeOffset.bind(syncState);
    let failures = 0;
    syncState.advanceRealtimeOffset = (offset: number) => {
      if (failures++ === 0) throw new Error('disco cheio');
      return advance(offset);
    };
    // The first event of this message (its session or the message itself) is the one lost.
    await inbound(harness, vendas, 'esta se perde');
    await waitFor(() => failures > 0, 'the failed write');
    await inbound(harness, vendas, 'esta chega');
    await waitFor(() => deltaSyncs(harness) === deltas + 1, 'a delta sync for the lost event');
    expect(harness.engine.stats.gaps).toBe(1);
    expect(harness.client.bucket.stats.granted).toBeGreaterThan(requests);
  });
});

describe('SyncEngine × sandbox: lists that change while they are paged', () => {
  /** Every ACTIVE contact HelenaCRM lists now, with its current version. */
  async function serverContacts(harness: Harness): Promise<ContactDTO[]> {
    const all: ContactDTO[] = [];
    for (let pageNumber = 1; ; pageNumber++) {
      const page = ContactPage.parse((await harness.http.get(`/core/v1/contact?PageSize=100&PageNumber=${pageNumber}`)).body);
      all.push(...page.items);
      if (!page.hasMorePages) return all;
    }
  }

  function staleOrMissing(harness: Harness, server: readonly ContactDTO[]): string[] {
    return server.filter((c) => harness.store.contacts.get(c.id)?.updatedAt !== c.updatedAt).map((c) => c.name ?? c.id);
  }

  it('a contact edited on HelenaCRM while a sync pages through the list costs no other contact its place in the cache', async () => {
    h = await startHarness({ sandbox: { syntheticContacts: 600 }, engine: { realtime: false, pageConcurrency: 1 } });
    const harness = h;
    const before = await serverContacts(harness);
    const received = new Set<string>();
    let pages = 0;
    const client = harness.client;
    const listContacts = client.listContacts.bind(client);
    client.listContacts = async (...args) => {
      const page = await listContacts(...args);
      for (const c of page.items) received.add(c.id);
      pages++;
      if (pages <= 4) {
        // Colleagues edit contacts meanwhile: one this sync already has, and one it has not reached.
        const had = page.items[0];
        const ahead = before.find((c) => !received.has(c.id));
        for (const contact of [had, ahead]) {
          if (!contact) continue;
          const res = await harness.http.put(`/core/v2/contact/${contact.id}`, { fields: ['Annotation'], annotation: `editado na página ${pages}` });
          expect(res.status).toBe(200);
        }
      }
      return page;
    };
    await harness.engine.start();
    // A REST-only desk catches edits made during a sync at its next delta (realtime would bring them sooner).
    await harness.engine.syncNow();
    expect(pages).toBeGreaterThan(4);
    expect(staleOrMissing(harness, await serverContacts(harness))).toEqual([]);
  });

  // 600: one keyset walk; 3,000: three slices walked side by side (keyset-pass.ts).
  it.each([600, 3_000])('contacts deleted on HelenaCRM while a sync pages through %i of them cost no other contact its place in the cache', async (count) => {
    h = await startHarness({ sandbox: { syntheticContacts: count }, engine: { realtime: false, pageConcurrency: 4 } });
    const harness = h;
    const received = new Set<string>();
    const deleted: string[] = [];
    const client = harness.client;
    const listContacts = client.listContacts.bind(client);
    client.listContacts = async (...args) => {
      const page = await listContacts(...args);
      for (const c of page.items) received.add(c.id);
      // A colleague deletes a contact this sync already has, after each of its first pages.
      const had = page.items.find((c) => c.origin === 'IMPORTED' && !deleted.includes(c.id));
      if (deleted.length < 4 && had && page.items.length > 1) {
        const { db } = harness.sandbox.ctx;
        db.prepare('DELETE FROM contact_scripts WHERE contact_id = ?').run(had.id);
        db.prepare('DELETE FROM contacts WHERE id = ?').run(had.id);
        deleted.push(had.id);
      }
      return page;
    };
    await harness.engine.start();
    await harness.engine.syncNow();
    expect(deleted).toHaveLength(4);
    const missing = (await serverContacts(harness)).filter((c) => harness.store.contacts.get(c.id) === null).map((c) => c.name ?? c.id);
    expect(missing).toEqual([]);
  });

  // A bulk import sets thousands of contacts to one instant: pages of one millisecond must neither loop nor skip.
  it.each([1, 4])('contacts sharing one updatedAt are all read, one of them deleted meanwhile costing no other its place (%i pages at a time)', async (pageConcurrency) => {
    h = await startHarness({ sandbox: { syntheticContacts: 3_000 }, engine: { realtime: false, pageConcurrency } });
    const harness = h;
    const { db } = harness.sandbox.ctx;
    const setUpdatedAt = db.prepare('UPDATE contacts SET updated_at = ? WHERE id = ?');
    const middle = (db.prepare('SELECT updated_at AS at FROM contacts WHERE id = ?').get(syntheticContactId(1_500)) as { at: string }).at;
    const newest = new Date(Date.now() + 60_000).toISOString();
    for (let i = 1_000; i < 1_350; i++) setUpdatedAt.run(middle, syntheticContactId(i));
    for (let i = 2_700; i < 2_950; i++) setUpdatedAt.run(newest, syntheticContactId(i));
    let deleted: string | null = null;
    const client = harness.client;
    const listContacts = client.listContacts.bind(client);
    client.listContacts = async (params = {}, opts = {}) => {
      const page = await listContacts(params, opts);
      const { updatedAfter, updatedBefore } = params;
      const oneInstant = updatedAfter !== undefined && updatedBefore !== undefined && Date.parse(String(updatedBefore)) - Date.parse(String(updatedAfter)) <= 2;
      // Deleted while its millisecond is read by offset: the pages after it would move up one place.
      const victim = page.items.find((c) => c.updatedAt === middle && c.origin === 'IMPORTED');
      if (deleted === null && oneInstant && params.pageNumber === 1 && page.totalItems > 100 && victim) {
        db.prepare('DELETE FROM contacts WHERE id = ?').run(victim.id);
        deleted = victim.id;
      }
      return page;
    };
    await harness.engine.start();
    expect(deleted).not.toBeNull();
    const server = await serverContacts(harness);
    expect(server.filter((c) => c.updatedAt === middle).length).toBeGreaterThanOrEqual(349);
    expect(staleOrMissing(harness, server)).toEqual([]);
    expect(harness.store.syncState.cursor('contacts')).toBe(newest);
  });

  it('conversations transferred out of the agent\'s sight while a sync pages through the sessions cost no other conversation its place', async () => {
    h = await startHarness({ login: DEMO_LOGINS.agent, engine: { realtime: false, pageConcurrency: 4 } });
    const harness = h;
    const { ctx } = harness.sandbox;
    const base = Date.now() - 3 * 60 * 60 * 1000;
    const spread = ctx.db.prepare('UPDATE sessions SET updated_at = ? WHERE id = ?');
    const ours = new Set<string>();
    for (let i = 0; i < 2_100; i++) {
      const c = addConversation(ctx, i % 2 === 0 ? TEAM.vendas.id : TEAM.suporte.id);
      spread.run(new Date(base + i * 1_000).toISOString(), c.sessionId);
      ours.add(c.sessionId);
    }
    const transferred: string[] = [];
    const client = harness.client;
    const listSessions = client.listSessions.bind(client);
    client.listSessions = async (...args) => {
      const page = await listSessions(...args);
      // Transferred to Financeiro, a team Ana is not in: it leaves her list.
      const had = page.items.find((s) => ours.has(s.id) && !transferred.includes(s.id));
      if (transferred.length < 4 && had && page.items.length > 1) {
        ctx.db.prepare('UPDATE sessions SET department_id = ?, updated_at = ? WHERE id = ?').run(TEAM.financeiro.id, ctx.clock.iso(), had.id);
        transferred.push(had.id);
      }
      return page;
    };
    await harness.engine.start();
    await harness.engine.syncNow();
    expect(transferred).toHaveLength(4);
    const server: SessionDTO[] = [];
    for (let pageNumber = 1; ; pageNumber++) {
      const page = SessionPage.parse((await harness.http.get(`/chat/v2/session?PageSize=100&PageNumber=${pageNumber}`)).body);
      server.push(...page.items);
      if (!page.hasMorePages) break;
    }
    expect(server.length).toBeGreaterThanOrEqual(2_096);
    expect(server.filter((s) => harness.store.sessions.get(s.id)?.updatedAt !== s.updatedAt).map((s) => s.id)).toEqual([]);
  });

  it('a conversation that moves on while a sync pages through the sessions costs no other conversation its place', async () => {
    h = await startHarness({ engine: { realtime: false, pageConcurrency: 1 } });
    const harness = h;
    const conversations = Array.from({ length: 250 }, () => addConversation(harness.sandbox.ctx, TEAM.vendas.id));
    const bySession = new Map(conversations.map((c) => [c.sessionId, c]));
    let pages = 0;
    const client = harness.client;
    const listSessions = client.listSessions.bind(client);
    client.listSessions = async (...args) => {
      const page = await listSessions(...args);
      pages++;
      // A contact writes in a conversation this sync already read.
      const had = page.items.map((s) => bySession.get(s.id)).find((c) => c !== undefined);
      if (pages <= 2 && had) {
        const res = await harness.control.post('/control/v1/inbound', { contactId: had.contactId, channelId: had.channelId, text: `oi ${pages}` });
        expect(res.status).toBe(200);
      }
      return page;
    };
    await harness.engine.start();
    await harness.engine.syncNow();
    const server: SessionDTO[] = [];
    for (let pageNumber = 1; ; pageNumber++) {
      const page = SessionPage.parse((await harness.http.get(`/chat/v2/session?PageSize=100&PageNumber=${pageNumber}`)).body);
      server.push(...page.items);
      if (!page.hasMorePages) break;
    }
    expect(server.length).toBeGreaterThanOrEqual(250);
    expect(server.filter((s) => harness.store.sessions.get(s.id)?.updatedAt !== s.updatedAt).map((s) => s.id)).toEqual([]);
  });
});

describe('SyncEngine × sandbox: a sync cut short goes on where it stopped', () => {
  // Two slices of ~1,500 contacts (keyset-pass.ts), written in batches of 500.
  const options = { sandbox: { syntheticContacts: 3_000 }, engine: { realtime: false as const, pageConcurrency: 2, contactBatchSize: 500 } };

  interface Asked {
    updatedBefore: string | undefined;
    pageSize: number | undefined;
    ids: string[];
  }

  /** Records the contact pages asked for and what they brought; `onAnswered(n)` runs once the n-th page has arrived. */
  function watchContactPages(harness: Harness, onAnswered: (answered: number) => Promise<void> | void): Asked[] {
    const asked: Asked[] = [];
    let answered = 0;
    const client = harness.client;
    const listContacts = client.listContacts.bind(client);
    client.listContacts = async (params = {}, opts = {}) => {
      const entry: Asked = { updatedBefore: params.updatedBefore === undefined ? undefined : String(params.updatedBefore), pageSize: params.pageSize, ids: [] };
      asked.push(entry);
      const page = await listContacts(params, opts);
      entry.ids = page.items.map((c) => c.id);
      await onAnswered(++answered);
      return page;
    };
    return asked;
  }

  async function newestOnServer(harness: Harness): Promise<string> {
    const page = ContactPage.parse((await harness.http.get('/core/v1/contact?PageSize=1&OrderBy=UpdatedAt&OrderDirection=DESCENDING')).body);
    return page.items[0]?.updatedAt ?? '';
  }

  /** What the pages asked after a resume brought that the cache already held: what was read again. */
  function readAgain(asked: readonly Asked[], cachedBefore: ReadonlySet<string>): number {
    return asked.flatMap((a) => a.ids).filter((id) => cachedBefore.has(id)).length;
  }

  const cachedIds = (harness: Harness): Set<string> =>
    new Set((harness.sandbox.ctx.db.prepare('SELECT id FROM contacts').all() as { id: string }[]).map((r) => r.id).filter((id) => harness.store.contacts.get(id) !== null));

  it('a first sync failed midway by HelenaCRM errors reads on from the last batch it wrote in each slice, not from the top', async () => {
    h = await startHarness(options);
    const harness = h;
    const asked = watchContactPages(harness, async (answered) => {
      if (answered === 14) expect((await harness.control.put('/control/v1/faults', { errorRate: 1 })).status).toBe(200);
    });
    await harness.engine.start();
    expect(harness.engine.stats.syncs.failed).toBe(1);
    expect(harness.engine.hasFirstSync()).toBe(false);
    // Batches of 500 were written before HelenaCRM failed (a page's oldest contact is read again by the next, so a little under 1,000).
    const before = cachedIds(harness);
    expect(before.size).toBeGreaterThan(900);
    const askedBefore = asked.length;

    await harness.control.put('/control/v1/faults', { errorRate: 0 });
    await waitFor(() => harness.engine.hasFirstSync(), 'the first sync to finish', 15_000);
    const after = asked.slice(askedBefore);
    // Every page after the resume is a keyset page below where its slice got to: none starts from the newest again…
    expect(after.every((a) => a.updatedBefore !== undefined)).toBe(true);
    // …and what is read again is the boundary contact of each slice, not pages of them.
    expect(readAgain(after, before)).toBeLessThanOrEqual(4);
    const total = await serverTotal('/core/v1/contact?PageSize=1', ContactPage);
    expect(harness.store.contacts.count()).toBe(total);
    expect(after.length).toBeLessThan(Math.ceil((total - before.size) / 100) + 6);
    // The delta cursor still starts from the newest contact, read on page 1 before the failure.
    expect(harness.store.syncState.cursor('contacts')).toBe(await newestOnServer(harness));
  });

  it('a first sync stopped by closing the app goes on from where it stopped when the app opens again', async () => {
    h = await startHarness(options);
    const harness = h;
    let answered = 0;
    const asked = watchContactPages(harness, (n) => void (answered = n));
    const started = harness.engine.start();
    await waitFor(() => answered >= 17, '17 pages');
    await harness.engine.stop();
    await started;
    const askedBefore = asked.length;
    const before = cachedIds(harness);
    expect(before.size).toBeGreaterThanOrEqual(900);

    // The app opens again: a new engine on the same cache.
    const reopened = new SyncEngine({ store: harness.store, client: harness.client, url: harness.sandbox.url, getToken: () => harness.token, ...options.engine });
    await reopened.start();
    await reopened.stop();
    expect(reopened.hasFirstSync()).toBe(true);
    const after = asked.slice(askedBefore);
    expect(after.every((a) => a.updatedBefore !== undefined)).toBe(true);
    expect(readAgain(after, before)).toBeLessThanOrEqual(4);
    expect(harness.store.contacts.count()).toBe(await serverTotal('/core/v1/contact?PageSize=1', ContactPage));
    expect(harness.store.syncState.cursor('contacts')).toBe(await newestOnServer(harness));
  });
});

describe('SyncEngine × sandbox: which conversations a first sync pulls', () => {
  it('the open ones and those completed in the last 30 days, not the whole history; a later change to an old one still lands', async () => {
    h = await startHarness({ engine: { realtime: false } });
    const harness = h;
    const { ctx } = harness.sandbox;
    const day = 24 * 60 * 60 * 1000;
    const complete = (sessionId: string, daysAgo: number): void => {
      const at = new Date(Date.now() - daysAgo * day).toISOString();
      ctx.db.prepare("UPDATE sessions SET status = 'COMPLETED', end_at = ?, updated_at = ? WHERE id = ?").run(at, at, sessionId);
    };
    const open = addConversation(ctx, TEAM.vendas.id);
    const lastWeek = addConversation(ctx, TEAM.vendas.id);
    const lastYear = addConversation(ctx, TEAM.vendas.id);
    complete(lastWeek.sessionId, 5);
    complete(lastYear.sessionId, 300);
    await harness.engine.start();
    expect(harness.store.sessions.get(open.sessionId)?.status).toBe('STARTED');
    expect(harness.store.sessions.get(lastWeek.sessionId)?.status).toBe('COMPLETED');
    expect(harness.store.sessions.get(lastYear.sessionId)).toBeNull();
    const oldCount = (await harness.http.get<{ totalItems: number }>('/chat/v2/session?PageSize=1&Status=COMPLETED&UpdatedAt.Before=' + new Date(Date.now() - 31 * day).toISOString())).body.totalItems;
    expect(oldCount).toBeGreaterThanOrEqual(1);

    // The contact of last year's conversation writes again: HelenaCRM reopens it, and the delta brings it.
    const inbound = await harness.control.post('/control/v1/inbound', { contactId: lastYear.contactId, channelId: lastYear.channelId, text: 'voltei' });
    expect(inbound.status).toBe(200);
    await harness.engine.syncNow();
    const contactSessions = harness.store.sessions.list({ contactId: lastYear.contactId });
    expect(contactSessions.some((s) => s.lastMessageText === 'voltei')).toBe(true);
  });
});
