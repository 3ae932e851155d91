/**
 * What a person reads must be words an agent can paste (issue 14): checked on the real output of an
 * analysis (the explanation, the internal note, the customer reply and the CLI text), not only on the
 * catalogue. Returns the problems found; [] when the output is clean.
 */
import { formatText, makeStyle } from '../../src/cli/format-text';
import { rejectedTermsEs } from '../../src/core/i18n/glossary-es';
import type { Analysis } from '../../src/core/types';
import { dataValues, englishWordsIn } from './explanation-text';

/** A source citation or a project note: "owner/repo@1a2b3c4", "views.py", "L287-317", "RELAYS-AND-HOSTS.md". */
const SOURCE_REF = /[\w-]+\/[\w.-]+@[0-9a-f]{7}|\.py\b|(?<![\w-])L\d+(?:-\d+)?(?![\w-])|RELAYS-AND-HOSTS|ENCRYPTION\.md|STYLE\.md|team-notes/;
/** An ISO 8601 stamp (2026-11-20T09:14:03Z): prose says dates in words. */
const ISO = /\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
/** The detectors' own notation for a signature check or a reason code. */
const MACHINE = /\bintegrity=|no-key-in-message|below-receiving-system|different-authserv-id|\b0 Received\b|random \[a-z0-9\]/;

/** Lines of a note or CLI text that carry evidence (quotes of the message and data), not sentences. */
const EVIDENCE_LINE = /^\s*(?:-|↳) (?:header|part|body|encabezado|parte|cuerpo|your reply address|su dirección de respuesta)\b/;

export function proseProblems(a: Analysis): string[] {
  const e = a.explanation;
  const lang = e.lang;
  const problems: string[] = [];
  const cli = formatText(a, makeStyle(false), { note: true, reply: true });
  const note = e.internalNote ?? '';
  const reply = e.customerReply ?? '';
  const sentences = (text: string) => text.split('\n').filter((l) => !EVIDENCE_LINE.test(l)).join('\n');
  const prose = [e.headline, ...e.sections.flatMap((s) => [s.title, s.text]), sentences(note), reply].join('\n');

  // Rule ids and source citations stay in the JSON: never in the note, the reply or the CLI text.
  const ruleIds = new Set(e.sections.flatMap((s) => s.evidence.filter((x) => x.source === 'rule').map((x) => x.where)).filter((w) => /[.:-]/.test(w)));
  for (const [name, text] of [['note', note], ['reply', reply], ['cli', cli]] as const) {
    for (const id of ruleIds) if (text.includes(id)) problems.push(`${name}: rule id ${id}`);
    const ref = SOURCE_REF.exec(text);
    if (ref) problems.push(`${name}: source reference ${ref[0]}`);
    const m = MACHINE.exec(text);
    if (m) problems.push(`${name}: machine words ${m[0]}`);
  }
  if (/↳ (rule|regla)\b/.test(cli)) problems.push('cli: rule evidence shown');
  // Nowhere a person reads, evidence lines included, unless quoted from the message itself.
  const iso = ISO.exec(prose) ?? ISO.exec(cli.replace(/«[^»]*»|“[^”]*”/g, ' '));
  if (iso) problems.push(`prose: ISO stamp ${iso[0]}`);

  if (lang === 'es') {
    // Values from the message are data, not Veil's words: take them out first (the CLI wraps lines,
    // so its text is read as one line).
    const data = [...dataValues(a)].sort((x, y) => y.length - x.length).filter((v) => v.length > 2);
    // MIME types ("multipart/signed") and tag=value pairs ("cv=none") are data too, even where a long value was cut.
    // Text set in quotation marks is quoted from the message.
    const strip = (text: string) =>
      data
        .reduce((t, v) => t.split(v).join(' '), text.replace(/\s+/g, ' '))
        .replace(/«[^»]*»|“[^”]*”/g, ' ')
        .replace(/[\w.+-]+\/[\w.+-]+|\S*=\S*/g, ' ');
    for (const r of rejectedTermsEs(strip(prose))) problems.push(`es: rejected term ${r}`);
    const english = englishWordsIn(strip([prose, note, cli].join('\n')));
    if (english.length) problems.push(`es: English words ${english.join(', ')}`);
  }
  return problems;
}
