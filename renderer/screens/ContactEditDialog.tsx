/**
 * "Editar contato" (Alt+E in a conversation): the contact's name and e-mail, prefilled, and its
 * tags ("Etiquetas") as removable chips with a type-to-filter list of the company's tags (↑ ↓
 * Enter adds, Backspace on an empty input takes the last one off). Enter saves, Esc cancels. Only what the agent changed goes to HelenaCRM; its refusal shows under the
 * field it is about (or above the form: offline, the contact gone), and what was typed stays for
 * another try. A contact edit needs HelenaCRM at once: offline it is refused, never queued.
 */
import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConsoleErrorBody } from '../../src/console/errors';
import type { ContactDetails } from '../../src/console/results';
import { displayPhone } from '../../src/domain/phone';
import { Dialog } from '../components/Dialog';
import { useErrorText, useIssueText } from '../i18n/error-text';
import { callCore } from '../state/app-store';
import {
  contactChanges,
  contactFormIssues,
  initialChips,
  tagChanges,
  tagFieldKey,
  tagFieldTyped,
  tagSuggestions,
  type ContactFormField,
  type TagFieldState,
  type TagOption,
} from './contact-edit';

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
  const [initial, setInitial] = useState({ name: contact?.name ?? null, email: contact?.email ?? null });
  const [initialTagIds, setInitialTagIds] = useState<readonly string[]>(contact?.tagIds ?? []);
  const [allTags, setAllTags] = useState<TagOption[]>([]);
  const [tags, setTags] = useState<TagFieldState>({ chosen: initialChips(contact, []), query: '', active: -1 });
  const [tagsFocused, setTagsFocused] = useState(false);
  const tagsRef = useRef<HTMLInputElement>(null);
  const [name, setName] = useState(initial.name ?? '');
  const [email, setEmail] = useState(initial.email ?? '');
  const [saving, setSaving] = useState(false);
  const [refused, setRefused] = useState<ConsoleErrorBody | null>(null);
  /** Fields whose refusal no longer applies: the agent changed them since. */
  const [edited, setEdited] = useState<ReadonlySet<ContactFormField>>(new Set());
  const nameRef = useRef<HTMLInputElement>(null);
  const emailRef = useRef<HTMLInputElement>(null);

  // The company's tags, asked of HelenaCRM when the dialog opens (the last list heard when it is silent).
  useEffect(() => {
    let live = true;
    void callCore('tags.list', {}).then((answer) => {
      if (live && answer.ok) setAllTags(answer.value.tags);
    });
    return () => {
      live = false;
    };
  }, []);

  const suggestions = tagSuggestions(allTags, tags.chosen, tags.query);
  const listOpen = tagsFocused && !saving && suggestions.length > 0;

  function tagKey(event: KeyboardEvent<HTMLInputElement>) {
    if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    const next = tagFieldKey(tags, event.key, allTags);
    if (!next.handled) return;
    event.preventDefault();
    setTags(next.state);
  }

  function removeTag(id: string) {
    setTags((before) => ({ ...before, chosen: before.chosen.filter((t) => t.id !== id), active: -1 }));
    tagsRef.current?.focus();
  }

  const issues = refused ? contactFormIssues(refused) : null;
  const nameIssue = issues?.name && !edited.has('name') ? issueText(issues.name) : null;
  const emailIssue = issues?.email && !edited.has('email') ? issueText(issues.email) : null;
  const general = refused && issues?.general ? errorText(refused) : null;

  async function save(event?: FormEvent) {
    event?.preventDefault();
    if (saving) return;
    const changes = contactChanges(initial, { name, email });
    const tagDiff = tagChanges(initialTagIds, tags.chosen);
    if (changes === null && tagDiff === null) {
      onClose();
      return;
    }
    setSaving(true);
    setRefused(null);
    setEdited(new Set());
    let saved: ContactDetails | null = null;
    if (changes) {
      const answer = await callCore('contact.update', { contactId, ...changes });
      if (!answer.ok) {
        setSaving(false);
        setRefused(answer.error);
        // The keyboard goes to the field to fix.
        const split = contactFormIssues(answer.error);
        if (split.name) nameRef.current?.focus();
        else if (split.email) emailRef.current?.focus();
        return;
      }
      saved = answer.value.contact;
      // Saved: another try after a tag refusal sends only the tags.
      setInitial({ name: saved.name, email: saved.email });
    }
    if (tagDiff) {
      const answer = await callCore('contact.setTags', { contactId, ...tagDiff });
      if (!answer.ok) {
        setSaving(false);
        setRefused(answer.error);
        tagsRef.current?.focus();
        return;
      }
      saved = answer.value.contact;
      setInitialTagIds(saved.tagIds);
    }
    setSaving(false);
    if (saved) onSaved(saved);
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
        <div className="field">
          <label htmlFor="contact-edit-tags">{t('contactEdit.tags')}</label>
          <div className="tag-field" onClick={() => tagsRef.current?.focus()}>
            <ul className="tag-chips" aria-label={t('contactEdit.tagsChosen')}>
              {tags.chosen.map((tag) => (
                <li key={tag.id} className="tag">
                  {tag.name}
                  <button
                    type="button"
                    className="chip-remove"
                    tabIndex={-1}
                    aria-label={t('contactEdit.removeTag', { name: tag.name })}
                    disabled={saving}
                    onClick={() => removeTag(tag.id)}
                  >
                    ×
                  </button>
                </li>
              ))}
            </ul>
            <input
              id="contact-edit-tags"
              ref={tagsRef}
              role="combobox"
              autoComplete="off"
              spellCheck={false}
              value={tags.query}
              readOnly={saving}
              placeholder={tags.chosen.length === 0 ? t('contactEdit.tagsPlaceholder') : undefined}
              aria-expanded={listOpen}
              aria-controls="contact-edit-tag-list"
              aria-activedescendant={listOpen && tags.active >= 0 ? `contact-edit-tag-${tags.active}` : undefined}
              onFocus={() => setTagsFocused(true)}
              // After the focus has moved: a render between blur and focus would find nothing focused
              // in the dialog, and Dialog would take the focus back (Shift+Tab to E-mail lost).
              onBlur={() => window.setTimeout(() => setTagsFocused(false), 0)}
              onKeyDown={tagKey}
              onChange={(e) => setTags((before) => tagFieldTyped(before, e.target.value, allTags))}
            />
          </div>
          {listOpen && (
            <ul id="contact-edit-tag-list" role="listbox" className="tag-options" aria-label={t('contactEdit.tagsAvailable')}>
              {suggestions.map((tag, i) => (
                <li
                  key={tag.id}
                  id={`contact-edit-tag-${i}`}
                  role="option"
                  aria-selected={i === tags.active}
                  onMouseDown={(e) => {
                    e.preventDefault();
                    setTags((before) => ({ chosen: [...before.chosen, tag], query: '', active: -1 }));
                  }}
                >
                  {tag.name}
                </li>
              ))}
            </ul>
          )}
          {tagsFocused && tags.query.trim() !== '' && suggestions.length === 0 && <span className="muted hint">{t('contactEdit.noTagMatch')}</span>}
        </div>
        {contact?.phone && <p className="muted">{t('contactEdit.phone', { phone: displayPhone(contact.phone) })}</p>}
        {general && (
          <p role="alert" className="error">
            {general}
          </p>
        )}
        <div className="dialog-actions">
          <button type="submit" disabled={saving} aria-busy={saving}>
            {saving ? t('contactEdit.saving') : t('contactEdit.save')}
          </button>
          <p className="muted keys">{t('contactEdit.keys')}</p>
        </div>
      </form>
    </Dialog>
  );
}
