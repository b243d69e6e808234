/**
 * What the agent reads for a refused command. The core writes its messages in pt-BR, often naming
 * the exact field or rule; in pt-BR they are shown as they are. In English the common cases get an
 * English sentence by their code; the rest (mostly field-by-field checks) stay in the core's words
 * rather than losing what they say.
 */
import { useTranslation } from 'react-i18next';
import type { ConsoleErrorBody } from '../../src/console/errors';

export function errorKey(code: string): string {
  return `errors.${code.replace(/\./g, '_')}`;
}

export function useErrorText(): (error: ConsoleErrorBody) => string {
  const { t, i18n } = useTranslation();
  return (error) => {
    if (i18n.language === 'pt-BR') return error.message;
    const key = errorKey(error.code);
    return i18n.exists(key) ? t(key) : error.message;
  };
}
