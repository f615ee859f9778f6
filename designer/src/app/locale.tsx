import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import type { Locale, LocalizedText } from '../../../forms/index.js';
import { setApiLocale } from '../api/client.js';
import { MESSAGES, type MessageKey } from './messages.js';

const STORAGE_KEY = 'renda.locale';

interface LocaleContextValue {
  locale: Locale;
  setLocale(locale: Locale): void;
  /** A UI string with {name} placeholders filled in. */
  t(key: MessageKey, params?: Record<string, string | number>): string;
  /** The user's language from a text the engine sent in both. */
  pick(text: LocalizedText | undefined | null): string;
}

const LocaleContext = createContext<LocaleContextValue | null>(null);

function initialLocale(): Locale {
  const stored = localStorage.getItem(STORAGE_KEY);
  return stored === 'en' ? 'en' : 'zh-CN';
}

/** Chinese by default; the choice of English is remembered in this browser. */
export function LocaleProvider({ children }: { children: ReactNode }) {
  const [locale, setState] = useState<Locale>(() => {
    const l = initialLocale();
    setApiLocale(l);
    return l;
  });
  const setLocale = useCallback((l: Locale) => {
    localStorage.setItem(STORAGE_KEY, l);
    setApiLocale(l);
    document.documentElement.lang = l;
    setState(l);
  }, []);
  const value = useMemo<LocaleContextValue>(
    () => ({
      locale,
      setLocale,
      t: (key, params) => MESSAGES[locale][key].replace(/\{(\w+)\}/g, (_, name) => String(params?.[name] ?? '')),
      pick: (text) => (text ? (text[locale] ?? text['zh-CN']) : ''),
    }),
    [locale, setLocale],
  );
  return <LocaleContext.Provider value={value}>{children}</LocaleContext.Provider>;
}

export function useLocale(): LocaleContextValue {
  const value = useContext(LocaleContext);
  if (!value) throw new Error('useLocale outside LocaleProvider');
  return value;
}
