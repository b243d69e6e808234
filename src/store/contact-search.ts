/**
 * Contact search: one query string finds contacts by name, email or phone.
 *
 * Ranking: exact (the whole name, email or phone equals the query) > prefix (the name or email
 * starts with the query, or the number starts with its digits) > contains (every word is a word
 * prefix somewhere in name or email, or the digits appear anywhere in the number); within a tier,
 * most recent activity first.
 *
 * Speed: every source below reads an index in rank-key order (rank key = recent activity, see
 * contact-keys.ts) and stops after one page, so a query costs about the same whether it matches
 * ten contacts or half a million. Exact matches read marked exact-match tokens (contact-keys.ts)
 * of the words index; word prefixes the same FTS5 unicode61 index (accents folded, prefix indexes
 * for 1-3 letters); digits an FTS5 trigram index.
 *
 * Safety: the user's text never reaches FTS syntax. It is cut into words of letters and digits,
 * and each is written as a quoted FTS string, so quotes, `*`, `-`, `:`, parentheses, AND/OR/NOT/NEAR
 * are either dropped or searched as plain words.
 */
import type Database from 'better-sqlite3';
import { normalisePhone } from '../domain/phone';
import { exactEmailToken, exactNameToken, exactPhoneToken, foldText, HEAD_MARK, phoneKeys } from './contact-keys';
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
const PHONE_LIKE = /^[\s\d()+\-./]+$/;

/** Words of a query as the FTS tokenizer sees them: runs of letters, marks and digits. */
function wordsOf(text: string): string[] {
  return text.split(/[^\p{L}\p{N}\p{M}]+/u).filter((word) => word.length > 0);
}

/** A quoted FTS5 string: the only syntax that reaches FTS5. Words hold no quotes, but double them anyway. */
function ftsString(words: readonly string[]): string {
  return `"${words.join(' ').replace(/"/g, '""')}"`;
}

interface ParsedQuery {
  /** Search terms split on whitespace, each as its words ("joao.silva" → ["joao", "silva"]). */
  terms: string[][];
  /** The query as typed, trimmed. */
  text: string;
  /** Folded query for exact name match. */
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
    .map(wordsOf)
    .filter((words) => words.length > 0);
  const phoneLike = PHONE_LIKE.test(text);
  const digits = phoneLike ? text.replace(/\D+/g, '') : '';
  return {
    text,
    terms,
    folded: foldText(text),
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

export class ContactSearch {
  private readonly byName: Database.Statement<[string, string, number], { k: number }>;
  private readonly byEmail: Database.Statement<[string, string, number], { k: number }>;
  private readonly byPhone: Database.Statement<[string, string, number], { k: number }>;
  private readonly wordsFts: Database.Statement<[string, number], { k: number }>;
  private readonly phoneFts: Database.Statement<[string, string, number], { k: number }>;
  private readonly recent: Database.Statement<[number, number], { k: number }>;
  private readonly rowsByKeys: Database.Statement<[string], ContactRow>;

  constructor(db: Database.Database) {
    // Exact matches: the exact-match token's short posting list, checked against the row (the
    // name and email tokens are hashes).
    this.byName = db.prepare(
      `SELECT f.rowid AS k FROM contacts_fts f JOIN contacts c ON c.rank_key = f.rowid
       WHERE contacts_fts MATCH ? AND c.name_norm = ? ORDER BY f.rowid DESC LIMIT ?`,
    );
    this.byEmail = db.prepare(
      `SELECT f.rowid AS k FROM contacts_fts f JOIN contacts c ON c.rank_key = f.rowid
       WHERE contacts_fts MATCH ? AND c.email_norm = ? ORDER BY f.rowid DESC LIMIT ?`,
    );
    this.byPhone = db.prepare(
      `SELECT f.rowid AS k FROM contacts_fts f JOIN contacts c ON c.rank_key = f.rowid
       WHERE contacts_fts MATCH ? AND c.phone_national IN (SELECT value FROM json_each(?))
       ORDER BY f.rowid DESC LIMIT ?`,
    );
    this.wordsFts = db.prepare(
      'SELECT rowid AS k FROM contacts_fts WHERE contacts_fts MATCH ? ORDER BY rowid DESC LIMIT ?',
    );
    // The trigram query uses at most PHONE_PHRASE_CHARS characters (fewer posting lists to
    // intersect; a 7-character substring is already rare) and the row check does the rest.
    this.phoneFts = db.prepare(
      `SELECT f.rowid AS k FROM contacts_phone_fts f JOIN contacts c ON c.rank_key = f.rowid
       WHERE contacts_phone_fts MATCH ? AND instr('!' || c.phone_national, ?) > 0
       ORDER BY f.rowid DESC LIMIT ?`,
    );
    this.recent = db.prepare('SELECT rank_key AS k FROM contacts ORDER BY rank_key DESC LIMIT ? OFFSET ?');
    this.rowsByKeys = db.prepare(
      `SELECT ${CONTACT_COLUMNS} FROM contacts WHERE rank_key IN (SELECT value FROM json_each(?))`,
    );
  }

  search(query: string, options: ContactSearchOptions = {}): ContactSearchResult {
    const limit = clampInt(options.limit ?? DEFAULT_LIMIT, 1, MAX_LIMIT);
    const offset = clampInt(options.offset ?? 0, 0, Number.MAX_SAFE_INTEGER);
    if (query.trim() === '') return this.recentContacts(limit, offset);

    const parsed = parseQuery(query);
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
      // Name or email starts with the query: its first word opens search_head (a small list even
      // for a common word), then the words follow in order, the last one as a prefix.
      const head = `${ftsString([HEAD_MARK + first])} *`;
      const startsWith = words.length === 1 ? head : `${head} AND {name email} : ^ ${ftsString(words)} *`;
      const emailToken = q.email.includes('@') ? exactEmailToken(q.email) : null;
      if (emailToken !== null) {
        const match = ftsString([emailToken]);
        exact.push({ fetch: (n) => keysOf(this.byEmail.all(match, q.email, n)) });
      }
      prefix.push({ fetch: (n) => keysOf(this.wordsFts.all(startsWith, n)) });
      // Every term a word prefix somewhere ("joao.silva" stays a phrase: joao followed by silva*).
      const everyTerm = q.terms.map((termWords) => `${ftsString(termWords)} *`).join(' AND ');
      contains.push({ fetch: (n) => keysOf(this.wordsFts.all(everyTerm, n)) });
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
        if (national.length >= MIN_DIGITS_PREFIX) prefix.push(phoneSource(`!${national}`));
      }
      if (q.digits.length >= MIN_DIGITS_CONTAINS) {
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
 * The national numbers the typed digits may stand for: the digits themselves, the national part
 * when they start with a country code ("+55 11 9876…", "5511987654321"), and the full national
 * number of a complete phone typed without the country code (Brazilian rules, ninth digit).
 */
function nationalCandidates(text: string, digits: string): string[] {
  const candidates = new Set<string>([digits]);
  const international = text.startsWith('+') || text.startsWith('00');
  const withCode = phoneKeys(international && digits.startsWith('00') ? digits.slice(2) : digits);
  if (withCode && withCode.national !== digits && (international || digits.length >= 12)) {
    candidates.add(withCode.national);
  }
  if (digits.length >= 8) {
    const e164 = normalisePhone(text)?.e164;
    const national = e164 ? phoneKeys(e164)?.national : undefined;
    if (national) candidates.add(national);
  }
  return [...candidates];
}

function keysOf(rows: ReadonlyArray<{ k: number }>): number[] {
  return rows.map((row) => row.k);
}

function clampInt(value: number, min: number, max: number): number {
  if (!Number.isFinite(value)) return min;
  return Math.min(max, Math.max(min, Math.trunc(value)));
}
