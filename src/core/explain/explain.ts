/**
 * Analysis → Explanation. The core decides what to say (keys and parameters); the catalogues say it.
 */
import type { Analysis, Explanation, Lang } from '../types';
import { t } from '../i18n';

export type Explainable = Omit<Analysis, 'explanation'>;

export function explain(a: Explainable, lang: Lang): Explanation {
  if (!a.ok) {
    return {
      lang,
      headline: t(lang, 'headline.error'),
      sections: [{ id: 'error', title: t(lang, 'section.error'), text: a.error ?? '', evidence: [] }],
    };
  }
  const what = a.protection.length
    ? a.protection.map((l) => t(lang, 'what.layer', { scheme: l.scheme, kind: l.kind, part: l.part })).join(' ')
    : t(lang, 'what.none');
  return {
    lang,
    headline: t(lang, `headline.${a.verdict}` as const),
    sections: [
      { id: 'what', title: t(lang, 'section.what'), text: what, evidence: a.protection.flatMap((l) => l.evidence) },
      {
        id: 'technical',
        title: t(lang, 'section.technical'),
        text: t(lang, 'technical.parts', { count: a.message.parts.length, hops: a.transport.hops.length }),
        evidence: [],
      },
    ],
  };
}
