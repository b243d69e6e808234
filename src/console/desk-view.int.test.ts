/**
 * The desk of a busy team: more open conversations than the desk shows at once. Each view's count
 * and the quick find cover all of them, not the first page (the renderer used to count and find
 * within the 200 it had loaded, so the longest-waiting conversations of a long queue were missing).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { TEAM } from '../../sandbox/seed';
import { DEMO_LOGINS } from '../../sandbox/testing';
import { addConversation } from '../../sandbox/realtime/test-fixtures';
import { type ConsoleRig, startConsoleRig } from './testing/console-rig';

let rig: ConsoleRig | null = null;
afterEach(async () => {
  await rig?.close();
  rig = null;
});

describe('desk.view', () => {
  it("counts and finds a Vendas queue of 260 waiting conversations whole, while showing the newest 200", async () => {
    rig = await startConsoleRig();
    const r = rig;
    const { ctx } = r.sandbox;
    const queued = Array.from({ length: 260 }, () => addConversation(ctx, TEAM.vendas.id));
    ctx.db.prepare(`UPDATE sessions SET status = 'PENDING', user_id = NULL WHERE id IN (SELECT value FROM json_each(?))`).run(JSON.stringify(queued.map((q) => q.sessionId)));
    // The one waiting longest has a name of its own.
    const oldest = queued[0];
    if (!oldest) throw new Error('no conversation');
    ctx.db.prepare("UPDATE sessions SET updated_at = '2020-01-01T00:00:00.000Z' WHERE id = ?").run(oldest.sessionId);
    ctx.db.prepare("UPDATE contacts SET name = 'Zuleica Barros' WHERE id = ?").run(oldest.contactId);
    await r.login(DEMO_LOGINS.agent);

    const queue = await r.core.invoke('desk.view', { filter: 'queue', limit: 200 });
    expect(queue.counts.queue).toBeGreaterThanOrEqual(260);
    expect(queue.counts.all).toBeGreaterThanOrEqual(queue.counts.queue);
    expect(queue.items).toHaveLength(200);
    expect(queue.items.every((c) => c.status === 'PENDING' && c.userId === null)).toBe(true);
    expect(queue.items.some((c) => c.id === oldest.sessionId)).toBe(false);
    // The quick find reaches past the first page; accents and case aside.
    const found = await r.core.invoke('desk.view', { filter: 'queue', query: 'zuleica', limit: 200 });
    expect(found.items.map((c) => c.id)).toEqual([oldest.sessionId]);
    expect(found.counts).toEqual(queue.counts);
    expect((await r.core.invoke('desk.view', { filter: 'mine', query: 'zuleica' })).items).toEqual([]);
  });
});
