/**
 * Contact search: one query string finds contacts by name, email or phone.
 *
 * Ranking: exact (the whole name, email or phone equals the query) > prefix (the name or email
 * starts with the query, or the number starts with its digits) > contains (every word is a word
 * prefix somewhere in name or email, or the digits appear anywhere in the number); within a tier,
 * most recent activity first.
 *
 * Speed: every source below reads an index in rank-key order (rank key = recent activity, see
 * contact-keys.ts; the FTS indexes hold it negated, so newest first is their forward order) and stops after one page, so a query costs about the same whether it matches
 * ten contacts or half a million. Exact matches read marked exact-match tokens (contact-keys.ts)
 * of the words index; word prefixes the same FTS5 unicode61 index (accents folded, prefix indexes
 * for 1-3 characters); digits an FTS5 trigram index, or the exact-phone tokens as a prefix from
 * five digits on. What made queries slow at a million contacts, and what avoids it:
 * - FTS5 answers a prefix longer than its prefix indexes (ana*, "\uE000mar"*) by merging every
 *   matching term's posting list in memory before the first row: 0.3-3.5 ms per word, and up to
 *   1.8 ms for "tavares*" when emails made tavares0 … tavares999 (now split: searchWords). The
 *   word being typed is read through its first three letters instead, rows checked (coarsePhrase,
 *   wordsSource), falling back to the exact query when the page does not fill after a few hundred.
 * - A rare combination of common words (a full name) has no early stop: its tiers walk the words'
 *   lists to the end. The contains read is shared with the prefix tier of a multi-word query, so
 *   the lists are walked once; one-word "starts with" reads head tokens, never an anchored phrase
 *   (which walks every contact holding the word, e.g. every "santos"). That shared read cuts every
 *   word FTS5 would merge up front, finished ones too: with real names a common first name starts
 *   hundreds of e-mail words (mariasilva …), too many for the vocabulary's whole-word OR.
 * - A long trigram phrase matching few numbers walks long lists too; "starts with" reads the
 *   exact-phone tokens instead (MIN_DIGITS_TOKEN_PREFIX).
 * - A multi-word "starts with" proved through FTS5 walks every contact whose name or email starts
 *   with the first word (every "maria", to find five "maria silva san…"): 6-8 ms at a million. When
 *   the shared read does not settle it, B-tree ranges of names and emails answer (migration 018),
 *   at the cost of the names in the range (rangeSource).
 * - A word of one letter, or of two being typed ("marcelo marchello dos s"), is a prefix of a huge
 *   list ("s"*) that FTS5 seeks in for every candidate of the other words while filtering out few:
 *   3.9 ms of a 6.8 ms query. Reads of two other terms or more leave it out and check the rows
 *   (isShortTerm, shortWordsDense).
 * Later tiers run only while the page is not full.
 *
 * Safety: the user's text never reaches FTS syntax. It is cut into words of letters and digits,
 * and each is written as a quoted FTS string, so quotes, `*`, `-`, `:`, parentheses, AND/OR/NOT/NEAR
 * are either dropped or searched as plain words.
 */
import type Database from 'better-sqlite3';
import {
  exactEmailToken,
  exactNameToken,
  exactPhoneToken,
  HEAD_MARK,
  indexText,
  nationalCandidates,
  searchWords,
} from './contact-keys';
import { isVocabularyWord } from './search-vocabulary';
import { CONTACT_COLUMNS, contactFromRow, type CachedContact, type ContactRow } from './contacts-repo';

export interface ContactSearchOptions {
  /** Page size, 1 to 200 (default 20). */
  limit?: number;
  /** Items to skip (default 0). Cost grows with the offset: meant for scrolling a few pages. */
  offset?: number;
}

export type MatchTier = 'exact' | 'prefix' | 'contains' | 'recent';

export interface ContactSearchHit extends CachedContact {
  match: MatchTier;
}

export interface ContactSearchResult {
  items: ContactSearchHit[];
  /** Whether more matches follow this page. */
  hasMore: boolean;
  /** Total number of matches, when this page reached the end of them (counting all would be slow). */
  total?: number;
}

const DEFAULT_LIMIT = 20;
const MAX_LIMIT = 200;
/** The trigram index needs 3 characters; with the '!' start marker 2 digits are enough for "starts with". */
const MIN_DIGITS_CONTAINS = 3;
const MIN_DIGITS_PREFIX = 2;
const PHONE_PHRASE_CHARS = 7;
/**
 * From this many digits "number starts with" reads the exact-phone tokens (contact-keys.ts) as an
 * FTS prefix: a handful of terms, merged in microseconds. A trigram phrase this long is rare, and
 * FTS5 walks its trigrams' long posting lists to the end to find those few (2 ms at a million).
 * Shorter prefixes match densely, so the trigram phrase fills a page after a short walk.
 */
const MIN_DIGITS_TOKEN_PREFIX = 5;
const PHONE_LIKE = /^[\s\d()+\-./]+$/;
/** Longest prefix index of contacts_fts (migration 001: prefix = '1 2 3'). */
const PREFIX_INDEX_CHARS = 3;
/** Rows a coarse source reads at most before falling back to the exact query (checkedRows)... */
const COARSE_CAP = 512;
/** ...judging after 64, 192 and 448 rows whether the page would fill within the cap. */
const COARSE_CHUNK = 64;
/** A prefix standing for more whole words than this stays a prefix query (see termExpression). */
const MAX_WHOLE_WORDS = 16;
/**
 * Entries a "starts with" range reads at most (rangeSource): some 1 ms at 4,000. A wider range
 * ("maria s") is dense among the shared read's rows, which settle it before the range is asked.
 */
const START_RANGE_CAP = 4000;
/** Short words left out of a read filter little when they pass on one row in this many or more (shortWordsDense). */
const SHORT_DENSE_RATIO = 4;

/** A quoted FTS5 string: the only syntax that reaches FTS5. Words hold no quotes, but double them anyway. */
function ftsString(words: readonly string[]): string {
  return `"${words.join(' ').replace(/"/g, '""')}"`;
}

interface ParsedQuery {
  /** Search terms split on whitespace, each as its words ("joao.silva" → ["joao", "silva"]). */
  terms: string[][];
  /** The query as typed, trimmed. */
  text: string;
  /** The query's search words, space-separated, for exact name match (as name_norm holds them). */
  folded: string;
  /** Lower-cased query for exact email match. */
  email: string;
  /** Digits typed, when the query looks like a phone number. */
  digits: string | null;
  /** Whether the words should also be looked for in names and emails. */
  searchWords: boolean;
}

export function parseQuery(raw: string): ParsedQuery {
  const text = raw.normalize('NFC').trim().slice(0, 256);
  const terms = text
    .split(/\s+/u)
    .map(searchWords)
    .filter((words) => words.length > 0);
  const phoneLike = PHONE_LIKE.test(text);
  const digits = phoneLike ? text.replace(/\D+/g, '') : '';
  return {
    text,
    terms,
    folded: searchWords(text).join(' '),
    email: text.toLowerCase(),
    digits: digits.length > 0 ? digits : null,
    // "98765" may be part of an email too; "(11) 98765-4321" is only a phone.
    searchWords: !phoneLike || /^\d+$/.test(text),
  };
}

interface Source {
  /** Rank keys of matches, highest first, at most `limit`. */
  fetch(limit: number): number[];
}

interface RowReader {
  /** The i-th row, newest first; undefined past the last one or past COARSE_CAP. */
  rowAt(i: number): CandidateRow | undefined;
  /** Whether every row has been read (so undefined means "no more", not "stopped at the cap"). */
  readonly exhausted: boolean;
}

interface CandidateRow {
  k: number;
  n: string;
  e: string | null;
}

/** A word-prefix FTS phrase: the words in order, the last one as a prefix. */
function prefixPhrase(words: readonly string[]): string {
  return `${ftsString(words)} *`;
}

/**
 * The same phrase with its last word cut to the prefix index: FTS5 answers a prefix longer than its
 * prefix indexes by merging every matching term's posting list in memory before returning a row
 * (0.3-2 ms per word at a million contacts, on every query), while a cut prefix reads one posting
 * list lazily. Null when nothing needed cutting.
 */
function coarsePhrase(words: readonly string[]): string | null {
  const last = words[words.length - 1] ?? '';
  if (last.length <= PREFIX_INDEX_CHARS) return null;
  return prefixPhrase([...words.slice(0, -1), last.slice(0, PREFIX_INDEX_CHARS)]);
}

/** Whether `text` (space-separated search words) holds the words in order, the last as a prefix. */
function hasPhrasePrefix(text: string, words: readonly string[]): boolean {
  return ` ${text}`.includes(` ${words.join(' ')}`);
}

export class ContactSearch {
  private readonly byName: Database.Statement<[string, string, number], { k: number }>;
  private readonly byEmail: Database.Statement<[string, string, number], { k: number }>;
  private readonly byPhone: Database.Statement<[string, string, number], { k: number }>;
  private readonly wordsFts: Database.Statement<[string, number], { k: number }>;
  private readonly phoneFts: Database.Statement<[string, string, number], { k: number }>;
  /** Statements that step through the rows of a words query; one per reader open at a time (rowReader). */
  private readonly rowStatements: Array<Database.Statement<[string], CandidateRow>> = [];
  /** Row readers of the current search, closed when it ends (a stepped statement stays busy). */
  private readonly openCursors: Array<IterableIterator<CandidateRow>> = [];
  private readonly recent: Database.Statement<[number, number], { k: number }>;
  private readonly rowsByKeys: Database.Statement<[string], ContactRow>;
  private readonly vocabularyRange: Database.Statement<[string, string, number], { term: string }>;
  private readonly maxNationalDigits: Database.Statement<[], number>;
  private readonly namesStarting: Database.Statement<[string, string, number], number>;
  private readonly emailsStarting: Database.Statement<[string, string, number], number>;
  /** Vocabulary lookups of the current search (wholeWordsOf). */
  private readonly wholeWords = new Map<string, string[] | null>();
  /** Words of the current search that start more vocabulary words than MAX_WHOLE_WORDS (wholeWordsOf). */
  private readonly manyWholeWords = new Set<string>();

  constructor(private readonly db: Database.Database) {
    // Exact matches: the exact-match token's short posting list, checked against the row (the
    // name and email tokens are hashes).
    this.byName = db.prepare(
      `SELECT -f.rowid AS k FROM contacts_fts f JOIN contacts c ON c.rank_key = -f.rowid
       WHERE contacts_fts MATCH ? AND c.name_norm = ? ORDER BY f.rowid LIMIT ?`,
    );
    this.byEmail = db.prepare(
      `SELECT -f.rowid AS k FROM contacts_fts f JOIN contacts c ON c.rank_key = -f.rowid
       WHERE contacts_fts MATCH ? AND c.email_norm = ? ORDER BY f.rowid LIMIT ?`,
    );
    this.byPhone = db.prepare(
      `SELECT -f.rowid AS k FROM contacts_fts f JOIN contacts c ON c.rank_key = -f.rowid
       WHERE contacts_fts MATCH ? AND c.phone_national IN (SELECT value FROM json_each(?))
       ORDER BY f.rowid LIMIT ?`,
    );
    this.wordsFts = db.prepare(
      'SELECT -rowid AS k FROM contacts_fts WHERE contacts_fts MATCH ? ORDER BY rowid LIMIT ?',
    );
    // The trigram query uses at most PHONE_PHRASE_CHARS characters (fewer posting lists to
    // intersect; a 7-character substring is already rare) and the row check does the rest.
    this.phoneFts = db.prepare(
      `SELECT -f.rowid AS k FROM contacts_phone_fts f JOIN contacts c ON c.rank_key = -f.rowid
       WHERE contacts_phone_fts MATCH ? AND instr('!' || c.phone_national, ?) > 0
       ORDER BY f.rowid LIMIT ?`,
    );
    this.recent = db.prepare('SELECT rank_key AS k FROM contacts ORDER BY rank_key DESC LIMIT ? OFFSET ?');
    // The email index is on an expression of contact_index_text (migration 018, registered by
    // openDatabase); the expression must match it exactly for SQLite to read the index.
    this.namesStarting = db
      .prepare<[string, string, number], number>('SELECT rank_key FROM contacts INDEXED BY contacts_name_start WHERE name_norm >= ? AND name_norm < ? LIMIT ?')
      .pluck();
    this.emailsStarting = db
      .prepare<[string, string, number], number>(
        `SELECT rank_key FROM contacts INDEXED BY contacts_email_start
         WHERE contact_index_text(email_norm) >= ? AND contact_index_text(email_norm) < ? LIMIT ?`,
      )
      .pluck();
    this.maxNationalDigits = db.prepare<[], number>("SELECT value FROM search_facts WHERE name = 'max_national_digits'").pluck();
    this.vocabularyRange = db.prepare('SELECT term FROM search_vocab WHERE term >= ? AND term < ? ORDER BY term LIMIT ?');
    this.rowsByKeys = db.prepare(
      `SELECT ${CONTACT_COLUMNS} FROM contacts WHERE rank_key IN (SELECT value FROM json_each(?))`,
    );
  }

  search(query: string, options: ContactSearchOptions = {}): ContactSearchResult {
    const limit = clampInt(options.limit ?? DEFAULT_LIMIT, 1, MAX_LIMIT);
    const offset = clampInt(options.offset ?? 0, 0, Number.MAX_SAFE_INTEGER);
    if (query.trim() === '') return this.recentContacts(limit, offset);

    const parsed = parseQuery(query);
    this.wholeWords.clear();
    this.manyWholeWords.clear();
    try {
      return this.searchTiers(parsed, offset, limit);
    } finally {
      for (const cursor of this.openCursors.splice(0)) cursor.return?.();
    }
  }

  private searchTiers(parsed: ParsedQuery, offset: number, limit: number): ContactSearchResult {
    const tiers = this.tiersFor(parsed);
    // One more than the page, to know whether another page follows.
    const wanted = offset + limit + 1;
    const keys: number[] = [];
    const tierOf = new Map<number, MatchTier>();
    for (const [tier, sources] of tiers) {
      const need = wanted - keys.length;
      if (need <= 0) break;
      // A source may repeat up to keys.length contacts of earlier tiers, so ask it for that many more:
      // then either it is exhausted or it still holds `need` new ones.
      const ask = need + keys.length;
      const found = new Set<number>();
      for (const source of sources) {
        for (const key of source.fetch(ask)) if (!tierOf.has(key)) found.add(key);
      }
      for (const key of [...found].sort((a, b) => b - a).slice(0, need)) {
        tierOf.set(key, tier);
        keys.push(key);
      }
    }
    // Fewer than `wanted` keys means every source ran dry: these are all the matches.
    const hasMore = keys.length >= wanted;
    const items = this.load(keys.slice(offset, offset + limit)).map(({ key, contact }) => ({
      ...contact,
      match: tierOf.get(key) ?? 'contains',
    }));
    return hasMore ? { items, hasMore } : { items, hasMore, total: keys.length };
  }

  private recentContacts(limit: number, offset: number): ContactSearchResult {
    const keys = this.recent.all(limit + 1, offset).map((row) => row.k);
    const hasMore = keys.length > limit;
    const pageKeys = keys.slice(0, limit);
    const items = this.load(pageKeys).map(({ contact }) => ({ ...contact, match: 'recent' as const }));
    return hasMore ? { items, hasMore } : { items, hasMore, total: offset + items.length };
  }

  private tiersFor(q: ParsedQuery): Array<[MatchTier, Source[]]> {
    const exact: Source[] = [];
    const prefix: Source[] = [];
    const contains: Source[] = [];

    if (q.searchWords && q.terms.length > 0) {
      const words = q.terms.flat();
      const first = words[0] as string;
      const nameToken = exactNameToken(q.folded);
      if (nameToken !== null) {
        const match = ftsString([nameToken]);
        exact.push({ fetch: (n) => keysOf(this.byName.all(match, q.folded, n)) });
      }
      // Name or email starts with the query. One word: the marked first words (head tokens) that
      // start with it; a word past two letters reads the heads of its first two letters lazily and
      // checks the rows (see coarsePhrase), and falls back to the exact heads when those are rare.
      // More words: the marked first word (a short list even for a common word) ANDed with the
      // words anchored at a column start.
      const fullHead = ftsString([HEAD_MARK + first]);
      const oneWord = words.length === 1;
      const startsWith = oneWord ? `${fullHead} *` : `${fullHead} AND {name email} : ^ ${prefixPhrase(words)}`;
      const coarseStart = oneWord
        ? first.length > PREFIX_INDEX_CHARS - 1
          ? `${ftsString([HEAD_MARK + first.slice(0, PREFIX_INDEX_CHARS - 1)])} *`
          : null
        : (() => {
            const cut = coarsePhrase(words);
            return cut === null ? null : `${fullHead} AND {name email} : ^ ${cut}`;
          })();
      const startsWithText = words.join(' ');
      const emailToken = q.email.includes('@') ? exactEmailToken(q.email) : null;
      if (emailToken !== null) {
        const match = ftsString([emailToken]);
        exact.push({ fetch: (n) => keysOf(this.byEmail.all(match, q.email, n)) });
      }
      const startsWithCheck = (name: string, email: string) => name.startsWith(startsWithText) || email.startsWith(startsWithText);
      const startsWithSource = this.wordsSource(startsWith, coarseStart, startsWithCheck);
      // Every term a word prefix somewhere ("joao.silva" stays a phrase: joao followed by silva*).
      // A word typed twice ("Andrade Andrade") is one condition: FTS5 would read its list twice.
      const terms = distinctTerms(q.terms);
      const everyTerm = terms.map((term) => this.termExpression(term)).join(' AND ');
      // The coarse read cuts every term that termExpression would leave a long prefix, typed or
      // finished: a common first name is also the start of hundreds of e-mail words (mariasilva,
      // mariaoliveira …), so "maria"* is a prefix FTS5 merges up front (65,000 rows, 7-10 ms at a
      // million skewed contacts, in every query holding it), while "mar"* is one list read lazily.
      // Such a word is most of its three letters' contacts, so few rows read are rejected. A term
      // read through its whole words (termExpression) is already lazy, and a finished one that
      // starts no other word ("paula" among uniform names) an empty read: neither is cut. A term of
      // four words or more (an e-mail) is read as a phrase of its finished words (finishedWords).
      const cutTerms = terms.map((term, i) => {
        if (term.length >= 4) return ftsString(finishedWords(term));
        const cut = this.wholeWordsOf(term) === null ? coarsePhrase(term) : null;
        return i === terms.length - 1 || this.manyWholeWords.has(term[term.length - 1] ?? '') ? cut : null;
      });
      const anyCut = cutTerms.some((cut) => cut !== null);
      const coarseTerms = terms.map((term, i) => cutTerms[i] ?? this.termExpression(term));
      const everyCheck = (name: string, email: string) =>
        terms.every((termWords) => hasPhrasePrefix(name, termWords) || hasPhrasePrefix(email, termWords));
      let containsSource: Source;
      if (oneWord) {
        containsSource = memoSource(this.wordsSource(everyTerm, anyCut ? coarseTerms.join(' AND ') : null, everyCheck));
        prefix.push(startsWithSource);
      } else {
        // Whatever starts with the words also contains them: both tiers check the rows of one read
        // of the contains expression, so a rare combination of common words ("Maria Albuquerque
        // Santos", where the AND walks the long lists to their end) is walked once, not once per
        // tier plus once more for an anchored phrase. Each tier falls back to its own query when
        // the rows it wants are too rare among those read (see checkedRows).
        // A one-letter word, or a two-letter one being typed ("marcelo marchello dos s", "antonio
        // carlos de s"), is a prefix of a huge list ("s"* starts every silva, santos, souza …) that
        // FTS5 seeks in for every candidate of the other terms while filtering out few of them
        // (3.9 ms for `"mar"* AND marchello AND dos* AND "s"*` against 1.6 ms without): it stays out
        // of the read when two terms or more remain, and the rows are checked for it (everyCheck).
        // One term alone ("maria s") is too coarse a read for the prefix tier: kept then.
        const allIndexes = terms.map((_, i) => i);
        const readIndexes = allIndexes.filter((i) => !isShortTerm(terms[i] as string[], i === terms.length - 1));
        const short = readIndexes.length >= 2 && readIndexes.length < terms.length;
        const rowsOf = (indexes: readonly number[]) =>
          this.rowReader(indexes.map((i) => (anyCut ? coarseTerms[i] : this.termExpression(terms[i] as string[]))).join(' AND '));
        const rows = rowsOf(short ? readIndexes : allIndexes);
        const exactSource: Source = { fetch: (n) => keysOf(this.wordsFts.all(everyTerm, n)) };
        // The fallbacks of an e-mail whose short domain words were left out of the read walk them
        // to the end (10 ms at a million contacts for bol.com.br), while the words read are a
        // person's: few rows, read on to the cap rather than judged after a few.
        const judge = !terms.some((term) => term.length >= 4 && finishedWords(term).length < term.length - 1);
        let everyTermSource = exactSource;
        if (short) {
          // When the rows read do not fill the page: if the short words pass on many of them, they
          // filter little and the exact terms are read without them too ("marcelo"* AND marchello
          // AND dos*: 1 row, 0.8 ms; the whole AND with "s"* 3.4 ms); otherwise they are what is rare
          // ("maria silva x") and the read holding them answers, as without this.
          const shortTerms = terms.filter((_, i) => !readIndexes.includes(i));
          const shortCheck = (name: string, email: string) =>
            shortTerms.every((termWords) => hasPhrasePrefix(name, termWords) || hasPhrasePrefix(email, termWords));
          const exactWithout = readIndexes.map((i) => this.termExpression(terms[i] as string[])).join(' AND ');
          everyTermSource = {
            fetch: (n) =>
              (shortWordsDense(rows, shortCheck)
                ? this.checkedSource(exactWithout, everyCheck, exactSource)
                : this.checkedRows(rowsOf(allIndexes), anyCut ? everyCheck : () => true, exactSource, judge)
              ).fetch(n),
          };
        }
        const checkRows = anyCut || short;
        containsSource = this.checkedRows(rows, checkRows ? everyCheck : () => true, everyTermSource, judge);
        prefix.push(this.checkedRows(rows, startsWithCheck, this.rangeSource(startsWithText, startsWithSource), judge));
      }
      contains.push(containsSource);
    }

    if (q.digits) {
      const nationals = nationalCandidates(q.text, q.digits);
      const phoneSource = (needle: string): Source => {
        const phrase = ftsString([needle.slice(0, PHONE_PHRASE_CHARS)]);
        return { fetch: (n) => keysOf(this.phoneFts.all(phrase, needle, n)) };
      };
      const phoneTokens = nationals.map(exactPhoneToken).filter((token): token is string => token !== null);
      if (phoneTokens.length > 0) {
        const match = phoneTokens.map((token) => ftsString([token])).join(' OR ');
        const nationalsJson = JSON.stringify(nationals);
        exact.push({ fetch: (n) => keysOf(this.byPhone.all(match, nationalsJson, n)) });
      }
      for (const national of nationals) {
        if (national.length >= MIN_DIGITS_TOKEN_PREFIX) {
          const tokenPrefix = `${ftsString([exactPhoneToken(national) ?? ''])} *`;
          prefix.push({ fetch: (n) => keysOf(this.wordsFts.all(tokenPrefix, n)) });
        } else if (national.length >= MIN_DIGITS_PREFIX) {
          prefix.push(phoneSource(`!${national}`));
        }
      }
      // A number as long as the longest cached one is contained only in a number it equals, which
      // the exact tier found (migration 004, search_facts).
      if (q.digits.length >= MIN_DIGITS_CONTAINS && q.digits.length < (this.maxNationalDigits.get() ?? Infinity)) {
        // The index holds national numbers; digits typed with the country code are found through
        // their national part in the two tiers above.
        contains.push(phoneSource(q.digits));
      }
    }
    return [
      ['exact', exact],
      ['prefix', prefix],
      ['contains', contains],
    ];
  }

  /**
   * A term (its words in order, the last a prefix) as an FTS expression: when the last word is
   * longer than the prefix indexes and the vocabulary knows the few whole words it can stand for,
   * an OR of the phrase with each of them, which FTS5 reads lazily; otherwise the prefix phrase.
   * Both match the same contacts.
   */
  private termExpression(words: readonly string[]): string {
    const whole = this.wholeWordsOf(words);
    if (whole === null) return prefixPhrase(words);
    const head = words.slice(0, -1);
    return `(${whole.map((word) => ftsString([...head, word])).join(' OR ')})`;
  }

  /** The vocabulary's words starting with the term's last word, or null (short word, none, or too many). */
  private wholeWordsOf(words: readonly string[]): string[] | null {
    const last = words[words.length - 1] ?? '';
    if (last.length <= PREFIX_INDEX_CHARS || !isVocabularyWord(last)) return null;
    const cached = this.wholeWords.get(last);
    if (cached !== undefined) return cached;
    const found = this.vocabularyRange.all(last, `${last}\u{10FFFF}`, MAX_WHOLE_WORDS + 1).map((row) => row.term);
    if (found.length > MAX_WHOLE_WORDS) this.manyWholeWords.add(last);
    const result = found.length === 0 || found.length > MAX_WHOLE_WORDS ? null : found;
    // The vocabulary only grows while a store is open; a word found once stays a valid answer for
    // this query, and the map is cleared per search (see search()).
    this.wholeWords.set(last, result);
    return result;
  }

  /**
   * Matches of `exact` (an FTS expression), newest first. With a `coarse` expression (a superset
   * that FTS5 can read lazily, see coarsePhrase) the candidates are read newest first and checked
   * against the row's words; when COARSE_CAP candidates would not fill the page (the cut words are
   * common but the typed ones rare), the exact expression answers instead, at its usual cost
   * (small then: few contacts hold the typed word). Either way the same set, in the same order.
   */
  private wordsSource(exact: string, coarse: string | null, check: (name: string, email: string) => boolean): Source {
    const plain: Source = { fetch: (n) => keysOf(this.wordsFts.all(exact, n)) };
    return coarse === null ? plain : this.checkedSource(coarse, check, plain);
  }

  /**
   * Candidates of `read` (an FTS expression) newest first that pass `check`; when COARSE_CAP of
   * them would not fill the page, `fallback` answers instead.
   */
  private checkedSource(read: string, check: (name: string, email: string) => boolean, fallback: Source): Source {
    return { fetch: (n) => this.checkedRows(this.rowReader(read), check, fallback).fetch(n) };
  }

  /**
   * The rows of `read` (an FTS expression), newest first, stepped on demand up to
   * COARSE_CAP and kept, so several checked sources share one walk of the index.
   */
  private rowReader(read: string): RowReader {
    const rows: CandidateRow[] = [];
    let exhausted = false;
    let cursor: IterableIterator<CandidateRow> | null = null;
    return {
      rowAt: (i) => {
        // Opened at the first row wanted: a reader never read holds no statement.
        cursor ??= this.openRowCursor(read);
        while (i >= rows.length && !exhausted && rows.length < COARSE_CAP) {
          const next = cursor.next();
          if (next.done) exhausted = true;
          else rows.push(next.value);
        }
        return rows[i];
      },
      get exhausted() {
        return exhausted;
      },
    };
  }

  /**
   * One statement stepped row by row: reading in LIMIT-ed chunks restarts the FTS5 walk of an AND
   * at every chunk, which cost twice a whole walk for a rare combination of common words. A stepped
   * statement stays busy until closed (end of search), so a second reader gets a statement of its own.
   */
  private openRowCursor(read: string): IterableIterator<CandidateRow> {
    let statement = this.rowStatements.find((candidate) => !candidate.busy);
    if (!statement) {
      statement = this.db.prepare<[string], CandidateRow>(
        `SELECT -f.rowid AS k, c.name_norm AS n, c.email_norm AS e FROM contacts_fts f JOIN contacts c ON c.rank_key = -f.rowid
         WHERE contacts_fts MATCH ? ORDER BY f.rowid`,
      );
      this.rowStatements.push(statement);
    }
    const cursor = statement.iterate(read);
    this.openCursors.push(cursor);
    return cursor;
  }

  /**
   * The rows of a shared reader that pass `check`, newest first. When the reader runs dry they are
   * all there is; when COARSE_CAP rows would not fill the page (what is wanted is rare among them),
   * `fallback` answers instead, as in checkedSource.
   */
  private checkedRows(reader: RowReader, check: (name: string, email: string) => boolean, fallback: Source, judge = true): Source {
    return {
      fetch: (n) => {
        const found: number[] = [];
        // Density is judged after 64, 192 and 448 rows (or never: the cap alone stops the read).
        let judgeAt = judge ? COARSE_CHUNK : -1;
        for (let i = 0; ; i++) {
          if (i === judgeAt) {
            // At this density would COARSE_CAP rows fill the page? If not, what is wanted is rare
            // among these rows and the fallback's own query is the cheaper read.
            if (found.length === 0 || (i / found.length) * n > COARSE_CAP) break;
            judgeAt = judgeAt * 2 + COARSE_CHUNK;
          }
          const row = reader.rowAt(i);
          if (row === undefined) {
            if (reader.exhausted) return found;
            break;
          }
          if (check(row.n, indexText(row.e) ?? '') && found.push(row.k) >= n) return found;
        }
        return fallback.fetch(n);
      },
    };
  }

  /**
   * Contacts whose name or email search words start with `text`, newest first: every entry of both
   * B-tree ranges (migration 018), sorted. A range past START_RANGE_CAP leaves it to `fallback`.
   * Same set as the anchored FTS phrase: name_norm and the email's words are the indexed words,
   * space-separated, and no search word holds U+10FFFF, the range's end.
   */
  private rangeSource(text: string, fallback: Source): Source {
    return {
      fetch: (n) => {
        const end = `${text}\u{10FFFF}`;
        const names = this.namesStarting.all(text, end, START_RANGE_CAP + 1);
        if (names.length > START_RANGE_CAP) return fallback.fetch(n);
        const emails = this.emailsStarting.all(text, end, START_RANGE_CAP + 1);
        if (emails.length > START_RANGE_CAP) return fallback.fetch(n);
        return [...new Set([...names, ...emails])].sort((a, b) => b - a).slice(0, n);
      },
    };
  }

  /** Rows for the keys, in the keys' order. */
  private load(keys: readonly number[]): Array<{ key: number; contact: CachedContact }> {
    if (keys.length === 0) return [];
    const byKey = new Map<number, ContactRow>();
    for (const row of this.rowsByKeys.all(JSON.stringify(keys))) byKey.set(row.rank_key, row);
    const loaded: Array<{ key: number; contact: CachedContact }> = [];
    for (const key of keys) {
      const row = byKey.get(key);
      if (row) loaded.push({ key, contact: contactFromRow(row) });
    }
    return loaded;
  }
}

/**
 * The terms without repeats, each kept at its last place: the last term is the one being typed, and
 * it must stay last (only it is read through the prefix index, see coarsePhrase).
 */
function distinctTerms(terms: readonly string[][]): string[][] {
  const seen = new Set<string>();
  const kept: string[][] = [];
  for (let i = terms.length - 1; i >= 0; i--) {
    const term = terms[i] as string[];
    const key = term.join(' ');
    if (seen.has(key)) continue;
    seen.add(key);
    kept.unshift(term);
  }
  return kept;
}

/**
 * The words of a term of four or more (an e-mail: raimundo.lopes@gmail.com) worth a phrase read:
 * the finished ones (all but the last, which may be half typed), without the short ones at the end
 * (com, br), which nearly every e-mail holds; FTS5 reads those through a prefix index of 600,000
 * rows and the phrase cost 6 ms at a million contacts, against 1 ms without them. Two at least.
 */
function finishedWords(term: readonly string[]): string[] {
  let end = term.length - 1;
  while (end > 2 && (term[end - 1] ?? '').length <= PREFIX_INDEX_CHARS) end--;
  return term.slice(0, end);
}

/**
 * A term of one word this short (a one-letter word anywhere, a two-letter one being typed) is left
 * out of a multi-word FTS read and checked on the rows (tiersFor).
 */
function isShortTerm(term: readonly string[], last: boolean): boolean {
  const word = term.length === 1 ? (term[0] ?? '') : '';
  return word.length === 1 || (last && word.length === 2);
}

/**
 * Whether the short words pass on a good share of the first rows read without them (see
 * SHORT_DENSE_RATIO): then they filter little, and leaving them out of the fallback's read too is
 * the cheaper walk.
 */
function shortWordsDense(rows: RowReader, check: (name: string, email: string) => boolean): boolean {
  let seen = 0;
  let passed = 0;
  for (let i = 0; i < COARSE_CHUNK; i++) {
    const row = rows.rowAt(i);
    if (row === undefined) break;
    seen++;
    if (check(row.n, indexText(row.e) ?? '')) passed++;
  }
  return seen > 0 && passed * SHORT_DENSE_RATIO >= seen;
}

/** A source that reads once per limit (the prefix and contains tiers may share one read). */
function memoSource(source: Source): Source {
  let last: { limit: number; keys: number[] } | null = null;
  return {
    fetch: (limit) => {
      if (last?.limit !== limit) last = { limit, keys: source.fetch(limit) };
      return last.keys;
    },
  };
}

function keysOf(rows: ReadonlyArray<{ k: number }>): number[] {
  return rows.map((row) => row.k);
}

function clampInt(value: number, min: number, max: number): number {
  if (!Number.isFinite(value)) return min;
  return Math.min(max, Math.max(min, Math.trunc(value)));
}
