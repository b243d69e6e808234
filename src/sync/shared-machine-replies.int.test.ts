/**
 * One machine, several agents: the cache of the previous agent stays when the next one signs in.
 * A reply that came before the new agent signed in is no reply they missed (no tray notification
 * per cached conversation); the same agent back after a night is still told what they missed.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { HelenaClient } from '../api';
import type { CoreEvent } from '../console/core-events';
import { addAgent, addConversation } from '../../sandbox/realtime/test-fixtures';
import { TEAM } from '../../sandbox/seed';
import { DEMO_LOGINS, loginAs } from '../../sandbox/testing';
import { SyncEngine } from './sync-engine';
import { startHarness, waitFor, type Harness } from './test-harness';

let h: Harness | null = null;
const extra: Array<{ engine: SyncEngine; client: HelenaClient }> = [];
afterEach(async () => {
  for (const { engine, client } of extra.splice(0)) {
    await engine.stop();
    client.bucket.close();
  }
  await h?.close();
  h = null;
});

/** A desk on the harness's machine (its store), signed in as `login`, as the console's sign-in does it. */
async function signIn(harness: Harness, login: string): Promise<{ engine: SyncEngine; events: CoreEvent[] }> {
  const { token } = await loginAs(harness.sandbox, login);
  return signInWithToken(harness, token);
}

async function signInWithToken(harness: Harness, token: string): Promise<{ engine: SyncEngine; events: CoreEvent[] }> {
  const client = new HelenaClient({ baseUrl: harness.sandbox.url, getToken: () => token, retry: { baseMs: 20, capMs: 200 } });
  harness.store.directory.setMe(await client.me());
  const engine = new SyncEngine({
    store: harness.store,
    client,
    url: harness.sandbox.url,
    getToken: () => token,
    realtime: { reconnectDelayMs: 50, reconnectDelayMaxMs: 200 },
    gapResyncDelayMs: 50,
  });
  extra.push({ engine, client });
  const events: CoreEvent[] = [];
  engine.on((event) => events.push(event));
  await engine.start();
  await waitFor(() => engine.realtimeStatus === 'connected', 'realtime connected');
  return { engine, events };
}

const told = (events: CoreEvent[], sessionId: string) => events.filter((e) => e.type === 'contact-replied' && e.sessionId === sessionId);

describe('SyncEngine × sandbox: replies and the agent who signs in', () => {
  it('a new agent on a shared machine is told nothing of replies from before they signed in, and is told of the next one', async () => {
    // Ana (Vendas, Suporte) works first; João Pedro (Suporte, Financeiro) takes the machine after her.
    h = await startHarness({ login: DEMO_LOGINS.agent, engine: { realtime: false } });
    const harness = h;
    const answered = addConversation(harness.sandbox.ctx, TEAM.suporte.id);
    const quiet = addConversation(harness.sandbox.ctx, TEAM.suporte.id);
    const ana = await signIn(harness, DEMO_LOGINS.agent);
    await harness.control.post('/control/v1/inbound', { contactId: answered.contactId, channelId: answered.channelId, text: 'oi, Ana' });
    await waitFor(() => told(ana.events, answered.sessionId).length === 1, 'Ana told of the reply');
    await ana.engine.stop();

    // Between the shifts the contacts write; Ana is gone.
    await harness.control.post('/control/v1/inbound', { contactId: answered.contactId, channelId: answered.channelId, text: 'alguém aí?' });
    await harness.control.post('/control/v1/inbound', { contactId: quiet.contactId, channelId: quiet.channelId, text: 'bom dia' });

    const joao = await signIn(harness, DEMO_LOGINS.agent2);
    await joao.engine.syncNow();
    // His desk shows them as HelenaCRM has them…
    expect(harness.store.sessions.get(quiet.sessionId)?.lastMessageIn).not.toBeNull();
    // …and the tray tells him only what is said after he signed in. The socket hands events over in
    // order: anything replayed from before would come ahead of this one.
    await harness.control.post('/control/v1/inbound', { contactId: quiet.contactId, channelId: quiet.channelId, text: 'ainda preciso de ajuda' });
    await waitFor(() => told(joao.events, quiet.sessionId).length > 0, 'João Pedro told of the reply after he signed in');
    expect(joao.events.filter((e) => e.type === 'contact-replied')).toEqual([
      expect.objectContaining({ sessionId: quiet.sessionId, text: 'ainda preciso de ajuda' }),
    ]);
  });

  it('a second supervisor on a shared machine is told nothing of replies from before they signed in, though supervisors share one view of the account', async () => {
    // Every supervisor's scope is 'all': the second one finds the first one's cursor, not one of their own.
    h = await startHarness({ login: DEMO_LOGINS.admin, engine: { realtime: false } });
    const harness = h;
    const quiet = addConversation(harness.sandbox.ctx, TEAM.suporte.id);
    const first = await signIn(harness, DEMO_LOGINS.admin);
    await first.engine.syncNow();
    await first.engine.stop();
    await harness.control.post('/control/v1/inbound', { contactId: quiet.contactId, channelId: quiet.channelId, text: 'bom dia' });
    const second = await signInWithToken(harness, addAgent(harness.sandbox.ctx, 'Admin', []).token);
    await second.engine.syncNow();
    expect(harness.store.sessions.get(quiet.sessionId)?.lastMessageIn).not.toBeNull();
    expect(second.events.filter((e) => e.type === 'contact-replied')).toEqual([]);
  });

  it('the same agent reopening the app after a night is told of each reply she missed, once, even when HelenaCRM kept no event of them', async () => {
    h = await startHarness({ login: DEMO_LOGINS.agent, engine: { realtime: false } });
    const harness = h;
    const answered = addConversation(harness.sandbox.ctx, TEAM.suporte.id);
    const quiet = addConversation(harness.sandbox.ctx, TEAM.vendas.id);
    const evening = await signIn(harness, DEMO_LOGINS.agent);
    await harness.control.post('/control/v1/inbound', { contactId: answered.contactId, channelId: answered.channelId, text: 'oi' });
    await waitFor(() => told(evening.events, answered.sessionId).length === 1, 'the evening reply told');
    await evening.engine.stop();

    await harness.control.post('/control/v1/inbound', { contactId: answered.contactId, channelId: answered.channelId, text: 'e o boleto?' });
    await harness.control.post('/control/v1/inbound', { contactId: quiet.contactId, channelId: quiet.channelId, text: 'bom dia' });
    const last = (await harness.control.get<{ offset: number }>('/control/v1/events/last')).body.offset;
    await harness.control.post('/control/v1/events/trim', { throughOffset: last });

    const morning = await signIn(harness, DEMO_LOGINS.agent);
    await waitFor(() => told(morning.events, answered.sessionId).length > 0 && told(morning.events, quiet.sessionId).length > 0, 'the night replies told');
    await morning.engine.syncNow();
    expect(told(morning.events, answered.sessionId)).toHaveLength(1);
    expect(told(morning.events, quiet.sessionId)).toEqual([expect.objectContaining({ text: 'bom dia' })]);
  });
});
