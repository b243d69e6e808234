/**
 * What a send will cost, shown to the agent before it goes (ARCHITECTURE.md, "WhatsApp rules").
 *
 * - A template on an official WhatsApp channel is charged per delivered message by its category
 *   and the recipient's country, from the configured price table (prices are never constants
 *   here). HelenaCRM names the category in free text (`categoryName`: "Marketing", "Utilidade",
 *   "Autenticação" …); a name not recognised is priced as MARKETING, the most expensive
 *   category, so the estimate never understates what Meta may bill (Meta itself re-categorises
 *   templates as marketing).
 * - Free text can only go inside the 24-hour window (outside it waits for the reply), so it is
 *   the SERVICE category: free.
 * - QR-code channels, Instagram and Messenger: nothing charged per message.
 *
 * Same rule as the sandbox (templates charged whatever the window; Meta's newer "utility free
 * inside the window" rule is not modelled).
 */
import { z } from 'zod';
import { channelFamilyOf, type AnyChannelType } from './channels';
import { translate, type MessageCode } from './messages';
import type { Locale } from './window';

export type WhatsAppCategory = 'MARKETING' | 'UTILITY' | 'AUTHENTICATION' | 'SERVICE';
export type TemplateCategory = Exclude<WhatsAppCategory, 'SERVICE'>;

export interface PriceEntry {
  /** Price of one delivered business-initiated message, in `currency`. */
  amount: number;
  /** ISO 4217, e.g. USD, BRL. */
  currency: string;
}

/**
 * Price per category and recipient country (ISO 3166 alpha-2, or '*' for any other country).
 * The sandbox charges with the same table (sandbox/options.ts).
 */
export type PriceTable = Partial<Record<WhatsAppCategory, Readonly<Record<string, PriceEntry>>>>;

export const DEFAULT_PRICES: PriceTable = {
  // Meta's per-message prices for Brazil (USD) are configuration, not code: the app reads HELENA_PRICES (a JSON file), the sandbox --prices FILE.
  MARKETING: { BR: { amount: 0.0625, currency: 'USD' }, '*': { amount: 0.0741, currency: 'USD' } },
  UTILITY: { BR: { amount: 0.008, currency: 'USD' }, '*': { amount: 0.0113, currency: 'USD' } },
  AUTHENTICATION: { BR: { amount: 0.0315, currency: 'USD' }, '*': { amount: 0.0135, currency: 'USD' } },
  SERVICE: { '*': { amount: 0, currency: 'USD' } },
};

/** For a price table read from a configuration file. */
export const PriceTableSchema = z.partialRecord(
  z.enum(['MARKETING', 'UTILITY', 'AUTHENTICATION', 'SERVICE']),
  z.record(
    z.string().regex(/^([A-Z]{2}|\*)$/),
    z.object({ amount: z.number().finite().nonnegative(), currency: z.string().regex(/^[A-Z]{3}$/) }),
  ),
);

function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').trim().toLowerCase();
}

const CATEGORY_NAMES: Readonly<Record<string, TemplateCategory>> = {
  marketing: 'MARKETING',
  utilidade: 'UTILITY',
  utility: 'UTILITY',
  utilidad: 'UTILITY',
  autenticacao: 'AUTHENTICATION',
  authentication: 'AUTHENTICATION',
  autenticacion: 'AUTHENTICATION',
};

export interface CategoryGuess {
  category: TemplateCategory;
  /** False when categoryName was missing or not understood and MARKETING was assumed. */
  recognised: boolean;
}

/** The WhatsApp category of a template from HelenaCRM's categoryName (any case, with or without accents). */
export function categoryOfTemplate(categoryName: string | null | undefined): CategoryGuess {
  const known = Object.hasOwn(CATEGORY_NAMES, fold(categoryName ?? '')) ? CATEGORY_NAMES[fold(categoryName ?? '')] : undefined;
  return known ? { category: known, recognised: true } : { category: 'MARKETING', recognised: false };
}

export type SendForCost =
  | { kind: 'text'; channelType: AnyChannelType | string | null }
  | { kind: 'template'; channelType: AnyChannelType | string | null; categoryName: string | null | undefined };

export interface CostEstimate {
  category: WhatsAppCategory;
  /** Price of this send; 0 when not charged; null when charged but the table has no price for it. */
  amount: number | null;
  currency: string | null;
  charged: boolean;
  /** Country the price was looked up for: the recipient's, or '*' (the table's fallback row). */
  country: string;
  code: MessageCode;
  values: Readonly<Record<string, string | number>>;
  /** pt-BR, for the agent. */
  explanation: string;
}

function lookup(table: PriceTable, category: WhatsAppCategory, country: string | null): { entry: PriceEntry; country: string } | null {
  const row = table[category];
  if (!row) return null;
  const exact = country !== null && Object.hasOwn(row, country) ? row[country] : undefined;
  if (exact && country !== null) return { entry: exact, country };
  const fallback = Object.hasOwn(row, '*') ? row['*'] : undefined;
  return fallback ? { entry: fallback, country: '*' } : null;
}

function free(category: WhatsAppCategory, code: MessageCode, country: string | null, currency: string | null): CostEstimate {
  return { category, amount: 0, currency, charged: false, country: country ?? '*', code, values: {}, explanation: translate(code) };
}

/**
 * The cost of one send to a recipient in `recipientCountry` (ISO alpha-2, e.g. from
 * normalisePhone(...).country; null when unknown, which prices by the table's '*' row).
 */
export function estimateCost(send: SendForCost, prices: PriceTable, recipientCountry: string | null): CostEstimate {
  const country = recipientCountry ? recipientCountry.toUpperCase() : null;
  const family = channelFamilyOf(send.channelType);
  if (family === 'unofficial') return free(send.kind === 'text' ? 'SERVICE' : categoryOfTemplate(send.categoryName).category, 'cost.unofficial_channel', country, null);
  if (family === 'other') return free('SERVICE', 'cost.other_channel', country, null);
  if (send.kind === 'text') return free('SERVICE', 'cost.free_text', country, lookup(prices, 'SERVICE', country)?.entry.currency ?? null);

  const { category, recognised } = categoryOfTemplate(send.categoryName);
  const found = lookup(prices, category, country);
  if (!found) {
    const values = { category, country: country ?? '*' };
    return { category, amount: null, currency: null, charged: true, country: country ?? '*', code: 'cost.price_missing', values, explanation: explain('cost.price_missing', values) };
  }
  const code: MessageCode = recognised ? 'cost.template' : 'cost.template_unknown_category';
  const values = { category, country: found.country, amount: found.entry.amount, currency: found.entry.currency, categoryName: send.categoryName ?? '' };
  return {
    category,
    amount: found.entry.amount,
    currency: found.entry.currency,
    charged: true,
    country: found.country,
    code,
    values,
    explanation: explain(code, values),
  };
}

/** The estimate's explanation in `locale` (the UI's language). */
export function explainCost(estimate: Pick<CostEstimate, 'code' | 'values'>, locale: Locale = 'pt-BR'): string {
  return explain(estimate.code, estimate.values, locale);
}

const CATEGORY_LABELS: Readonly<Record<Locale, Readonly<Record<WhatsAppCategory, string>>>> = {
  'pt-BR': { MARKETING: 'Marketing', UTILITY: 'Utilidade', AUTHENTICATION: 'Autenticação', SERVICE: 'Serviço' },
  en: { MARKETING: 'Marketing', UTILITY: 'Utility', AUTHENTICATION: 'Authentication', SERVICE: 'Service' },
};

export function categoryLabel(category: WhatsAppCategory, locale: Locale = 'pt-BR'): string {
  return CATEGORY_LABELS[locale][category];
}

/** "Brasil" / "Brazil"; '*' is "outros países" / "other countries". */
export function countryLabel(country: string, locale: Locale = 'pt-BR'): string {
  if (country === '*') return locale === 'en' ? 'other countries' : 'outros países';
  try {
    return new Intl.DisplayNames([locale], { type: 'region' }).of(country) ?? country;
  } catch {
    return country;
  }
}

/**
 * The article pt-BR puts before a country's name ("para o Brasil", "para os Estados Unidos", "para a
 * Argentina"; Portugal, Angola, Cuba… take none). Intl has no word for it, so: the countries a price
 * table is likely to list. One missing here reads without it, as Portugal does.
 */
const PT_BR_COUNTRY_ARTICLES: Readonly<Record<string, 'o' | 'a' | 'os' | 'as'>> = {
  BR: 'o', US: 'os', AR: 'a', MX: 'o', CL: 'o', CO: 'a', PE: 'o', UY: 'o', PY: 'o', BO: 'a', VE: 'a', EC: 'o',
  CR: 'a', PA: 'o', GT: 'a', NI: 'a', DO: 'a', CA: 'o', ES: 'a', FR: 'a', IT: 'a', DE: 'a', GB: 'o', NL: 'os',
  BE: 'a', CH: 'a', IE: 'a', JP: 'o', CN: 'a', IN: 'a', AU: 'a', ZA: 'a', AE: 'os',
};

/** The countries whose English name takes "the" ("to the United States", but "to Brazil"). */
const EN_COUNTRIES_WITH_THE: ReadonlySet<string> = new Set(['US', 'GB', 'NL', 'AE', 'DO', 'PH', 'CZ', 'BS', 'GM']);

/** A country as it follows "para" / "to": "o Brasil", "os Estados Unidos", "Portugal", "outros países"; "Brazil", "the United States". */
function countryAfterPreposition(country: string, locale: Locale): string {
  const label = countryLabel(country, locale);
  if (locale === 'en') return EN_COUNTRIES_WITH_THE.has(country) ? `the ${label}` : label;
  const article = Object.hasOwn(PT_BR_COUNTRY_ARTICLES, country) ? PT_BR_COUNTRY_ARTICLES[country] : undefined;
  return article ? `${article} ${label}` : label;
}

/** Money as the agent reads it: "US$ 0,0625", "R$ 1,50" (en: "$0.0625"). Sub-cent prices keep up to 4 decimals. */
export function formatMoney(amount: number, currency: string, locale: Locale = 'pt-BR'): string {
  return new Intl.NumberFormat(locale, { style: 'currency', currency, minimumFractionDigits: 2, maximumFractionDigits: 4 }).format(amount);
}

function isCategory(value: unknown): value is WhatsAppCategory {
  return value === 'MARKETING' || value === 'UTILITY' || value === 'AUTHENTICATION' || value === 'SERVICE';
}

/** Raw values (category code, country code, amount) turned into words of `locale`, then the message. */
function explain(code: MessageCode, values: Readonly<Record<string, string | number>>, locale: Locale = 'pt-BR'): string {
  const words: Record<string, string | number> = { ...values };
  if (isCategory(values.category)) words.category = categoryLabel(values.category, locale);
  // Every message places the country after "para" / "to".
  if (typeof values.country === 'string') words.country = countryAfterPreposition(values.country, locale);
  if (typeof values.amount === 'number' && typeof values.currency === 'string') words.price = formatMoney(values.amount, values.currency, locale);
  return translate(code, words, locale);
}
