/**
 * A contact's reply whose realtime event was lost (the app offline longer than HelenaCRM keeps
 * events: RESYNC_REQUIRED, or a gap) reaches the cache only through the delta sync's conversation
 * list. It is still a reply: the agent is told ('contact-replied': tray notification, the outbox
 * releases what waited for it) once, and a reply realtime did deliver is not told twice.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { addConversation } from '../../sandbox/realtime/test-fixtures';
import { TEAM } from '../../sandbox/seed';
import { DEMO_LOGINS } from '../../sandbox/testing';
import { startHarness, waitFor, type Harness } from './test-harness';

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

const replies = (harness: Harness, sessionId: string) => harness.events.filter((e) => e.type === 'contact-replied' && e.sessionId === sessionId);

describe('SyncEngine × sandbox: a reply whose event was lost', () => {
  it('is told once after the delta sync that brings it; one realtime delivered is told once too', async () => {
    h = await startHarness({ login: DEMO_LOGINS.agent });
    const harness = h;
    const heard = addConversation(harness.sandbox.ctx, TEAM.vendas.id);
    const missed = addConversation(harness.sandbox.ctx, TEAM.vendas.id);
    await harness.engine.start();
    await waitFor(() => harness.engine.realtimeStatus === 'connected', 'realtime connected');

    // Heard live: told once, and the delta that follows (its conversation changed) does not tell it again.
    await harness.control.post('/control/v1/inbound', { contactId: heard.contactId, channelId: heard.channelId, text: 'oi, ao vivo' });
    await waitFor(() => replies(harness, heard.sessionId).length === 1, 'the live reply told');

    // Offline, and HelenaCRM keeps no event from that time.
    expect((await harness.control.put('/control/v1/faults', { dropSockets: true })).status).toBe(200);
    await waitFor(() => harness.engine.realtimeStatus !== 'connected', 'socket dropped');
    await harness.control.post('/control/v1/inbound', { contactId: missed.contactId, channelId: missed.channelId, text: 'Oi, vi agora a mensagem' });
    const last = (await harness.control.get<{ offset: number }>('/control/v1/events/last')).body.offset;
    await harness.control.post('/control/v1/events/trim', { throughOffset: last });
    const deltas = harness.engine.stats.syncs.delta;
    expect((await harness.control.put('/control/v1/faults', { dropSockets: false })).status).toBe(200);
    await waitFor(() => harness.engine.stats.syncs.delta > deltas, 'the delta sync');

    await waitFor(() => replies(harness, missed.sessionId).length > 0, 'the missed reply told');
    expect(replies(harness, missed.sessionId)).toEqual([
      expect.objectContaining({ type: 'contact-replied', sessionId: missed.sessionId, contactId: missed.contactId, text: 'Oi, vi agora a mensagem' }),
    ]);
    await harness.engine.syncNow();
    expect(replies(harness, missed.sessionId)).toHaveLength(1);
    expect(replies(harness, heard.sessionId)).toHaveLength(1);
  });
});
