/**
 * "Editar contato" (Alt+E in a conversation): the contact's name and e-mail, prefilled. Enter
 * saves, Esc cancels. Only what the agent changed goes to HelenaCRM; its refusal shows under the
 * field it is about (or above the form: offline, the contact gone), and what was typed stays for
 * another try. A contact edit needs HelenaCRM at once: offline it is refused, never queued.
 */
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConsoleErrorBody } from '../../src/console/errors';
import type { ContactDetails } from '../../src/console/results';
import { Dialog } from '../components/Dialog';
import { useErrorText, useIssueText } from '../i18n/error-text';
import { callCore } from '../state/app-store';
import { contactChanges, contactFormIssues, type ContactFormField } from './contact-edit';

export function ContactEditDialog({
  contactId,
  contact,
  onClose,
  onSaved,
}: {
  contactId: string;
  /** The contact as cached (null when not cached yet: the fields start empty). */
  contact: ContactDetails | null;
  onClose: () => void;
  onSaved: (contact: ContactDetails) => void;
}) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const issueText = useIssueText();
  const [initial] = useState({ name: contact?.name ?? null, email: contact?.email ?? null });
  const [name, setName] = useState(initial.name ?? '');
  const [email, setEmail] = useState(initial.email ?? '');
  const [saving, setSaving] = useState(false);
  const [refused, setRefused] = useState<ConsoleErrorBody | null>(null);
  /** Fields whose refusal no longer applies: the agent changed them since. */
  const [edited, setEdited] = useState<ReadonlySet<ContactFormField>>(new Set());
  const nameRef = useRef<HTMLInputElement>(null);
  const emailRef = useRef<HTMLInputElement>(null);

  const issues = refused ? contactFormIssues(refused) : null;
  const nameIssue = issues?.name && !edited.has('name') ? issueText(issues.name) : null;
  const emailIssue = issues?.email && !edited.has('email') ? issueText(issues.email) : null;
  const general = refused && issues?.general ? errorText(refused) : null;

  async function save(event?: FormEvent) {
    event?.preventDefault();
    if (saving) return;
    const changes = contactChanges(initial, { name, email });
    if (changes === null) {
      onClose();
      return;
    }
    setSaving(true);
    setRefused(null);
    setEdited(new Set());
    const answer = await callCore('contact.update', { contactId, ...changes });
    setSaving(false);
    if (answer.ok) {
      onSaved(answer.value.contact);
      return;
    }
    setRefused(answer.error);
    // The keyboard goes to the field to fix.
    const split = contactFormIssues(answer.error);
    if (split.name) nameRef.current?.focus();
    else if (split.email) emailRef.current?.focus();
  }

  function typed(field: ContactFormField, value: string) {
    if (field === 'name') setName(value);
    else setEmail(value);
    setEdited((before) => new Set(before).add(field));
  }

  return (
    <Dialog title={t('contactEdit.title')} titleId="contact-edit-title" onEscape={() => (saving ? undefined : onClose())}>
      <form className="parameters contact-edit" onSubmit={(e) => void save(e)} noValidate aria-busy={saving}>
        <div className="field">
          <label htmlFor="contact-edit-name">{t('contactEdit.name')}</label>
          <input
            id="contact-edit-name"
            ref={nameRef}
            autoFocus
            autoComplete="off"
            value={name}
            maxLength={200}
            readOnly={saving}
            aria-invalid={nameIssue ? true : undefined}
            aria-describedby={nameIssue ? 'contact-edit-name-issue' : undefined}
            onChange={(e) => typed('name', e.target.value)}
          />
          {nameIssue && (
            <span id="contact-edit-name-issue" className="error">
              {nameIssue}
            </span>
          )}
        </div>
        <div className="field">
          <label htmlFor="contact-edit-email">{t('contactEdit.email')}</label>
          <input
            id="contact-edit-email"
            ref={emailRef}
            type="email"
            autoComplete="off"
            spellCheck={false}
            value={email}
            maxLength={254}
            readOnly={saving}
            placeholder={t('contactEdit.emailPlaceholder')}
            aria-invalid={emailIssue ? true : undefined}
            aria-describedby={emailIssue ? 'contact-edit-email-issue' : undefined}
            onChange={(e) => typed('email', e.target.value)}
          />
          {emailIssue && (
            <span id="contact-edit-email-issue" className="error">
              {emailIssue}
            </span>
          )}
        </div>
        {contact?.phone && <p className="muted">{t('contactEdit.phone', { phone: contact.phone })}</p>}
        {general && (
          <p role="alert" className="error">
            {general}
          </p>
        )}
        <button type="submit" disabled={saving} aria-busy={saving}>
          {saving ? t('contactEdit.saving') : t('contactEdit.save')}
        </button>
        <p className="muted keys">{t('contactEdit.keys')}</p>
      </form>
    </Dialog>
  );
}
