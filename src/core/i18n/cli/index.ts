/**
 * The command line's own strings: `cli(lang, key, params)`, same placeholder rules as the core's
 * `t()`. Kept apart from the explanation and UI catalogues: the extension never carries them.
 */
import type { Lang } from '../../types';
import { cliEn, type CliKey, type CliMessages } from './en';
import { cliEs } from './es';

export type { CliKey, CliMessages };

export const cliCatalogues: Record<Lang, CliMessages> = { en: cliEn, es: cliEs };

export function cli(lang: Lang, key: CliKey, params: Record<string, string | number> = {}): string {
  const template = cliCatalogues[lang]?.[key] ?? cliEn[key];
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** Keys that have a singular form `${key}.one` beside the plural `key`. */
export type CountedKey = { [K in CliKey]: `${K}.one` extends CliKey ? K : never }[CliKey];

/** A counted string: `${key}.one` where the language's plural rules say "one", `key` otherwise. */
export function cliCount(lang: Lang, key: CountedKey, count: number, params: Record<string, string | number> = {}): string {
  const one = new Intl.PluralRules(lang).select(count) === 'one';
  return cli(lang, one ? (`${key}.one` as CliKey) : key, { ...params, count });
}
