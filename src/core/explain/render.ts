/**
 * Draft → prose, through the catalogue of one language. Glosses are appended the first time a term
 * appears in the sections, so the reader meets "S/MIME" once with its meaning and then plainly.
 */
import type { Evidence, ExplanationSection, Lang } from '../types';
import { t, type Params as TextParams } from '../i18n';
import { glossKey, type Term } from './glossary';
import { formatDate } from './dates';
import type { Line, Params, SectionId } from './model';
import { inert } from '../text';

/** Values from the message go into sentences: keep a hostile 10 kB address from drowning the prose. */
const MAX_PARAM = 160;

/**
 * Every parameter is a value from the message or a number: made inert (bidi controls, controls and
 * line separators shown as ‹U+…›, one line, cut with "…") before it meets a sentence, so a headline,
 * a section, the internal note and the customer reply all quote mail the same safe way.
 */
function clip(v: string | number): string | number {
  return typeof v === 'string' ? inert(v, MAX_PARAM) : v;
}

export function resolveParams(lang: Lang, params: Params | undefined): TextParams {
  const out: TextParams = {};
  for (const [k, v] of Object.entries(params ?? {})) {
    out[k] = typeof v !== 'object' ? clip(v) : 'date' in v ? formatDate(lang, v.date, !!v.time) : t(lang, v.key, resolveParams(lang, v.params));
  }
  return out;
}

export function renderLine(lang: Lang, l: Line, glossed?: Set<Term>): string {
  const s = t(lang, l.key, resolveParams(lang, l.params));
  const glosses: string[] = [];
  if (glossed) {
    for (const term of l.terms ?? []) {
      if (glossed.has(term)) continue;
      glossed.add(term);
      glosses.push(t(lang, glossKey(term)));
    }
  }
  return glosses.length ? `${s} ${mergeGlosses(glosses)}` : s;
}

/**
 * Two glosses on one sentence read as one parenthesis, not two in a row: "(S/MIME is …. A signature
 * is ….)". A gloss follows a full stop, so it is a sentence of its own and its full stop goes inside
 * the parenthesis in both languages ("….)"); the first gloss's style wins.
 */
function mergeGlosses(glosses: string[]): string {
  if (glosses.length === 1) return glosses[0];
  const parts = glosses.map((g) => /^\((.*?)(\.?)\)(\.?)$/s.exec(g));
  if (parts.some((m) => !m)) return glosses.join(' ');
  const [, , inside, outside] = parts[0]!;
  return `(${parts.map((m) => m![1]).join('. ')}${inside})${outside}`;
}

export function uniqueEvidence(list: Evidence[]): Evidence[] {
  const seen = new Set<string>();
  return list.filter((e) => {
    const k = `${e.source}\u0000${e.where}\u0000${e.value}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

export function renderSection(lang: Lang, id: SectionId, lines: Line[], glossed: Set<Term>): ExplanationSection {
  // Two layers of the same kind (e.g. the text and HTML alternatives, each an encrypted block) make
  // the same sentence twice: say it once; the evidence of both stays with the section.
  const seen = new Set<string>();
  const text: string[] = [];
  for (const l of lines) {
    const plain = renderLine(lang, l);
    if (seen.has(plain)) continue;
    seen.add(plain);
    text.push(renderLine(lang, l, glossed));
  }
  return {
    id,
    title: t(lang, `section.${id}`),
    text: text.join('\n'),
    evidence: uniqueEvidence(lines.flatMap((l) => l.evidence ?? [])),
  };
}
