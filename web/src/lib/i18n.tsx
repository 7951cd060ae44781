import { createContext, ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { MessageId, messages } from './messages';

export type Language = 'zh' | 'en';

interface I18n {
  language: Language;
  setLanguage(language: Language): void;
  /** The message in the current language, {name} placeholders filled from values. */
  t(id: MessageId, values?: Record<string, string | number>): string;
}

const KEY = 'hazchem.language';
const I18nContext = createContext<I18n | null>(null);

/** zh-CN unless the user chose English (kept in localStorage). */
export function I18nProvider({ children }: { children: ReactNode }) {
  const [language, setState] = useState<Language>(() => (localStorage.getItem(KEY) === 'en' ? 'en' : 'zh'));
  const setLanguage = useCallback((next: Language) => {
    localStorage.setItem(KEY, next);
    setState(next);
  }, []);
  useEffect(() => {
    document.documentElement.lang = language === 'zh' ? 'zh-CN' : 'en';
  }, [language]);
  const value = useMemo<I18n>(() => ({ language, setLanguage, t: (id, values) => fill(messages[id][language], values) }), [language, setLanguage]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}

function fill(text: string, values?: Record<string, string | number>): string {
  return values ? text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole)) : text;
}
