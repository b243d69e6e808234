/**
 * The outbox against a real sandbox: offline start and reconnect, WAIT_REPLY release order, the
 * 131047 path, edit/cancel, a retryable 500. The crash test lives in outbox.crash.int.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { eventually } from '../../sandbox/conversations/test-fixture';
import type { OutboxState } from '../store';
import { randomUUID } from 'node:crypto';
import { HelenaError } from '../api';
import { clientFor, conversationWithMaria, outboxClientWith, welcomeMaria, type Rig } from './testing/harness';
import { rigPerTest } from './testing/rig-per-test';

const rigs = rigPerTest();

function stateOf(r: Rig, localId: string): OutboxState | undefined {
  return r.store.outbox.get(localId)?.state;
}

function startOnline(r: Rig): Promise<string> {
  return conversationWithMaria(r, r.outbox, '123');
}

/** A started conversation with Maria that she answered: its window is open for free text. */
async function openWindowWithMaria(r: Rig): Promise<string> {
  await r.outbox.start();
  const sessionId = await startOnline(r);
  await r.contactWrites(r.sandbox.company.contacts.maria);
  r.outbox.onContactReplied(sessionId);
  return sessionId;
}

describe('outbox against the sandbox', () => {
  it('an offline start with queued messages goes out in order on reconnect, then the reply releases the texts', async () => {
    const r = await rigs.start({ outbox: { online: false } });
    const { company } = r.sandbox;
    await r.outbox.start();
    const start = await r.outbox.startConversation(welcomeMaria(company, 'A-1'));
    expect(start.conversationKey).toBe(`start:${start.localId}`);
    const t1 = await r.outbox.sendText(start.conversationKey, 'primeira');
    const t2 = await r.outbox.sendText(start.conversationKey, 'segunda');
    const tpl = await r.outbox.sendTemplate(start.conversationKey, company.templates.lembrete, { nome: 'Maria' });
    // Offline and the window not started: texts show "waiting for reply", the rest "queued".
    expect([start.state, t1.state, t2.state, tpl.state]).toEqual(['queued', 'waiting_reply', 'waiting_reply', 'queued']);

    // The network is there but the server is unreachable: the start fails, is retried, nothing else moves.
    r.proxy.setMode('down');
    r.outbox.setOnline(true);
    await eventually(() => ((r.store.outbox.get(start.localId)?.attempts ?? 0) >= 2 ? true : undefined), 'start retried');
    const failing = r.store.outbox.get(start.localId);
    expect(failing?.state).toMatch(/queued|sending/);
    expect(stateOf(r, t1.localId)).toBe('waiting_reply');

    r.proxy.setMode('pass');
    r.outbox.setOnline(false);
    r.outbox.setOnline(true);
    await r.outbox.flush();

    const sessionId = r.store.outbox.get(start.localId)?.conversationKey ?? '';
    expect(sessionId).not.toMatch(/^start:/);
    // Follow-ups were re-keyed to the session, and the session is in the cache.
    expect(r.store.outbox.get(t1.localId)?.conversationKey).toBe(sessionId);
    expect(r.store.sessions.get(sessionId)?.id).toBe(sessionId);
    const server = await r.serverMessages(sessionId);
    expect(server.map((m) => m.refId)).toEqual([start.refId, t1.refId, t2.refId, tpl.refId]);
    expect(server.map((m) => m.status === 'WAIT_REPLY')).toEqual([false, true, true, false]);
    expect([stateOf(r, start.localId), stateOf(r, t1.localId), stateOf(r, t2.localId), stateOf(r, tpl.localId)]).toEqual([
      'sent',
      'waiting_reply',
      'waiting_reply',
      'sent',
    ]);

    await r.contactWrites(company.contacts.maria);
    r.outbox.onContactReplied(sessionId);
    const after = await r.serverMessages(sessionId);
    const texts = after.filter((m) => m.refId === t1.refId || m.refId === t2.refId);
    expect(texts.map((m) => m.text)).toEqual(['primeira', 'segunda']);
    expect(texts.every((m) => m.status !== 'WAIT_REPLY')).toBe(true);
    expect(stateOf(r, t1.localId)).toBe('sent');
    expect(r.store.outbox.counts()).toMatchObject({ queued: 0, waiting_reply: 0, sending: 0, sent: 4 });
    const t1Events = r.events.flatMap((e) => (e.type === 'message-status' && e.localId === t1.localId ? [e] : []));
    // Enqueued, re-keyed to the session once the start went out, handed over, held by the server, released.
    expect(t1Events.map((e) => [e.status, e.sessionId])).toEqual([
      ['waiting_reply', null],
      ['waiting_reply', sessionId],
      ['sending', sessionId],
      ['waiting_reply', sessionId],
      ['sent', sessionId],
    ]);
    expect(r.events.some((e) => e.type === 'outbox-counts')).toBe(true);
  });

  it('strict server (131047): texts are held locally, a template passes, the reply sends the texts in order', async () => {
    const r = await rigs.start();
    const { company } = r.sandbox;
    await r.sandbox.api('PUT', '/control/v1/window-mode', null, { strict: true });
    await r.outbox.start();
    const sessionId = await startOnline(r);
    const a = await r.outbox.sendText(sessionId, 'a');
    const b = await r.outbox.sendText(sessionId, 'b');
    const c = await r.outbox.sendTemplate(sessionId, company.templates.lembrete, { nome: 'Maria' });
    await r.outbox.flush();
    const d = await r.outbox.sendText(sessionId, 'd');
    // Known strict now and the window closed: d is held at once, no request made.
    expect(d.state).toBe('waiting_reply');
    await r.outbox.flush();
    expect([stateOf(r, a.localId), stateOf(r, b.localId), stateOf(r, c.localId), stateOf(r, d.localId)]).toEqual([
      'waiting_reply',
      'waiting_reply',
      'sent',
      'waiting_reply',
    ]);
    const reason = r.events.find((e) => e.type === 'message-status' && e.localId === a.localId && e.status === 'waiting_reply' && e.reason);
    expect(reason && reason.type === 'message-status' ? reason.reason : '').toMatch(/janela de 24 horas/);
    let server = await r.serverMessages(sessionId);
    expect(server.map((m) => m.refId)).toEqual([expect.any(String), c.refId]);

    await r.contactWrites(company.contacts.maria);
    r.outbox.onContactReplied(sessionId);
    await r.outbox.flush();
    server = await r.serverMessages(sessionId);
    const fromHub = server.filter((m) => m.direction === 'FROM_HUB').map((m) => m.text);
    expect(fromHub.slice(2)).toEqual(['a', 'b', 'd']);
    expect([stateOf(r, a.localId), stateOf(r, b.localId), stateOf(r, d.localId)]).toEqual(['sent', 'sent', 'sent']);
    expect(r.outbox.knowsServerIsStrict).toBe(true);
  });

  it('an internal note never waits for the window: it passes texts held for the reply, goes once, and reaches no contact', async () => {
    const r = await rigs.start();
    await r.sandbox.api('PUT', '/control/v1/window-mode', null, { strict: true });
    await r.outbox.start();
    const sessionId = await startOnline(r);
    const held = await r.outbox.sendText(sessionId, 'texto para depois da resposta');
    await r.outbox.flush();
    expect(stateOf(r, held.localId)).toBe('waiting_reply');
    const note = await r.outbox.addNote(sessionId, 'Cliente pediu 2ª via do boleto.');
    await r.outbox.flush();
    expect([stateOf(r, held.localId), stateOf(r, note.localId)]).toEqual(['waiting_reply', 'sent']);
    expect(r.store.messages.get(note.localId)).toMatchObject({ type: 'NOTE', status: 'SAVED', id: expect.any(String) });
    const notes = await r.sandbox.api<{ items: Array<{ refId: string | null; text: string | null }> }>('GET', `/chat/v1/session/${sessionId}/note`, r.sandbox.company.agents.ana.token);
    expect(notes.body.items).toEqual([expect.objectContaining({ refId: note.refId, text: 'Cliente pediu 2ª via do boleto.' })]);
    // The contact's side has the start only: the note is not a message, and the held text still waits.
    expect((await r.serverMessages(sessionId)).map((m) => m.text)).not.toContain('Cliente pediu 2ª via do boleto.');
    await expect(r.outbox.addNote(sessionId, '   ')).rejects.toThrow(/Escreva a mensagem/);
  });

  it('edits and cancels before sending; a server-held WAIT_REPLY message is cancelled on the server', async () => {
    const r = await rigs.start();
    const { company } = r.sandbox;
    const sessionId = await (async () => {
      await r.outbox.start();
      return startOnline(r);
    })();
    r.outbox.setOnline(false);
    const keep = await r.outbox.sendText(sessionId, 'rascunho');
    const drop = await r.outbox.sendText(sessionId, 'não enviar');
    expect(await r.outbox.edit(keep.localId, { text: 'texto corrigido' })).toBe(true);
    expect(await r.outbox.cancel(drop.localId)).toBe(true);
    await expect(r.outbox.edit(keep.localId, { text: '   ' })).rejects.toThrow(/Escreva a mensagem/);
    r.outbox.setOnline(true);
    await r.outbox.flush();

    let server = await r.serverMessages(sessionId);
    expect(server.map((m) => m.text)).toContain('texto corrigido');
    expect(server.map((m) => m.text)).not.toContain('não enviar');
    expect(server.map((m) => m.text)).not.toContain('rascunho');
    expect(stateOf(r, drop.localId)).toBe('cancelled');
    // Held by the server (window not started): edited by taking it back there and sending the new
    // text with a new refId (outbox.edit-held.int.test.ts), and taken back.
    expect(stateOf(r, keep.localId)).toBe('waiting_reply');
    expect(await r.outbox.edit(keep.localId, { text: 'corrigido de novo' })).toBe(true);
    await r.outbox.flush();
    expect(stateOf(r, keep.localId)).toBe('waiting_reply');
    const editedRefId = r.store.outbox.get(keep.localId)?.refId;
    expect(editedRefId).not.toBe(keep.refId);
    expect(await r.outbox.cancel(keep.localId)).toBe(true);
    await r.contactWrites(company.contacts.maria);
    server = await r.serverMessages(sessionId);
    expect(server.find((m) => m.refId === keep.refId)?.status).toBe('DELETED');
    expect(server.find((m) => m.refId === editedRefId)?.status).toBe('DELETED');
    expect(stateOf(r, keep.localId)).toBe('cancelled');

    // Once sent, neither edit nor cancel.
    r.outbox.onContactReplied(sessionId);
    const sent = await r.outbox.sendText(sessionId, 'já foi');
    await r.outbox.flush();
    expect(stateOf(r, sent.localId)).toBe('sent');
    expect(await r.outbox.edit(sent.localId, { text: 'x' })).toBe(false);
    expect(await r.outbox.cancel(sent.localId)).toBe(false);
  });

  it('a text whose answer was lost is queued again but can no longer be cancelled or edited (it may have reached the contact); it ends sent once, as written', async () => {
    const r = await rigs.start({ outbox: { retry: { baseMs: 400, capMs: 400, maxAttempts: 100 } } });
    await r.outbox.start();
    const sessionId = await startOnline(r);
    await r.contactWrites(r.sandbox.company.contacts.maria, 'Oi, pode falar.');
    r.outbox.onContactReplied(sessionId);
    // HelenaCRM takes the text; its answer is lost on the way back.
    await r.sandbox.api('POST', '/control/v1/faults/scripted', null, { method: 'POST', path: `/chat/v1/session/${sessionId}/message`, when: 'after' });
    const sent = await r.outbox.sendText(sessionId, 'Seu boleto vence amanhã.');
    await eventually(() => (r.store.outbox.get(sent.localId)?.nextAttemptAt ? true : undefined), 'queued again after the lost answer');
    expect(stateOf(r, sent.localId)).toBe('queued');
    // Before: "cancelled" on screen while the contact had it, or an edit shown that never went (the retry is deduped).
    expect(await r.outbox.cancel(sent.localId)).toBe(false);
    expect(await r.outbox.edit(sent.localId, { text: 'Seu boleto vence hoje.' })).toBe(false);
    await eventually(() => (stateOf(r, sent.localId) === 'sent' ? true : undefined), 'sent by the retry', 10_000);
    const server = (await r.serverMessages(sessionId)).filter((m) => m.refId === sent.refId);
    expect(server.map((m) => m.text)).toEqual(['Seu boleto vence amanhã.']);
  });

  it('a text HelenaCRM answers FAILED (WhatsApp refused it) can be cleared off the list, but not edited (its refId would bring back the same failure)', async () => {
    const r = await rigs.start();
    await r.outbox.start();
    const sessionId = await startOnline(r);
    await r.contactWrites(r.sandbox.company.contacts.maria, 'Oi.');
    r.outbox.onContactReplied(sessionId);
    await r.outbox.stop();
    // HelenaCRM's answer: stored under its id, and failed.
    const refused = r.newOutbox({
      client: outboxClientWith(r.client, {
        sendSessionMessage: () =>
          Promise.resolve({ id: randomUUID(), updatedAt: new Date().toISOString(), sessionId, status: 'FAILED', failureReason: 'Mensagem recusada pelo WhatsApp' }),
      }),
    });
    await refused.start();
    const sent = await refused.sendText(sessionId, 'Promoção de hoje!');
    await refused.flush();
    expect(stateOf(r, sent.localId)).toBe('failed');
    expect(await refused.edit(sent.localId, { text: 'outra' })).toBe(false);
    expect(await refused.cancel(sent.localId)).toBe(true);
    expect(stateOf(r, sent.localId)).toBe('cancelled');
    await refused.stop();
  });

  it("changes a queued media template's file by the media rule, in its send body and its message, and the new one goes out", async () => {
    const r = await rigs.start({ outbox: { online: false } });
    const { company } = r.sandbox;
    await r.outbox.start();
    const start = await r.outbox.startConversation({
      contactId: company.contacts.maria, channelId: company.channels.official, departmentId: company.teams.vendas,
      templateId: company.templates.catalogo, parameters: { nome: 'Maria' }, media: 'https://cdn.loja.com.br/inverno.jpg',
    });
    const followUp = await r.outbox.sendTemplate(start.conversationKey, company.templates.catalogo, { nome: 'Maria' }, 'https://cdn.loja.com.br/a.jpg');
    const text = await r.outbox.sendText(start.conversationKey, 'Gostou?');
    const plain = await r.outbox.sendTemplate(start.conversationKey, company.templates.lembrete, { nome: 'Maria' });

    // The start takes its file as fileIdOrUrl; a template in the conversation as fileUrl, or fileId for an uploaded file.
    expect(await r.outbox.edit(start.localId, { media: '  https://cdn.loja.com.br/verao.jpg ' })).toBe(true);
    expect(r.store.outbox.get(start.localId)?.payload.body).toMatchObject({ fileIdOrUrl: 'https://cdn.loja.com.br/verao.jpg', parameters: { nome: 'Maria' } });
    expect(r.store.messages.get(start.localId)).toMatchObject({ type: 'IMAGE', media: 'https://cdn.loja.com.br/verao.jpg' });
    const fileId = '7c9e6679-7425-40de-944b-e07fc1f90ae7';
    expect(await r.outbox.edit(followUp.localId, { media: fileId })).toBe(true);
    expect(r.store.outbox.get(followUp.localId)?.payload.body).toMatchObject({ fileId });
    expect(r.store.outbox.get(followUp.localId)?.payload.body).not.toHaveProperty('fileUrl');
    expect(await r.outbox.edit(followUp.localId, { media: 'https://cdn.loja.com.br/b.jpg' })).toBe(true);
    expect(r.store.outbox.get(followUp.localId)?.payload.body).toMatchObject({ fileUrl: 'https://cdn.loja.com.br/b.jpg' });
    expect(r.store.outbox.get(followUp.localId)?.payload.body).not.toHaveProperty('fileId');
    // Parameters alone keep the file.
    expect(await r.outbox.edit(followUp.localId, { parameters: { nome: 'Maria Clara' } })).toBe(true);
    expect(r.store.messages.get(followUp.localId)).toMatchObject({ text: 'Oi Maria Clara, nosso catálogo!', media: 'https://cdn.loja.com.br/b.jpg' });

    // The same rule as at send time; nothing changes on a refusal.
    await expect(r.outbox.edit(followUp.localId, { media: 'http://cdn.loja.com.br/b.jpg' })).rejects.toMatchObject({ field: 'media', message: expect.stringMatching(/^O link da imagem precisa/) as unknown });
    await expect(r.outbox.edit(followUp.localId, { media: '  ' })).rejects.toMatchObject({ field: 'media', message: expect.stringMatching(/^Este modelo tem imagem/) as unknown });
    await expect(r.outbox.edit(plain.localId, { media: 'https://cdn.loja.com.br/b.jpg' })).rejects.toMatchObject({ field: 'media', message: 'Este modelo não tem mídia: não informe link de arquivo.' });
    await expect(r.outbox.edit(text.localId, { media: 'https://cdn.loja.com.br/b.jpg' })).rejects.toMatchObject({ field: 'media' });
    expect(r.store.messages.get(followUp.localId)?.media).toBe('https://cdn.loja.com.br/b.jpg');
    expect(r.store.outbox.get(text.localId)?.payload.body).toEqual({ text: 'Gostou?', refId: text.refId });

    r.outbox.setOnline(true);
    await r.outbox.flush();
    const sessionId = r.store.outbox.get(start.localId)?.conversationKey ?? '';
    const server = await r.serverMessages(sessionId);
    expect(server.find((m) => m.refId === start.refId)?.details.file?.publicUrl).toBe('https://cdn.loja.com.br/verao.jpg');
    expect(server.find((m) => m.refId === followUp.refId)).toMatchObject({ text: 'Oi Maria Clara, nosso catálogo!', details: { file: { publicUrl: 'https://cdn.loja.com.br/b.jpg' } } });
    // Once it went out, the file is what it is.
    expect(await r.outbox.edit(followUp.localId, { media: 'https://cdn.loja.com.br/c.jpg' })).toBe(false);
  });

  it('a retryable 500 is retried with backoff until it goes, exactly once', async () => {
    const r = await rigs.start();
    const sessionId = await openWindowWithMaria(r);
    await r.sandbox.api('PUT', '/control/v1/faults', null, { errorRate: 1 });
    const m = await r.outbox.sendText(sessionId, 'insistente');
    const second = await r.outbox.sendText(sessionId, 'depois');
    await eventually(() => {
      const e = r.store.outbox.get(m.localId);
      return e && e.attempts >= 2 && e.lastError ? e : undefined;
    }, 'two failed tries');
    const retrying = r.store.outbox.get(m.localId);
    expect(retrying?.retryable).toBe(true);
    expect(retrying?.lastError).toMatch(/instabilidade/);
    expect(stateOf(r, second.localId)).toBe('queued');
    await r.sandbox.api('PUT', '/control/v1/faults', null, { errorRate: 0 });
    await eventually(() => (stateOf(r, second.localId) === 'sent' ? true : undefined), 'sent after the fault cleared');
    const server = await r.serverMessages(sessionId);
    expect(server.filter((x) => x.refId === m.refId)).toHaveLength(1);
    expect(server.filter((x) => x.direction === 'FROM_HUB').map((x) => x.text).slice(-2)).toEqual(['insistente', 'depois']);
  });

  it('a message that failed after every try goes again, once, when the agent retries it', async () => {
    const r = await rigs.start({ outbox: { retry: { baseMs: 20, capMs: 40, maxAttempts: 2 } } });
    const sessionId = await openWindowWithMaria(r);
    await r.sandbox.api('PUT', '/control/v1/faults', null, { errorRate: 1 });
    const m = await r.outbox.sendText(sessionId, 'teimosa');
    await eventually(() => (stateOf(r, m.localId) === 'failed' ? true : undefined), 'failed after its tries');
    expect(r.store.outbox.get(m.localId)?.retryable).toBe(true);
    await r.sandbox.api('PUT', '/control/v1/faults', null, { errorRate: 0 });
    expect(await r.outbox.retry(m.localId)).toBe(true);
    await eventually(() => (stateOf(r, m.localId) === 'sent' ? true : undefined), 'sent on retry');
    expect(await r.outbox.retry(m.localId)).toBe(false);
    const server = await r.serverMessages(sessionId);
    expect(server.filter((x) => x.refId === m.refId)).toHaveLength(1);
  });

  it('"Tentar de novo" starts a fresh series of tries: still failing, it backs off and tries again rather than failing at the first error', async () => {
    const r = await rigs.start({ outbox: { retry: { baseMs: 20, capMs: 40, maxAttempts: 2 } } });
    const sessionId = await openWindowWithMaria(r);
    await r.sandbox.api('PUT', '/control/v1/faults', null, { errorRate: 1 });
    const m = await r.outbox.sendText(sessionId, 'depois da queda');
    await eventually(() => (stateOf(r, m.localId) === 'failed' ? true : undefined), 'failed after its tries');
    expect(await r.outbox.retry(m.localId)).toBe(true);
    await eventually(() => (stateOf(r, m.localId) === 'failed' ? true : undefined), 'failed again after its tries');
    expect(r.store.outbox.get(m.localId)?.attempts).toBe(2);
  });

  it("a network change retries at once what waited on the old network, but not what HelenaCRM's 429 told to wait: its Retry-After stands", async () => {
    const r = await rigs.start();
    const sessionId = await openWindowWithMaria(r);
    await r.outbox.stop();
    let tries = 0;
    const limited = r.newOutbox({
      client: outboxClientWith(r.client, {
        sendSessionMessage: () => {
          tries++;
          return Promise.reject(new HelenaError({ detail: { kind: 'rate_limited', retryAfterMs: 120_000 }, status: 429, key: 'test' }));
        },
      }),
    });
    await limited.start();
    const m = await limited.sendText(sessionId, 'depois da pausa');
    const waiting = await eventually(() => r.store.outbox.get(m.localId)?.nextAttemptAt ?? undefined, 'told to wait by the 429');
    expect(tries).toBe(1);
    // Wi-Fi to cable, a screen unlock: the account's pause is HelenaCRM's, whatever the network.
    limited.retryNow();
    limited.setOnline(false);
    limited.setOnline(true);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(tries).toBe(1);
    expect(r.store.outbox.get(m.localId)).toMatchObject({ state: 'queued', nextAttemptAt: waiting });
    await limited.stop();
  });

  it("a 429 answered to a try that was on its way when the network changed still stands: the change does not make it a retry at once", async () => {
    const r = await rigs.start();
    const sessionId = await openWindowWithMaria(r);
    await r.outbox.stop();
    let tries = 0;
    const limited = r.newOutbox({
      client: outboxClientWith(r.client, {
        sendSessionMessage: () => {
          tries++;
          // The screen is unlocked while the first request is out: the shell asks for a connection check.
          if (tries === 1) limited.retryNow();
          return Promise.reject(new HelenaError({ detail: { kind: 'rate_limited', retryAfterMs: 120_000 }, status: 429, key: 'test' }));
        },
      }),
    });
    await limited.start();
    const m = await limited.sendText(sessionId, 'no meio do desbloqueio');
    await eventually(() => r.store.outbox.get(m.localId)?.nextAttemptAt ?? undefined, 'told to wait by the 429');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(tries).toBe(1);
    const entry = r.store.outbox.get(m.localId);
    expect(entry?.state).toBe('queued');
    expect(Date.parse(entry?.nextAttemptAt ?? '')).toBeGreaterThan(Date.now() + 100_000);
    await limited.stop();
  });

  it('signing out while a send waits out a 429 pause ends at once: the text is not failed, and goes once, at the next sign-in', async () => {
    const r = await rigs.start();
    const sessionId = await openWindowWithMaria(r);
    await r.outbox.stop();
    const outbox = r.newOutbox({ stopGraceMs: 100 });
    await outbox.start();
    // HelenaCRM asked the account for a minute's pause: the send waits for a token.
    r.client.bucket.pauseFor(60_000);
    const m = await outbox.sendText(sessionId, 'antes da troca de turno');
    await eventually(() => (r.store.outbox.get(m.localId)?.state === 'sending' ? true : undefined), 'waiting for a token');
    const asked = Date.now();
    // Logout, or another agent signing in: the engines stop first.
    await outbox.stop();
    expect(Date.now() - asked).toBeLessThan(1_000);
    expect(r.store.outbox.get(m.localId)?.state).not.toBe('failed');
    expect(r.store.messages.get(m.localId)?.failedReason ?? null).toBeNull();

    // The next sign-in (a fresh client: the pause was that process's).
    const next = r.newOutbox({ client: clientFor(r.proxy.url, r.agent.token) });
    await next.start();
    await next.flush();
    expect(r.store.outbox.get(m.localId)?.state).toBe('sent');
    expect((await r.serverMessages(sessionId)).filter((x) => x.refId === m.refId)).toHaveLength(1);
    await next.stop();
  });

  it('a non-retryable refusal fails with a pt-BR reason and does not block the conversation', async () => {
    const r = await rigs.start();
    const { company } = r.sandbox;
    await r.outbox.start();
    const sessionId = await startOnline(r);
    // A template of another team's: the server refuses it (validation/forbidden).
    const bad = await r.outbox.sendTemplate(sessionId, company.templates.soSuporte, {});
    const next = await r.outbox.sendTemplate(sessionId, company.templates.lembrete, { nome: 'Maria' });
    await r.outbox.flush();
    const failed = r.store.outbox.get(bad.localId);
    expect(failed?.state).toBe('failed');
    expect(failed?.retryable).toBe(false);
    expect(failed?.lastError).toMatch(/HelenaCRM|permissão/);
    expect(stateOf(r, next.localId)).toBe('sent');
    expect(r.store.messages.get(bad.localId)?.status).toBe('FAILED');
    // Its code is stored beside the pt-BR text (the view gives it in English), on the message too.
    expect(failed?.lastErrorCode?.code).toMatch(/^(validation|forbidden)/);
    expect(r.store.messages.get(bad.localId)?.failedReasonCode).toEqual(failed?.lastErrorCode);
  });
});
