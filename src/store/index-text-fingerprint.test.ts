/**
 * An index built on contact_index_text by a runtime that folded text differently (an older Electron's
 * ICU) is rebuilt at the first open by one that folds it otherwise; an open by the same runtime
 * leaves it alone. The "other runtime" is played by a connection whose contact_index_text differs.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_DB_FILE } from './db';
import { INDEX_TEXT_FN, indexText } from './contact-keys';
import { INDEX_TEXT_FACT, indexTextFingerprint } from './index-text-fingerprint';
import { openStore } from './store';
import { contactDto } from './test-fixtures';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'helena-index-text-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function storedFingerprint(db: Database.Database): number | undefined {
  return db.prepare<[string], number>('SELECT value FROM search_facts WHERE name = ?').pluck().get(INDEX_TEXT_FACT);
}

/** What integrity_check says, read on a connection with this build's function. */
function integrity(db: Database.Database): string[] {
  return (db.pragma('integrity_check') as Array<{ integrity_check: string }>).map((row) => row.integrity_check);
}

/** The email index as another runtime would have built it (it folded every text otherwise). */
function indexBuiltElsewhere(fingerprint: 'theirs' | 'ours'): void {
  const raw = new Database(join(dir, DEFAULT_DB_FILE));
  try {
    raw.function(INDEX_TEXT_FN, { deterministic: true }, (text: unknown) => (typeof text === 'string' ? `${indexText(text) ?? ''} antigo` : null));
    raw.exec('REINDEX contacts_email_start');
    if (fingerprint === 'theirs') raw.prepare('UPDATE search_facts SET value = ? WHERE name = ?').run(indexTextFingerprint((text) => `${indexText(text) ?? ''} antigo`), INDEX_TEXT_FACT);
  } finally {
    raw.close();
  }
}

function seed(log: (line: string) => void): void {
  const store = openStore({ location: dir, log });
  try {
    store.contacts.upsertContacts([
      contactDto({ name: 'Maria Conceição', email: 'maria.conceicao+loja@uol.com.br' }),
      contactDto({ name: 'Jürgen Straße', email: 'jurgen@straße.de' }),
      contactDto({ name: 'İlker Şahin', email: 'İLKER.SAHIN@örnek.com.tr' }),
    ]);
    expect(storedFingerprint(store.db)).toBe(indexTextFingerprint());
  } finally {
    store.close();
  }
}

describe('the e-mail index follows contact_index_text across runtimes', () => {
  it('a fingerprint from another runtime: the index is rebuilt at open, the new one kept, one line logged', () => {
    const log = vi.fn<(line: string) => void>();
    seed(log);
    // The first open records the fingerprint quietly: 018 built the index with this very function.
    expect(log).not.toHaveBeenCalled();
    indexBuiltElsewhere('theirs');

    const store = openStore({ location: dir, log });
    try {
      expect(integrity(store.db)).toEqual(['ok']);
      expect(storedFingerprint(store.db)).toBe(indexTextFingerprint());
      expect(log).toHaveBeenCalledTimes(1);
      expect(log.mock.calls[0]?.[0]).toMatch(/contacts_email_start refeito em \d+ ms/);
      // No contact's data in the line.
      expect(log.mock.calls[0]?.[0]).not.toMatch(/maria|conceicao|uol|jurgen|ilker/i);
    } finally {
      store.close();
    }
  });

  it('the same runtime opening again leaves the index as it is', () => {
    const log = vi.fn<(line: string) => void>();
    seed(log);
    // Stale on purpose, the fingerprint left as ours: only a reindex would repair it.
    indexBuiltElsewhere('ours');

    const store = openStore({ location: dir, log });
    try {
      expect(integrity(store.db)).not.toEqual(['ok']);
      expect(storedFingerprint(store.db)).toBe(indexTextFingerprint());
      expect(log).not.toHaveBeenCalled();
    } finally {
      store.close();
    }
  });

  it('the fingerprint depends on every probe, and a change of one letter’s folding moves it', () => {
    // The runtime's, kept once computed, is the same as one computed afresh with indexText.
    expect(indexTextFingerprint()).toBe(indexTextFingerprint(indexText));
    // One probe's letter folded otherwise (İ as 'y' instead of 'i').
    expect(indexTextFingerprint((text) => indexText(text.replace(/İ/g, 'Y')))).not.toBe(indexTextFingerprint());
  });
});
