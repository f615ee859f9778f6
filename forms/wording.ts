import type { Locale, LocalizedText } from './localized-text.js';

/**
 * How one coded message reads, in every locale, from its typed parameters. Catalogues of codes
 * (engine errors, pack problems, schema problems, field rules) are maps of these, so a code's
 * parameters are declared once and each language picks what it needs from them.
 */
export type Wording<P> = { readonly [L in Locale]: (params: P) => string };

/** The parameters of a code that needs none: passing any is a compile error. */
export type NoParams = Record<string, never>;

/** A wording whose sentences read the parameters P (none when P is left out). */
export const wording = <P extends object = NoParams>(zh: (params: P) => string, en: (params: P) => string): Wording<P> => ({ 'zh-CN': zh, en });

/** What a wording's sentences read. */
export type ParamsOf<W> = W extends Wording<infer P> ? P : never;

/** The message of a code in every locale. */
export function localize<P>(words: Wording<P>, params: P): LocalizedText {
  return { 'zh-CN': words['zh-CN'](params), en: words.en(params) };
}

/** Values listed in a sentence: 、 between them in Chinese, commas in English; "none" when empty. */
export const listIn = (values: readonly unknown[] | undefined, locale: Locale): string =>
  values?.length ? values.join(locale === 'en' ? ', ' : '、') : locale === 'en' ? 'none' : '无';

/** A code's parameters as trailing arguments: optional when it declares none. */
export type ParamsArg<P> = NoParams extends P ? [params?: P] : [params: P];
