/**
 * Analysis → Explanation. The core decides what to say (keys, parameters, evidence); the catalogue
 * of each language says it. Sections keep stable ids, in SECTION_ORDER, and appear only when they
 * apply; every protected or masked message gets 'cannot-recover' and 'what-to-do'.
 */
import type { Explanation, Lang, Verdict } from '../types';
import type { MessageKey } from '../i18n';
import { factsOf, type Explainable, type Facts } from './facts';
import { headline } from './headline';
import { ev, line, SECTION_ORDER, type Draft, type Line, type SectionId } from './model';
import { renderLine, renderSection } from './render';
import type { Term } from './glossary';
import { customerReply, internalNote } from './notes';
import { whatSection } from './sections/what';
import { whySection } from './sections/why';
import { cannotRecoverSection } from './sections/cannot-recover';
import { whatToDoSection } from './sections/what-to-do';
import { deliverySection } from './sections/delivery';
import { authenticationSection } from './sections/authentication';
import { threadingSection } from './sections/threading';
import { technicalSection } from './sections/technical';

export type { Explainable };

const BUILDERS: Record<Exclude<SectionId, 'error'>, (f: Facts) => Line[]> = {
  what: whatSection,
  why: whySection,
  'cannot-recover': cannotRecoverSection,
  'what-to-do': whatToDoSection,
  delivery: deliverySection,
  authentication: authenticationSection,
  threading: threadingSection,
  technical: technicalSection,
};

/**
 * A model field a detector filled in an unexpected shape must cost one section, not the whole
 * explanation (analyze() never throws, and neither does this).
 */
function safely<T>(run: () => T, fallback: T): T {
  try {
    return run();
  } catch {
    return fallback;
  }
}

/** Headline by verdict alone, for when the detailed one cannot be built. */
const FALLBACK = {
  'smime-encrypted': 'headline.fallback.encrypted',
  'pgp-encrypted': 'headline.fallback.encrypted',
  'portal-encrypted': 'headline.fallback.portal',
  'attachment-encrypted': 'headline.attachment',
  'relay-masked': 'headline.fallback.relay',
  'smime-signed': 'headline.fallback.signed',
  'pgp-signed': 'headline.fallback.signed',
  plain: 'headline.plain',
  error: 'headline.error',
} as const satisfies Record<Verdict, MessageKey>;

/** analyze() reports why input is not mail in English for logs; the reader gets a catalogue sentence. */
function errorKey(error: string | undefined) {
  const e = (error ?? '').toLowerCase();
  if (e.includes('empty') || e.includes('nothing to read')) return 'error.empty' as const;
  if (e.includes('not an outlook item')) return 'error.not-outlook' as const;
  if (e.includes('damaged outlook item')) return 'error.outlook-damaged' as const;
  if (e.includes('binary')) return 'error.binary' as const;
  if (e.includes('no e-mail headers') || e.includes('headers were found')) return 'error.no-headers' as const;
  if (e.includes('too large')) return 'error.too-large' as const;
  if (e.includes('no such file')) return 'error.not-found' as const;
  if (e.includes('permission denied') || e.includes('cannot be read')) return 'error.unreadable' as const;
  if (e.includes('no mail found') || e.includes('no messages in it')) return 'error.no-mail' as const;
  return 'error.other' as const;
}

/** Errors about a path, not a message: the "copy the full message" hint does not apply. */
const PATH_ERRORS = new Set<MessageKey>(['error.not-found', 'error.unreadable', 'error.no-mail']);

/** The language-independent explanation: exported for tests that check prose against its data. */
export function draftExplanation(a: Explainable): { draft: Draft; facts: Facts } {
  const facts = factsOf(a);
  if (!a.ok) {
    const e = a.error ? [ev('rule', 'error', a.error)] : [];
    const key = errorKey(a.error);
    return { facts, draft: { headline: line('headline.error'), sections: [{ id: 'error', lines: [line(key, {}, e), ...(PATH_ERRORS.has(key) ? [] : [line('error.hint')])] }] } };
  }
  const sections = SECTION_ORDER.filter((id): id is Exclude<SectionId, 'error'> => id !== 'error')
    .map((id) => ({ id, lines: safely(() => BUILDERS[id](facts), []) }))
    .filter((s) => s.lines.length > 0);
  return { facts, draft: { headline: safely(() => headline(facts), line(FALLBACK[a.verdict])), sections } };
}

export function explain(a: Explainable, lang: Lang): Explanation {
  const { draft, facts } = draftExplanation(a);
  const glossed = new Set<Term>();
  const out: Explanation = {
    lang,
    headline: renderLine(lang, draft.headline),
    sections: draft.sections.map((s) => renderSection(lang, s.id, s.lines, glossed)),
  };
  if (a.ok) {
    const note = safely(() => internalNote(lang, facts, draft), undefined);
    if (note) out.internalNote = note;
    const reply = safely(() => customerReply(lang, facts), undefined);
    if (reply) out.customerReply = reply;
  }
  return out;
}
