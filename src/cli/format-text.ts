/**
 * Human-readable CLI output: the headline, the sections and their evidence. Colour only on a TTY
 * and never when NO_COLOR is set (no-color.org).
 */
import { evidenceText, t, shownEvidence as peopleEvidence, type Analysis, type Evidence } from '../core';

export interface Style {
  bold(s: string): string;
  dim(s: string): string;
  /** A warning the agent must act on (bold yellow). */
  warn(s: string): string;
  verdict(s: string, verdict: Analysis['verdict']): string;
}

export function makeStyle(enabled: boolean): Style {
  const wrap = (open: string, close: string) => (s: string) => (enabled ? `\x1b[${open}m${s}\x1b[${close}m` : s);
  const colour: Record<Analysis['verdict'], string> = {
    'smime-encrypted': '35',
    'pgp-encrypted': '35',
    'portal-encrypted': '35',
    'attachment-encrypted': '35',
    'relay-masked': '33',
    'smime-signed': '36',
    'pgp-signed': '36',
    plain: '32',
    error: '31',
  };
  return {
    bold: wrap('1', '22'),
    dim: wrap('2', '22'),
    warn: (s) => wrap('1;33', '22;39')(s),
    verdict: (s, v) => wrap(colour[v], '39')(s),
  };
}

/** Control characters from hostile mail must not reach the terminal (escape sequences). */
function clean(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, ' ');
}

function indent(text: string, prefix: string, width = 100): string {
  const out: string[] = [];
  for (const para of text.split('\n')) {
    if (!para) {
      out.push('');
      continue;
    }
    let line = '';
    for (const word of para.split(/ +/)) {
      if (line && (prefix + line + ' ' + word).length > width) {
        out.push(prefix + line);
        line = word;
      } else line = line ? `${line} ${word}` : word;
    }
    out.push(prefix + line);
  }
  return out.join('\n');
}

export interface TextOptions {
  note?: boolean;
  reply?: boolean;
}

/** Longest evidence value shown in a terminal; the JSON keeps the full (already capped) value. */
const MAX_VALUE = 120;

function clipText(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

/** One evidence item under its claims: where it was read (in the reader's language) and what it says. */
function evidenceLine(a: Analysis, ev: Evidence): string {
  return `↳ ${evidenceText(a, a.explanation.lang, { ...ev, where: clipText(ev.where, 60) }, MAX_VALUE)}`;
}

/** Text under a bullet or arrow: the first line carries the marker, the rest hang under the text. */
function hanging(text: string, first: string, rest: string): string {
  const out = indent(text, rest);
  return out.startsWith(rest) ? first + out.slice(rest.length) : out;
}

export function formatText(a: Analysis, style: Style, opts: TextOptions = {}): string {
  const lang = a.explanation.lang;
  const lines: string[] = [];
  // The verdict by its name in the reader's language; the stable code is the JSON's.
  const head = [a.file ? style.bold(clean(a.file)) : '', style.verdict(`[${t(lang, `cli.verdict.${a.verdict}`)}]`, a.verdict)].filter(Boolean).join('  ');
  lines.push(head);
  lines.push(indent(style.bold(clean(a.explanation.headline)), '  '));
  // Every section carries all its evidence in the JSON; a reader scanning a terminal needs each
  // item once, under the first section it supports, and each sentence once.
  const shownEvidence = new Set<string>();
  const shownClaims = new Set<string>();
  for (const section of a.explanation.sections) {
    const claims = [...new Set(clean(section.text).split('\n'))].filter((p) => p && !shownClaims.has(p));
    // Rules and the detectors' own English stay in the JSON; a person reads what the message says.
    const evidence = peopleEvidence(a, section.evidence).filter((ev) => !shownEvidence.has(evidenceKey(ev)));
    if (!claims.length && !evidence.length) continue;
    lines.push('');
    lines.push('  ' + style.bold(clean(section.title)));
    for (const para of claims) {
      shownClaims.add(para);
      // One claim per line; a hanging bullet keeps them apart when a claim wraps.
      const text = hanging(para, '    • ', '      ');
      // A warning the agent must not miss (the relay reply rule) stands out.
      lines.push(para.startsWith(t(lang, 'cli.warning-prefix')) ? style.warn(text) : text);
    }
    for (const ev of evidence) {
      shownEvidence.add(evidenceKey(ev));
      lines.push(style.dim(hanging(clean(evidenceLine(a, ev)), '        ', '          ')));
    }
  }
  if (opts.note && a.explanation.internalNote) {
    lines.push('', '  ' + style.bold(t(lang, 'cli.note')), pasteable(clean(a.explanation.internalNote)));
  }
  if (opts.reply && a.explanation.customerReply) {
    lines.push('', '  ' + style.bold(t(lang, 'cli.reply')), pasteable(clean(a.explanation.customerReply)));
  }
  return lines.join('\n') + '\n';
}

function evidenceKey(ev: Evidence): string {
  return `${ev.source}\u0000${ev.where}\u0000${ev.value}`;
}

/** Ready-to-paste text: list items wrap under their own text, not under the dash. */
function pasteable(text: string): string {
  return text
    .split('\n')
    .map((p) => (p.startsWith('- ') ? hanging(p.slice(2), '    - ', '      ') : indent(p, '    ')))
    .join('\n');
}
