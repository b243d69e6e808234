/**
 * The contact's custom fields under their name ("Plano Premium · Cliente desde 10/05/2019 · …"),
 * read-only and in the company's order; HelenaCRM is where they are edited. Nothing when the contact
 * has none. A description list, so a screen reader reads each label with its value.
 */
import { useTranslation } from 'react-i18next';
import type { ContactField } from '../../src/domain/contact-fields';
import { formatFieldValue } from './contact-fields';

export function ContactFields({ fields }: { fields: readonly ContactField[] }) {
  const { t, i18n } = useTranslation();
  if (fields.length === 0) return null;
  const words = { yes: t('contact.fieldYes'), no: t('contact.fieldNo') };
  return (
    <dl className="contact-fields" aria-label={t('contact.fieldsLabel')} data-testid="contact-fields">
      {fields.map((field) => (
        <div key={field.key}>
          <dt>{field.label}</dt>
          <dd>{formatFieldValue(field.value, i18n.language, words)}</dd>
        </div>
      ))}
    </dl>
  );
}
