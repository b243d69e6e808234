/**
 * Editing a text HelenaCRM holds for the reply, against the real sandbox: what the first version of
 * the feature got wrong (the review of cb4a97c).
 * - HelenaCRM's answer to the DELETE is not what the sandbox answers (empty, a snapshot taken
 *   before the deletion, a 404 to the client's retry of a DELETE that did act): HelenaCRM's copy,
 *   read afterwards, decides — never "refused" for a copy that was deleted.
 * - The agent presses "Cancelar" just after "Editar": the cancel of the withdrawn copy must not
 *   mark the edited text cancelled while HelenaCRM holds (or sent) it.
 * - The agent presses "Editar" twice quickly: the second text is not dropped with "já foi enviada".
 * What the contact gets is read from the sandbox: the texts it released to WhatsApp.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { eventually } from '../../sandbox/conversations/test-fixture';
import { HelenaClient, HelenaError } from '../api';
import { heldEditOf, HeldEditRefused } from './held-edit';
import { heldHereFor } from './authors';
import { Outbox } from './outbox';
import { clientFor, outboxClientWith, type Rig } from './testing/harness';
import { delivered, heldText, type Held, withdrawalAnswersLost } from './testing/held-text';
import { rigPerTest } from './testing/rig-per-test';

const closers: (() => Promise<void>)[] = [];
// Registered before rigPerTest, so it runs after it (after-each hooks run last-registered first):
// the outboxes stop before the proxies they send through close.
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});
const rigs = rigPerTest();

const ORIGINAL = 'Segue o boleto de março.';
const EDITED = 'Segue o boleto de abril.';

/** The contact replies; then what they got and what the agent's line says must agree. */
async function contactRepliesAndGets(r: Rig, outbox: Outbox, held: Held): Promise<{ got: (string | null)[]; line: { state: string | undefined; text: string | null | undefined } }> {
  await r.contactWrites(r.sandbox.company.contacts.maria);
  outbox.onContactReplied(held.sessionId);
  await outbox.flush();
  return {
    got: delivered(await r.serverMessages(held.sessionId)),
    line: { state: r.store.outbox.get(held.localId)?.state, text: r.store.messages.get(held.localId)?.text },
  };
}

type DeleteAnswer = 'empty' | 'stale' | 'gone';

/**
 * An HTTP proxy to the sandbox that answers HelenaCRM's DELETE /chat/v1/message/{id} as a real
 * server might, after the sandbox did delete: `empty`, 204 with no body; `stale`, 200 with the
 * message as it was before the deletion (WAIT_REPLY); `gone`, 204 and from then on 404 to reading it
 * (a HelenaCRM that deletes for good).
 */
async function deleteAnswerProxy(target: string, answer: DeleteAnswer): Promise<string> {
  const deleted = new Set<string>();
  const server = createServer((req, res) => {
    void (async () => {
      if (req.method === 'GET' && deleted.has(req.url ?? '')) {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ text: 'Not found' }));
        return;
      }
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const headers: Record<string, string> = {};
      for (const name of ['authorization', 'content-type', 'accept'] as const) {
        const value = (req.headers as IncomingHttpHeaders)[name];
        if (typeof value === 'string') headers[name] = value;
      }
      const upstream = await fetch(`${target}${req.url ?? '/'}`, {
        method: req.method,
        headers,
        body: chunks.length > 0 ? Buffer.concat(chunks) : undefined,
      });
      const text = await upstream.text();
      if (req.method === 'DELETE' && (req.url ?? '').startsWith('/chat/v1/message/') && upstream.ok) {
        if (answer !== 'stale') {
          if (answer === 'gone') deleted.add(req.url ?? '');
          res.writeHead(204);
          res.end();
          return;
        }
        const message = JSON.parse(text) as Record<string, unknown>;
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ ...message, status: 'WAIT_REPLY' }));
        return;
      }
      res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/json' });
      res.end(text);
    })().catch(() => {
      res.writeHead(502);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('HelenaCRM answers the DELETE otherwise than the sandbox (it did delete)', () => {
  const described: Record<DeleteAnswer, string> = {
    empty: '204 with no body',
    stale: 'with the copy as it was before (WAIT_REPLY)',
    gone: '204, and the copy is then 404 (deleted for good)',
  };
  for (const answer of ['empty', 'stale', 'gone'] as const) {
    it(`answered ${described[answer]}: the edited text goes, the original neither goes nor reads "sent"`, async () => {
      const r = await rigs.start();
      const first = r.newOutbox();
      const held = await heldText(r, first, { text: ORIGINAL, protocolo: 'R-1' });
      await first.stop();
      const url = await deleteAnswerProxy(r.proxy.url, answer);
      const ob = r.newOutbox({ client: clientFor(url, r.agent.token) });
      await ob.start();

      const edited = await ob.edit(held.localId, { text: EDITED }).catch((error: unknown) => error);
      expect.soft(edited).toBe(true);
      await ob.flush();
      const entry = r.store.outbox.get(held.localId);
      expect(entry && heldEditOf(entry)).toBeNull();
      const { got, line } = await contactRepliesAndGets(r, ob, held);
      expect.soft(got).toEqual([EDITED]);
      expect(line).toEqual({ state: 'sent', text: EDITED });
    });
  }

  it('the DELETE\'s answer is lost and the client\'s retry is answered 404 (already deleted): the edit goes, not dropped', async () => {
    const r = await rigs.start();
    const first = r.newOutbox();
    const held = await heldText(r, first, { text: ORIGINAL, protocolo: 'R-1' });
    await first.stop();
    const path = `/chat/v1/message/${held.serverId}`;
    await r.sandbox.api('POST', '/control/v1/faults/scripted', null, { method: 'DELETE', path, when: 'after', status: 500 });
    await r.sandbox.api('POST', '/control/v1/faults/scripted', null, { method: 'DELETE', path, when: 'before', status: 404 });
    const retrying = new HelenaClient({ baseUrl: r.proxy.url, getToken: () => r.agent.token, retry: { maxAttempts: 3, baseMs: 10, capMs: 20 }, timeoutMs: 3_000 });
    const ob = r.newOutbox({ client: retrying });
    await ob.start();

    const edited = await ob.edit(held.localId, { text: EDITED }).catch((error: unknown) => error);
    expect.soft(edited).toBe(true);
    await ob.flush();
    const { got, line } = await contactRepliesAndGets(r, ob, held);
    expect.soft(got).toEqual([EDITED]);
    expect(line).toEqual({ state: 'sent', text: EDITED });
  });

  it('a DELETE HelenaCRM really refused (404 before acting): the intent goes, the original stays held', async () => {
    const r = await rigs.start();
    const ob = r.newOutbox();
    const held = await heldText(r, ob, { text: ORIGINAL, protocolo: 'R-1' });
    await r.sandbox.api('POST', '/control/v1/faults/scripted', null, { method: 'DELETE', path: `/chat/v1/message/${held.serverId}`, when: 'before', status: 404 });

    await expect(ob.edit(held.localId, { text: EDITED })).rejects.toThrow();
    const entry = r.store.outbox.get(held.localId);
    expect(entry?.state).toBe('waiting_reply');
    expect(entry && heldEditOf(entry)).toBeNull();
    const { got, line } = await contactRepliesAndGets(r, ob, held);
    expect(got).toEqual([ORIGINAL]);
    expect(line).toEqual({ state: 'sent', text: ORIGINAL });
  });
});

describe('the agent presses "Cancelar" just after "Editar"', () => {
  it('the cancel finds the held copy already withdrawn by the edit: the edited text is withdrawn too, never "cancelled" while HelenaCRM holds it', async () => {
    const r = await rigs.start();
    let cancelled: Promise<boolean> | null = null;
    let releaseRead = () => undefined as void;
    const readGate = new Promise<void>((resolve) => (releaseRead = resolve));
    let lineId: string | null = null;
    let deletes = 0;
    let outbox: Outbox | null = null;
    const client = outboxClientWith(r.client, {
      async cancelMessage(messageId, opts) {
        const answer = await r.client.cancelMessage(messageId, opts);
        // The edit's DELETE went; the agent presses "Cancelar" now, on the line still showing the original.
        if (lineId !== null && ++deletes === 1 && outbox) cancelled = outbox.cancel(lineId).catch(() => false);
        return answer;
      },
      async getMessage(messageId, opts) {
        // The cancel's read of the copy (after its 409) comes back late: the edit has gone on meanwhile.
        if (deletes >= 2) await readGate;
        return r.client.getMessage(messageId, opts);
      },
    });
    outbox = r.newOutbox({ client });
    const held = await heldText(r, outbox, { text: ORIGINAL, protocolo: 'R-1' });
    lineId = held.localId;

    expect(await outbox.edit(held.localId, { text: EDITED })).toBe(true);
    await outbox.flush();
    // The edited text is held on HelenaCRM now, under its new refId.
    expect(r.store.outbox.get(held.localId)?.state).toBe('waiting_reply');
    releaseRead();
    const cancelAnswer = await (cancelled ?? Promise.resolve(null));
    const { got, line } = await contactRepliesAndGets(r, outbox, held);
    if (cancelAnswer === true) {
      // "Cancelada" on the screen: the contact must get nothing.
      expect(line.state).toBe('cancelled');
      expect(got).toEqual([]);
    } else {
      // "Too late": then the edited text is what went, and the line says so.
      expect.soft(got).toEqual([EDITED]);
      expect(line).toEqual({ state: 'sent', text: EDITED });
    }
  });
});

describe('the agent presses "Editar" twice quickly', () => {
  it('both edits are taken; the last text is the one the contact gets, once', async () => {
    const r = await rigs.start();
    const ob = r.newOutbox();
    const held = await heldText(r, ob, { text: ORIGINAL, protocolo: 'R-1' });
    const SECOND = 'Segue o boleto de abril (corrigido).';

    const firstEdit = ob.edit(held.localId, { text: EDITED });
    const secondEdit = ob.edit(held.localId, { text: SECOND });
    expect(await firstEdit).toBe(true);
    // Not "A mensagem já foi enviada": it had not gone, and the agent's last text is what goes.
    expect(await secondEdit).toBe(true);
    await ob.flush();
    expect(r.store.messages.get(held.localId)?.text).toBe(SECOND);
    const { got, line } = await contactRepliesAndGets(r, ob, held);
    expect(got).toEqual([SECOND]);
    expect(line).toEqual({ state: 'sent', text: SECOND });
  });
});

describe('cancelling a held text when HelenaCRM answers the DELETE with no body (it did delete)', () => {
  it('cancelled, and a reply then does not show the original as sent', async () => {
    const r = await rigs.start();
    const first = r.newOutbox();
    const held = await heldText(r, first, { text: ORIGINAL, protocolo: 'R-1' });
    await first.stop();
    const url = await deleteAnswerProxy(r.proxy.url, 'empty');
    const ob = r.newOutbox({ client: clientFor(url, r.agent.token) });
    await ob.start();

    const cancelled = await ob.cancel(held.localId).catch((error: unknown) => error);
    expect.soft(cancelled).toBe(true);
    const { got, line } = await contactRepliesAndGets(r, ob, held);
    expect(got).toEqual([]);
    expect(line.state).toBe('cancelled');
  });
});

describe('signing out with an edit left unfinished', () => {
  it('HelenaCRM deleted the original, its answer was lost: the edited text counts as held only on this machine', async () => {
    const r = await rigs.start();
    const { client, lose } = withdrawalAnswersLost(r);
    const ob = r.newOutbox({ client });
    const held = await heldText(r, ob, { text: ORIGINAL, protocolo: 'R-1' });
    expect(heldHereFor(r.store, null)).toBe(0);
    lose(true);

    await expect(ob.edit(held.localId, { text: EDITED })).rejects.toEqual(new HeldEditRefused('unsettled'));
    await ob.stop();
    // The original is gone from HelenaCRM; the edited text goes only when this agent signs in here again.
    expect((await r.serverMessages(held.sessionId)).find((m) => m.refId === held.refId)?.status).toBe('DELETED');
    // What "Sair" counts before asking (HomeScreen: outboxHeldHere).
    expect(heldHereFor(r.store, null)).toBe(1);
  });
});

describe('HelenaCRM fails the withdrawal once (503 before acting), the network never drops', () => {
  it('the edit is finished by itself soon after, not only when the contact replies (then too late)', async () => {
    const r = await rigs.start();
    const ob = r.newOutbox();
    const held = await heldText(r, ob, { text: ORIGINAL, protocolo: 'R-1' });
    await r.sandbox.api('POST', '/control/v1/faults/scripted', null, { method: 'DELETE', path: `/chat/v1/message/${held.serverId}`, when: 'before', status: 503 });

    await expect(ob.edit(held.localId, { text: EDITED })).rejects.toEqual(new HeldEditRefused('server_error'));
    // No reconnect, no new message, no reply: the outbox's own retry finishes it.
    await eventually(() => (r.store.messages.get(held.localId)?.text === EDITED ? true : undefined), 'edit finished by its retry', 5_000);
    const { got, line } = await contactRepliesAndGets(r, ob, held);
    expect(got).toEqual([EDITED]);
    expect(line).toEqual({ state: 'sent', text: EDITED });
  });
});

describe('sync brings the copies before the outbox hears of them', () => {
  it('the new copy arrives (realtime) before the send\'s answer, the deleted one after the swap: one line, the edited text, held then sent', async () => {
    const r = await rigs.start();
    let sends = 0;
    const client = outboxClientWith(r.client, {
      async sendSessionMessage(sessionId, body, opts) {
        const answer = await r.client.sendSessionMessage(sessionId, body, opts);
        if (++sends === 2) {
          // The edited text's send: the realtime event, then sync, write HelenaCRM's copies first.
          r.store.messages.upsertMessages([await r.client.getMessage(answer.id)]);
        }
        return answer;
      },
    });
    const ob = r.newOutbox({ client });
    const held = await heldText(r, ob, { text: ORIGINAL, protocolo: 'R-1' });

    expect(await ob.edit(held.localId, { text: EDITED })).toBe(true);
    await ob.flush();
    r.store.messages.upsertMessages([await r.client.getMessage(held.serverId)]);
    const entry = r.store.outbox.get(held.localId);
    expect(entry?.state).toBe('waiting_reply');
    const line = r.store.messages.get(held.localId);
    expect(line).toMatchObject({ text: EDITED, refId: entry?.refId, status: 'WAIT_REPLY' });
    expect(r.store.messages.listByConversation(held.sessionId).filter((m) => m.refId === entry?.refId)).toHaveLength(1);
    const result = await contactRepliesAndGets(r, ob, held);
    expect(result.got).toEqual([EDITED]);
    expect(result.line).toEqual({ state: 'sent', text: EDITED });
  });
});

describe('the token expires mid-edit', () => {
  it('401 to the withdrawal: the edit waits for the next login and is finished then, the original never goes', async () => {
    const r = await rigs.start();
    let token = r.agent.token;
    const client = new HelenaClient({ baseUrl: r.proxy.url, getToken: () => token, retry: { maxAttempts: 1 }, timeoutMs: 3_000 });
    const outbox = r.newOutbox({ client });
    const held = await heldText(r, outbox, { text: ORIGINAL, protocolo: 'R-1' });
    token = 'expired-token';

    await expect(outbox.edit(held.localId, { text: EDITED })).rejects.toMatchObject({ kind: 'unauthorized' });
    // What the console does on any 401 (HelenaConsole.markExpired).
    outbox.setAuthorized(false);
    const recorded = r.store.outbox.get(held.localId);
    expect(recorded && heldEditOf(recorded)?.text).toBe(EDITED);
    expect((await r.serverMessages(held.sessionId)).find((m) => m.refId === held.refId)?.status).toBe('WAIT_REPLY');

    token = r.agent.token;
    outbox.setAuthorized(true);
    await eventually(() => (r.store.outbox.get(held.localId)?.state === 'waiting_reply' && r.store.messages.get(held.localId)?.text === EDITED ? true : undefined), 'edit finished after the login', 5_000);
    const result = await contactRepliesAndGets(r, outbox, held);
    expect(result.got).toEqual([EDITED]);
    expect(result.line).toEqual({ state: 'sent', text: EDITED });
  });
});

describe('signing out (stop) while the withdrawal is on its way', () => {
  it('HelenaCRM deleted it, stop() abandoned the answer: the next start finishes the edit, the original never goes', async () => {
    const r = await rigs.start();
    const client = outboxClientWith(r.client, {
      async cancelMessage(messageId, opts) {
        await r.client.cancelMessage(messageId);
        // The answer never comes back before stop() gives up on it.
        return new Promise((_resolve, reject) => {
          const signal = opts?.signal;
          if (!signal) return;
          signal.addEventListener('abort', () => reject(new HelenaError({ detail: { kind: 'network', cause: 'reset' }, status: null, key: 'network.reset' })));
        });
      },
    });
    const first = r.newOutbox({ client, stopGraceMs: 200 });
    const held = await heldText(r, first, { text: ORIGINAL, protocolo: 'R-1' });

    const editing = first.edit(held.localId, { text: EDITED }).catch((error: unknown) => error);
    await eventually(async () => ((await r.serverMessages(held.sessionId)).find((m) => m.refId === held.refId)?.status === 'DELETED' ? true : undefined), 'deleted on HelenaCRM', 5_000);
    await first.stop();
    expect(await editing).toEqual(new HeldEditRefused('unsettled'));
    const left = r.store.outbox.get(held.localId);
    expect(left?.state).toBe('waiting_reply');
    expect(left && heldEditOf(left)?.text).toBe(EDITED);

    const ob = r.newOutbox();
    await ob.start();
    await ob.flush();
    expect(r.store.messages.get(held.localId)?.text).toBe(EDITED);
    const result = await contactRepliesAndGets(r, ob, held);
    expect(result.got).toEqual([EDITED]);
    expect(result.line).toEqual({ state: 'sent', text: EDITED });
  });
});

describe('another agent signs in on the same machine while an edit is unfinished', () => {
  it('the other agent\'s outbox neither finishes nor settles it; its author\'s next login does, and the original never goes', async () => {
    const r = await rigs.start();
    const ana = r.sandbox.company.agents.ana.userId;
    const bruno = r.sandbox.company.agents.bruno.userId;
    const { client, lose } = withdrawalAnswersLost(r);
    const anas = r.newOutbox({ client, agentId: ana });
    const held = await heldText(r, anas, { text: ORIGINAL, protocolo: 'R-1' });
    lose(true);
    await expect(anas.edit(held.localId, { text: EDITED })).rejects.toEqual(new HeldEditRefused('unsettled'));
    expect(heldHereFor(r.store, ana)).toBe(1);
    await anas.stop();

    // Bruno signs in here; the contact replies (nothing is released: HelenaCRM deleted the original).
    const brunos = r.newOutbox({ agentId: bruno });
    await brunos.start();
    expect(await brunos.edit(held.localId, { text: 'Outro texto' })).toBe(false);
    await r.contactWrites(r.sandbox.company.contacts.maria);
    brunos.onContactReplied(held.sessionId);
    await brunos.flush();
    const meanwhile = r.store.outbox.get(held.localId);
    expect(meanwhile?.state).toBe('waiting_reply');
    expect(meanwhile && heldEditOf(meanwhile)?.text).toBe(EDITED);
    expect(delivered(await r.serverMessages(held.sessionId))).toEqual([]);
    await brunos.stop();

    // Ana signs in again: her edit is finished, the window is open, the edited text goes.
    const ob = r.newOutbox({ agentId: ana });
    await ob.start();
    await ob.flush();
    expect(delivered(await r.serverMessages(held.sessionId))).toEqual([EDITED]);
    expect(r.store.outbox.get(held.localId)?.state).toBe('sent');
    expect(r.store.messages.get(held.localId)?.text).toBe(EDITED);
  });
});
