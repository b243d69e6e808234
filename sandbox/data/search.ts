/**
 * The `contacts.search` column and the `textFilter` of POST /core/v1/contact/filter: one text
 * that finds a contact by name, email or phone, ignoring case and accents ("joao" finds "João",
 * "(11) 98765-4321" finds +5511987654321).
 */
import { normalisePhone, phoneDigits } from '../../src/domain/phone';

/** Lower case, accents removed: "Conceição" → "conceicao". */
export function foldText(text: string): string {
  return text.normalize('NFD').replace(/\p{M}+/gu, '').toLowerCase();
}

/** What is stored in `contacts.search`: folded name and email, then the phone's digits. */
export function searchTextOf(name: string | null, email: string | null, phone: string | null): string {
  return [name ? foldText(name) : '', email ? foldText(email) : '', phone ? phoneDigits(phone) : ''].join(' ').trim();
}

/** Needles that must be found in `contacts.search` (already folded, so a plain substring test). */
export interface SearchPatterns {
  /** Every needle must appear. */
  all: string[];
  /** When the text is a phone, any of these may appear instead (its digits, or its E.164 digits with the ninth digit added). */
  anyPhone: string[];
}

const PHONE_LIKE = /^[\s\d()+\-./]+$/;

/**
 * Turns a user's text into needles. Words must all appear, in any order ("silva joão" finds
 * "João da Silva"). A text that looks like a phone number is matched by its digits, or by its
 * E.164 digits when it normalises to something the digits alone would miss (an old 8-digit
 * mobile gains its ninth digit). Returns null for a blank text (no filter).
 */
export function searchPatternsOf(text: string): SearchPatterns | null {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  if (PHONE_LIKE.test(trimmed)) {
    const digits = phoneDigits(trimmed);
    if (digits.length === 0) return null;
    const anyPhone = [digits];
    const normalised = normalisePhone(trimmed);
    const e164Digits = normalised ? phoneDigits(normalised.e164) : null;
    if (e164Digits && !e164Digits.includes(digits)) anyPhone.push(e164Digits);
    return { all: [], anyPhone };
  }
  const words = foldText(trimmed)
    .split(/\s+/)
    .filter((word) => word.length > 0);
  return { all: words, anyPhone: [] };
}

/**
 * The SQL condition and its arguments for `searchPatternsOf(text)` on column `column`. instr() is
 * a byte substring test: cheaper than LIKE, and the column and needles are both already folded.
 */
export function searchCondition(patterns: SearchPatterns, column = 'search'): { sql: string; args: string[] } {
  const test = `instr(${column}, ?) > 0`;
  if (patterns.anyPhone.length > 0) {
    return { sql: `(${patterns.anyPhone.map(() => test).join(' OR ')})`, args: patterns.anyPhone };
  }
  return { sql: `(${patterns.all.map(() => test).join(' AND ')})`, args: patterns.all };
}
