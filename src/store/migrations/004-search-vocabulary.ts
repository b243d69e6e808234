/**
 * The search vocabulary, and facts search reads (search_facts, below). The vocabulary: every distinct word of four letters or more in contact names and emails
 * (the terms the words index holds; search-vocabulary.ts). FTS5 answers a prefix longer than its prefix indexes ("rita*",
 * "marques*") by merging the whole posting list of every matching term in memory before its first
 * row, about 0.5-1 ms per word at a million contacts. Looked up here first, such a prefix becomes an
 * OR of the few whole words it stands for, which FTS5 reads lazily and stops after one page
 * (contact-search.ts). Words only ever accumulate: a word no contact holds any more costs a lookup
 * that finds nothing.
 */
import type Database from 'better-sqlite3';
import { searchWords } from '../contact-keys';
import { vocabularyTerms } from '../search-vocabulary';

export const version = 4;
export const name = 'search-vocabulary';

export function up(db: Database.Database): void {
  db.exec(`CREATE TABLE search_vocab (term TEXT PRIMARY KEY) STRICT, WITHOUT ROWID;
-- Facts about the cached contacts that let search skip work, kept by ContactsRepo batch by batch.
-- max_national_digits: the longest national number cached (never lowered by deletes or edits): a
-- typed number at least that long can only be contained in a number it equals, which the exact
-- tier finds, so the trigram walk for "contains" (2-3 ms at a million) is skipped.
CREATE TABLE search_facts (name TEXT PRIMARY KEY, value INTEGER NOT NULL) STRICT, WITHOUT ROWID;
INSERT INTO search_facts (name, value) SELECT 'max_national_digits', coalesce(max(length(phone_national)), 0) FROM contacts;`);
  const words = new Set<string>();
  const rows = db.prepare<[], { n: string; e: string | null }>('SELECT name_norm AS n, email_norm AS e FROM contacts').iterate();
  for (const row of rows) for (const word of [...row.n.split(' '), ...searchWords(row.e)]) words.add(word);
  const insert = db.prepare('INSERT INTO search_vocab (term) VALUES (?)');
  for (const term of vocabularyTerms(db, words)) insert.run(term);
}
