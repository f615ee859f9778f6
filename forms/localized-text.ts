/** The languages the product speaks: Chinese first, English second. */
export type Locale = 'zh-CN' | 'en';

export const LOCALES: readonly Locale[] = ['zh-CN', 'en'];

/** A text shown to users, in every locale. */
export type LocalizedText = Record<Locale, string>;

/** Picks the locale a request asked for (Accept-Language or ?lang=), Chinese when unsure. */
export function pickLocale(requested: string | undefined | null): Locale {
  if (!requested) return 'zh-CN';
  const first = requested.split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en' : 'zh-CN';
}
