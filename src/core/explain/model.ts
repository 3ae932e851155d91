/**
 * The explanation before it becomes prose: sections of lines, each line a catalogue key, its
 * parameters and the evidence behind it. Keeping this intermediate form lets the same facts be
 * rendered in any language, and lets the tests check every rendered sentence against its data.
 */
import type { Evidence } from '../types';
import { inert } from '../text';
import { MAX_EVIDENCE_CHARS, MAX_EVIDENCE_WHERE } from '../limits';
import type { MessageKey } from '../i18n';
import type { Term } from './glossary';

/** A parameter that is itself a catalogue phrase (e.g. "the whole message" vs "part 1.2"). */
export interface Ref {
  key: MessageKey;
  params?: Params;
}
/** A date for prose, formatted in the reader's language when rendered (see dates.ts). */
export interface DateParam {
  date: string;
  time?: boolean;
}
export type ParamValue = string | number | Ref | DateParam;
export type Params = Record<string, ParamValue>;

export interface Line {
  key: MessageKey;
  params?: Params;
  evidence?: Evidence[];
  /** Jargon this sentence uses: the first use in an explanation gets a one-line gloss. */
  terms?: Term[];
}

/** Stable section ids, in the order they are shown. */
export const SECTION_ORDER = [
  'what',
  'why',
  'cannot-recover',
  'what-to-do',
  'delivery',
  'authentication',
  'threading',
  'technical',
  'error',
] as const;
export type SectionId = (typeof SECTION_ORDER)[number];

export interface Draft {
  headline: Line;
  sections: { id: SectionId; lines: Line[] }[];
}

export function line(key: MessageKey, params?: Params, evidence?: Evidence[], terms?: Term[]): Line {
  const l: Line = { key };
  if (params) l.params = params;
  if (evidence?.length) l.evidence = evidence;
  if (terms?.length) l.terms = terms;
  return l;
}

export function ref(key: MessageKey, params?: Params): Ref {
  return params ? { key, params } : { key };
}

/** Evidence values are data from hostile mail: short, on one line, controls shown (text.ts). */
export function ev(source: Evidence['source'], where: string, value: string | undefined): Evidence {
  return { source, where: inert(where, MAX_EVIDENCE_WHERE), value: inert(value ?? '', MAX_EVIDENCE_CHARS) };
}

/** Makes evidence recorded by the classifiers inert in place (the same rules as ev()). */
export function inertEvidence(list: Evidence[]): void {
  for (const e of list) {
    e.where = inert(e.where, MAX_EVIDENCE_WHERE);
    e.value = inert(e.value, MAX_EVIDENCE_CHARS);
  }
}
