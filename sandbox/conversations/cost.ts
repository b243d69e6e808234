/**
 * What a business-initiated message costs: the WhatsApp category of the template (from
 * HelenaCRM's free-text `categoryName`, read by the domain's categoryOfTemplate, the same rule
 * the client's estimate uses) priced by the recipient's country from the configured price table.
 * Free text inside the window is SERVICE; QR channels are never charged.
 */
import type { PriceTable, WhatsAppCategory } from '../../src/domain/cost';
import { normalisePhone } from '../../src/domain/phone';

export interface MessageCost {
  category: WhatsAppCategory;
  /** ISO 3166 alpha-2 of the recipient, or '*' when the phone has no known country. */
  country: string;
  amount: number;
  currency: string;
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
