import type { ConfigProviderProps } from 'antd';
import zhCNModule from 'antd/es/locale/zh_CN.js';
import enUSModule from 'antd/es/locale/en_US.js';

type AntLocale = NonNullable<ConfigProviderProps['locale']>;

/** antd ships its locales as CommonJS-typed files: the default import may be the module or the locale. */
const unwrap = (m: unknown): AntLocale => ((m as { default?: AntLocale }).default ?? m) as AntLocale;

export const antdLocales = { 'zh-CN': unwrap(zhCNModule), en: unwrap(enUSModule) };
