import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AgentDTO, ChannelDTO, DepartmentDTO, MessageDTO, SessionDTO, TemplateDTO } from '../api/helena-dto';
import { FAILURE_PT_BR } from '../api/failure-messages';
import { SERVER_FAILURE_CODE } from './messages-repo';
import { openStore, type Store } from './store';
import { contactDto, uuid } from './test-fixtures';

let store: Store;
let clock = 0;
beforeEach(() => {
  clock = 0;
  store = openStore({ location: ':memory:', now: () => new Date(Date.UTC(2024, 0, 1, 0, 0, clock++)).toISOString() });
});
afterEach(() => store.close());

describe('contacts repo', () => {
  it('round-trips the DTO fields and keeps the newer version', () => {
    const dto = contactDto({
      name: 'Conceição Aragão',
      phoneNumber: '+5511987654321',
      email: 'Conceicao@Example.com',
      instagram: '@conceicao',
      annotation: 'cliente antiga',
      tagIds: [uuid()],
      tagNames: ['vip'],
      customFields: { cpf: '123', pontos: 10 },
      status: 'ARCHIVED',
      origin: 'IMPORTED',
    });
    expect(store.contacts.upsertContacts([dto])).toEqual({ inserted: 1, updated: 0, skipped: 0 });
    expect(store.contacts.get(dto.id)).toEqual({
      id: dto.id,
      name: dto.name,
      phoneNumber: dto.phoneNumber,
      email: dto.email,
      instagram: '@conceicao',
      annotation: 'cliente antiga',
      tagIds: dto.tagIds,
      tagNames: ['vip'],
      customFields: { cpf: '123', pontos: 10 },
      status: 'ARCHIVED',
      origin: 'IMPORTED',
      createdAt: dto.createdAt,
      updatedAt: dto.updatedAt,
      lastActivityAt: null,
    });
    const older = { ...dto, name: 'Nome Antigo', updatedAt: '2023-01-01T00:00:00.000Z' };
    expect(store.contacts.upsertContacts([older])).toEqual({ inserted: 0, updated: 0, skipped: 1 });
    expect(store.contacts.get(dto.id)?.name).toBe('Conceição Aragão');
    const newer = { ...dto, name: 'Conceição Nova', updatedAt: '2024-02-01T00:00:00.000Z' };
    expect(store.contacts.upsertContacts([newer, older])).toEqual({ inserted: 0, updated: 1, skipped: 1 });
    expect(store.contacts.get(dto.id)?.name).toBe('Conceição Nova');
    expect(store.contacts.count()).toBe(1);
  });

  it('finds a contact by phone in any format with the country code', () => {
    const dto = contactDto({ name: 'Pedro', phoneNumber: '+5511987654321' });
    store.contacts.upsertContacts([dto]);
    expect(store.contacts.findByPhone('+55 (11) 98765-4321')?.id).toBe(dto.id);
    expect(store.contacts.findByPhone('5511987654321')?.id).toBe(dto.id);
    expect(store.contacts.findByPhone('+5511987654320')).toBeNull();
  });

  it('gives contacts active in the same second distinct, ordered keys', () => {
    const many = Array.from({ length: 300 }, (_, i) => contactDto({ name: `Pessoa ${i}`, updatedAt: '2024-01-01T00:00:00.000Z' }));
    expect(store.contacts.upsertContacts(many).inserted).toBe(300);
    expect(store.searchContacts('pessoa', { limit: 200 }).items).toHaveLength(200);
    expect(store.searchContacts('pessoa', { limit: 200, offset: 200 }).total).toBe(300);
  });
});

describe('directory, templates, sessions', () => {
  it('replaces channels, teams and the signed-in agent', () => {
    const channel: ChannelDTO = { id: uuid(), active: true, type: 'CloudAPI_WhatsApp', number: '5511999990000', identity: { displayName: 'Loja' } };
    store.directory.replaceChannels([channel, { ...channel, id: uuid(), active: false, identity: { displayName: 'Antigo' } }]);
    expect(store.directory.channels({ activeOnly: true }).map((c) => c.displayName)).toEqual(['Loja']);
    const me = uuid();
    const team = (name: string, members: string[]): DepartmentDTO => ({
      id: uuid(), name, isDefault: false, restrictionType: 'NONE', channels: [{ id: channel.id }],
      agents: members.map((userId) => ({ userId, isAgent: true, isSupervisor: false })),
    });
    store.directory.replaceTeams([team('Vendas', [me]), team('Suporte', [uuid()])]);
    expect(store.directory.teamsOfUser(me).map((t) => t.name)).toEqual(['Vendas']);
    store.directory.replaceTeams([team('Financeiro', [me])]);
    expect(store.directory.teams().map((t) => t.name)).toEqual(['Financeiro']);
    const agent: AgentDTO = { id: uuid(), userId: me, name: 'Ana', email: 'ana@x.com', phoneNumber: null, profile: 'Agent', departments: [] };
    store.directory.setMe(agent);
    expect(store.directory.me()).toMatchObject({ userId: me, name: 'Ana', profile: 'Agent' });
    store.directory.clearMe();
    expect(store.directory.me()).toBeNull();
  });

  it("keeps the signed-in agent's availability; an older answer for the same agent does not overwrite a newer one", () => {
    const agent: AgentDTO = {
      id: uuid(), userId: uuid(), name: 'Ana', email: 'ana@x.com', phoneNumber: null, profile: 'Agent', departments: [],
      availability: 'AVAILABLE', updatedAt: '2024-01-01T10:00:00.000Z',
    };
    expect(store.directory.setMe(agent)).toBe(true);
    expect(store.directory.me()).toMatchObject({ availability: 'AVAILABLE', updatedAt: '2024-01-01T10:00:00.000Z' });
    // Paused here; then a directory pull that read the agent before the pause answers.
    expect(store.directory.setMe({ ...agent, availability: 'UNAVAILABLE', updatedAt: '2024-01-01T10:05:00.000Z' })).toBe(true);
    expect(store.directory.setMe(agent)).toBe(false);
    expect(store.directory.me()?.availability).toBe('UNAVAILABLE');
    // A server that does not say: unknown (null), never a guess.
    store.directory.clearMe();
    store.directory.setMe({ ...agent, availability: undefined, updatedAt: undefined });
    expect(store.directory.me()?.availability).toBeNull();
  });

  it('keeps templates with params, kinds, category and team restriction', () => {
    const channelId = uuid();
    const sales = uuid();
    const base: TemplateDTO = {
      id: uuid(), updatedAt: '2024-01-01T00:00:00Z', active: true, channelId, name: 'boas_vindas', text: 'Olá {{nome}}',
      status: 'Approved', type: ['TEMPLATE'], params: [{ name: 'nome' }], categoryName: 'Marketing', departmentIds: [],
    };
    store.templates.upsertTemplates([
      base,
      { ...base, id: uuid(), name: 'so_vendas', departmentIds: [sales] },
      { ...base, id: uuid(), name: 'rascunho', status: 'Draft' },
      { ...base, id: uuid(), name: 'rapida', type: ['QUICKREPLY'] },
    ]);
    expect(store.templates.get(base.id)).toMatchObject({ params: ['nome'], kinds: ['TEMPLATE'], categoryName: 'Marketing', channelId });
    expect(store.templates.usable({ channelId, teamId: sales }).map((t) => t.name).sort()).toEqual(['boas_vindas', 'so_vendas']);
    expect(store.templates.usable({ channelId, teamId: uuid() }).map((t) => t.name)).toEqual(['boas_vindas']);
  });

  it('upserts sessions, ignores older versions, and marks read locally', () => {
    const s: SessionDTO = {
      id: uuid(), createdAt: '2024-01-01T00:00:00Z', updatedAt: '2024-01-02T00:00:00Z', status: 'IN_PROGRESS', contactId: uuid(),
      channelId: uuid(), departmentId: uuid(), userId: uuid(), unreadCount: 3, lastMessageText: 'oi', lastMessageOut: null,
      lastMessageIn: '2024-01-02T00:00:00Z', windowStatus: 'ACTIVE', channelType: 'CLOUDAPI_WHATSAPP',
    };
    store.sessions.upsertSessions([s]);
    store.sessions.upsertSessions([{ ...s, updatedAt: '2023-12-31T00:00:00Z', windowStatus: 'EXPIRED' }]);
    expect(store.sessions.get(s.id)).toMatchObject({ windowStatus: 'ACTIVE', unreadCount: 3, lastMessageIn: '2024-01-02T00:00:00Z' });
    store.sessions.markRead(s.id);
    expect(store.sessions.get(s.id)?.unreadCount).toBe(0);
  });

  it('keeps the contact a session embedded on the session only, through later versions without it', () => {
    const s: SessionDTO = {
      id: uuid(), createdAt: '2024-01-01T00:00:00Z', updatedAt: '2024-01-02T00:00:00Z', status: 'PENDING', contactId: uuid(),
      channelId: uuid(), departmentId: uuid(), userId: null, unreadCount: 1, lastMessageText: 'oi', lastMessageOut: null,
      lastMessageIn: '2024-01-02T00:00:00Z', windowStatus: 'ACTIVE', channelType: 'CLOUDAPI_WHATSAPP',
    };
    store.sessions.upsertSessions([{ ...s, contactDetails: { id: s.contactId, name: ' Zuleica Barros ', phonenumber: '+5562984455667' } }]);
    expect(store.sessions.get(s.id)).toMatchObject({ embeddedContactName: 'Zuleica Barros', embeddedContactPhone: '+5562984455667' });
    // Not a contact: the contacts pull brings the real one, and the search holds only real contacts.
    expect(store.contacts.count()).toBe(0);
    // A realtime event or an action's answer comes without the details: the stand-in stays.
    store.sessions.upsertSessions([{ ...s, updatedAt: '2024-01-03T00:00:00Z', userId: uuid() }]);
    expect(store.sessions.get(s.id)).toMatchObject({ embeddedContactName: 'Zuleica Barros', embeddedContactPhone: '+5562984455667' });
    // A newer list read with the details replaces them, also with none (a contact with no name).
    store.sessions.upsertSessions([{ ...s, updatedAt: '2024-01-04T00:00:00Z', contactDetails: { name: null, phonenumber: '+5562984455667' } }]);
    expect(store.sessions.get(s.id)).toMatchObject({ embeddedContactName: null, embeddedContactPhone: '+5562984455667' });
  });

  it('names a row from an older list page when a newer version without the contact got there first', () => {
    const s: SessionDTO = {
      id: uuid(), createdAt: '2024-01-01T00:00:00Z', updatedAt: '2024-01-03T00:00:00Z', status: 'IN_PROGRESS', contactId: uuid(),
      channelId: uuid(), departmentId: uuid(), userId: uuid(), unreadCount: 2, lastMessageText: 'novo', lastMessageOut: null,
      lastMessageIn: '2024-01-03T00:00:00Z', windowStatus: 'ACTIVE', channelType: 'CLOUDAPI_WHATSAPP',
    };
    // The realtime event, written between the page's read and its write.
    store.sessions.upsertSessions([s]);
    const page = { ...s, updatedAt: '2024-01-02T00:00:00Z', status: 'PENDING' as const, userId: null, unreadCount: 1, lastMessageText: 'velho' };
    const details = { id: s.contactId, name: 'Zuleica Barros', phonenumber: '+5562984455667' };
    expect(store.sessions.upsertSessions([{ ...page, contactDetails: details }])).toBe(1);
    // The contact only: the rest of the row stays the newer version's.
    expect(store.sessions.get(s.id)).toMatchObject({
      embeddedContactName: 'Zuleica Barros', embeddedContactPhone: '+5562984455667',
      updatedAt: s.updatedAt, status: 'IN_PROGRESS', userId: s.userId, unreadCount: 2, lastMessageText: 'novo',
    });
    // A row already named keeps its name; an older page of another contact (the session moved
    // to another contact since) names nothing.
    expect(store.sessions.upsertSessions([{ ...page, contactDetails: { ...details, name: 'Outro Nome' } }])).toBe(0);
    expect(store.sessions.get(s.id)?.embeddedContactName).toBe('Zuleica Barros');
    const moved = { ...s, id: uuid() };
    store.sessions.upsertSessions([moved]);
    expect(store.sessions.upsertSessions([{ ...page, id: moved.id, contactId: uuid(), contactDetails: details }])).toBe(0);
    expect(store.sessions.get(moved.id)).toMatchObject({ embeddedContactName: null, embeddedContactPhone: null, contactId: s.contactId });
  });
});

describe('outbox and messages', () => {
  const enqueue = (conversationKey: string, text: string, refId = uuid()) =>
    store.outbox.enqueue({
      message: { localId: uuid(), refId, conversationKey, sessionId: conversationKey, text, templateId: null, parameters: null, createdAt: '2024-01-01T00:00:00Z' },
      payload: { kind: 'text', body: { text, refId } },
    });

  it('writes the message and the outbox row in one transaction', () => {
    const first = enqueue('s1', 'olá');
    expect(store.messages.get(first.localId)).toMatchObject({ status: 'LOCAL', text: 'olá', refId: first.refId });
    expect(() => enqueue('s1', 'de novo', first.refId)).toThrow(); // same refId: refused ...
    expect(store.messages.listByConversation('s1')).toHaveLength(1); // ... and no orphan message left
  });

  it('serves one conversation in order, conversations independently', () => {
    const a1 = enqueue('a', '1');
    const a2 = enqueue('a', '2');
    const b1 = enqueue('b', '1');
    expect(store.outbox.heads().map((e) => e.localId)).toEqual([a1.localId, b1.localId]);
    const claimed = store.outbox.claimNext('a');
    expect(claimed).toMatchObject({ localId: a1.localId, state: 'sending', attempts: 1 });
    expect(store.outbox.claimNext('a')).toBeNull(); // a2 waits for a1
    store.outbox.setState(a1.localId, { state: 'sent', from: ['sending'] });
    expect(store.outbox.claimNext('a')?.localId).toBe(a2.localId);
    expect(store.outbox.listByConversation('a').map((e) => e.state)).toEqual(['sent', 'sending']);
  });

  it('holds a retry until it is due', () => {
    const e = enqueue('c', 'x');
    store.outbox.claimNext('c', '2024-01-01T00:00:00Z');
    store.outbox.setState(e.localId, { state: 'queued', lastError: 'rede', retryable: true, nextAttemptAt: '2024-01-01T00:01:00Z' });
    expect(store.outbox.claimNext('c', '2024-01-01T00:00:30Z')).toBeNull();
    expect(store.outbox.claimNext('c', '2024-01-01T00:01:00Z')).toMatchObject({ attempts: 2, lastError: 'rede' });
  });

  it('lets the agent edit or cancel until the message is sending', () => {
    const e = enqueue('d', 'rascunho');
    expect(store.outbox.edit(e.localId, { text: 'final' })?.payload.body).toMatchObject({ text: 'final' });
    expect(store.messages.get(e.localId)?.text).toBe('final');
    const other = enqueue('d', 'outro');
    expect(store.outbox.cancel(other.localId)).toBe(true);
    expect(store.messages.get(other.localId)?.status).toBe('CANCELLED');
    store.outbox.claimNext('d');
    expect(store.outbox.edit(e.localId, { text: 'tarde demais' })).toBeNull();
    expect(store.outbox.cancel(e.localId)).toBe(false);
    expect(store.outbox.counts()).toMatchObject({ sending: 1, cancelled: 1 });
  });

  it('merges the server copy into the local message by refId, and moves a start to its session', () => {
    const start = store.outbox.enqueue({
      message: { localId: uuid(), refId: uuid(), conversationKey: 'start:c:ch', sessionId: null, text: null, templateId: uuid(), parameters: { nome: 'Ana' }, createdAt: '2024-01-01T00:00:00Z' },
      payload: { kind: 'start', body: { from: '5511999990000', to: '5511987654321', templateId: uuid() } },
    });
    const sessionId = uuid();
    expect(store.outbox.rekeyConversation('start:c:ch', sessionId)).toBe(1);
    const server: MessageDTO = {
      id: uuid(), createdAt: '2024-01-01T00:00:01Z', updatedAt: '2024-01-01T00:00:01Z', type: 'TEXT', sessionId, templateId: null,
      direction: 'FROM_HUB', status: 'SENT', text: 'Olá Ana', refId: start.refId, details: { waitReply: false }, failedReason: null,
    };
    store.messages.upsertMessages([server]);
    expect(store.messages.get(start.localId)).toMatchObject({ id: server.id, status: 'SENT', sessionId, conversationKey: sessionId, parameters: { nome: 'Ana' } });
    store.messages.upsertMessages([{ ...server, status: 'QUEUED', updatedAt: '2023-01-01T00:00:00Z' }]);
    expect(store.messages.getByServerId(server.id)?.status).toBe('SENT');
    expect(store.outbox.listByConversation(sessionId)).toHaveLength(1);
  });

  it('lists the newest messages of a long conversation, oldest first, not its first ones', () => {
    const sessionId = uuid();
    const at = (i: number) => new Date(Date.UTC(2024, 0, 1, 0, 0, i)).toISOString();
    const received = Array.from({ length: 520 }, (_, i): MessageDTO => ({
      id: uuid(), createdAt: at(i), updatedAt: at(i), type: 'TEXT', sessionId, templateId: null,
      direction: 'TO_HUB', status: 'DELIVERED', text: `mensagem ${i}`, refId: null, details: { waitReply: false }, failedReason: null,
    }));
    // Realtime brings them one by one, the newest last.
    for (const m of received) store.messages.upsertMessages([m]);
    const shown = store.messages.listByConversation(sessionId).map((m) => m.text);
    expect(shown).toHaveLength(500);
    expect(shown.at(-1)).toBe('mensagem 519');
    expect(shown[0]).toBe('mensagem 20');
    expect(store.messages.listByConversation(sessionId, 2).map((m) => m.text)).toEqual(['mensagem 518', 'mensagem 519']);
  });

  it('stores HelenaCRM\'s reason for a failed message with the code that shows its words in English too', () => {
    const sessionId = uuid();
    const failed: MessageDTO = {
      id: uuid(), createdAt: '2024-01-01T00:00:01Z', updatedAt: '2024-01-01T00:00:02Z', type: 'TEXT', sessionId, templateId: null,
      direction: 'FROM_HUB', status: 'FAILED', text: 'Olá', refId: null, details: { waitReply: false }, failedReason: 'Número não possui WhatsApp',
    };
    store.messages.upsertMessages([failed]);
    expect(store.messages.getByServerId(failed.id)).toMatchObject({
      failedReason: 'Número não possui WhatsApp',
      failedReasonCode: { code: SERVER_FAILURE_CODE, values: { serverText: 'Número não possui WhatsApp' } },
    });
    store.messages.upsertMessages([{ ...failed, status: 'SENT', failedReason: null, updatedAt: '2024-01-01T00:00:03Z' }]);
    expect(store.messages.getByServerId(failed.id)).toMatchObject({ failedReason: null, failedReasonCode: null });
  });

  it('stores HelenaCRM\'s "completed before the reply" as the conversation_completed reason, not as a WhatsApp refusal', () => {
    const held: MessageDTO = {
      id: uuid(), createdAt: '2024-01-01T00:00:01Z', updatedAt: '2024-01-01T00:00:02Z', type: 'TEXT', sessionId: uuid(), templateId: null,
      direction: 'FROM_HUB', status: 'FAILED', text: 'Olá', refId: null, details: { waitReply: true }, failedReason: 'Conversa concluída antes da resposta do contato.',
    };
    store.messages.upsertMessages([held]);
    expect(store.messages.getByServerId(held.id)).toMatchObject({
      failedReason: FAILURE_PT_BR.conversation_completed,
      failedReasonCode: { code: 'conversation_completed', values: {} },
    });
  });
});

describe('drafts and sync state', () => {
  it('saves, loads and clears drafts', () => {
    store.drafts.save('s1', 'oi, tudo bem?');
    expect(store.drafts.load('s1')?.text).toBe('oi, tudo bem?');
    store.drafts.save('s1', '');
    expect(store.drafts.load('s1')).toBeNull();
  });

  it('keeps the note being written apart from the message draft of the same conversation', () => {
    store.drafts.save('s1', 'oi, tudo bem?');
    store.drafts.save('s1', 'ligar às 15h', 'note');
    expect(store.drafts.load('s1')).toMatchObject({ kind: 'message', text: 'oi, tudo bem?' });
    expect(store.drafts.load('s1', 'note')).toMatchObject({ kind: 'note', text: 'ligar às 15h' });
    // Sending the message clears its draft only; the note waits.
    store.drafts.save('s1', '');
    expect(store.drafts.load('s1')).toBeNull();
    expect(store.drafts.load('s1', 'note')?.text).toBe('ligar às 15h');
    store.drafts.clear('s1', 'note');
    expect(store.drafts.load('s1', 'note')).toBeNull();
  });

  it("keeps each agent's drafts theirs on a shared machine", () => {
    const signIn = (userId: string, name: string): void =>
      void store.directory.setMe({ id: uuid(), userId, name, email: `${name}@x.com`, phoneNumber: null, profile: 'Agent', departments: [] });
    signIn('u-ana', 'ana');
    store.drafts.save('s1', 'Seu boleto vence amanhã.');
    store.drafts.save('s1', 'Ligar às 15h', 'note');
    // João Pedro takes the next shift on this machine: an empty box, and his own draft beside Ana's.
    signIn('u-joao', 'joao');
    expect(store.drafts.load('s1')).toBeNull();
    expect(store.drafts.load('s1', 'note')).toBeNull();
    store.drafts.save('s1', 'Bom dia!');
    store.drafts.save('s1', '');
    signIn('u-ana', 'ana');
    expect(store.drafts.load('s1')?.text).toBe('Seu boleto vence amanhã.');
    expect(store.drafts.load('s1', 'note')?.text).toBe('Ligar às 15h');
  });

  it('moves cursors and the realtime offset only forward', () => {
    store.syncState.advanceCursor('contacts', '2024-02-01T00:00:00Z');
    store.syncState.advanceCursor('contacts', '2024-01-01T00:00:00Z');
    expect(store.syncState.cursor('contacts')).toBe('2024-02-01T00:00:00Z');
    expect(store.syncState.realtimeOffset()).toBeNull();
    expect(store.syncState.advanceRealtimeOffset(10)).toBe(true);
    expect(store.syncState.advanceRealtimeOffset(7)).toBe(false);
    expect(store.syncState.realtimeOffset()).toBe(10);
    store.syncState.resetRealtimeOffset();
    expect(store.syncState.realtimeOffset()).toBeNull();
  });
});
