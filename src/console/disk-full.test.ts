/**
 * A full disk through the console, with SQLite really refusing the write (the database may not
 * grow: what a disk with no room does to it). The agent must read what happened and what to do,
 * not "algo deu errado", and the status bar must say so until there is room again.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { HelenaConsole, type EngineContext } from './console';
import type { CoreEvent } from './core-events';
import { MemorySecretStore } from './secret-store';
import { refusalOf } from './testing/refusal';
import { fakeEngines, IDS, seededCacheDir } from './test-support';

const PRICES = { UTILITY: { BR: { amount: 0.008, currency: 'USD' } } };
let core: HelenaConsole;
let events: CoreEvent[];

let engineContext: EngineContext | null = null;

beforeEach(async () => {
  const fake = fakeEngines();
  core = new HelenaConsole({
    secrets: new MemorySecretStore('tok_' + 'x'.repeat(40)),
    prices: PRICES,
    engines: (context) => {
      engineContext = context;
      return fake.factory(context);
    },
    client: { retry: { maxAttempts: 1 } },
  });
  events = [];
  core.on((e) => events.push(e));
  await core.open({ location: seededCacheDir(), baseUrl: 'http://127.0.0.1:9' });
});
afterEach(async () => {
  await core.close();
});

it('a send the disk has no room for is refused with what to do, the status bar says "disk full", and sending works again once there is room', async () => {
  const db = core.requireOpen().store.db;
  db.pragma(`max_page_count = ${Number(db.pragma('page_count', { simple: true }))}`);
  const long = 'Segue o resumo do seu pedido. '.repeat(130);
  let refusal: Awaited<ReturnType<typeof refusalOf>> | null = null;
  const saved: string[] = [];
  for (let i = 0; i < 200 && !refusal; i++) {
    try {
      saved.push((await core.invoke('message.sendText', { sessionId: IDS.mySession, text: long })).localId);
    } catch {
      refusal = await refusalOf(core.invoke('message.sendText', { sessionId: IDS.mySession, text: long }));
    }
  }
  expect(refusal).toMatchObject({
    code: 'store',
    message: expect.stringContaining('O disco deste computador está cheio') as unknown,
    messageEn: expect.stringContaining('Free some space') as unknown,
  });
  expect(events).toContainEqual(expect.objectContaining({ type: 'disk-space', state: 'full' }));
  expect((await core.invoke('state.snapshot', {})).disk.state).toBe('full');
  // What was saved before the disk filled is still there, in order.
  const shown = (await core.invoke('conversation.open', { sessionId: IDS.mySession })).messages.map((m) => m.localId);
  expect(shown.filter((id) => id !== null && saved.includes(id))).toEqual(saved);

  db.pragma('max_page_count = 1073741823');
  await expect(core.invoke('message.sendText', { sessionId: IDS.mySession, text: 'Agora vai.' })).resolves.toMatchObject({ state: 'queued' });
});

it('sync or the outbox refused a write for lack of room: the status bar says "disk full" at once, not at the next reading', () => {
  expect(engineContext).not.toBeNull();
  engineContext?.onLocalFailure(Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' }), 'sync');
  expect(events).toContainEqual(expect.objectContaining({ type: 'disk-space', state: 'full' }));
});
