/**
 * Last step: fill the template's parameters (or, on a QR channel, write the first message), see
 * the message as the contact will read it and what it costs, and start. A template with media
 * (image, video, document) also asks for its link, after the parameters in Tab order. Enter in a
 * field (Ctrl+Enter in the message box) starts; the core checks WhatsApp's rules and answers one
 * message per field.
 */
import { useEffect, useLayoutEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useErrorText, useIssueText } from '../../i18n/error-text';
import type { ConsoleErrorBody, FieldIssue } from '../../../src/console/errors';
import type { CostSummary, StartTemplate } from '../../../src/console/results';
import { callCore } from '../../state/app-store';
import { contactNameFor } from './name-param';
import { issuesByField, MEDIA_FIELD, templateInput } from './template-media';

export interface TemplateFormProps {
  /** Null on a QR channel's start: a first message written by the agent instead. */
  template: StartTemplate | null;
  /**
   * Who receives it (a contact, or a new number) and through which channel: what the cost depends
   * on. Null: no cost line (editing a queued template, whose cost does not change).
   */
  contact: { contactId: string } | { phone: string } | null;
  channelId: string;
  title?: string;
  submitLabel: string;
  busyLabel: string;
  /** The keys line under the form; the start flow's by default (Tab and Enter for a template, Ctrl+Enter for a first message). */
  keysLabel?: string;
  /** What the fields start with (editing a queued template): parameter values by name, and the link. */
  initial?: { values: Record<string, string>; media: string };
  /**
   * The contact's name, when known (the start flow): a name parameter ("nome", "primeiro_nome"…)
   * starts with it, selected, so typing replaces it. `initial` wins over it.
   */
  contactName?: string | null;
  /** `media`: the link of a media template's image, video or document, as typed. */
  submit: (input: { parameters?: Record<string, string>; media?: string; text?: string }) => Promise<{ ok: true } | { ok: false; error: ConsoleErrorBody }>;
}

const PLACEHOLDER = /\{\{\s*([^}]+?)\s*\}\}/g;

/** The template text with the values typed so far; empty parameters stay visible as [name]. */
export function previewText(text: string, values: Readonly<Record<string, string>>): string {
  return text.replace(PLACEHOLDER, (_, name: string) => values[name]?.trim() || `[${name}]`);
}

export function ParametersStep({ template, contact, channelId, title, submitLabel, busyLabel, keysLabel, initial, contactName = null, submit }: TemplateFormProps) {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const issueText = useIssueText();
  const [values, setValues] = useState<Record<string, string>>(() =>
    Object.fromEntries((template?.params ?? []).map((p) => [p, initial?.values[p] ?? contactNameFor(p, contactName)])),
  );
  const [text, setText] = useState('');
  const [media, setMedia] = useState(initial?.media ?? '');
  const [mediaIssue, setMediaIssue] = useState<string | null>(null);
  const [cost, setCost] = useState<CostSummary | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  /**
   * The refusal is all said beside the fields ("Preencha o parâmetro "data"." under "data"): the
   * line by the button then stays for screen readers only, instead of repeating every field's text.
   */
  const [errorBesideFields, setErrorBesideFields] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const [issues, setIssues] = useState<Record<string, string>>({});
  const firstField = useRef<HTMLInputElement & HTMLTextAreaElement>(null);
  const contactKey = contact === null ? null : 'contactId' in contact ? contact.contactId : contact.phone;

  // Before paint: the step often appears with an async answer (the one team chosen for the agent, the
  // templates of "Agendar de novo" or of an edit), and a key typed after paint but before a passive
  // effect went to the page, not to the first field.
  useLayoutEffect(() => {
    const first = firstField.current;
    first?.focus();
    // A name filled in for the agent is selected, so typing replaces it (Tab into a field selects by itself).
    if (first && !initial && first.value !== '') first.select();
    // Refocused when what it names changes, as the cost below is asked again.
  }, [channelId, contactKey, template]);

  useEffect(() => {
    if (contact === null) return;
    let live = true;
    void callCore('cost.estimate', { channelId, ...contact, ...(template ? { templateId: template.id } : {}) }).then((answer) => {
      if (live && answer.ok) setCost(answer.value);
    });
    return () => {
      live = false;
    };
    // The reference object is new on every render of the flow; what it names is what matters.
  }, [channelId, contactKey, template]);

  async function start(event?: FormEvent) {
    event?.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    setIssues({});
    setMediaIssue(null);
    // The first message goes as the conversation box sends one: without the blank lines and spaces around it.
    const answer = await submit(template ? templateInput(template, values, media) : { text: text.trim() });
    setBusy(false);
    if (answer.ok) return;
    const { error: refused } = answer;
    const byField = issuesByField(refused, (i: FieldIssue) => issueText(i), () => errorText(refused));
    // Said once: a refusal about the link alone is shown under the link, not again below.
    const general = errorText(refused);
    setError(general === byField.media ? null : general);
    const refusedIssues = refused.issues ?? [];
    const shownHere = (field: string) =>
      field === MEDIA_FIELD ? mediaKind !== null : field.startsWith('parameters.') && params.includes(field.slice('parameters.'.length));
    setErrorBesideFields(refusedIssues.length > 0 && refusedIssues.every((i) => shownHere(i.field)));
    setIssues(byField.params);
    setMediaIssue(byField.media);
    // The keyboard goes to the first field to correct (Enter may have been pressed in the last one).
    const first = params.find((name) => byField.params[name] !== undefined);
    const target = first !== undefined ? `param-${first}` : byField.media !== null && mediaKind ? 'template-media' : null;
    if (target) formRef.current?.querySelector<HTMLInputElement>(`#${CSS.escape(target)}`)?.focus();
  }

  /** Drops the refusal of a parameter (by name) or of the link (null) the agent is changing. */
  function forget(param: string | null) {
    setError(null);
    setErrorBesideFields(false);
    if (param === null) setMediaIssue(null);
    else setIssues(({ [param]: _dropped, ...rest }) => rest);
  }

  function onKeyDown(event: KeyboardEvent) {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void start();
    }
  }

  const params = template?.params ?? [];
  const mediaKind = template?.media ?? null;
  return (
    <form ref={formRef} onSubmit={start} onKeyDown={onKeyDown} aria-busy={busy} className="parameters">
      <h3>{title ?? (template ? t('start.parametersTitle', { template: template.name ?? '' }) : t('start.firstMessageTitle'))}</h3>
      {template ? (
        params.length === 0 ? (
          <p className="muted">{t('start.noParameters')}</p>
        ) : (
          params.map((name, index) => (
            <div key={name} className="field">
              <label htmlFor={`param-${name}`}>{name}</label>
              <input
                id={`param-${name}`}
                ref={index === 0 ? firstField : undefined}
                value={values[name] ?? ''}
                maxLength={1024}
                aria-invalid={issues[name] ? true : undefined}
                aria-describedby={issues[name] ? `param-${name}-issue` : undefined}
                onChange={(e) => {
                  setValues((v) => ({ ...v, [name]: e.target.value }));
                  // A refusal is about what was sent: once the agent changes the field, it no longer applies.
                  forget(name);
                }}
              />
              {issues[name] && (
                <span id={`param-${name}-issue`} className="error">
                  {issues[name]}
                </span>
              )}
            </div>
          ))
        )
      ) : null}
      {mediaKind && (
        <div className="field media">
          <label htmlFor="template-media">{t(`start.mediaLabel.${mediaKind}`)}</label>
          <input
            id="template-media"
            ref={params.length === 0 ? firstField : undefined}
            type="text"
            inputMode="url"
            autoComplete="off"
            spellCheck={false}
            value={media}
            maxLength={4096}
            placeholder={t('start.mediaPlaceholder')}
            aria-invalid={mediaIssue ? true : undefined}
            aria-describedby={mediaIssue ? 'template-media-issue' : 'template-media-hint'}
            onChange={(e) => {
              setMedia(e.target.value);
              forget(null);
            }}
          />
          {mediaIssue ? (
            <span id="template-media-issue" className="error">
              {mediaIssue}
            </span>
          ) : (
            <span id="template-media-hint" className="muted hint">
              {t('start.mediaHint')}
            </span>
          )}
        </div>
      )}
      {!template ? (
        <div className="field">
          <label htmlFor="first-message">{t('start.firstMessageLabel')}</label>
          <textarea id="first-message" ref={firstField} rows={4} maxLength={4096} value={text} onChange={(e) => setText(e.target.value)} />
        </div>
      ) : null}
      {template?.text && (
        <figure className="preview">
          <figcaption>{t('start.preview')}</figcaption>
          {mediaKind && (
            <p className="muted" data-testid="template-media-preview">
              {t('start.mediaPreview', { kind: t(`start.mediaKind.${mediaKind}`), link: media.trim() || '…' })}
            </p>
          )}
          <p data-testid="template-preview">{previewText(template.text, values)}</p>
          {template.footerText && <p className="muted">{template.footerText}</p>}
        </figure>
      )}
      {/* What it costs and why it was refused stay beside the button, in view however long the form. */}
      <div className="dialog-actions">
        {contact !== null && (
          <p className="cost" data-testid="cost">
            {cost ? (i18n.language === 'pt-BR' ? cost.explanation : cost.explanationEn) : t('start.costLoading')}
          </p>
        )}
        {error && (
          <p role="alert" className={errorBesideFields ? 'sr-only' : 'error'}>
            {error}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {busy ? busyLabel : submitLabel}
        </button>
        <p className="muted keys">{keysLabel ?? t(template ? 'start.keys' : 'start.messageKeys')}</p>
      </div>
    </form>
  );
}
