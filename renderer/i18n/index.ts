/**
 * i18next with pt-BR as the default and English as the choice; the choice is remembered per
 * machine. Messages that come from the core (errors, cost explanations) are already pt-BR.
 */
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './en';
import { ptBR } from './pt-BR';

export const LANGUAGES = ['pt-BR', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
const STORAGE_KEY = 'helena.language';

function savedLanguage(): Language {
  const saved = window.localStorage.getItem(STORAGE_KEY);
  return saved === 'en' ? 'en' : 'pt-BR';
}

export function setLanguage(language: Language): void {
  window.localStorage.setItem(STORAGE_KEY, language);
  void i18next.changeLanguage(language);
  document.documentElement.lang = language;
}

export function initI18n(): typeof i18next {
  const lng = savedLanguage();
  document.documentElement.lang = lng;
  void i18next.use(initReactI18next).init({
    lng,
    fallbackLng: 'pt-BR',
    resources: { 'pt-BR': { translation: ptBR }, en: { translation: en } },
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  return i18next;
}
