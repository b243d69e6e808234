/**
 * A contact's custom field values as the agent reads them, in the screen's language: dates and
 * numbers as the locale writes them ("10/05/2019", "1.500,5"), yes/no words, lists joined. The core
 * sends typed values (src/domain/contact-fields.ts) so this is the only place they become text.
 */
import type { ContactFieldValue } from '../../src/domain/contact-fields';

export interface FieldWords {
  yes: string;
  no: string;
}

export function formatFieldValue(value: ContactFieldValue, language: string, words: FieldWords): string {
  switch (value.kind) {
    case 'text':
      return value.text;
    case 'number':
      return new Intl.NumberFormat(language, { maximumFractionDigits: 2 }).format(value.number);
    case 'date': {
      // A calendar day, not an instant: formatted in UTC so no time zone moves it a day back.
      const [y, m, d] = value.date.split('-').map(Number);
      return new Intl.DateTimeFormat(language, { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'UTC' }).format(Date.UTC(y ?? 0, (m ?? 1) - 1, d ?? 1));
    }
    case 'datetime':
      return new Intl.DateTimeFormat(language, { day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false }).format(
        new Date(value.at),
      );
    case 'time':
      return value.time;
    case 'boolean':
      return value.yes ? words.yes : words.no;
    case 'list':
      return value.items.join(', ');
    case 'range':
      return `${formatFieldValue(value.from, language, words)} – ${formatFieldValue(value.to, language, words)}`;
  }
}
