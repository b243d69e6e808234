/**
 * A conversation completed (Alt+C, a colleague, a supervisor) while texts wait HERE for the
 * contact's reply (a strict server refused them with 131047, or they were written offline). A
 * completed conversation never reopens: the contact's next message opens a new one, so the reply
 * that would release them never comes to this one. They must not read "aguardando resposta" for
 * ever: they fail, saying why, and may be cleared off the list.
 */
import { describe, expect, it } from 'vitest';
import type { Outbox } from './outbox';
import { conversationWithMaria, type Rig } from './testing/harness';
import { rigPerTest } from './testing/rig-per-test';

const rigs = rigPerTest();

async function startedWithMaria(r: Rig, outbox: Outbox): Promise<string> {
  await outbox.start();
  return conversationWithMaria(r, outbox, 'F-1');
}

/** The conversation completed on HelenaCRM, and the cache told (as sync or the console's own command do). */
async function complete(r: Rig, outbox: Outbox, sessionId: string): Promise<void> {
  r.store.sessions.upsertSessions([await r.client.completeSession(sessionId, {})]);
  outbox.onSessionChanged(sessionId);
}

/** A strict server (131047), a conversation started with Maria, and a text held here for her reply. */
async function heldTextToMaria(words: string) {
  const r = await rigs.start();
  await r.sandbox.api('PUT', '/control/v1/window-mode', null, { strict: true });
  const outbox = r.newOutbox();
  const sessionId = await startedWithMaria(r, outbox);
  const text = await outbox.sendText(sessionId, words);
  await outbox.flush();
  expect(r.store.outbox.get(text.localId)?.state).toBe('waiting_reply');
  return { r, outbox, sessionId, text };
}

describe('texts held here for the reply when their conversation is completed', () => {
  it('strict server: they fail with the reason (not "waiting" for ever), cancellable, and nothing reaches the contact', async () => {
    const { r, outbox, sessionId, text } = await heldTextToMaria('Qualquer dúvida, me chame por aqui.');

    await complete(r, outbox, sessionId);
    await outbox.flush();
    const entry = r.store.outbox.get(text.localId);
    expect(entry?.state).toBe('failed');
    expect(entry?.retryable).toBe(false);
    expect(r.store.messages.get(text.localId)?.failedReason).toMatch(/concluída/);
    const failedEvent = r.events.find((e) => e.type === 'message-status' && e.localId === text.localId && e.status === 'failed');
    expect(failedEvent).toBeDefined();

    // The contact writes again: a new conversation, which this text does not join.
    await r.contactWrites(r.sandbox.company.contacts.maria);
    const fresh = (await r.client.listSessions({ pageSize: 10 })).items.find((s) => s.id !== sessionId && s.contactId === r.sandbox.company.contacts.maria);
    if (fresh) outbox.onContactReplied(fresh.id);
    await outbox.flush();
    expect(r.store.outbox.get(text.localId)?.state).toBe('failed');
    expect((await r.serverMessages(sessionId)).some((m) => m.refId === text.refId)).toBe(false);
    // Never handed to HelenaCRM: the agent may clear it.
    expect(await outbox.cancel(text.localId)).toBe(true);
  });

  it('strict server: a conversation that left the agent\u2019s sight (sync removed it) fails its held texts too; one merely not cached yet keeps them', async () => {
    const { r, outbox, sessionId, text } = await heldTextToMaria('Te mando o boleto quando responder.');
    // Not cached (yet): nothing says it is gone, so the text waits.
    outbox.onSessionChanged(sessionId);
    await outbox.flush();
    expect(r.store.outbox.get(text.localId)?.state).toBe('waiting_reply');

    // Cached, then removed as sync does when HelenaCRM answers 404/403 for it (transferred away).
    const session = await r.client.getSession(sessionId);
    r.store.sessions.upsertSessions([session]);
    expect(r.store.sessions.removeIfUnchanged(sessionId, r.store.sessions.get(sessionId)?.updatedAt ?? '')).toBe(true);
    outbox.onSessionChanged(sessionId);
    await outbox.flush();
    expect(r.store.outbox.get(text.localId)).toMatchObject({ state: 'failed', retryable: false });
    expect(r.store.messages.get(text.localId)?.failedReason).toMatch(/saiu da sua visão/);
    expect((await r.serverMessages(sessionId)).some((m) => m.refId === text.refId)).toBe(false);
    expect(await outbox.cancel(text.localId)).toBe(true);
  });
});

describe('messages queued while offline in a conversation completed meanwhile', () => {
  it('a text never tried fails with the reason, in pt-BR, and may be cleared: no request, no "Conflito" in English for good', async () => {
    const r = await rigs.start();
    const outbox = r.newOutbox();
    const sessionId = await startedWithMaria(r, outbox);
    await r.contactWrites(r.sandbox.company.contacts.maria);
    outbox.onContactReplied(sessionId);
    // The laptop is offline; the window is open, so the text is simply queued.
    outbox.setOnline(false);
    const text = await outbox.sendText(sessionId, 'Fechado, te envio amanhã.');
    expect(text.state).toBe('queued');
    // Meanwhile a colleague (or a supervisor) completes the conversation; sync brings it back.
    await complete(r, outbox, sessionId);
    outbox.setOnline(true);
    await outbox.flush();

    const entry = r.store.outbox.get(text.localId);
    expect(entry).toMatchObject({ state: 'failed', retryable: false });
    expect(r.store.messages.get(text.localId)?.failedReason).toMatch(/concluída antes de a mensagem sair/);
    expect((await r.serverMessages(sessionId)).some((m) => m.refId === text.refId)).toBe(false);
    // Never handed to HelenaCRM: the agent may clear it off the list.
    expect(await outbox.cancel(text.localId)).toBe(true);
  });

  it('an internal note still goes: HelenaCRM takes notes on a completed conversation', async () => {
    const r = await rigs.start();
    const outbox = r.newOutbox();
    const sessionId = await startedWithMaria(r, outbox);
    outbox.setOnline(false);
    const note = await outbox.addNote(sessionId, 'Cliente pediu retorno na segunda.');
    await complete(r, outbox, sessionId);
    outbox.setOnline(true);
    await outbox.flush();
    expect(r.store.outbox.get(note.localId)?.state).toBe('sent');
  });
});
