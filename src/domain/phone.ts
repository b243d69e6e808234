/**
 * Phone numbers as agents type them ("(11) 98765-4321", "11987654321", "+55 11 98765-4321",
 * "0 15 11 98765-4321") normalised to E.164 with Brazilian rules: a number without a country code
 * is Brazilian, a long-distance trunk prefix "0" and carrier code ("0 15 …", "0xx11 …") are
 * dropped, and a Brazilian mobile missing its ninth digit gets it. libphonenumber (full metadata)
 * has the final word on validity.
 *
 * Bare digits without "+" (HelenaCRM often keeps "5511987654321" or "16502530000") are tried
 * as Brazilian first and, when that is not a valid Brazilian number, as international.
 */
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';

export interface NormalisedPhone {
  /** E.164, e.g. +5511987654321 */
  e164: string;
  /** ISO 3166 alpha-2 country, e.g. BR */
  country: string;
  /** National format for display, e.g. (11) 98765-4321 */
  national: string;
}

/** Digits only, e.g. for matching "98765" against "+55 11 98765-4321". */
export function phoneDigits(input: string): string {
  return input.replace(/\D+/g, '');
}

const BRAZIL_CODE = '55';

/**
 * Adds the ninth digit to an old-style Brazilian mobile (area code + 8 digits starting 6, 8 or 9).
 * Since 2016 every Brazilian mobile has 9 digits after the area code, starting with 9. 8-digit
 * numbers starting 2-5 are landlines, and those starting 7 are radio (trunking) numbers that kept
 * 8 digits: both stay as they are.
 */
function withNinthDigit(national: string): string {
  if (national.length === 10 && /^[1-9][1-9][689]/.test(national)) return `${national.slice(0, 2)}9${national.slice(2)}`;
  return national;
}

/** Non-geographic national numbers (0800 toll-free, 0300/0500/0900) keep their leading zero. */
const NON_GEOGRAPHIC = /^0[3589]00/;

/**
 * The Brazilian national number (area code + subscriber) inside digits typed without "+", or
 * null when the digits cannot be one: "0 11 …" (trunk prefix), "0 15 11 …" (trunk + carrier),
 * "55 11 …" (country code without "+"), "11 …".
 */
function brazilianNational(digits: string): string | null {
  let rest = digits;
  if (rest.startsWith('0')) {
    rest = rest.slice(1);
    // Carrier selection code: two digits between the trunk "0" and the area code.
    if (rest.length === 12 || rest.length === 13) rest = rest.slice(2);
  } else if (rest.startsWith(BRAZIL_CODE) && (rest.length === 12 || rest.length === 13)) {
    rest = rest.slice(2);
  }
  return rest.length === 10 || rest.length === 11 ? withNinthDigit(rest) : null;
}

function parsedValid(candidate: string, defaultCountry: CountryCode): NormalisedPhone | null {
  const parsed = parsePhoneNumberFromString(candidate, defaultCountry);
  if (!parsed || !parsed.isValid()) return null;
  return { e164: parsed.number, country: parsed.country ?? defaultCountry, national: parsed.formatNational() };
}

function international(digits: string, defaultCountry: CountryCode): NormalisedPhone | null {
  if (digits.startsWith(BRAZIL_CODE)) {
    const national = digits.slice(2);
    return parsedValid(`+${BRAZIL_CODE}${withNinthDigit(national)}`, defaultCountry);
  }
  return parsedValid(`+${digits}`, defaultCountry);
}

/**
 * E.164 of a typed phone number, or null when it is not a valid number. Letters are refused
 * (except the "0xx" placeholder of Brazilian long-distance notation); so are extensions, since
 * WhatsApp has none.
 */
export function normalisePhone(input: string, defaultCountry: CountryCode = 'BR'): NormalisedPhone | null {
  const trimmed = input.trim().replace(/^0\s*xx\s*/i, '0');
  if (!trimmed || /[\p{L}]/u.test(trimmed)) return null;
  const digits = phoneDigits(trimmed);
  // E.164 allows 7-digit numbers (e.g. +2908999, Tristan da Cunha); typed without "+", 8 at least.
  if (digits.length < (trimmed.startsWith('+') ? 7 : 8) || digits.length > 17) return null;

  if (trimmed.startsWith('+')) return international(digits, defaultCountry);
  if (digits.startsWith('00') && digits.length > 10) {
    const viaPrefix = international(digits.slice(2), defaultCountry);
    if (viaPrefix) return viaPrefix;
  }
  if (defaultCountry !== 'BR') return parsedValid(trimmed, defaultCountry);

  if (NON_GEOGRAPHIC.test(digits)) return parsedValid(digits, 'BR');
  const national = brazilianNational(digits);
  const asBrazilian = national ? parsedValid(`+${BRAZIL_CODE}${national}`, 'BR') : parsedValid(digits, 'BR');
  if (asBrazilian) return asBrazilian;
  // Stored without "+" as bare digits: "16502530000", "351912345678". Anything typed with
  // punctuation, like "(40) 90000-0000", was meant as Brazilian and stays invalid.
  return /^[1-9]\d{10,}$/.test(trimmed) ? international(digits, defaultCountry) : null;
}

/**
 * How an agent reads a number: Brazilian ones in national format, "(11) 98765-4321", as agents
 * dial them; others in international format, "+1 415 555 0100" (the country code is what tells
 * the agent the contact is abroad, and the spaces make it readable aloud).
 */
export function phoneForDisplay(phone: NormalisedPhone): string {
  if (phone.country === 'BR') return phone.national;
  return parsePhoneNumberFromString(phone.e164)?.formatInternational() ?? phone.e164;
}

/**
 * A stored number ("+5511976543210", "5511976543210", "+14155550100") as the agent reads it,
 * wherever the interface shows a contact's phone, so the contact search and the conversation's
 * header show the same number the same way. One that is not a valid number stays as stored: the
 * agent still sees what HelenaCRM has.
 */
export function displayPhone(stored: string): string {
  const parsed = normalisePhone(stored);
  return parsed ? phoneForDisplay(parsed) : stored;
}
