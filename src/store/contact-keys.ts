/**
 * Derived keys stored beside each contact so search can use indexes: the folded name, the phone
 * digits split at the country code, the search_keys text (marked first words and exact-match
 * tokens for the FTS index), and the rank key that orders contacts by recent activity.
 */
import type Database from 'better-sqlite3';
import { getCountries, getCountryCallingCode } from 'libphonenumber-js';
import { normalisePhone } from '../domain/phone';

/** Lower-case, accents removed, every run of non-letters/digits collapsed to one space. */
export function foldText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/**
 * The words search sees in a text: folded (foldText) and split where letters meet digits, so the
 * email "tavares123@gmail.com" gives tavares, 123, gmail, com. Names and emails are indexed as these
 * words and queries are cut the same way. Why: FTS5 answers a prefix query longer than its prefix
 * indexes by merging every matching term's posting list in memory, and "tavares*" over tavares0 …
 * tavares999 cost 1.8 ms at a million contacts; split, it is one term.
 */
export function searchWords(text: string | null | undefined): string[] {
  if (!text) return [];
  // Ingest calls this for every name and email: plain ASCII (most emails, many names) skips the
  // Unicode folding.
  if (ASCII.test(text)) return text.toLowerCase().match(ASCII_WORD) ?? [];
  return foldText(text).match(WORD) ?? [];
}
// eslint-disable-next-line no-control-regex
const ASCII = /^[\x00-\x7f]*$/;
const ASCII_WORD = /[a-z]+|[0-9]+/g;
const WORD = /\p{L}+|\p{N}+/gu;

/** What the words index holds for a name or email: its search words, space-separated. */
export function indexText(text: string | null | undefined): string | null {
  const words = searchWords(text);
  return words.length > 0 ? words.join(' ') : null;
}

/**
 * The SQL name of indexText: the words index is fed through it, and an index of contacts is built on
 * it (migration 018), so its output is on-disk format: a change to it needs a migration that rebuilds
 * both (index-text-format.test.ts pins it).
 */
export const INDEX_TEXT_FN = 'contact_index_text';

/**
 * Registers INDEX_TEXT_FN on a connection. Every connection that writes contacts needs it (SQLite
 * computes the indexed expression on each write), so openDatabase registers it before migrating;
 * the migrations that use it register it too, to run on a bare connection as the upgrade tests do.
 * A tool without it (the sqlite3 shell) can read contacts but not write them.
 */
export function registerIndexText(db: Database.Database): void {
  db.function(INDEX_TEXT_FN, { deterministic: true }, (text: unknown) => indexText(typeof text === 'string' ? text : null));
}

let callingCodes: Set<string> | undefined;
function countryCallingCodes(): Set<string> {
  callingCodes ??= new Set(getCountries().map((country) => String(getCountryCallingCode(country))));
  return callingCodes;
}

export interface PhoneKeys {
  /** All digits of the E.164 number, e.g. 5511987654321. */
  digits: string;
  /** Digits after the country code, e.g. 11987654321 (all digits when no code is recognised). */
  national: string;
}

/** Country calling codes are prefix-free, so the first 1-3 digit prefix that is one is the code. */
export function phoneKeys(phone: string | null | undefined): PhoneKeys | null {
  if (!phone) return null;
  const digits = phone.replace(/\D+/g, '');
  if (!digits) return null;
  const codes = countryCallingCodes();
  for (let length = 1; length <= 3 && length < digits.length; length++) {
    if (codes.has(digits.slice(0, length))) return { digits, national: digits.slice(length) };
  }
  return { digits, national: digits };
}

/**
 * The national numbers the typed digits may stand for: the digits themselves, the national part
 * when they start with a country code ("+55 11 9876…", "5511987654321"), and the full national
 * number of a complete phone typed without the country code (Brazilian rules, ninth digit).
 * Shared by the contact search and the desk's quick find, so a number finds the same either way.
 */
export function nationalCandidates(text: string, digits: string): string[] {
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

/**
 * Contacts are ordered by their last activity (or last update, whichever is later). The rank key
 * packs that second with a slot taken from the id: `seconds * 2^20 + slot`. It stays a safe JS
 * integer until the year 2242, and two contacts active in the same second get different slots
 * (a taken slot moves to the next free one; see contacts-repo).
 */
const SLOT_BITS = 20;
export const RANK_SLOTS = 2 ** SLOT_BITS;

export function activitySeconds(updatedAt: string, lastActivityAt: string | null | undefined): number {
  const updated = Date.parse(updatedAt);
  const active = lastActivityAt ? Date.parse(lastActivityAt) : Number.NaN;
  const latest = Math.max(Number.isFinite(updated) ? updated : 0, Number.isFinite(active) ? active : 0);
  return Math.max(0, Math.floor(latest / 1000));
}

/** FNV-1a, 32 bits: cheap and stable. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

function slotOf(id: string): number {
  return fnv1a(id) & (RANK_SLOTS - 1);
}

/**
 * Marks head words in the index: a private-use character the tokenizer keeps inside the token, so
 * "\uE000silva" (the first search word of a name or email, marked) has its own short posting list
 * instead of sharing every "silva" in names and emails (a column filter would still walk all of
 * those). Queries never contain it: it is not a letter.
 */
export const HEAD_MARK = '\uE000';

/**
 * Exact-match keys live in the same FTS index as marked tokens (one short posting list per
 * distinct name, number or email) instead of B-tree indexes of their own: an FTS posting costs a
 * fraction of a random B-tree insert, and ingest speed is bound by exactly that. Collisions of
 * the name/email hashes are harmless: matches are checked against name_norm / email_norm.
 */
const EXACT_NAME_MARK = '\uE001';
export const EXACT_PHONE_MARK = '\uE002';
const EXACT_EMAIL_MARK = '\uE003';

/** The index token of a whole name, given as its search words (indexText). */
export function exactNameToken(nameNorm: string): string | null {
  return nameNorm ? EXACT_NAME_MARK + fnv1a(nameNorm).toString(36) : null;
}

/** The index token of a whole national number (digits after the country code). */
export function exactPhoneToken(national: string): string | null {
  return /^\d+$/.test(national) ? EXACT_PHONE_MARK + national : null;
}

/** The index token of a whole lower-cased email. */
export function exactEmailToken(emailNorm: string): string | null {
  return emailNorm ? EXACT_EMAIL_MARK + fnv1a(emailNorm).toString(36) : null;
}

export interface SearchKeyInput {
  /** The name's search words, space-separated (indexText). */
  nameNorm: string;
  emailNorm: string | null;
  national: string | null;
}

/**
 * What the search_keys column holds: the head tokens of name and email (what "starts with" is
 * tested against), and the exact-match tokens of name, phone and email.
 */
export function searchKeys(input: SearchKeyInput): string | null {
  const keys: string[] = [];
  for (const first of [input.nameNorm.split(' ')[0], searchWords(input.emailNorm)[0]]) {
    if (first) keys.push(HEAD_MARK + first);
  }
  const exact = [
    exactNameToken(input.nameNorm),
    input.national ? exactPhoneToken(input.national) : null,
    input.emailNorm ? exactEmailToken(input.emailNorm) : null,
  ];
  for (const token of exact) if (token) keys.push(token);
  return keys.length > 0 ? keys.join(' ') : null;
}

export function preferredRankKey(seconds: number, id: string): number {
  return seconds * RANK_SLOTS + slotOf(id);
}

export function rankKeySeconds(rankKey: number): number {
  return Math.floor(rankKey / RANK_SLOTS);
}
