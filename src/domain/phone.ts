/**
 * Phone numbers as agents type them ("(11) 98765-4321", "11987654321", "+55 11 98765-4321")
 * normalised to E.164 with Brazilian rules: a number without a country code is Brazilian, and a
 * Brazilian mobile missing its ninth digit gets it (libphonenumber knows the area codes).
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

/**
 * Adds the ninth digit to an old-style Brazilian mobile (area code + 8 digits starting 6-9).
 * Since 2016 every Brazilian mobile has 9 digits after the area code, starting with 9.
 */
function withBrazilianNinthDigit(digits: string): string {
  const national = digits.startsWith('55') && digits.length === 12 ? digits.slice(2) : digits;
  if (national.length === 10 && /^[1-9][1-9][6-9]/.test(national)) {
    return `55${national.slice(0, 2)}9${national.slice(2)}`;
  }
  return digits.startsWith('55') ? digits : `55${digits}`;
}

export function normalisePhone(input: string, defaultCountry: CountryCode = 'BR'): NormalisedPhone | null {
  const trimmed = input.trim();
  if (!trimmed) return null;
  const digits = phoneDigits(trimmed);
  if (digits.length < 8 || digits.length > 15) return null;
  let candidate = trimmed;
  const explicitInternational = trimmed.startsWith('+') || trimmed.startsWith('00');
  if (!explicitInternational && defaultCountry === 'BR' && (digits.length === 10 || digits.length === 11)) {
    candidate = `+${withBrazilianNinthDigit(digits)}`;
  } else if (explicitInternational && digits.startsWith('55')) {
    candidate = `+${withBrazilianNinthDigit(digits.startsWith('00') ? digits.slice(2) : digits)}`;
  }
  const parsed = parsePhoneNumberFromString(candidate, defaultCountry);
  if (!parsed || !parsed.isValid()) return null;
  return { e164: parsed.number, country: parsed.country ?? defaultCountry, national: parsed.formatNational() };
}
