import type { Lang } from '../core/types';
import { uiCatalogues } from '../core/i18n/ui';

/** The in-page UI language: the browser's, when Veil has a catalogue for it ('es-MX' → 'es'). */
export function pageLang(nav: { language?: string } = navigator): Lang {
  const base = (nav.language ?? '').toLowerCase().split(/[-_]/)[0] ?? '';
  return (Object.keys(uiCatalogues) as Lang[]).find((l) => l === base) ?? 'en';
}
