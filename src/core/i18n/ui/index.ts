/**
 * UI strings (popup, options, badges): `ui(lang, key, params)`, same placeholder rules as the core's
 * `t()`. Kept apart from the message catalogue so the CLI never carries browser-UI text.
 */
import type { Lang } from '../../types';
import { uiEn, type UiKey, type UiMessages } from './en';
import { uiEs } from './es';

export type { UiKey, UiMessages };

export const uiCatalogues: Record<Lang, UiMessages> = { en: uiEn, es: uiEs };

export function ui(lang: Lang, key: UiKey, params: Record<string, string | number> = {}): string {
  const template = uiCatalogues[lang]?.[key] ?? uiEn[key];
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** Keys that have a singular form `${key}.one` beside the plural `key`. */
type CountedKey = { [K in UiKey]: `${K}.one` extends UiKey ? K : never }[UiKey];

/**
 * A counted string: `${key}.one` where the language's plural rules say "one" (1 in English and
 * Spanish), `key` otherwise — never "message(s)". `count` is also passed as the {count} parameter.
 */
export function uiCount(lang: Lang, key: CountedKey, count: number, params: Record<string, string | number> = {}): string {
  const one = new Intl.PluralRules(lang).select(count) === 'one';
  return ui(lang, one ? (`${key}.one` as UiKey) : key, { ...params, count });
}
