import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_DB_FILE, openDatabase } from './db';
import { DatabaseTooNewError, MigrationFailedError } from './errors';
import { migrate, schemaVersion } from './migrate';
import { LATEST_SCHEMA_VERSION, MIGRATIONS, type Migration } from './migrations';
import { ContactsRepo } from './contacts-repo';
import { openStore } from './store';
import { contactDto } from './test-fixtures';
import { messageView } from '../console/views';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'helena-store-test-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('migrations', () => {
  it('creates the whole schema on a fresh database and records the version', () => {
    const { db, migration } = openDatabase({ location: ':memory:' });
    expect(migration).toMatchObject({ from: 0, to: LATEST_SCHEMA_VERSION });
    expect(migration.applied.map((m) => m.version)).toEqual(MIGRATIONS.map((m) => m.version));
    const tables = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").all() as Array<{ name: string }>;
    for (const name of ['contacts', 'channels', 'teams', 'team_agents', 'me', 'templates', 'sessions', 'messages', 'outbox', 'drafts', 'sync_state', 'realtime_cursor']) {
      expect(tables.map((t) => t.name)).toContain(name);
    }
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    db.close();
  });

  it('fills the search vocabulary and facts from the contacts a version-3 cache already holds', () => {
    const db = new Database(':memory:');
    migrate(db, MIGRATIONS.filter((m) => m.version <= 3));
    db.prepare(
      `INSERT INTO contacts (rank_key, id, name, name_norm, phone_national, email, email_norm, status, created_at, updated_at)
       VALUES (1, 'c1', 'Fernanda Łukasz', 'fernanda łukasz', '11987654321', 'nanda.souza2024@gmail.com', 'nanda.souza2024@gmail.com', 'ACTIVE', '2024-01-01', '2024-01-01')`,
    ).run();
    migrate(db);
    expect((db.prepare('SELECT term FROM search_vocab ORDER BY term').pluck().all() as string[])).toEqual(['2024', 'fernanda', 'gmail', 'nanda', 'souza', 'łukasz']);
    expect(db.prepare("SELECT value FROM search_facts WHERE name = 'max_national_digits'").pluck().get()).toBe(11);
    db.close();
  });

  it('rebuilds the search indexes of a version-4 cache keyed newest first, and keeps them in step afterwards', () => {
    const dir = tempDir();
    const old = new Database(join(dir, DEFAULT_DB_FILE));
    migrate(old, MIGRATIONS.filter((m) => m.version <= 4));
    // Rows as version 4 wrote them, with index entries keyed by the rank key itself.
    new ContactsRepo(old).upsertContacts([
      contactDto({ name: 'Maria Antiga', phoneNumber: '+5511987650001', updatedAt: '2023-01-01T00:00:00Z' }),
      contactDto({ name: 'Maria Recente', phoneNumber: '+5511987650002', updatedAt: '2024-06-01T00:00:00Z' }),
    ]);
    old.exec(`INSERT INTO contacts_fts (contacts_fts) VALUES ('delete-all');
      INSERT INTO contacts_phone_fts (contacts_phone_fts) VALUES ('delete-all');
      INSERT INTO contacts_fts (rowid, name, email, search_keys) SELECT rank_key, name_norm, email_norm, search_keys FROM contacts;
      INSERT INTO contacts_phone_fts (rowid, national) SELECT rank_key, '!' || phone_national || '$' FROM contacts;`);
    old.close();

    const store = openStore({ location: dir });
    expect(store.migration.applied.map((m) => m.name)).toContain('search-newest-first');
    const names = (query: string, limit = 20) => store.searchContacts(query, { limit }).items.map((c) => c.name);
    expect(names('maria', 1)).toEqual(['Maria Recente']);
    expect(names('98765')).toEqual(['Maria Recente', 'Maria Antiga']);
    // An edit removes the old words: the index entries carry the keys the repo now deletes by.
    const recente = store.searchContacts('recente').items[0];
    store.contacts.upsertContacts([contactDto({ id: recente?.id, name: 'Joana Recente', phoneNumber: '+5511987650002', updatedAt: '2024-07-01T00:00:00Z' })]);
    expect(names('maria')).toEqual(['Maria Antiga']);
    expect(names('joana')).toEqual(['Joana Recente']);
    store.close();
  });

  it('keeps the failure reasons a version-5 cache holds readable, in pt-BR, and stores codes beside new ones', () => {
    const dir = tempDir();
    const old = new Database(join(dir, DEFAULT_DB_FILE));
    migrate(old, MIGRATIONS.filter((m) => m.version <= 5));
    // Rows as version 5 wrote them: a failed start and a text being retried, reasons in pt-BR only.
    old.exec(`INSERT INTO messages (local_id, ref_id, conversation_key, direction, status, failed_reason, created_at, updated_at)
        VALUES ('m1', 'r1', 'start:m1', 'FROM_HUB', 'FAILED', 'Falha inesperada ao enviar a mensagem. Tente novamente.', '2024-01-01', '2024-01-01'),
               ('m2', 'r2', 'start:m1', 'FROM_HUB', 'LOCAL', NULL, '2024-01-01', '2024-01-01');
      INSERT INTO outbox (local_id, ref_id, conversation_key, kind, state, payload, attempts, last_error, retryable, created_at, updated_at)
        VALUES ('m1', 'r1', 'start:m1', 'start', 'failed', '{}', 3, 'Falha inesperada ao enviar a mensagem. Tente novamente.', 1, '2024-01-01', '2024-01-01'),
               ('m2', 'r2', 'start:m1', 'text', 'queued', '{}', 1, 'O HelenaCRM está com instabilidade no momento. Tentaremos de novo automaticamente.', 1, '2024-01-01', '2024-01-01');`);
    old.close();

    const store = openStore({ location: dir });
    expect(store.migration.applied.map((m) => m.name)).toContain('failure-reason-codes');
    expect(store.messages.get('m1')).toMatchObject({ failedReason: 'Falha inesperada ao enviar a mensagem. Tente novamente.', failedReasonCode: null });
    expect(store.outbox.get('m2')).toMatchObject({ attempts: 1, lastError: 'O HelenaCRM está com instabilidade no momento. Tentaremos de novo automaticamente.', lastErrorCode: null });
    // What the agent sees for them: the stored pt-BR text, in every language (no English without a code).
    const m1 = store.messages.get('m1');
    const m2 = store.messages.get('m2');
    if (!m1 || !m2) throw new Error('rows lost');
    expect(messageView(m1, store.outbox.get('m1') ?? undefined)).toMatchObject({ failedReason: m1.failedReason, failedReasonEn: null });
    expect(messageView(m2, store.outbox.get('m2') ?? undefined)).toMatchObject({
      retryingAfter: 'O HelenaCRM está com instabilidade no momento. Tentaremos de novo automaticamente.',
      retryingAfterEn: null,
    });
    // New reasons keep their code beside the text; clearing the text clears the code.
    const code = { code: 'rate_limited', values: { seconds: 30 } };
    store.outbox.setState('m2', { state: 'queued', lastError: 'pausa', lastErrorCode: code });
    expect(store.outbox.get('m2')).toMatchObject({ lastError: 'pausa', lastErrorCode: code });
    store.messages.setStatus('m2', 'FAILED', 'pausa', code);
    expect(store.messages.get('m2')).toMatchObject({ failedReason: 'pausa', failedReasonCode: code });
    store.outbox.setState('m2', { state: 'queued' });
    store.messages.setStatus('m2', 'LOCAL');
    expect(store.outbox.get('m2')?.lastErrorCode).toBeNull();
    expect(store.messages.get('m2')?.failedReasonCode).toBeNull();
    store.close();
  });

  it('adds the template file type to a version-6 cache and drops only the templates cursor, so the next sync refetches every template', () => {
    const dir = tempDir();
    const old = new Database(join(dir, DEFAULT_DB_FILE));
    migrate(old, MIGRATIONS.filter((m) => m.version <= 6));
    // As version 6 left it: a template synced without its file type, and the cursors of a finished sync.
    old.exec(`INSERT INTO templates (id, channel_id, name, text, status, active, kinds, params, category_name, updated_at)
        VALUES ('t-img', 'c1', 'catalogo_produtos', 'Oi {{nome}}!', 'Approved', 1, '["TEMPLATE"]', '["nome"]', 'Marketing', '2025-03-01T10:00:00.000Z');
      INSERT INTO messages (local_id, ref_id, conversation_key, direction, status, text, created_at, updated_at)
        VALUES ('m1', 'r1', 's1', 'FROM_HUB', 'SENT', 'Oi Maria!', '2025-03-01', '2025-03-01');
      INSERT INTO sync_state (key, value, updated_at) VALUES
        ('cursor:templates', '2025-03-01T10:00:00.000Z', '2025-03-01'),
        ('cursor:contacts', '2025-03-02T00:00:00.000Z', '2025-03-02'),
        ('cursor:sessions', '2025-03-02T00:00:00.000Z', '2025-03-02'),
        ('firstSyncDoneAt', '2025-03-02T00:00:00.000Z', '2025-03-02');`);
    old.close();

    const store = openStore({ location: dir });
    expect(store.migration).toMatchObject({ from: 6, to: LATEST_SCHEMA_VERSION });
    expect(store.migration.applied[0]?.name).toBe('template-media');
    // Not known yet (null, not "no media"); the message row is intact, with no media.
    expect(store.templates.get('t-img')).toMatchObject({ name: 'catalogo_produtos', params: ['nome'], fileType: null });
    expect(store.messages.get('m1')).toMatchObject({ text: 'Oi Maria!', media: null });
    // A delta sync asks for templates UpdatedAt.After the cursor: without one it lists them all.
    expect(store.syncState.cursor('templates')).toBeNull();
    expect(store.syncState.cursor('contacts')).toBe('2025-03-02T00:00:00.000Z');
    expect(store.syncState.cursor('sessions')).toBe('2025-03-02T00:00:00.000Z');
    expect(store.syncState.get('firstSyncDoneAt')).not.toBeNull();
    // The refetched template, unchanged on the server (same updatedAt), now says it has an image.
    store.templates.upsertTemplates([
      { id: 't-img', updatedAt: '2025-03-01T10:00:00.000Z', active: true, channelId: 'c1', name: 'catalogo_produtos', text: 'Oi {{nome}}!', status: 'Approved', type: ['TEMPLATE'], params: [{ name: 'nome' }], categoryName: 'Marketing', fileType: 'IMAGE' },
    ]);
    expect(store.templates.get('t-img')?.fileType).toBe('IMAGE');
    store.close();
  });

  it("gives a version-8 cache's signed-in agent an availability not known yet (null), kept on the next save", () => {
    const dir = tempDir();
    const old = new Database(join(dir, DEFAULT_DB_FILE));
    migrate(old, MIGRATIONS.filter((m) => m.version <= 8));
    old.exec(`INSERT INTO me (slot, id, user_id, name, email, profile, departments, updated_at, saved_at)
      VALUES (1, 'a1', 'u1', 'Ana', 'ana@x.com', 'Agent', '[]', '2025-03-01T00:00:00.000Z', '2025-03-01T00:00:00.000Z')`);
    old.close();

    const store = openStore({ location: dir });
    expect(store.migration.applied.map((m) => m.name)).toEqual(MIGRATIONS.filter((m) => m.version > 8).map((m) => m.name));
    expect(store.directory.me()).toMatchObject({ id: 'a1', name: 'Ana', availability: null });
    store.directory.setMe({ id: 'a1', userId: 'u1', name: 'Ana', email: 'ana@x.com', phoneNumber: null, profile: 'Agent', departments: [], availability: 'UNAVAILABLE', updatedAt: '2025-03-02T00:00:00.000Z' });
    expect(store.directory.me()?.availability).toBe('UNAVAILABLE');
    store.close();
  });

  it("keeps a version-9 cache's drafts as message drafts and takes a note draft beside each", () => {
    const dir = tempDir();
    const old = new Database(join(dir, DEFAULT_DB_FILE));
    migrate(old, MIGRATIONS.filter((m) => m.version <= 9));
    // As version 9 left it: one draft per conversation, no kind.
    old.exec(`INSERT INTO drafts (conversation_key, text, updated_at)
      VALUES ('s1', 'Olá, tudo bem?', '2025-03-01T00:00:00.000Z'), ('start:0f8fad5b-d9cb-469f-a165-70867728950e', 'Oi!', '2025-03-02T00:00:00.000Z')`);
    old.close();

    const store = openStore({ location: dir });
    expect(store.migration.applied.map((m) => m.name)).toEqual(MIGRATIONS.filter((m) => m.version > 9).map((m) => m.name));
    expect(store.migration.applied[0]?.name).toBe('note-drafts');
    expect(store.drafts.load('s1')).toEqual({ conversationKey: 's1', kind: 'message', text: 'Olá, tudo bem?', updatedAt: '2025-03-01T00:00:00.000Z' });
    expect(store.drafts.load('start:0f8fad5b-d9cb-469f-a165-70867728950e')?.text).toBe('Oi!');
    expect(store.drafts.load('s1', 'note')).toBeNull();
    // A note draft goes beside the message draft; neither replaces the other.
    store.drafts.save('s1', 'Cliente prefere ligação à tarde.', 'note');
    expect(store.drafts.load('s1')?.text).toBe('Olá, tudo bem?');
    expect(store.drafts.load('s1', 'note')?.text).toBe('Cliente prefere ligação à tarde.');
    expect(() => store.db.prepare("INSERT INTO drafts (conversation_key, kind, author_id, text, updated_at) VALUES ('s1', 'other', '', 'x', '')").run()).toThrow(/CHECK/);
    store.close();
  });

  it("gives a version-10 cache's drafts to the agent signed in last, and keeps them theirs", () => {
    const dir = tempDir();
    const old = new Database(join(dir, DEFAULT_DB_FILE));
    migrate(old, MIGRATIONS.filter((m) => m.version <= 10));
    old.exec(`INSERT INTO me (slot, id, user_id, name, saved_at) VALUES (1, 'a1', 'u-ana', 'Ana', '2025-03-01');
      INSERT INTO drafts (conversation_key, kind, text, updated_at)
      VALUES ('s1', 'message', 'Olá, tudo bem?', '2025-03-01T00:00:00.000Z'), ('s1', 'note', 'Ligar às 15h', '2025-03-01T00:00:00.000Z')`);
    old.close();

    const store = openStore({ location: dir });
    expect(store.migration.applied[0]?.name).toBe('draft-authors');
    expect(store.db.prepare('SELECT author_id, kind FROM drafts ORDER BY kind').all()).toEqual([
      { author_id: 'u-ana', kind: 'message' },
      { author_id: 'u-ana', kind: 'note' },
    ]);
    expect(store.drafts.load('s1')?.text).toBe('Olá, tudo bem?');
    store.db.prepare("UPDATE me SET user_id = 'u-joao'").run();
    expect(store.drafts.load('s1')).toBeNull();
    store.close();
  });

  it('rebuilds the outbox of a version-7 cache so it takes notes, keeping every entry, its author, the order and the indexes', () => {
    const dir = tempDir();
    const old = new Database(join(dir, DEFAULT_DB_FILE));
    old.pragma('foreign_keys = ON');
    migrate(old, MIGRATIONS.filter((m) => m.version <= 7));
    // As version 7 left it: a start sent, a text held for the reply, a cancelled one (the highest seq), by two agents.
    old.exec(`INSERT INTO messages (local_id, ref_id, conversation_key, direction, status, text, user_id, created_at, updated_at)
        VALUES ('m1', 'r1', 's1', 'FROM_HUB', 'SENT', 'Olá!', 'ana', '2025-03-01', '2025-03-01'),
               ('m2', 'r2', 's1', 'FROM_HUB', 'LOCAL', 'Pode falar?', 'ana', '2025-03-01', '2025-03-01'),
               ('m3', 'r3', 's2', 'FROM_HUB', 'CANCELLED', 'Esquece.', 'joao', '2025-03-01', '2025-03-01');
      INSERT INTO outbox (local_id, ref_id, conversation_key, kind, state, payload, attempts, last_error, last_error_code, last_error_values, retryable, created_at, updated_at)
        VALUES ('m1', 'r1', 's1', 'start', 'sent', '{"to":"+5511987654321"}', 1, NULL, NULL, NULL, NULL, '2025-03-01', '2025-03-01'),
               ('m2', 'r2', 's1', 'text', 'waiting_reply', '{"text":"Pode falar?","refId":"r2"}', 2, 'Aguardando a resposta do contato.', 'window_held', '{}', 1, '2025-03-01', '2025-03-02'),
               ('m3', 'r3', 's2', 'text', 'cancelled', '{"text":"Esquece."}', 0, NULL, NULL, NULL, NULL, '2025-03-01', '2025-03-01');`);
    const before = old.prepare('SELECT * FROM outbox ORDER BY seq').all();
    const counter = old.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'outbox'").pluck().get();
    expect(() => old.prepare("INSERT INTO outbox (local_id, ref_id, conversation_key, kind, state, payload, created_at, updated_at) VALUES ('m3', 'x', 's2', 'note', 'queued', '{}', '', '')").run()).toThrow(/CHECK/);
    old.close();

    const store = openStore({ location: dir });
    // 008 and every migration after it.
    expect(store.migration.applied.map((m) => m.name)).toEqual(MIGRATIONS.filter((m) => m.version > 7).map((m) => m.name));
    expect(store.migration.applied[0]?.name).toBe('outbox-notes');
    // Every row as it was (012 adds file_id, empty for what was written before files).
    expect(store.db.prepare('SELECT * FROM outbox ORDER BY seq').all().map((row) => { const { file_id: fileId, send_started_at: started, ...rest } = row as { file_id: unknown; send_started_at: unknown }; expect(fileId).toBeNull(); expect(started).toBeNull(); return rest; })).toEqual(before);
    expect(store.outbox.get('m2')).toMatchObject({ kind: 'text', state: 'waiting_reply', attempts: 2, lastErrorCode: { code: 'window_held', values: {} } });
    const objects = store.db.prepare("SELECT type || ':' || name FROM sqlite_schema WHERE tbl_name = 'outbox' AND sql IS NOT NULL ORDER BY name").pluck().all();
    expect(objects).toEqual(['table:outbox', 'trigger:outbox_author', 'index:outbox_conversation', 'index:outbox_pending', 'index:outbox_state', 'index:outbox_waiting']);
    expect(store.db.pragma('foreign_key_check')).toEqual([]);

    // A note goes in: after the old entries (the AUTOINCREMENT counter survived), with its author from its message.
    const note = store.outbox.enqueue({
      message: { localId: 'n1', refId: 'rn1', conversationKey: 's1', sessionId: 's1', text: 'Cliente pediu 2ª via do boleto.', templateId: null, parameters: null, type: 'NOTE', userId: 'ana', createdAt: '2025-03-03' },
      payload: { kind: 'note', body: { text: 'Cliente pediu 2ª via do boleto.', refId: 'rn1' } },
    });
    expect(note).toMatchObject({ kind: 'note', state: 'queued' });
    expect(note.seq).toBeGreaterThan(Number(counter));
    expect(store.db.prepare("SELECT author_id FROM outbox WHERE local_id = 'n1'").pluck().get()).toBe('ana');
    expect(store.messages.get('n1')).toMatchObject({ type: 'NOTE', status: 'LOCAL' });
    // Still tied to its message: deleting the message takes the entry with it.
    store.db.prepare("DELETE FROM messages WHERE local_id = 'm3'").run();
    expect(store.outbox.get('m3')).toBeNull();
    store.close();
  });

  it('rebuilds the outbox of a version-11 cache so it takes files: every entry kept, the same indexes and trigger, files waiting for the window like text', () => {
    const dir = tempDir();
    const old = new Database(join(dir, DEFAULT_DB_FILE));
    old.pragma('foreign_keys = ON');
    migrate(old, MIGRATIONS.filter((m) => m.version <= 11));
    old.exec(`INSERT INTO messages (local_id, ref_id, conversation_key, direction, status, text, user_id, created_at, updated_at)
        VALUES ('m1', 'r1', 's1', 'FROM_HUB', 'SENT', 'Olá!', 'ana', '2025-03-01', '2025-03-01'),
               ('m2', 'r2', 's1', 'FROM_HUB', 'LOCAL', 'Pode falar?', 'ana', '2025-03-01', '2025-03-01'),
               ('n1', 'r3', 's1', 'FROM_HUB', 'LOCAL', 'Ligar às 15h', 'joao', '2025-03-01', '2025-03-01');
      INSERT INTO outbox (local_id, ref_id, conversation_key, kind, state, payload, attempts, last_error, last_error_code, last_error_values, retryable, created_at, updated_at)
        VALUES ('m1', 'r1', 's1', 'start', 'sent', '{"to":"+5511987654321"}', 1, NULL, NULL, NULL, NULL, '2025-03-01', '2025-03-01'),
               ('m2', 'r2', 's1', 'text', 'waiting_reply', '{"text":"Pode falar?","refId":"r2"}', 2, 'Aguardando', 'window_held', '{}', 1, '2025-03-01', '2025-03-02'),
               ('n1', 'r3', 's1', 'note', 'queued', '{"text":"Ligar às 15h","refId":"r3"}', 0, NULL, NULL, NULL, NULL, '2025-03-01', '2025-03-01');`);
    const schemaOf = (db: Database.Database) =>
      Object.fromEntries(
        (db.prepare("SELECT name, sql FROM sqlite_schema WHERE tbl_name = 'outbox' AND type IN ('index', 'trigger') AND sql IS NOT NULL").all() as Array<{ name: string; sql: string }>).map((r) => [r.name, r.sql]),
      );
    const beforeSchema = schemaOf(old);
    const before = old.prepare('SELECT * FROM outbox ORDER BY seq').all();
    const counter = Number(old.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'outbox'").pluck().get());
    expect(() => old.prepare("INSERT INTO outbox (local_id, ref_id, conversation_key, kind, state, payload, created_at, updated_at) VALUES ('m2', 'x', 's1', 'file', 'queued', '{}', '', '')").run()).toThrow(/CHECK/);
    old.close();

    const store = openStore({ location: dir });
    expect(store.migration.applied[0]?.name).toBe('outbox-files');
    expect(store.db.prepare('SELECT * FROM outbox ORDER BY seq').all()).toEqual(before.map((row) => ({ ...(row as object), file_id: null, send_started_at: null })));
    // The same indexes and trigger, word for word, but the index of locally held entries, which now covers files.
    const afterSchema = schemaOf(store.db);
    expect(Object.keys(afterSchema).sort()).toEqual(Object.keys(beforeSchema).sort());
    for (const name of Object.keys(beforeSchema).filter((n) => n !== 'outbox_waiting')) expect(afterSchema[name], name).toBe(beforeSchema[name]);
    expect(afterSchema.outbox_waiting).toBe("CREATE INDEX outbox_waiting ON outbox(conversation_key) WHERE state = 'waiting_reply' AND kind IN ('text', 'file')");
    expect(store.db.pragma('foreign_key_check')).toEqual([]);
    // The query for held texts and files uses that index.
    const plan = store.db
      .prepare("EXPLAIN QUERY PLAN SELECT 1 FROM outbox o WHERE o.conversation_key = 's1' AND o.state = 'waiting_reply' AND o.kind IN ('text', 'file')")
      .all()
      .map((r) => (r as { detail: string }).detail)
      .join(' ');
    expect(plan).toContain('outbox_waiting');

    // A file goes in after the old entries, with its author from its message, its file described on the message.
    const file = store.outbox.enqueue({
      message: {
        localId: 'f1', refId: 'rf1', conversationKey: 's1', sessionId: 's1', text: 'Segue o boleto', templateId: null, parameters: null,
        type: 'DOCUMENT', file: { name: 'boleto.pdf', size: 120_000, mimeType: 'application/pdf' }, userId: 'ana', createdAt: '2025-03-03',
      },
      payload: { kind: 'file', body: { text: 'Segue o boleto', refId: 'rf1', attachment: { name: 'boleto.pdf', mimeType: 'application/pdf', size: 120_000, uploadType: 'PDF' } } },
      state: 'waiting_reply',
    });
    expect(file).toMatchObject({ kind: 'file', state: 'waiting_reply', fileId: null });
    expect(file.seq).toBeGreaterThan(counter);
    expect(store.db.prepare("SELECT author_id FROM outbox WHERE local_id = 'f1'").pluck().get()).toBe('ana');
    expect(store.messages.get('f1')).toMatchObject({ type: 'DOCUMENT', file: { name: 'boleto.pdf', size: 120_000, mimeType: 'application/pdf' } });
    expect(store.messages.get('m1')?.file).toBeNull();
    expect(store.messages.get('f1')?.file).toMatchObject({ remoteId: null, downloadUrl: null });
    // Its upload's id is recorded once: the first saved upload is the one every try sends.
    expect(store.outbox.setFileId('f1', 'a1b2c3d4-0000-4000-8000-000000000001')).toBe(true);
    expect(store.outbox.setFileId('f1', 'a1b2c3d4-0000-4000-8000-000000000002')).toBe(false);
    expect(store.outbox.get('f1')?.fileId).toBe('a1b2c3d4-0000-4000-8000-000000000001');
    store.close();
  });

  it("keeps a version-12 cache's messages and learns where a received file's bytes are and HelenaCRM's id of it", () => {
    const dir = tempDir();
    const old = new Database(join(dir, DEFAULT_DB_FILE));
    migrate(old, MIGRATIONS.filter((m) => m.version <= 12));
    old.exec(`INSERT INTO messages (local_id, id, conversation_key, direction, type, status, text, file_name, file_size, file_mime, created_at, updated_at)
        VALUES ('m1', 'm1', 's1', 'TO_HUB', 'IMAGE', 'DELIVERED', NULL, 'comprovante.jpg', 2048, 'image/jpeg', '2025-03-01', '2025-03-01')`);
    const before = old.prepare('SELECT * FROM messages').get() as object;
    old.close();

    const store = openStore({ location: dir });
    expect(store.migration.applied.map((m) => m.name)).toEqual(MIGRATIONS.filter((m) => m.version > 12).map((m) => m.name));
    expect(store.db.prepare('SELECT * FROM messages').get()).toEqual({ ...before, file_id: null, file_url: null });
    // Known before 013 by name and size only: shown, and fetched once a sync brings its link.
    expect(store.messages.get('m1')?.file).toEqual({ name: 'comprovante.jpg', size: 2048, mimeType: 'image/jpeg', remoteId: null, downloadUrl: null });
    const file = { id: 'f0000000-0000-4000-8000-000000000001', name: 'comprovante.jpg', mimeType: 'image/jpeg', size: 2048, publicUrl: 'https://files.example/f1', publicUrlDownload: 'https://files.example/f1?download=1' };
    store.messages.upsertMessages([
      { id: 'm1', sessionId: 's1', direction: 'TO_HUB', type: 'IMAGE', status: 'DELIVERED', text: null, templateId: null, refId: null, fileId: file.id, failedReason: null, createdAt: '2025-03-01', updatedAt: '2025-03-02', details: { waitReply: false, file } },
    ]);
    expect(store.messages.get('m1')?.file).toEqual({ name: 'comprovante.jpg', size: 2048, mimeType: 'image/jpeg', remoteId: file.id, downloadUrl: file.publicUrlDownload });
    store.close();
  });

  it("builds the \"starts with\" indexes over the contacts a version-17 cache holds, so its names and e-mails are found by them at once", () => {
    const dir = tempDir();
    const old = new Database(join(dir, DEFAULT_DB_FILE));
    migrate(old, MIGRATIONS.filter((m) => m.version <= 17));
    new ContactsRepo(old).upsertContacts([
      contactDto({ name: 'Maria Silva Santana', updatedAt: '2021-01-01T00:00:00Z' }),
      contactDto({ name: 'Beto', email: 'Maria.Silva.Sant@gmail.com', updatedAt: '2022-01-01T00:00:00Z' }),
      contactDto({ name: 'Ana Maria Silva Santos', updatedAt: '2024-01-01T00:00:00Z' }),
    ]);
    old.close();

    const store = openStore({ location: dir });
    expect(store.migration.applied.map((m) => m.name)).toEqual(['starts-with-indexes']);
    const indexes = store.db.prepare("SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'contacts'").pluck().all();
    expect(indexes).toEqual(expect.arrayContaining(['contacts_name_start', 'contacts_email_start']));
    // The e-mail's entries were computed by the app's function: the range finds the old row by them.
    const emails = store.db
      .prepare(
        `SELECT count(*) FROM contacts INDEXED BY contacts_email_start
         WHERE contact_index_text(email_norm) >= 'maria silva' AND contact_index_text(email_norm) < 'maria silva\u{10FFFF}'`,
      )
      .pluck()
      .get();
    expect(emails).toBe(1);
    expect(store.searchContacts('maria silva san').items.map((c) => [c.name, c.match])).toEqual([
      ['Beto', 'prefix'],
      ['Maria Silva Santana', 'prefix'],
      ['Ana Maria Silva Santos', 'contains'],
    ]);
    // A write after the upgrade keeps the index in step (the app registers the function on every connection).
    store.contacts.upsertContacts([contactDto({ name: 'Maria Silva Sanches', email: 'msanches@uol.com.br', updatedAt: '2024-06-01T00:00:00Z' })]);
    expect(store.searchContacts('maria silva san', { limit: 2 }).items.map((c) => c.name)).toEqual(['Maria Silva Sanches', 'Beto']);
    expect(store.db.pragma('integrity_check(1)', { simple: true })).toBe('ok');
    store.close();
  });

  it('uses WAL, NORMAL sync and a busy timeout for a file database, and re-opens without re-running migrations', () => {
    const dir = tempDir();
    const first = openStore({ location: dir });
    expect(first.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(first.db.pragma('synchronous', { simple: true })).toBe(1);
    expect(Number(first.db.pragma('busy_timeout', { simple: true }))).toBeGreaterThan(0);
    first.contacts.upsertContacts([contactDto({ name: 'João da Silva' })]);
    first.close();

    const again = openStore({ location: dir });
    expect(again.migration.applied).toEqual([]);
    expect(again.migration.to).toBe(LATEST_SCHEMA_VERSION);
    expect(again.searchContacts('joao').items.map((c) => c.name)).toEqual(['João da Silva']);
    again.close();
  });

  it('refuses a database written by a newer version, in pt-BR, without touching it', () => {
    const dir = tempDir();
    const raw = new Database(join(dir, DEFAULT_DB_FILE));
    raw.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 3}`);
    raw.exec('CREATE TABLE future_stuff (x TEXT) STRICT');
    raw.close();

    let error: unknown;
    try {
      openDatabase({ location: dir });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DatabaseTooNewError);
    const tooNew = error as DatabaseTooNewError;
    expect(tooNew.databaseVersion).toBe(LATEST_SCHEMA_VERSION + 3);
    expect(tooNew.message).toMatch(/versão mais nova/);
    expect(tooNew.message).toMatch(/Atualize o aplicativo/);

    const check = new Database(join(dir, DEFAULT_DB_FILE));
    expect(schemaVersion(check)).toBe(LATEST_SCHEMA_VERSION + 3);
    expect(check.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE name = 'contacts'").get()).toEqual({ n: 0 });
    check.close();
  });

  it('rolls back a failing migration and leaves the version where it was', () => {
    const db = new Database(':memory:');
    const broken: Migration[] = [
      { version: 1, name: 'ok', up: (d) => d.exec('CREATE TABLE a (x INTEGER) STRICT') },
      {
        version: 2,
        name: 'broken',
        up: (d) => {
          d.exec('CREATE TABLE b (x INTEGER) STRICT');
          d.exec('THIS IS NOT SQL');
        },
      },
    ];
    expect(() => migrate(db, broken)).toThrow(MigrationFailedError);
    expect(schemaVersion(db)).toBe(1);
    const names = (db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").all() as Array<{ name: string }>).map((r) => r.name);
    expect(names).toContain('a');
    expect(names).not.toContain('b');
    db.close();
  });
});
