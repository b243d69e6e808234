/**
 * Last step: fill the template's parameters (or, on a QR channel, write the first message), see
 * the message as the contact will read it and what it costs, and start. Enter in a field (Ctrl+Enter
 * in the message box) starts; the core checks WhatsApp's rules and answers one message per field.
 */
import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useErrorText, useIssueText } from '../../i18n/error-text';
import type { ConsoleErrorBody, FieldIssue } from '../../../src/console/errors';
import type { CostSummary, StartTemplate } from '../../../src/console/results';
import { callCore } from '../../state/app-store';

export interface TemplateFormProps {
  /** Null on a QR channel's start: a first message written by the agent instead. */
  template: StartTemplate | null;
  /** Who receives it (a contact, or a new number) and through which channel: what the cost depends on. */
  contact: { contactId: string } | { phone: string };
  channelId: string;
  title?: string;
  submitLabel: string;
  busyLabel: string;
  submit: (input: { parameters?: Record<string, string>; text?: string }) => Promise<{ ok: true } | { ok: false; error: ConsoleErrorBody }>;
}

const PLACEHOLDER = /\{\{\s*([^}]+?)\s*\}\}/g;

/** The template text with the values typed so far; empty parameters stay visible as [name]. */
export function previewText(text: string, values: Readonly<Record<string, string>>): string {
  return text.replace(PLACEHOLDER, (_, name: string) => values[name]?.trim() || `[${name}]`);
}

export function ParametersStep({ template, contact, channelId, title, submitLabel, busyLabel, submit }: TemplateFormProps) {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const issueText = useIssueText();
  const [values, setValues] = useState<Record<string, string>>(() => Object.fromEntries((template?.params ?? []).map((p) => [p, ''])));
  const [text, setText] = useState('');
  const [cost, setCost] = useState<CostSummary | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [issues, setIssues] = useState<Record<string, string>>({});
  const firstField = useRef<HTMLInputElement & HTMLTextAreaElement>(null);
  const contactKey = 'contactId' in contact ? contact.contactId : contact.phone;

  useEffect(() => {
    firstField.current?.focus();
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
    const answer = await submit(template ? { parameters: values } : { text });
    setBusy(false);
    if (answer.ok) return;
    setError(errorText(answer.error));
    setIssues(Object.fromEntries((answer.error.issues ?? []).map((i: FieldIssue) => [i.field.replace(/^parameters\./, ''), issueText(i)])));
  }

  function onKeyDown(event: KeyboardEvent) {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void start();
    }
  }

  const params = template?.params ?? [];
  return (
    <form onSubmit={start} onKeyDown={onKeyDown} aria-busy={busy} className="parameters">
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
                onChange={(e) => setValues((v) => ({ ...v, [name]: e.target.value }))}
              />
              {issues[name] && (
                <span id={`param-${name}-issue`} className="error">
                  {issues[name]}
                </span>
              )}
            </div>
          ))
        )
      ) : (
        <div className="field">
          <label htmlFor="first-message">{t('start.firstMessageLabel')}</label>
          <textarea id="first-message" ref={firstField} rows={4} maxLength={4096} value={text} onChange={(e) => setText(e.target.value)} />
        </div>
      )}
      {template?.text && (
        <figure className="preview">
          <figcaption>{t('start.preview')}</figcaption>
          <p data-testid="template-preview">{previewText(template.text, values)}</p>
          {template.footerText && <p className="muted">{template.footerText}</p>}
        </figure>
      )}
      <p className="cost" data-testid="cost">
        {cost ? (i18n.language === 'pt-BR' ? cost.explanation : cost.explanationEn) : t('start.costLoading')}
      </p>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <button type="submit" disabled={busy}>
        {busy ? busyLabel : submitLabel}
      </button>
      <p className="muted keys">{t('start.keys')}</p>
    </form>
  );
}
