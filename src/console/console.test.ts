import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HelenaError } from '../api';
import { decideFailure, DEFAULT_OUTBOX_RETRY } from '../outbox';
import { openStore } from '../store';
import { COMMAND_NAMES, COMMAND_SCHEMAS } from './commands';
import { HelenaConsole } from './console';
import type { CoreEvent } from './core-events';
import { refusalOf } from './testing/refusal';
import { MemorySecretStore } from './secret-store';
import { FakeSync, fakeEngines, IDS, seededCacheDir } from './test-support';

const PRICES = { UTILITY: { BR: { amount: 0.008, currency: 'USD' } }, MARKETING: { '*': { amount: 0.0625, currency: 'USD' } } };
const TOKEN = 'tok_' + 'x'.repeat(40);

let dir: string;
let secrets: MemorySecretStore;
let engines: ReturnType<typeof fakeEngines>;
let core: HelenaConsole;
let events: CoreEvent[];

beforeEach(async () => {
  dir = seededCacheDir();
  secrets = new MemorySecretStore(TOKEN);
  engines = fakeEngines();
  core = new HelenaConsole({ secrets, prices: PRICES, engines: engines.factory, client: { retry: { maxAttempts: 1 } } });
  events = [];
  core.on((e) => events.push(e));
  // A saved token and a cached agent: resumes logged in, offline-first (the sandbox is never reached).
  await core.open({ location: dir, baseUrl: 'http://127.0.0.1:9' });
});
afterEach(async () => {
  await core.close();
});

describe('startup', () => {
  it('opens and logs in without waiting for the first sync, which may take minutes on a large account', async () => {
    await core.close();
    let finish: () => void = () => undefined;
    const longSync = new Promise<void>((resolve) => (finish = resolve));
    const slow = fakeEngines();
    const factory: typeof slow.factory = (context) => {
      const built = slow.factory(context);
      (built.sync as FakeSync).startResult = longSync;
      return built;
    };
    core = new HelenaConsole({ secrets, prices: PRICES, engines: factory, client: { retry: { maxAttempts: 1 } } });
    await core.open({ location: dir, baseUrl: 'http://127.0.0.1:9' });
    // Open resolved while the sync is still running: the desk works on the cache meanwhile.
    expect(slow.built[0]?.sync.calls).toEqual(['start']);
    expect((await core.invoke('state.snapshot', {})).auth).toBe('logged_in');
    expect((await core.invoke('contacts.search', { query: 'joao' })).items.length).toBeGreaterThan(0);
    let synced = false;
    void core.whenSynced().then(() => (synced = true));
    await Promise.resolve();
    expect(synced).toBe(false);
    finish();
    await core.whenSynced();
    expect(synced).toBe(true);
  });
});

describe('input validation', () => {
  it('has a strict schema for every command', () => {
    expect(COMMAND_NAMES).toHaveLength(43);
    for (const name of COMMAND_NAMES) expect(COMMAND_SCHEMAS[name].safeParse({ surprise: 1 }).success).toBe(false);
  });

  it('rejects a bad id naming the field, in pt-BR', async () => {
    const error = await refusalOf(core.invoke('conversation.start', { contactId: 'joao', channelId: IDS.official, teamId: IDS.vendas }));
    expect(error.toJSON()).toMatchObject({ code: 'invalid_input', field: 'contactId' });
    expect(error.message).toBe('O campo "contactId" precisa ser um identificador (UUID) válido.');
  });

  it('names a missing field, a too long text, and an unknown field', async () => {
    expect((await core.handle('message.sendText', { sessionId: IDS.mySession })).ok).toBe(false);
    const missing = await core.handle('message.sendText', { sessionId: IDS.mySession });
    expect(missing).toEqual({ ok: false, error: expect.objectContaining({ field: 'text', message: 'O campo "text" é obrigatório.' }) as unknown });
    const long = await core.handle('draft.save', { conversationKey: IDS.mySession, text: 'a'.repeat(4097) });
    expect(long).toMatchObject({ ok: false, error: { field: 'text', message: 'O campo "text" aceita no máximo 4096 caracteres.' } });
    const extra = await core.handle('sync.now', { force: true });
    expect(extra).toMatchObject({ ok: false, error: { code: 'invalid_input', field: 'force' } });
  });

  it('asks for the team of a transfer to a team', async () => {
    const result = await core.handle('conversation.transfer', { sessionId: IDS.mySession, type: 'DEPARTMENT' });
    expect(result).toMatchObject({ ok: false, error: { field: 'teamId', message: 'O campo "teamId" é obrigatório.' } });
  });

  it('takes a start to a contact or to a number, never both or neither, and says when the number is not one', async () => {
    const base = { channelId: IDS.official, teamId: IDS.vendas, templateId: IDS.official };
    for (const who of [{}, { contactId: IDS.mySession, phone: '11987654321' }]) {
      expect(await core.handle('conversation.start', { ...base, ...who })).toMatchObject({ ok: false, error: { code: 'invalid_input', field: 'contactId' } });
    }
    expect(await core.handle('conversation.start', { ...base, phone: '(11) 9876' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', field: 'phone', message: expect.stringContaining('Número de telefone inválido') as unknown },
    });
  });

  it('refuses unknown commands and never leaks a stack', async () => {
    const result = await core.handle('fs.readFile', { path: '/etc/passwd' });
    expect(result).toEqual({
      ok: false,
      error: { code: 'unknown_command', message: 'Comando desconhecido: fs.readFile.', messageEn: 'Unknown command: fs.readFile.' },
    });
  });
});

describe('start flow against the cache', () => {
  it('lists active channels, my teams only, and the templates usable by channel + team', async () => {
    expect((await core.invoke('channels.list', {})).map((c) => [c.displayName, c.needsTemplate])).toEqual([
      ['Oficial', true],
      ['QR', false],
    ]);
    expect((await core.invoke('teams.mine', {})).map((t) => t.name)).toEqual(['Suporte', 'Vendas']);
    const templates = await core.invoke('templates.forStart', { channelId: IDS.official, teamId: IDS.vendas });
    expect(templates.map((t) => [t.name, t.params])).toEqual([['boas_vindas', ['nome', 'atendente']]]);
    const other = await refusalOf(core.invoke('templates.forStart', { channelId: IDS.official, teamId: IDS.financeiro }));
    expect(other).toMatchObject({ code: 'not_allowed', field: 'teamId' });
  });

  it('finds a contact by accent-free name and estimates the cost from the configured table', async () => {
    const found = await core.invoke('contacts.search', { query: 'joao silva' });
    expect(found.items[0]).toMatchObject({ id: IDS.joao, name: 'João da Silva' });
    const cost = await core.invoke('cost.estimate', { channelId: IDS.official, templateId: IDS.welcome, contactId: IDS.joao });
    expect(cost).toMatchObject({ charged: true, category: 'UTILITY', amount: 0.008, currency: 'USD', country: 'BR' });
    expect(cost.formatted).toContain('0,008');
    const free = await core.invoke('cost.estimate', { channelId: IDS.qr, contactId: IDS.joao });
    expect(free).toMatchObject({ charged: false, amount: 0 });
  });

  it('gives one message per bad parameter, in pt-BR and English, and enqueues nothing', async () => {
    const error = await refusalOf(
      core.invoke('conversation.start', {
        contactId: IDS.conceicao, channelId: IDS.official, teamId: IDS.vendas, templateId: IDS.welcome,
        parameters: { nome: 'João\nda Silva' },
      }),
    );
    expect(error.code).toBe('invalid_parameters');
    expect(error.field).toBe('parameters.nome');
    expect(error.issues).toEqual([
      {
        field: 'parameters.nome',
        message: 'O parâmetro "nome" não pode ter quebras de linha nem tabulações.',
        messageEn: 'The parameter "nome" cannot contain line breaks or tabs.',
      },
      { field: 'parameters.atendente', message: 'Preencha o parâmetro "atendente".', messageEn: 'Fill in the parameter "atendente".' },
    ]);
    expect(engines.built[0]?.outbox.starts).toHaveLength(0);
  });

  it('offers a failed message worth another try for sending again, and only that one', async () => {
    const started = await core.invoke('conversation.start', {
      contactId: IDS.conceicao, channelId: IDS.official, teamId: IDS.vendas, templateId: IDS.welcome,
      parameters: { nome: 'João', atendente: 'Ana' },
    });
    // What the outbox records after the network stayed down through every attempt.
    const other = openStore({ location: dir });
    other.outbox.setState(started.localId, { state: 'failed', lastError: 'Sem conexão com o HelenaCRM.', retryable: true });
    const view = async () => (await core.invoke('conversation.open', { sessionId: started.conversationKey })).messages[0];
    expect(await view()).toMatchObject({ outboxState: 'failed', retryable: true, editable: true });
    await core.invoke('message.retry', { localId: started.localId });
    expect(await view()).toMatchObject({ outboxState: 'queued', retryable: false });
    // Not failed any more: nothing to retry, said in both languages.
    const refused = await refusalOf(core.invoke('message.retry', { localId: started.localId }));
    expect(refused.toJSON()).toMatchObject({ code: 'invalid_input', messageEn: 'This message did not fail: there is nothing to retry.' });
    // A failure that another try cannot fix (e.g. WhatsApp refused the number) is not offered.
    other.outbox.setState(started.localId, { state: 'failed', lastError: 'Número sem WhatsApp.', retryable: false });
    expect(await view()).toMatchObject({ outboxState: 'failed', retryable: false });
    other.close();
  });

  it('says why a send failed in the agent\'s language: pt-BR as stored, English beside it; an older reason stays pt-BR', async () => {
    const started = await core.invoke('conversation.start', {
      contactId: IDS.conceicao, channelId: IDS.official, teamId: IDS.vendas, templateId: IDS.welcome,
      parameters: { nome: 'João', atendente: 'Ana' },
    });
    // What the outbox records when HelenaCRM refuses the start (outbox.ts toFailed).
    const why = decideFailure(new HelenaError({ detail: { kind: 'forbidden' }, status: 403, key: 'http.forbidden' }), 1, DEFAULT_OUTBOX_RETRY);
    const other = openStore({ location: dir });
    other.outbox.setState(started.localId, { state: 'failed', lastError: why.reason, lastErrorCode: why.code, retryable: false });
    other.messages.setStatus(started.localId, 'FAILED', why.reason, why.code);
    const both = { failedReason: 'Você não tem permissão para fazer isso no HelenaCRM.', failedReasonEn: 'You are not allowed to do this in HelenaCRM.' };
    const opened = await core.invoke('conversation.open', { sessionId: started.conversationKey });
    expect(opened.messages[0]).toMatchObject({ outboxState: 'failed', ...both, retryingAfter: null, retryingAfterEn: null });
    expect(opened.conversation?.pendingStart).toEqual({ state: 'failed', ...both });
    const listed = (await core.invoke('conversation.list', {})).find((c) => c.id === started.conversationKey);
    expect(listed?.pendingStart).toEqual({ state: 'failed', ...both });
    // A reason written before reasons had codes: the stored pt-BR text, with no English to pick.
    other.messages.setStatus(started.localId, 'FAILED', 'Número sem WhatsApp.');
    other.outbox.setState(started.localId, { state: 'failed', lastError: 'Número sem WhatsApp.', retryable: false });
    const older = await core.invoke('conversation.open', { sessionId: started.conversationKey });
    expect(older.messages[0]).toMatchObject({ failedReason: 'Número sem WhatsApp.', failedReasonEn: null });
    expect(older.conversation?.pendingStart).toEqual({ state: 'failed', failedReason: 'Número sem WhatsApp.', failedReasonEn: null });
    other.close();
  });

  it('starts with a valid template: the message is in SQLite when the call resolves', async () => {
    const started = await core.invoke('conversation.start', {
      contactId: IDS.conceicao, channelId: IDS.official, teamId: IDS.vendas, templateId: IDS.welcome,
      parameters: { nome: 'João', atendente: 'Ana', ignorado: 'x' },
    });
    expect(started.conversationKey).toMatch(/^start:/);
    expect(started.cost.amount).toBe(0.008);
    expect(engines.built[0]?.outbox.starts[0]).toEqual({
      contactId: IDS.conceicao, channelId: IDS.official, departmentId: IDS.vendas, templateId: IDS.welcome,
      parameters: { nome: 'João', atendente: 'Ana' },
    });
    const opened = await core.invoke('conversation.open', { sessionId: started.conversationKey });
    // No session yet: the start's own summary, so the screen can name the contact.
    expect(opened.conversation).toMatchObject({ id: started.conversationKey, contactId: IDS.conceicao, pendingStart: { state: 'queued' } });
    expect(opened.messages).toMatchObject([{ localId: started.localId, outboxState: 'queued', editable: true }]);
    // A text queued behind the unacknowledged start.
    await core.invoke('message.sendText', { sessionId: started.conversationKey, text: 'Fico no aguardo' });
    expect((await core.invoke('conversation.open', { sessionId: started.conversationKey })).messages.map((m) => m.text)).toEqual([
      null, 'Fico no aguardo',
    ]);
  });

  it('opens a start the server acknowledged before its session was fetched, from the cache, under the session id', async () => {
    const started = await core.invoke('conversation.start', {
      contactId: IDS.conceicao, channelId: IDS.official, teamId: IDS.vendas, templateId: IDS.welcome,
      parameters: { nome: 'João', atendente: 'Ana' },
    });
    // What the outbox does on the acknowledgement: the start's rows move to the new session.
    const sessionId = randomUUID();
    const other = openStore({ location: dir });
    other.outbox.rekeyConversation(started.conversationKey, sessionId);
    other.close();
    const opened = await core.invoke('conversation.open', { sessionId: started.conversationKey });
    expect(opened).toMatchObject({ conversationKey: sessionId, conversation: null });
    expect(opened.messages.map((m) => m.localId)).toEqual([started.localId]);
    // A session that nothing in the cache knows is still 'not found'.
    expect(await refusalOf(core.invoke('conversation.open', { sessionId: randomUUID() }))).toMatchObject({ code: 'not_found' });
  });

  it('refuses a start on the official channel without a template, a template of another team, a contact without phone', async () => {
    const base = { contactId: IDS.conceicao, channelId: IDS.official, teamId: IDS.vendas };
    expect(await refusalOf(core.invoke('conversation.start', base))).toMatchObject({ field: 'templateId' });
    expect(await refusalOf(core.invoke('conversation.start', { ...base, templateId: IDS.financeOnly, parameters: {} }))).toMatchObject({
      code: 'not_allowed', field: 'templateId', message: 'Este modelo não está liberado para a equipe escolhida.',
    });
    expect(await refusalOf(core.invoke('conversation.start', { ...base, templateId: IDS.inReview }))).toMatchObject({
      message: 'Este modelo ainda não foi aprovado pelo WhatsApp.',
    });
    expect(await refusalOf(core.invoke('conversation.start', { ...base, contactId: IDS.noPhone, templateId: IDS.welcome }))).toMatchObject({
      field: 'contactId',
    });
    // João has an open conversation on the official number: HelenaCRM would put the start into it.
    expect(await refusalOf(core.invoke('conversation.start', { ...base, contactId: IDS.joao, templateId: IDS.welcome, parameters: { nome: 'João', atendente: 'Ana' } }))).toMatchObject({
      code: 'not_allowed', field: 'channelId',
    });
    const qr = await core.invoke('conversation.start', { ...base, channelId: IDS.qr, text: 'Oi João!' });
    expect(qr.cost.charged).toBe(false);
  });
});

describe('conversations, drafts and messages', () => {
  it('lists only visible conversations, opens one with its window and draft, and triggers a refresh', async () => {
    const list = await core.invoke('conversation.list', {});
    expect(list.map((c) => c.id).sort()).toEqual([IDS.mySession, IDS.colleagueSession].sort());
    expect(list.find((c) => c.id === IDS.mySession)).toMatchObject({ contactName: 'João da Silva', canWrite: true, window: { state: 'not_started', canSendFreeText: false } });
    expect(list.find((c) => c.id === IDS.mySession)?.draft).toBeNull();
    await core.invoke('draft.save', { conversationKey: IDS.mySession, text: '  rascunho\n' });
    const opened = await core.invoke('conversation.open', { sessionId: IDS.mySession });
    expect(opened.draft).toBe('  rascunho\n');
    // The desk shows it, trimmed; a draft of blanks is none.
    expect((await core.invoke('conversation.list', {})).find((c) => c.id === IDS.mySession)?.draft).toBe('rascunho');
    await core.invoke('draft.save', { conversationKey: IDS.mySession, text: '   ' });
    expect((await core.invoke('conversation.list', {})).find((c) => c.id === IDS.mySession)?.draft).toBeNull();
    expect(engines.built[0]?.sync.calls).toContain(`refresh:${IDS.mySession}`);
    expect(await refusalOf(core.invoke('conversation.open', { sessionId: IDS.otherTeamSession }))).toMatchObject({ code: 'not_allowed' });
  });

  it('saves drafts to SQLite before resolving (another connection sees them)', async () => {
    await core.invoke('draft.save', { conversationKey: IDS.mySession, text: 'Olá, tudo bem?' });
    const other = openStore({ location: dir });
    try {
      expect(other.drafts.load(IDS.mySession)?.text).toBe('Olá, tudo bem?');
    } finally {
      other.close();
    }
    expect(await core.invoke('draft.load', { conversationKey: IDS.mySession })).toMatchObject({ text: 'Olá, tudo bem?' });
  });

  it('writes only in conversations the agent took; edits and cancels until sent', async () => {
    const refused = await refusalOf(core.invoke('message.sendText', { sessionId: IDS.colleagueSession, text: 'oi' }));
    expect(refused).toMatchObject({ code: 'not_allowed', field: 'sessionId' });
    const sent = await core.invoke('message.sendText', { sessionId: IDS.mySession, text: 'primeira' });
    await core.invoke('message.edit', { localId: sent.localId, text: 'primeira, editada' });
    expect((await core.invoke('conversation.open', { sessionId: IDS.mySession })).messages[0]?.text).toBe('primeira, editada');
    await core.invoke('message.cancel', { localId: sent.localId });
    expect(await refusalOf(core.invoke('message.cancel', { localId: sent.localId }))).toMatchObject({ code: 'too_late' });
    const empty = await refusalOf(core.invoke('message.sendText', { sessionId: IDS.mySession, text: '   ' }));
    expect(empty).toMatchObject({ field: 'text', message: 'Escreva a mensagem antes de enviar.' });
  });

  it('dismisses the line of an edit not made on the agent\'s own message only, and nothing else of it', async () => {
    const mine = await core.invoke('message.sendText', { sessionId: IDS.mySession, text: 'primeira' });
    const theirs = await core.invoke('message.sendText', { sessionId: IDS.mySession, text: 'segunda' });
    // Both keep the text of an edit not made (as the outbox writes it); the second is a colleague's.
    const other = openStore({ location: dir });
    try {
      const keep = other.db.prepare(`UPDATE outbox SET payload = json_set(payload, '$.abandonedEdit', json(?)) WHERE local_id = ?`);
      for (const { localId } of [mine, theirs]) keep.run(JSON.stringify({ text: 'editada', reason: 'too_late' }), localId);
      other.db.prepare('UPDATE outbox SET author_id = ? WHERE local_id = ?').run(IDS.colleague, theirs.localId);
    } finally {
      other.close();
    }
    const lines = async () => (await core.invoke('conversation.open', { sessionId: IDS.mySession })).messages;
    const before = await lines();
    expect(before.map((m) => m.abandonedEditText)).toEqual(['editada', 'editada']);

    expect(await refusalOf(core.invoke('message.dismissEditNote', { localId: theirs.localId }))).toMatchObject({ code: 'not_allowed', field: 'localId' });
    expect(await core.invoke('message.dismissEditNote', { localId: mine.localId })).toEqual({ ok: true });
    const after = await lines();
    expect(after[0]).toEqual({ ...before[0], abandonedEditText: null, abandonedEditReason: null });
    expect(after[1]).toEqual(before[1]);
    // A second window dismissing it too: done already, said so.
    expect(await core.invoke('message.dismissEditNote', { localId: mine.localId })).toEqual({ ok: true });
    expect(await refusalOf(core.invoke('message.dismissEditNote', { localId: randomUUID() }))).toMatchObject({ code: 'not_found', field: 'localId' });
  });

  it('takes internal notes from anyone who sees the conversation, queued in SQLite, shown as notes with their author', async () => {
    // The colleague's conversation: Ana may not write to the contact there, but may leave a note.
    const note = await core.invoke('note.add', { sessionId: IDS.colleagueSession, text: 'Cliente pediu 2ª via do boleto.' });
    expect(note).toMatchObject({ state: 'queued', conversationKey: IDS.colleagueSession });
    const other = openStore({ location: dir });
    try {
      expect(other.outbox.get(note.localId)).toMatchObject({ kind: 'note', payload: { kind: 'note', body: { text: 'Cliente pediu 2ª via do boleto.' } } });
    } finally {
      other.close();
    }
    const opened = await core.invoke('conversation.open', { sessionId: IDS.colleagueSession });
    expect(opened.messages).toMatchObject([{ localId: note.localId, kind: 'note', authorName: 'Ana Lúcia', text: 'Cliente pediu 2ª via do boleto.', outboxState: 'queued' }]);
    expect(await refusalOf(core.invoke('note.add', { sessionId: IDS.otherTeamSession, text: 'oi' }))).toMatchObject({ code: 'not_allowed', field: 'sessionId' });
    expect(await refusalOf(core.invoke('note.add', { sessionId: IDS.mySession, text: '  \n ' }))).toMatchObject({
      code: 'invalid_input',
      field: 'text',
      message: 'A nota interna está vazia: escreva o recado para a equipe.',
      messageEn: 'The internal note is empty: write something for the team.',
    });
    expect(await refusalOf(core.invoke('note.add', { sessionId: IDS.mySession, text: 'x'.repeat(4097) }))).toMatchObject({ code: 'invalid_input', field: 'text' });
    expect(await refusalOf(core.invoke('note.add', { sessionId: IDS.mySession, text: '' }))).toMatchObject({ code: 'invalid_input', field: 'text' });
  });

  it('marks read locally and announces it', async () => {
    await core.invoke('conversation.markRead', { sessionId: IDS.mySession });
    expect((await core.invoke('conversation.list', {})).find((c) => c.id === IDS.mySession)?.unreadCount).toBe(0);
    expect(events).toContainEqual({ type: 'conversation-changed', sessionId: IDS.mySession });
  });
});

describe('events, state and auth', () => {
  it('forwards engine events, tells the outbox about replies and connectivity, and reflects them in the snapshot', async () => {
    const { sync, outbox } = engines.built[0] ?? { sync: null, outbox: null };
    sync?.emit({ type: 'connectivity', state: 'online', realtime: 'connected' });
    sync?.emit({ type: 'sync-finished', phase: 'delta', at: '2024-05-01T12:00:00.000Z' });
    sync?.emit({ type: 'contact-replied', sessionId: IDS.mySession, contactId: IDS.joao, contactName: 'João', text: 'Oi' });
    expect(outbox?.calls).toEqual(expect.arrayContaining([`replied:${IDS.mySession}`, 'online:true']));
    expect(events.map((e) => e.type)).toEqual(['connectivity', 'sync-finished', 'contact-replied']);
    const snapshot = await core.invoke('state.snapshot', {});
    expect(snapshot).toMatchObject({
      auth: 'logged_in', agent: { name: 'Ana Lúcia' }, connectivity: { state: 'online' },
      sync: { state: 'idle', lastFinishedAt: '2024-05-01T12:00:00.000Z' },
      conversations: { total: 2, unread: 1, waitingContact: 2 },
    });
  });

  it('auth-expired keeps local data, clears the token and says it once', async () => {
    engines.built[0]?.sync.emit({ type: 'auth-expired' });
    engines.built[0]?.sync.emit({ type: 'auth-expired' });
    await Promise.resolve();
    expect(events.filter((e) => e.type === 'auth-expired')).toHaveLength(1);
    expect(await secrets.get()).toBeNull();
    expect((await core.invoke('state.snapshot', {})).auth).toBe('expired');
    expect((await core.invoke('contacts.search', { query: 'conceicao' })).items).toHaveLength(1);
    await core.invoke('draft.save', { conversationKey: IDS.mySession, text: 'não perco isto' });
  });

  it('auth-expired pauses the outbox: queued messages wait for the next login instead of being tried', async () => {
    engines.built[0]?.sync.emit({ type: 'auth-expired' });
    await Promise.resolve();
    expect(engines.built[0]?.outbox.calls).toContain('authorized:false');
    const queued = await core.invoke('message.sendText', { sessionId: IDS.mySession, text: 'fica na fila' });
    expect(queued.state).toBe('queued');
    expect((await core.invoke('state.snapshot', {})).outbox.queued).toBe(1);
  });

  it('logout clears the token, stops the engines, keeps the cache and refuses work until login', async () => {
    await core.invoke('auth.logout', {});
    expect(await secrets.get()).toBeNull();
    expect(engines.built[0]?.sync.calls).toContain('stop');
    expect(await refusalOf(core.invoke('contacts.search', { query: 'joao' }))).toMatchObject({ code: 'not_logged_in' });
    expect((await core.invoke('state.snapshot', {})).auth).toBe('logged_out');
    const other = openStore({ location: dir });
    try {
      expect(other.contacts.count()).toBe(3);
    } finally {
      other.close();
    }
  });

  it('logout stops the outbox before HelenaCRM revokes the token: a send in between would read as "sessão expirada"', async () => {
    await core.close();
    const order: string[] = [];
    let built: ReturnType<typeof fakeEngines> | null = null;
    const server = createServer((req, res) => {
      if (req.url === '/auth/v1/logout') order.push(`revoked; outbox ${built?.built[0]?.outbox.calls.includes('stop') ? 'stopped' : 'running'}`);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      built = fakeEngines();
      core = new HelenaConsole({ secrets: new MemorySecretStore(TOKEN), prices: PRICES, engines: built.factory, client: { retry: { maxAttempts: 1 } } });
      await core.open({ location: dir, baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
      await core.invoke('auth.logout', {});
      expect(order).toEqual(['revoked; outbox stopped']);
    } finally {
      server.close();
    }
  });

  it('never puts the token in events, results or the database file', async () => {
    await core.invoke('draft.save', { conversationKey: IDS.mySession, text: 'x' });
    const snapshot = JSON.stringify(await core.invoke('state.snapshot', {}));
    expect(snapshot).not.toContain(TOKEN);
    expect(JSON.stringify(events)).not.toContain(TOKEN);
    await core.close();
    const { readFileSync, readdirSync } = await import('node:fs');
    for (const file of readdirSync(dir)) expect(readFileSync(`${dir}/${file}`).includes(TOKEN)).toBe(false);
    core = new HelenaConsole({ secrets, prices: PRICES, engines: engines.factory, client: { retry: { maxAttempts: 1 } } });
    await core.open({ location: dir, baseUrl: 'http://127.0.0.1:9' });
  });

  it('refuses commands before open with a typed error', async () => {
    const closed = new HelenaConsole({ secrets: new MemorySecretStore(), prices: PRICES, engines: fakeEngines().factory });
    expect(await closed.handle('state.snapshot', {})).toMatchObject({ ok: false, error: { code: 'not_open' } });
    expect(await closed.handle('contacts.search', { query: randomUUID() })).toMatchObject({ ok: false, error: { code: 'not_open' } });
  });
});
