/**
 * What the search vocabulary (migration 004) holds for a set of search words: the terms the words
 * index holds for them, four characters or longer. ASCII words are their own terms. Other words
 * are asked of a scratch FTS5 table with the words index's tokenizer, because it folds letters
 * that foldText keeps ("ł" and "ø" become "l" and "o"): the vocabulary must name the terms FTS5
 * will match, or a prefix read through it would miss contacts.
 */
import type Database from 'better-sqlite3';

export const VOCABULARY_MIN_CHARS = 4;
const ASCII_WORD = /^[a-z0-9]+$/;

/** Whether a query word can be looked up in the vocabulary as it is (the tokenizer leaves it alone). */
export function isVocabularyWord(word: string): boolean {
  return ASCII_WORD.test(word) && word.length >= VOCABULARY_MIN_CHARS;
}

export function vocabularyTerms(db: Database.Database, words: Iterable<string>): string[] {
  const terms = new Set<string>();
  const others: string[] = [];
  for (const word of words) {
    if (ASCII_WORD.test(word)) {
      if (word.length >= VOCABULARY_MIN_CHARS) terms.add(word);
    } else {
      others.push(word);
    }
  }
  if (others.length > 0) for (const term of foldedByTokenizer(db, others)) if (term.length >= VOCABULARY_MIN_CHARS) terms.add(term);
  return [...terms];
}

const probes = new WeakMap<Database.Database, { insert: Database.Statement<[string]>; terms: Database.Statement<[], string>; clear: Database.Statement }>();

function foldedByTokenizer(db: Database.Database, words: readonly string[]): string[] {
  let probe = probes.get(db);
  if (!probe) {
    // The same tokenizer as contacts_fts (migration 001). TEMP: private to this connection, never on disk.
    db.exec(`CREATE VIRTUAL TABLE IF NOT EXISTS temp.vocab_probe USING fts5(w, tokenize = 'unicode61 remove_diacritics 2');
      CREATE VIRTUAL TABLE IF NOT EXISTS temp.vocab_probe_terms USING fts5vocab(temp, vocab_probe, row);`);
    probe = {
      insert: db.prepare('INSERT INTO temp.vocab_probe (w) VALUES (?)'),
      terms: db.prepare<[], string>('SELECT term FROM temp.vocab_probe_terms').pluck(),
      clear: db.prepare('DELETE FROM temp.vocab_probe'),
    };
    probes.set(db, probe);
  }
  probe.insert.run(words.join(' '));
  const terms = probe.terms.all();
  probe.clear.run();
  return terms;
}
