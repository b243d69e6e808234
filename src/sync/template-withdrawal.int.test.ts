/**
 * Templates withdrawn on HelenaCRM. An archived template is no longer listed (the list's
 * `Archived` filter leaves it out unless asked), and a deleted one is not listed at all: neither
 * ever shows in a list read `UpdatedAt.After` a cursor, so the cache must notice them missing.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { CHANNEL, demoTemplateId } from '../../sandbox/seed';
import { startHarness, type Harness } from './test-harness';

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

const offered = (harness: Harness): string[] => harness.store.templates.usable({ channelId: CHANNEL.official.id, teamId: null }).map((t) => t.name ?? '');
const quickReplies = (harness: Harness): string[] => harness.store.templates.quickReplies({ channelId: null, teamId: null }).map((t) => t.name ?? '');

describe('SyncEngine × sandbox: templates withdrawn on HelenaCRM', () => {
  it('an archived or deleted template is no longer offered after the next sync; one brought back is offered again', async () => {
    h = await startHarness({ engine: { realtime: false } });
    const harness = h;
    await harness.engine.start();
    expect(offered(harness)).toEqual(expect.arrayContaining(['boas_vindas', 'catalogo_produtos']));
    expect(quickReplies(harness)).toContain('Horário de atendimento');

    // A delta with nothing new says nothing.
    await harness.engine.syncNow();
    expect(harness.events.some((e) => e.type === 'templates-changed')).toBe(false);

    const db = harness.sandbox.ctx.db;
    const now = harness.sandbox.ctx.clock.iso();
    db.prepare('UPDATE templates SET archived = 1, updated_at = ? WHERE id = ?').run(now, demoTemplateId('boas_vindas'));
    db.prepare('DELETE FROM templates WHERE id = ?').run(demoTemplateId('qr_horario'));
    await harness.engine.syncNow();

    expect(offered(harness)).not.toContain('boas_vindas');
    expect(offered(harness)).toContain('catalogo_produtos');
    expect(quickReplies(harness)).not.toContain('Horário de atendimento');
    expect(quickReplies(harness)).toContain('Agradecimento');
    expect(harness.events.some((e) => e.type === 'templates-changed')).toBe(true);

    db.prepare('UPDATE templates SET archived = 0, updated_at = ? WHERE id = ?').run(harness.sandbox.ctx.clock.iso(), demoTemplateId('boas_vindas'));
    await harness.engine.syncNow();
    expect(offered(harness)).toContain('boas_vindas');
  });

  it('a template edited on HelenaCRM while its pages are read (it jumps to the first page, already read) is not withdrawn', async () => {
    h = await startHarness({ engine: { realtime: false, pageConcurrency: 1 } });
    const harness = h;
    await harness.engine.start();
    const db = harness.sandbox.ctx.db;
    const kinds = (id: string) => (db.prepare('SELECT kinds FROM templates WHERE id = ?').get(id) as { kinds: string }).kinds;
    const attendance = (db.prepare('SELECT id FROM templates WHERE archived = 0 ORDER BY updated_at, id').all() as { id: string }[])
      .map((t) => t.id)
      .filter((id) => kinds(id).includes('TEMPLATE'));
    expect(attendance.length).toBeGreaterThan(2);
    const oldest = attendance[0] ?? '';
    // Pages of one, so the list has several; a supervisor saves the oldest just after page 1 was read.
    const list = harness.client.listTemplates.bind(harness.client);
    let edited = false;
    harness.client.listTemplates = (params = {}, opts = {}) => {
      if (params.type === 'ATTENDANCE' && (params.pageNumber ?? 1) > 1 && !edited) {
        edited = true;
        db.prepare('UPDATE templates SET text = text || ?, updated_at = ? WHERE id = ?').run(' ', harness.sandbox.ctx.clock.iso(), oldest);
      }
      return list({ ...params, pageSize: 1 }, opts);
    };
    await harness.engine.syncNow();
    expect(edited).toBe(true);
    expect(harness.store.templates.get(oldest)?.archived).toBe(false);
  });
});
