import type { Lang } from '../types';
import { en, type MessageKey, type Messages } from './en';
import { es } from './es';

export type { MessageKey, Messages };

/** One catalogue per language; a third language is one new file and one line here. */
export const catalogues: Record<Lang, Messages> = { en, es };
export const LANGS = Object.keys(catalogues) as Lang[];

export type Params = Record<string, string | number>;

/** Fills `{name}` placeholders. A missing parameter is left visible as `{name}` so tests catch it. */
export function t(lang: Lang, key: MessageKey, params: Params = {}): string {
  // An unknown language falls back to English; a key missing everywhere shows itself (the leak tests catch it).
  const template = catalogues[lang]?.[key] ?? catalogues.en[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** 'es-MX' → 'es'; anything unknown → 'en'. */
export function resolveLang(tag: string | undefined | null): Lang {
  const base = (tag ?? '').toLowerCase().split(/[-_]/)[0];
  return (LANGS as string[]).includes(base) ? (base as Lang) : 'en';
}
