/**
 * Conversations that leave the agent's sight while the realtime log cannot tell them so (the app
 * closed longer than HelenaCRM keeps events: RESYNC_REQUIRED). A delta sync lists only what the
 * agent may see now, so it never mentions them: the cache must ask.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { canSeeSession } from '../domain/visibility';
import { addConversation } from '../../sandbox/realtime/test-fixtures';
import { demoAgentIds, TEAM } from '../../sandbox/seed';
import { api, DEMO_LOGINS, loginAs } from '../../sandbox/testing';
import { startHarness, waitFor, type Harness } from './test-harness';
import { viewerOf } from './viewer';

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

/** What the desk would list: open conversations the signed-in agent may see, as the cache has them. */
function deskIds(harness: Harness): string[] {
  const me = harness.store.directory.me();
  if (!me) return [];
  const viewer = viewerOf(me, harness.store);
  return harness.store.sessions
    .list({ statuses: ['STARTED', 'PENDING', 'IN_PROGRESS'] })
    .filter((s) => canSeeSession(viewer, s))
    .map((s) => s.id);
}

describe('SyncEngine × sandbox: conversations that leave the agent\'s sight unseen', () => {
  it('a conversation transferred to a team the agent is not in while its event was lost leaves the desk after the delta sync; one transferred back returns', async () => {
    // Ana is in Vendas and Suporte, not Financeiro.
    h = await startHarness({ login: DEMO_LOGINS.agent });
    const harness = h;
    const admin = api(harness.sandbox, (await loginAs(harness.sandbox, DEMO_LOGINS.admin)).token);
    const moved = addConversation(harness.sandbox.ctx, TEAM.vendas.id);
    const stays = addConversation(harness.sandbox.ctx, TEAM.vendas.id);
    await harness.engine.start();
    await waitFor(() => harness.engine.realtimeStatus === 'connected', 'realtime connected');
    expect(deskIds(harness)).toEqual(expect.arrayContaining([moved.sessionId, stays.sessionId]));
    // Something for the stored offset to stand on.
    await harness.control.post('/control/v1/inbound', { contactId: stays.contactId, channelId: stays.channelId, text: 'oi' });
    await waitFor(() => harness.store.syncState.realtimeOffset() !== null, 'an offset');

    // Offline, and HelenaCRM keeps no event from that time (the app was closed overnight).
    expect((await harness.control.put('/control/v1/faults', { dropSockets: true })).status).toBe(200);
    await waitFor(() => harness.engine.realtimeStatus !== 'connected', 'socket dropped');
    const transfer = await admin.put(`/chat/v1/session/${moved.sessionId}/transfer`, { type: 'DEPARTMENT', newDepartmentId: TEAM.financeiro.id });
    expect(transfer.status).toBe(200);
    const last = (await harness.control.get<{ offset: number }>('/control/v1/events/last')).body.offset;
    await harness.control.post('/control/v1/events/trim', { throughOffset: last });
    const deltas = harness.engine.stats.syncs.delta;
    expect((await harness.control.put('/control/v1/faults', { dropSockets: false })).status).toBe(200);
    await waitFor(() => harness.engine.stats.resyncs > 0, 'RESYNC_REQUIRED');
    await waitFor(() => harness.engine.stats.syncs.delta > deltas, 'the delta sync');

    expect(deskIds(harness)).not.toContain(moved.sessionId);
    expect(deskIds(harness)).toContain(stays.sessionId);
    expect(harness.events).toContainEqual({ type: 'conversation-changed', sessionId: moved.sessionId });

    // Back in Vendas: live, the agent sees it again.
    const back = await admin.put(`/chat/v1/session/${moved.sessionId}/transfer`, { type: 'DEPARTMENT', newDepartmentId: TEAM.vendas.id });
    expect(back.status).toBe(200);
    await waitFor(() => deskIds(harness).includes(moved.sessionId), 'the conversation back on the desk');
  });

  it('opening a conversation HelenaCRM no longer shows the agent takes it off the desk', async () => {
    h = await startHarness({ login: DEMO_LOGINS.agent, engine: { realtime: false } });
    const harness = h;
    const admin = api(harness.sandbox, (await loginAs(harness.sandbox, DEMO_LOGINS.admin)).token);
    const moved = addConversation(harness.sandbox.ctx, TEAM.suporte.id);
    await harness.engine.start();
    expect(deskIds(harness)).toContain(moved.sessionId);
    expect((await admin.put(`/chat/v1/session/${moved.sessionId}/transfer`, { type: 'DEPARTMENT', newDepartmentId: TEAM.financeiro.id })).status).toBe(200);

    await expect(harness.engine.refreshSession(moved.sessionId)).rejects.toMatchObject({ kind: 'not_found' });
    expect(harness.store.sessions.get(moved.sessionId)).toBeNull();
    expect(harness.events).toContainEqual({ type: 'conversation-changed', sessionId: moved.sessionId });
  });

  it('a team joined or left on HelenaCRM while the desk is open shows on the desk within the check interval', async () => {
    h = await startHarness({ login: DEMO_LOGINS.agent, engine: { directoryCheckMs: 100 } });
    const harness = h;
    const financeiro = addConversation(harness.sandbox.ctx, TEAM.financeiro.id);
    const vendas = addConversation(harness.sandbox.ctx, TEAM.vendas.id);
    await harness.engine.start();
    await waitFor(() => harness.engine.realtimeStatus === 'connected', 'realtime connected');
    expect(deskIds(harness)).toContain(vendas.sessionId);
    expect(deskIds(harness)).not.toContain(financeiro.sessionId);

    // A supervisor moves Ana from Vendas to Financeiro for the afternoon.
    const ana = demoAgentIds({ key: 'agent' }).userId;
    const db = harness.sandbox.ctx.db;
    db.prepare('INSERT INTO department_agents (department_id, user_id, is_agent, is_supervisor) VALUES (?, ?, 1, 0)').run(TEAM.financeiro.id, ana);
    db.prepare('DELETE FROM department_agents WHERE department_id = ? AND user_id = ?').run(TEAM.vendas.id, ana);

    await waitFor(() => deskIds(harness).includes(financeiro.sessionId), 'the Financeiro conversation on the desk', 3_000);
    expect(deskIds(harness)).not.toContain(vendas.sessionId);
  });

  it('a conversation taken off by a passing 403 on opening comes back at the next sync, since HelenaCRM still lists it', async () => {
    h = await startHarness({ login: DEMO_LOGINS.agent, engine: { realtime: false } });
    const harness = h;
    const shown = addConversation(harness.sandbox.ctx, TEAM.vendas.id);
    const other = addConversation(harness.sandbox.ctx, TEAM.vendas.id);
    await harness.engine.start();
    // The delta cursor moves past the conversation: a delta alone would never list it again.
    await harness.control.post('/control/v1/inbound', { contactId: other.contactId, channelId: other.channelId, text: 'oi' });
    await harness.engine.syncNow();
    const armed = await harness.control.post('/control/v1/faults/scripted', { method: 'GET', path: `/chat/v2/session/${shown.sessionId}`, when: 'before', status: 403 });
    expect(armed.status).toBe(200);
    await expect(harness.engine.refreshSession(shown.sessionId)).rejects.toMatchObject({ kind: 'forbidden' });
    expect(deskIds(harness)).not.toContain(shown.sessionId);

    await harness.engine.syncNow();
    expect(deskIds(harness)).toContain(shown.sessionId);
  });

  it('one the comparison writes back comes with its contact, for the desk to name while the contact is not cached', async () => {
    h = await startHarness({ login: DEMO_LOGINS.agent, engine: { realtime: false } });
    const harness = h;
    const shown = addConversation(harness.sandbox.ctx, TEAM.vendas.id);
    const other = addConversation(harness.sandbox.ctx, TEAM.vendas.id);
    harness.sandbox.ctx.db.prepare("UPDATE contacts SET name = 'Zuleica Barros', phone = '+5562984455667' WHERE id = ?").run(shown.contactId);
    await harness.engine.start();
    await harness.control.post('/control/v1/inbound', { contactId: other.contactId, channelId: other.channelId, text: 'oi' });
    await harness.engine.syncNow();
    await harness.control.post('/control/v1/faults/scripted', { method: 'GET', path: `/chat/v2/session/${shown.sessionId}`, when: 'before', status: 403 });
    await expect(harness.engine.refreshSession(shown.sessionId)).rejects.toMatchObject({ kind: 'forbidden' });
    // Its contact not cached either (as in a first sync, whose contacts come a minute or more after).
    harness.store.contacts.delete(shown.contactId);

    await harness.engine.syncNow();
    expect(harness.store.sessions.get(shown.sessionId)).toMatchObject({ embeddedContactName: 'Zuleica Barros', embeddedContactPhone: '+5562984455667' });
  });

  it('a wake that redials the socket compares the open list after the reconnection, not at some later delta: a conversation transferred away during the sleep leaves the desk', async () => {
    h = await startHarness({ login: DEMO_LOGINS.agent, engine: { sightCheckMs: 60 * 60_000 } });
    const harness = h;
    const moved = addConversation(harness.sandbox.ctx, TEAM.vendas.id);
    const other = addConversation(harness.sandbox.ctx, TEAM.suporte.id);
    await harness.engine.start();
    await waitFor(() => harness.engine.realtimeStatus === 'connected', 'realtime connected');
    await harness.engine.syncNow(); // the start's comparison
    expect(harness.store.sessions.get(moved.sessionId)).not.toBeNull();
    // The socket has heard something: a stored offset, as on any working day.
    await harness.control.post('/control/v1/inbound', { contactId: other.contactId, channelId: other.channelId, text: 'oi' });
    await waitFor(() => harness.store.syncState.realtimeOffset() !== null, 'an offset');
    await harness.engine.syncNow();
    // Transferred away while the laptop slept, with no event to this agent.
    harness.sandbox.ctx.db.prepare('UPDATE sessions SET department_id = ?, updated_at = ? WHERE id = ?').run(TEAM.financeiro.id, harness.sandbox.ctx.clock.iso(), moved.sessionId);
    // The wake's check: the socket is dialled again at once (rerouted here; a ping deadline passed after a sleep does the same).
    await harness.engine.checkConnectionNow(0, { rerouted: true });
    await waitFor(() => harness.engine.realtimeStatus === 'connected', 'connected again');
    await new Promise((r) => setTimeout(r, 1_000));
    expect(harness.store.sessions.get(moved.sessionId)).toBeNull();
  });

  it('a wake that redials the socket runs one delta, with the comparison: not a routine one and a second right behind it, nor a third at the next directory read', async () => {
    // The directory read every 300 ms starts any comparison still due: one left over would show as another delta.
    h = await startHarness({ login: DEMO_LOGINS.agent, engine: { sightCheckMs: 60 * 60_000, directoryCheckMs: 300 } });
    const harness = h;
    const moved = addConversation(harness.sandbox.ctx, TEAM.vendas.id);
    const other = addConversation(harness.sandbox.ctx, TEAM.suporte.id);
    await harness.engine.start();
    await waitFor(() => harness.engine.realtimeStatus === 'connected', 'realtime connected');
    await harness.control.post('/control/v1/inbound', { contactId: other.contactId, channelId: other.channelId, text: 'oi' });
    await waitFor(() => harness.store.syncState.realtimeOffset() !== null, 'an offset');
    // Whatever the start left due runs now, so the count below is the wake's alone. The count moves
    // when a delta ends: one still running when it was read ended inside the wake's window on a
    // loaded CI machine (2 for 1). So first join what runs or is due (syncNow returns it), then
    // settle once no delta has ended for 800 ms.
    await harness.engine.syncNow();
    for (let last = -1, until = Date.now() + 15_000; Date.now() < until; ) {
      const now = harness.engine.stats.syncs.delta;
      if (now === last) break;
      last = now;
      await new Promise((r) => setTimeout(r, 800));
    }
    harness.sandbox.ctx.db.prepare('UPDATE sessions SET department_id = ?, updated_at = ? WHERE id = ?').run(TEAM.financeiro.id, harness.sandbox.ctx.clock.iso(), moved.sessionId);
    const deltas = harness.engine.stats.syncs.delta;

    await harness.engine.checkConnectionNow(0, { rerouted: true });
    await waitFor(() => harness.engine.realtimeStatus === 'connected', 'connected again');
    // Past a few directory reads.
    await new Promise((r) => setTimeout(r, 1_500));
    expect(harness.store.sessions.get(moved.sessionId)).toBeNull();
    expect(harness.engine.stats.syncs.delta - deltas).toBe(1);
  });
});
