import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { createSandboxSchema } from './schema';

const columnsOf = (db: Database.Database, table: string) =>
  db.prepare<[], { name: string }>(`SELECT name FROM pragma_table_info('${table}')`).all().map((c) => c.name);

describe('sandbox schema', () => {
  it('adds the media columns to a data folder created before them, keeping its rows', () => {
    const db = new Database(':memory:');
    createSandboxSchema(db);
    // As an older build left ./.sandbox-data: no file columns.
    db.exec('ALTER TABLE templates DROP COLUMN file_type; ALTER TABLE messages DROP COLUMN file_id; ALTER TABLE messages DROP COLUMN file_url;');
    db.prepare(
      `INSERT INTO templates (id, name, text, status, kinds, created_at, updated_at) VALUES ('t1', 'antigo', 'Oi', 'Approved', '["TEMPLATE"]', '2024-01-01', '2024-01-01')`,
    ).run();
    db.exec('ALTER TABLE messages DROP COLUMN file_name; ALTER TABLE messages DROP COLUMN file_mime; ALTER TABLE messages DROP COLUMN file_size; ALTER TABLE messages DROP COLUMN file_kind;');
    createSandboxSchema(db);
    expect(columnsOf(db, 'templates')).toContain('file_type');
    expect(columnsOf(db, 'messages')).toEqual(expect.arrayContaining(['file_id', 'file_url', 'file_name', 'file_mime', 'file_size', 'file_kind']));
    expect(db.prepare('SELECT file_type FROM templates WHERE id = ?').pluck().get('t1')).toBe('UNDEFINED');
    // Opening again changes nothing.
    createSandboxSchema(db);
    expect(columnsOf(db, 'messages').filter((c) => c === 'file_url')).toHaveLength(1);
    db.close();
  });

  it('adds agents.availability to a data folder created before it: every agent is AVAILABLE', () => {
    const db = new Database(':memory:');
    createSandboxSchema(db);
    db.exec('ALTER TABLE agents DROP COLUMN availability');
    db.prepare(
      `INSERT INTO agents (id, user_id, name, email, profile, created_at, updated_at) VALUES ('a1', 'u1', 'Ana', 'ana@x.com', 'Agent', '2024-01-01', '2024-01-01')`,
    ).run();
    createSandboxSchema(db);
    expect(db.prepare('SELECT availability FROM agents WHERE id = ?').pluck().get('a1')).toBe('AVAILABLE');
    expect(() => db.prepare(`UPDATE agents SET availability = 'ON_BREAK' WHERE id = 'a1'`).run()).toThrow();
    db.close();
  });
});
