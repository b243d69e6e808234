/**
 * The agent puts away the line of an edit not made (held-edit.ts abandonedEditOf): the text the row
 * kept for it goes, the row is announced (every window redraws the line), and nothing else of the
 * row changes — the original stays held, nothing is sent or withdrawn. Only its author may; the
 * row is Ana's. Real sandbox; the edit is given up by the queries that write it in the outbox.
 */
import { describe, expect, it } from 'vitest';
import type { CoreEvent } from '../console/core-events';
import { abandonedEditOf } from './held-edit';
import { QueueQueries } from './queue-queries';
import { clientFor } from './testing/harness';
import { heldText } from './testing/held-text';
import { rigPerTest } from './testing/rig-per-test';

const rigs = rigPerTest();

const ORIGINAL = 'Segue o boleto de março.';
const EDITED = 'Segue o boleto de abril.';

describe('dismissing the line of an edit not made', () => {
  it('clears the kept text and nothing else, once, for its author only', async () => {
    const r = await rigs.start();
    const { ana, bruno } = r.sandbox.company.agents;
    await r.outbox.stop();
    const anas = r.newOutbox({ agentId: ana.userId });
    const held = await heldText(r, anas, { text: ORIGINAL, protocolo: 'D-1' });
    const queries = new QueueQueries(r.store, () => new Date().toISOString());
    expect(queries.recordHeldEdit(held.localId, { text: EDITED, refId: crypto.randomUUID(), serverId: held.serverId })).toBe(true);
    const refId = (r.store.outbox.get(held.localId)?.payload.body as { heldEdit: { refId: string } }).heldEdit.refId;
    expect(queries.countHeldEditServerError(held.localId, refId, 1)).toBe('abandoned');
    const before = r.store.outbox.get(held.localId);
    if (!before) throw new Error('no row');
    expect(abandonedEditOf(before)).toEqual({ text: EDITED });
    const messageBefore = r.store.messages.get(held.localId);

    const brunos = r.newOutbox({ agentId: bruno.userId, client: clientFor(r.proxy.url, bruno.token) });
    expect(brunos.dismissEditNote(held.localId)).toBe(false);
    expect(r.store.outbox.get(held.localId)).toEqual(before);

    const events: CoreEvent[] = [];
    anas.on((e) => events.push(e));
    expect(anas.dismissEditNote(held.localId)).toBe(true);
    const after = r.store.outbox.get(held.localId);
    expect(after && abandonedEditOf(after)).toBeNull();
    const { abandonedEdit: _dismissed, ...bodyBefore } = before.payload.body as Record<string, unknown>;
    expect(after).toEqual({ ...before, payload: { ...before.payload, body: bodyBefore } });
    expect(r.store.messages.get(held.localId)).toEqual(messageBefore);
    expect(events.filter((e) => e.type === 'message-status')).toEqual([
      { type: 'message-status', sessionId: held.sessionId, messageId: held.serverId, localId: held.localId, status: 'waiting_reply' },
    ]);

    // Nothing left to dismiss: no write, no event.
    expect(anas.dismissEditNote(held.localId)).toBe(false);
    expect(events.filter((e) => e.type === 'message-status')).toHaveLength(1);

    // Nothing was sent or withdrawn: HelenaCRM still holds the original alone.
    await anas.flush();
    const server = (await r.serverMessages(held.sessionId)).filter((m) => m.direction === 'FROM_HUB' && m.templateId === null);
    expect(server.map((m) => [m.id, m.text, m.status])).toEqual([[held.serverId, ORIGINAL, 'WAIT_REPLY']]);
  });
});
