/**
 * Internal notes ("notas internas") through the console against a real sandbox behind a TCP proxy:
 * a note written on a conversation the agent sees but does not own reaches HelenaCRM apart from
 * the WhatsApp messages; a colleague's note arrives live over realtime, with its author; a note
 * written offline is kept on disk (across a restart of the core) and goes out once on reconnect;
 * the note still being typed is a draft of its own, beside the message draft, across a restart.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { MessageDTO } from '../api/helena-dto';
import { CHANNEL, demoAgentIds } from '../../sandbox/seed';
import { api, DEMO_LOGINS, loginAs } from '../../sandbox/testing';
import { connectivity, type ConsoleRig, contactNamed, nextEvent, startConsoleRig, until } from './testing/console-rig';

let rig: ConsoleRig | null = null;
afterEach(async () => {
  await rig?.close();
  rig = null;
});

const ANA = demoAgentIds({ key: 'agent' }).userId;
const ADMIN = demoAgentIds({ key: 'admin' }).userId;

/** A contact writes first: a PENDING conversation in the team queue (Vendas), nobody's yet. */
async function receptive(r: ConsoleRig, query: string): Promise<string> {
  const contactId = await contactNamed(r.core, query);
  const replied = nextEvent(r.core, 'contact-replied', (e) => e.contactId === contactId);
  await r.inbound(contactId, 'Bom dia, preciso da segunda via do boleto.', CHANNEL.official.id);
  const { sessionId } = await replied;
  await until('the conversation in the list', async () => (await r.core.invoke('conversation.list', {})).find((c) => c.id === sessionId));
  return sessionId;
}

/** The notes HelenaCRM has for a session, read with a fresh login of `login`. */
async function serverNotes(r: ConsoleRig, sessionId: string, login: string = DEMO_LOGINS.admin): Promise<MessageDTO[]> {
  const { token } = await loginAs(r.sandbox, login);
  const res = await api(r.sandbox, token).get<{ items: MessageDTO[] }>(`/chat/v1/session/${sessionId}/note?PageSize=100`);
  if (res.status !== 200) throw new Error(`list notes: HTTP ${res.status}`);
  return res.body.items;
}

describe('internal notes through the console', () => {
  it('saves a note on a conversation the agent sees but may not write in, apart from the messages; a colleague’s note arrives live', async () => {
    rig = await startConsoleRig();
    const r = rig;
    const { core } = r;
    await r.login(DEMO_LOGINS.agent);
    await until('online', async () => (await connectivity(core)) === 'online');
    const sessionId = await receptive(r, 'vinicius romao');
    const listed = (await core.invoke('conversation.list', {})).find((c) => c.id === sessionId);
    expect(listed).toMatchObject({ status: 'PENDING', userId: null, canWrite: false });
    const lastMessageText = listed?.lastMessageText;

    // Ana may not write to the contact here, but may leave the team a note.
    await expect(core.invoke('message.sendText', { sessionId, text: 'Olá!' })).rejects.toMatchObject({ code: 'not_allowed' });
    const note = await core.invoke('note.add', { sessionId, text: 'Cliente pediu 2ª via do boleto; já enviei por e-mail.' });
    await until('the note saved on HelenaCRM', async () =>
      (await core.invoke('conversation.open', { sessionId })).messages.find((m) => m.localId === note.localId && m.outboxState === 'sent' && m.id !== null),
    );
    const opened = await core.invoke('conversation.open', { sessionId });
    expect(opened.messages.map((m) => [m.kind, m.direction, m.text, m.authorName])).toEqual([
      ['message', 'TO_HUB', 'Bom dia, preciso da segunda via do boleto.', null],
      ['note', 'FROM_HUB', 'Cliente pediu 2ª via do boleto; já enviei por e-mail.', 'Ana Lúcia Souza'],
    ]);
    // On HelenaCRM: a note by Ana, with the outbox's refId; the WhatsApp conversation has only the contact's message.
    const { store } = core.requireOpen();
    expect(await serverNotes(r, sessionId)).toMatchObject([
      { type: 'NOTE', userId: ANA, text: 'Cliente pediu 2ª via do boleto; já enviei por e-mail.', refId: store.outbox.get(note.localId)?.refId },
    ]);
    expect((await r.serverMessages(sessionId, DEMO_LOGINS.agent)).map((m) => m.direction)).toEqual(['TO_HUB']);
    // A note is no message: the conversation's last message and unread count did not move.
    expect((await core.invoke('conversation.list', {})).find((c) => c.id === sessionId)?.lastMessageText).toBe(lastMessageText);

    // Conceição (admin, Vendas) writes one from her own desk: it reaches Ana's cache over realtime, before any refresh.
    const admin = await loginAs(r.sandbox, DEMO_LOGINS.admin);
    const arrived = nextEvent(core, 'message-status', (e) => e.sessionId === sessionId && e.localId === null && e.messageId !== null);
    const res = await api(r.sandbox, admin.token).post<MessageDTO>(`/chat/v1/session/${sessionId}/note`, { text: 'Ana, assume esta? Cliente VIP.' });
    expect(res.status).toBe(200);
    expect((await arrived).messageId).toBe(res.body.id);
    expect(store.messages.getByServerId(res.body.id)).toMatchObject({ type: 'NOTE', userId: ADMIN, text: 'Ana, assume esta? Cliente VIP.' });
    const live = (await core.invoke('conversation.open', { sessionId })).messages;
    expect(live.map((m) => [m.kind, m.authorName])).toEqual([
      ['message', null],
      ['note', 'Ana Lúcia Souza'],
      ['note', 'Conceição Gonçalves'],
    ]);
    // Never a contact reply: no tray notification for a note.
    expect(r.events.some((e) => e.type === 'contact-replied' && e.text === 'Ana, assume esta? Cliente VIP.')).toBe(false);
  });

  it('keeps the note being written as a draft of its own, beside the message draft, across a restart', async () => {
    rig = await startConsoleRig();
    const r = rig;
    await r.login(DEMO_LOGINS.agent);
    await until('online', async () => (await connectivity(r.core)) === 'online');
    const sessionId = await receptive(r, 'vinicius romao');

    // The agent starts a note (Alt+N), leaves the conversation: it is saved, and no message draft appears.
    await r.core.invoke('draft.save', { conversationKey: sessionId, kind: 'note', text: 'Cliente prefere ligação à tarde' });
    let opened = await r.core.invoke('conversation.open', { sessionId });
    expect(opened).toMatchObject({ draft: null, noteDraft: 'Cliente prefere ligação à tarde' });
    expect((await r.core.invoke('conversation.list', {})).find((c) => c.id === sessionId)).toMatchObject({ draft: null, noteDraft: 'Cliente prefere ligação à tarde' });
    // A message draft beside it: neither replaces the other, and clearing one leaves the other.
    await r.core.invoke('draft.save', { conversationKey: sessionId, text: 'Bom dia! Segue a' });
    expect(await r.core.invoke('draft.load', { conversationKey: sessionId })).toMatchObject({ kind: 'message', text: 'Bom dia! Segue a' });
    expect(await r.core.invoke('draft.load', { conversationKey: sessionId, kind: 'note' })).toMatchObject({ kind: 'note', text: 'Cliente prefere ligação à tarde' });

    // The app closes and opens again: both drafts are there.
    await r.core.close();
    await r.core.open({ location: r.dataDir, baseUrl: r.proxy.url });
    await until('signed in again from the kept token', async () => (await r.core.invoke('state.snapshot', {})).auth === 'logged_in');
    opened = await r.core.invoke('conversation.open', { sessionId });
    expect(opened).toMatchObject({ draft: 'Bom dia! Segue a', noteDraft: 'Cliente prefere ligação à tarde' });

    // The note is saved: its draft is cleared, the message draft stays.
    await r.core.invoke('note.add', { sessionId, text: 'Cliente prefere ligação à tarde' });
    await r.core.invoke('draft.save', { conversationKey: sessionId, kind: 'note', text: '' });
    opened = await r.core.invoke('conversation.open', { sessionId });
    expect(opened).toMatchObject({ draft: 'Bom dia! Segue a', noteDraft: null });
    expect(await r.core.invoke('draft.load', { conversationKey: sessionId, kind: 'note' })).toBeNull();
    await expect(r.core.invoke('draft.save', { conversationKey: sessionId, kind: 'other' as 'note', text: 'x' })).rejects.toMatchObject({ code: 'invalid_input', field: 'kind' });
  });

  it('keeps a note written offline on disk, across a restart, and saves it once when the network returns', async () => {
    rig = await startConsoleRig();
    const r = rig;
    await r.login(DEMO_LOGINS.agent);
    await until('online', async () => (await connectivity(r.core)) === 'online');
    const sessionId = await receptive(r, 'sebastiao magalhaes');
    r.proxy.setMode('down');
    await until('the console offline', async () => (await connectivity(r.core)) !== 'online');

    const note = await r.core.invoke('note.add', { sessionId, text: 'Escrita sem rede: ligar de volta às 15h.' });
    expect(note.state).toBe('queued');
    const offline = await r.core.invoke('conversation.open', { sessionId });
    expect(offline.messages.find((m) => m.localId === note.localId)).toMatchObject({ kind: 'note', outboxState: 'queued', authorName: 'Ana Lúcia Souza', editable: true });
    expect(await r.core.invoke('state.snapshot', {})).toMatchObject({ outbox: { queued: 1 }, outboxHeldHere: 1 });

    // The app closes and opens again while offline: the note is still there, still queued.
    await r.core.close();
    await r.core.open({ location: r.dataDir, baseUrl: r.proxy.url });
    await until('signed in again from the kept token', async () => (await r.core.invoke('state.snapshot', {})).auth === 'logged_in');
    expect((await r.core.invoke('conversation.open', { sessionId })).messages.find((m) => m.localId === note.localId)).toMatchObject({ kind: 'note', outboxState: 'queued' });

    r.proxy.setMode('pass');
    const { store } = r.core.requireOpen();
    await until('the note saved', () => store.outbox.get(note.localId)?.state === 'sent');
    const saved = (await serverNotes(r, sessionId)).filter((n) => n.text === 'Escrita sem rede: ligar de volta às 15h.');
    expect(saved).toHaveLength(1);
    expect(saved[0]).toMatchObject({ userId: ANA, refId: store.outbox.get(note.localId)?.refId });
    expect((await r.core.invoke('state.snapshot', {})).outboxHeldHere).toBe(0);
  });
});
