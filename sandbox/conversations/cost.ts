/**
 * What a business-initiated message costs: the WhatsApp category of the template (from
 * HelenaCRM's free-text `categoryName`) priced by the recipient's country from the configured
 * price table. Free text inside the window is SERVICE; QR channels are never charged.
 */
import { normalisePhone } from '../../src/domain/phone';
import type { PriceTable } from '../options';

export type WhatsAppCategory = 'MARKETING' | 'UTILITY' | 'AUTHENTICATION' | 'SERVICE';

export interface MessageCost {
  category: WhatsAppCategory;
  /** ISO 3166 alpha-2 of the recipient, or '*' when the phone has no known country. */
  country: string;
  amount: number;
  currency: string;
}

function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').trim().toLowerCase();
}

/**
 * HelenaCRM names categories in the account's language ("Marketing", "Utilidade", "Autenticação").
 * Anything unrecognised is treated as MARKETING, as Meta does when it re-categorises a template.
 */
export function whatsappCategoryOf(categoryName: string | null): Exclude<WhatsAppCategory, 'SERVICE'> {
  const name = fold(categoryName ?? '');
  if (name === 'utilidade' || name === 'utility' || name === 'utilidad') return 'UTILITY';
  if (name === 'autenticacao' || name === 'authentication' || name === 'autenticacion') return 'AUTHENTICATION';
  return 'MARKETING';
}

export function countryOfPhone(phone: string | null): string {
  if (!phone) return '*';
  return normalisePhone(phone)?.country ?? '*';
}

export function priceMessage(prices: PriceTable, category: WhatsAppCategory, phone: string | null): MessageCost {
  const country = countryOfPhone(phone);
  const byCountry = prices[category] ?? {};
  const entry = byCountry[country] ?? byCountry['*'] ?? { amount: 0, currency: 'USD' };
  return { category, country, amount: entry.amount, currency: entry.currency };
}
