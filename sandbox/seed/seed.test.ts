import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SandboxClock } from '../clock';
import type { SandboxContext } from '../context';
import { openSandboxDb } from '../db';
import { EventLog } from '../event-log';
import { resolveOptions, type SandboxOverrides } from '../app';
import { countSyntheticContacts, DEMO_AGENTS, DEMO_CONTACTS, DEMO_LOGINS, seedSandbox, seedSyntheticContacts, syntheticContactId } from '.';

const opened: SandboxContext[] = [];
const folders: string[] = [];

function contextFor(overrides: SandboxOverrides = {}): SandboxContext {
  const options = resolveOptions(overrides);
  const db = openSandboxDb(options.dataDir);
  const clock = new SandboxClock();
  const ctx: SandboxContext = { db, clock, events: new EventLog(db, clock), options, companyId: '', log: () => {} };
  opened.push(ctx);
  return ctx;
}

afterEach(() => {
  for (const ctx of opened.splice(0)) if (ctx.db.open) ctx.db.close();
  for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const ids = (ctx: SandboxContext, table: string) =>
  (ctx.db.prepare(`SELECT id FROM ${table} ORDER BY id`).all() as { id: string }[]).map((r) => r.id);

describe('seedSandbox', () => {
  it('gives the same ids on every fresh start', () => {
    const a = contextFor();
    const b = contextFor();
    expect(seedSandbox(a)).toBe(seedSandbox(b));
    for (const table of ['contacts', 'agents', 'departments', 'channels', 'templates']) expect(ids(a, table)).toEqual(ids(b, table));
    expect(ids(a, 'contacts')).toHaveLength(DEMO_CONTACTS.length);
  });

  it('fills the search column folded (no accents, lower case) with email and phone digits', () => {
    const ctx = contextFor();
    seedSandbox(ctx);
    const row = ctx.db.prepare("SELECT search FROM contacts WHERE name = 'Maria da Conceição Santos'").get() as { search: string };
    expect(row.search).toBe('maria da conceicao santos conceicao.santos@hotmail.com 5511976543210');
  });

  it('gives a data folder from an older sandbox the demo templates and tags added since, new enough for a delta sync, and leaves the rest as it is', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sandbox-seed-'));
    folders.push(dir);
    const first = contextFor({ dataDir: dir });
    seedSandbox(first);
    const seededAt = (first.db.prepare("SELECT updated_at AS at FROM templates WHERE name = 'boas_vindas'").get() as { at: string }).at;
    // As an older sandbox left it: without the media template and a tag, and a template the trainee changed.
    first.db.prepare("DELETE FROM templates WHERE name = 'catalogo_produtos'").run();
    first.db.prepare("DELETE FROM tags WHERE name = 'vip'").run();
    first.db.prepare("UPDATE templates SET text = 'Texto do treinamento' WHERE name = 'boas_vindas'").run();
    first.db.close();

    const second = contextFor({ dataDir: dir });
    const restartedAt = second.clock.nowMs();
    seedSandbox(second);
    const media = second.db.prepare("SELECT file_type, updated_at FROM templates WHERE name = 'catalogo_produtos'").get() as { file_type: string; updated_at: string };
    expect(media.file_type).toBe('IMAGE');
    expect(Date.parse(media.updated_at)).toBeGreaterThanOrEqual(restartedAt - 1000);
    expect(second.db.prepare("SELECT COUNT(*) AS n FROM tags WHERE name = 'vip'").get()).toEqual({ n: 1 });
    const kept = second.db.prepare("SELECT text, updated_at AS at FROM templates WHERE name = 'boas_vindas'").get() as { text: string; at: string };
    expect(kept).toEqual({ text: 'Texto do treinamento', at: seededAt });
  });

  it('keeps a persisted database as it is on restart (no second demo company)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sandbox-seed-'));
    folders.push(dir);
    const first = contextFor({ dataDir: dir });
    const companyId = seedSandbox(first);
    first.db.prepare("UPDATE contacts SET name = 'Renomeado' WHERE name = 'João da Silva'").run();
    first.db.close();
    const second = contextFor({ dataDir: dir });
    expect(seedSandbox(second)).toBe(companyId);
    expect(ids(second, 'contacts')).toHaveLength(DEMO_CONTACTS.length);
    expect(second.db.prepare("SELECT COUNT(*) AS n FROM contacts WHERE name = 'Renomeado'").get()).toEqual({ n: 1 });
  });

  it('seeds only the company with demoData off', () => {
    const ctx = contextFor({ demoData: false });
    expect(seedSandbox(ctx)).toMatch(/^[0-9a-f-]{36}$/);
    expect(ids(ctx, 'agents')).toEqual([]);
  });

  it('lists each demo agent once under DEMO_LOGINS', () => {
    expect(Object.values(DEMO_LOGINS).sort()).toEqual(DEMO_AGENTS.map((a) => a.email).sort());
  });
});

describe('seedSyntheticContacts', () => {
  it('adds deterministic, unique contacts and tops a database up to the asked count', () => {
    const ctx = contextFor({ syntheticContacts: 2_000 });
    seedSandbox(ctx);
    expect(countSyntheticContacts(ctx.db)).toBe(2_000);
    const again = seedSyntheticContacts(ctx.db, 2_500);
    expect(again.inserted).toBe(500);
    expect(seedSyntheticContacts(ctx.db, 100).inserted).toBe(0);
    const phones = ctx.db.prepare('SELECT COUNT(DISTINCT phone) AS n, COUNT(*) AS total FROM contacts').get() as { n: number; total: number };
    expect(phones.n).toBe(phones.total);
    const first = ctx.db.prepare('SELECT * FROM contacts WHERE id = ?').get(syntheticContactId(0)) as Record<string, string>;
    expect(first.name).toBeTruthy();
    expect(first.phone).toMatch(/^\+55\d{2}9\d{8}$/);
    expect(first.search).toContain(first.phone!.slice(1));
  });

  it('rebuilds the indexes after a large load', () => {
    const ctx = contextFor();
    seedSandbox(ctx);
    seedSyntheticContacts(ctx.db, 60_000);
    const indexes = (ctx.db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'contacts'").all() as { name: string }[]).map(
      (r) => r.name,
    );
    expect(indexes).toEqual(expect.arrayContaining(['contacts_updated', 'contacts_phone', 'contacts_status_updated']));
  });
});
