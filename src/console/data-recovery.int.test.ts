/**
 * Against the real sandbox: messages queued offline, a cache file whose header is then destroyed,
 * and a console opened again on the same data folder. The queue is salvaged with its ids and
 * refIds, the agent's login resumes, and when the network returns each salvaged message reaches
 * HelenaCRM exactly once (also after a further restart).
 */
import Database from 'better-sqlite3';
import { closeSync, openSync, readdirSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CHANNEL, TEAM } from '../../sandbox/seed';
import { DEMO_LOGINS } from '../../sandbox/testing';
import { DEFAULT_DB_FILE } from '../store/db';
import { connectivity, contactNamed, startConsoleRig, until, type ConsoleRig } from './testing/console-rig';

let rig: ConsoleRig | null = null;
afterEach(async () => {
  await rig?.close();
  rig = null;
});

const reopen = (r: ConsoleRig) => r.reopen({ log: () => undefined });

describe('a damaged cache with a queue, against the sandbox', () => {
  it('salvages the queued start and text, and each goes out exactly once after the reopen', async () => {
    rig = await startConsoleRig();
    const r = rig;
    await r.login(DEMO_LOGINS.agent);
    const contactId = await contactNamed(r.core, 'sebastiao magalhaes');
    const templates = await r.core.invoke('templates.forStart', { channelId: CHANNEL.official.id, teamId: TEAM.vendas.id });
    const templateId = templates.find((t) => t.name === 'boas_vindas')?.id ?? '';
    await until('online first', async () => (await connectivity(r.core)) === 'online');
    r.proxy.setMode('down');
    await until('offline', async () => (await connectivity(r.core)) !== 'online');

    const started = await r.core.invoke('conversation.start', {
      contactId, channelId: CHANNEL.official.id, teamId: TEAM.vendas.id, templateId,
      parameters: { nome: 'Sebastião', atendente: 'Ana Lúcia' },
    });
    const text = await r.core.invoke('message.sendText', { sessionId: started.conversationKey, text: 'Mensagem que sobreviveu ao disco.' });
    await r.core.invoke('draft.save', { conversationKey: started.conversationKey, text: 'rascunho salvo' });
    await r.core.close();
    const queued = (): Array<{ local_id: string; ref_id: string; seq: number; state: string }> => {
      const db = new Database(join(r.dataDir, DEFAULT_DB_FILE), { readonly: true });
      try {
        return db.prepare('SELECT local_id, ref_id, seq, state FROM outbox ORDER BY seq').all() as Array<{ local_id: string; ref_id: string; seq: number; state: string }>;
      } finally {
        db.close();
      }
    };
    const before = queued();
    expect(before.map((e) => e.local_id)).toEqual([started.localId, text.localId]);
    const refIdOf = new Map(before.map((e) => [e.local_id, e.ref_id]));

    // The file's header is gone: SQLite no longer recognises it as a database.
    const fd = openSync(join(r.dataDir, DEFAULT_DB_FILE), 'r+');
    writeSync(fd, Buffer.alloc(100, 0x41), 0, 100, 0);
    closeSync(fd);

    const core = await reopen(r);
    const snapshot = await core.invoke('state.snapshot', {});
    expect(snapshot.auth).toBe('logged_in');
    expect(snapshot.recovery).toMatchObject({ schema: 'current', messages: 2, drafts: 1, agent: true });
    expect(readdirSync(join(r.dataDir, snapshot.recovery?.folder ?? ''))).toContain(DEFAULT_DB_FILE);
    // Same local ids, refIds, order and states: the outbox carries on as if nothing happened.
    expect(queued()).toEqual(before);
    const shown = (await core.invoke('conversation.open', { sessionId: started.conversationKey })).messages.map((m) => m.localId);
    expect(shown).toEqual([started.localId, text.localId]);
    expect((await core.invoke('draft.load', { conversationKey: started.conversationKey }))?.text).toBe('rascunho salvo');

    // The network returns: the start, then (after the contact's reply) the text.
    r.proxy.setMode('pass');
    const sessionId = await until('the conversation on the server', async () =>
      (await core.invoke('conversation.list', {})).find((c) => c.contactId === contactId && c.pendingStart === null)?.id,
    30_000);
    await r.inbound(contactId, 'Oi!', CHANNEL.official.id);
    await until('both sent', async () => {
      const mine = (await core.invoke('conversation.open', { sessionId })).messages.filter((m) => m.localId === started.localId || m.localId === text.localId);
      return mine.length === 2 && mine.every((m) => m.outboxState === 'sent');
    }, 30_000);
    // A further restart on the healthy new cache sends nothing again.
    const again = await reopen(r);
    expect((await again.invoke('state.snapshot', {})).recovery).toBeNull();
    await again.whenSynced();
    const refIds = (await r.serverMessages(sessionId, DEMO_LOGINS.agent)).filter((m) => m.direction === 'FROM_HUB').map((m) => m.refId);
    expect(refIds.filter((id) => id === refIdOf.get(started.localId))).toHaveLength(1);
    expect(refIds.filter((id) => id === refIdOf.get(text.localId))).toHaveLength(1);
  });
});
