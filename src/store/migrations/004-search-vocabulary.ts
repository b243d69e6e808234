/**
 * The search vocabulary: every distinct word of four letters or more in contact names and emails
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
  db.exec('CREATE TABLE search_vocab (term TEXT PRIMARY KEY) STRICT, WITHOUT ROWID;');
  const words = new Set<string>();
  const rows = db.prepare<[], { n: string; e: string | null }>('SELECT name_norm AS n, email_norm AS e FROM contacts').iterate();
  for (const row of rows) for (const word of [...row.n.split(' '), ...searchWords(row.e)]) words.add(word);
  const insert = db.prepare('INSERT INTO search_vocab (term) VALUES (?)');
  for (const term of vocabularyTerms(db, words)) insert.run(term);
}
