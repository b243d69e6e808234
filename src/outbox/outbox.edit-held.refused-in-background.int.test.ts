/**
 * An edit of a held text left to the background (the agent's "Editar" was answered with a server
 * error, or its answer was lost) whose next try HelenaCRM answers with a definite refusal. No
 * "Editar" call is waiting to hand the text back, so the row keeps what the agent typed with the
 * reason (abandonedEditOf): 'refused' when the original was not withdrawn, 'unconfirmed' when it may
 * have been and HelenaCRM would not show it. Nothing of the edit is ever sent. And a DELETE whose
 * answer was lost, then a read answered 5xx, is unknown ('unsettled'), not HelenaCRM failing it.
 * Real sandbox: its scripted faults answer a request before acting.
 */
import { describe, expect, it } from 'vitest';
import { eventually } from '../../sandbox/conversations/test-fixture';
import { HelenaError } from '../api';
import { abandonedEditOf, HeldEditRefused, heldEditOf } from './held-edit';
import { outboxClientWith, type Rig } from './testing/harness';
import { delivered, heldText, lostAnswer, type Held } from './testing/held-text';
import { rigPerTest } from './testing/rig-per-test';

const rigs = rigPerTest();

const ORIGINAL = 'Segue o boleto de março.';
const EDITED = 'Segue o boleto de abril.';

async function arm(r: Rig, fault: { method: 'GET' | 'DELETE'; serverId: string; status: number; when?: 'before' | 'after' }): Promise<void> {
  const armed = await r.sandbox.api('POST', '/control/v1/faults/scripted', null, {
    method: fault.method, path: `/chat/v1/message/${fault.serverId}`, when: fault.when ?? 'before', status: fault.status, times: 1,
  });
  expect(armed.status).toBe(200);
}

/** The edit settled without a swap: the row's intent is gone. */
async function settled(r: Rig, held: Held) {
  return eventually(() => {
    const entry = r.store.outbox.get(held.localId);
    return entry && heldEditOf(entry) === null ? entry : undefined;
  }, 'the background try settled', 15_000);
}

describe('the background try of an edit is refused by HelenaCRM', () => {
  it('the withdrawal refused (403), the original still held: the typed text stays on the row as refused, nothing of it goes', async () => {
    const r = await rigs.start();
    const outbox = r.newOutbox();
    const held = await heldText(r, outbox, { text: ORIGINAL, protocolo: 'B-1' });
    // The agent's try: 500. The background's: 403, no access.
    await arm(r, { method: 'DELETE', serverId: held.serverId, status: 500 });
    await arm(r, { method: 'DELETE', serverId: held.serverId, status: 403 });

    await expect(outbox.edit(held.localId, { text: EDITED })).rejects.toEqual(new HeldEditRefused('server_error'));
    const seen = r.events.length;
    const entry = await settled(r, held);

    expect(entry.state).toBe('waiting_reply');
    expect(entry.refId).toBe(held.refId);
    expect(abandonedEditOf(entry)).toEqual({ text: EDITED, reason: 'refused' });
    expect(r.store.messages.get(held.localId)).toMatchObject({ id: held.serverId, text: ORIGINAL, refId: held.refId });
    // The agent's screen hears of it, to show the line.
    expect(r.events.slice(seen).some((e) => e.type === 'message-status' && e.localId === held.localId)).toBe(true);
    expect((await r.serverMessages(held.sessionId)).find((m) => m.refId === held.refId)?.status).toBe('WAIT_REPLY');

    // The contact replies: the original goes, once; the edited text never.
    await r.contactWrites(r.sandbox.company.contacts.maria);
    outbox.onContactReplied(held.sessionId);
    await outbox.flush();
    const server = await r.serverMessages(held.sessionId);
    expect(delivered(server)).toEqual([ORIGINAL]);
    expect(server.filter((m) => m.refId === held.refId)).toHaveLength(1);
    expect(server.filter((m) => m.text === EDITED)).toHaveLength(0);
    const after = r.store.outbox.get(held.localId);
    expect(after?.state).toBe('sent');
    // Still there for the agent after the reply: the line says so whatever the message reads now.
    expect(after && abandonedEditOf(after)).toEqual({ text: EDITED, reason: 'refused' });
  }, 30_000);

  it('the withdrawal accepted, then HelenaCRM refuses to show the original (403): the typed text stays as unconfirmed, nothing of it goes', async () => {
    const r = await rigs.start();
    let deletes = 0;
    let serverId = '';
    const client = outboxClientWith(r.client, {
      async cancelMessage(messageId, opts) {
        if (++deletes === 1) return r.client.cancelMessage(messageId, opts);
        // The background's try: HelenaCRM deletes it and answers 2xx with no copy (the real API need
        // not send one); the read that follows is refused.
        await r.client.cancelMessage(messageId, opts);
        await arm(r, { method: 'GET', serverId, status: 403 });
        throw new HelenaError({ detail: { kind: 'invalid_response', path: '', issue: 'body is not JSON' }, status: 200, key: 'response.not_json' });
      },
    });
    const outbox = r.newOutbox({ client });
    const held = await heldText(r, outbox, { text: ORIGINAL, protocolo: 'B-2' });
    serverId = held.serverId;
    await arm(r, { method: 'DELETE', serverId: held.serverId, status: 500 });

    await expect(outbox.edit(held.localId, { text: EDITED })).rejects.toEqual(new HeldEditRefused('server_error'));
    const entry = await settled(r, held);

    expect(entry.refId).toBe(held.refId);
    expect(abandonedEditOf(entry)).toEqual({ text: EDITED, reason: 'unconfirmed' });
    await outbox.flush();
    const server = await r.serverMessages(held.sessionId);
    // HelenaCRM did delete it: the contact gets nothing, and the edited text was never sent.
    expect(server.filter((m) => m.refId === held.refId).map((m) => m.status)).toEqual(['DELETED']);
    expect(server.filter((m) => m.text === EDITED)).toHaveLength(0);
    expect(delivered(server)).toEqual([]);
  }, 30_000);

  it('the withdrawal refused (403) and the read refused too: nothing was withdrawn, so refused, not unconfirmed', async () => {
    const r = await rigs.start();
    let deletes = 0;
    let serverId = '';
    const client = outboxClientWith(r.client, {
      async cancelMessage(messageId, opts) {
        // The background's try: the read after its refused DELETE is refused as well.
        if (++deletes === 2) await arm(r, { method: 'GET', serverId, status: 403 });
        return r.client.cancelMessage(messageId, opts);
      },
    });
    const outbox = r.newOutbox({ client });
    const held = await heldText(r, outbox, { text: ORIGINAL, protocolo: 'B-5' });
    serverId = held.serverId;
    await arm(r, { method: 'DELETE', serverId: held.serverId, status: 500 });
    await arm(r, { method: 'DELETE', serverId: held.serverId, status: 403 });

    await expect(outbox.edit(held.localId, { text: EDITED })).rejects.toEqual(new HeldEditRefused('server_error'));
    const entry = await settled(r, held);
    expect(entry.state).toBe('waiting_reply');
    expect(abandonedEditOf(entry)).toEqual({ text: EDITED, reason: 'refused' });
    const server = await r.serverMessages(held.sessionId);
    expect(server.filter((m) => m.refId === held.refId).map((m) => m.status)).toEqual(['WAIT_REPLY']);
    expect(server.filter((m) => m.text === EDITED)).toHaveLength(0);
  }, 30_000);

  it('with the agent\'s "Editar" waiting, a refusal is theirs to hear: thrown, and nothing kept on the row', async () => {
    const r = await rigs.start();
    const outbox = r.newOutbox();
    const held = await heldText(r, outbox, { text: ORIGINAL, protocolo: 'B-3' });
    await arm(r, { method: 'DELETE', serverId: held.serverId, status: 403 });

    await expect(outbox.edit(held.localId, { text: EDITED })).rejects.toMatchObject({ kind: 'forbidden' });
    const entry = r.store.outbox.get(held.localId);
    expect(entry?.state).toBe('waiting_reply');
    expect(entry && heldEditOf(entry)).toBeNull();
    expect(entry && abandonedEditOf(entry)).toBeNull();
  }, 30_000);
});

describe('the DELETE\'s answer is lost, then the read of the original is answered 5xx', () => {
  it('the agent is told the outcome is unknown, not that HelenaCRM failed; the edit is finished in the background, nothing counted', async () => {
    const r = await rigs.start();
    let deletes = 0;
    let serverId = '';
    const client = outboxClientWith(r.client, {
      async cancelMessage(messageId, opts) {
        const answer = await r.client.cancelMessage(messageId, opts);
        if (++deletes > 1) return answer;
        // HelenaCRM deleted it; the answer never arrives, and the read that follows fails on its side.
        await arm(r, { method: 'GET', serverId, status: 502 });
        throw lostAnswer();
      },
    });
    const outbox = r.newOutbox({ client });
    const held = await heldText(r, outbox, { text: ORIGINAL, protocolo: 'B-4' });
    serverId = held.serverId;

    await expect(outbox.edit(held.localId, { text: EDITED })).rejects.toEqual(new HeldEditRefused('unsettled'));
    const pending = r.store.outbox.get(held.localId);
    expect(pending && heldEditOf(pending)).toMatchObject({ text: EDITED });
    expect(pending && (heldEditOf(pending)?.serverErrors ?? 0)).toBe(0);

    await eventually(() => (r.store.messages.get(held.localId)?.text === EDITED ? true : undefined), 'the edit finished by its retry', 15_000);
    const entry = r.store.outbox.get(held.localId);
    expect(entry?.refId).not.toBe(held.refId);
    expect(entry && abandonedEditOf(entry)).toBeNull();
    await r.contactWrites(r.sandbox.company.contacts.maria);
    outbox.onContactReplied(held.sessionId);
    await outbox.flush();
    const server = await r.serverMessages(held.sessionId);
    expect(delivered(server)).toEqual([EDITED]);
    expect(server.filter((m) => m.refId === held.refId).map((m) => m.status)).toEqual(['DELETED']);
    expect(server.filter((m) => m.text === EDITED)).toHaveLength(1);
  }, 30_000);
});
