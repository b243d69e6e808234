/**
 * What the agent reads for a refused command, in their language. The core sends its sentence in
 * pt-BR and, for what it says itself, in English too (messageEn); HelenaCRM's own refusals get an
 * English sentence here by their code. pt-BR is shown as the core wrote it.
 */
import { useTranslation } from 'react-i18next';
import type { ConsoleErrorBody, FieldIssue } from '../../src/console/errors';

export function errorKey(code: string): string {
  return `errors.${code.replace(/\./g, '_')}`;
}

export function useErrorText(): (error: ConsoleErrorBody) => string {
  const { t, i18n } = useTranslation();
  return (error) => {
    if (i18n.language === 'pt-BR') return error.message;
    if (error.messageEn) return error.messageEn;
    const key = errorKey(error.code);
    return i18n.exists(key) ? t(key) : error.message;
  };
}

/**
 * The core's pt-BR text, or its English beside it (messageEn, failedReasonEn…) when the agent reads
 * English and the core has one; rows and refusals without it keep the pt-BR text.
 */
export function inLanguage(language: string, ptBr: string, en: string | null | undefined): string {
  return language !== 'pt-BR' && en ? en : ptBr;
}

/** A field's problem (a template parameter, a form field) in the agent's language. */
export function useIssueText(): (issue: FieldIssue) => string {
  const { i18n } = useTranslation();
  return (issue) => inLanguage(i18n.language, issue.message, issue.messageEn);
}
