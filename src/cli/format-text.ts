/**
 * Human-readable CLI output: the headline, the sections and their evidence. Colour only on a TTY
 * and never when NO_COLOR is set (no-color.org).
 */
import { t, type Analysis } from '../core';

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

export function formatText(a: Analysis, style: Style, opts: TextOptions = {}): string {
  const lang = a.explanation.lang;
  const lines: string[] = [];
  const head = [a.file ? style.bold(clean(a.file)) : '', style.verdict(`[${a.verdict}]`, a.verdict)].filter(Boolean).join('  ');
  lines.push(head);
  lines.push(indent(style.bold(clean(a.explanation.headline)), '  '));
  for (const section of a.explanation.sections) {
    lines.push('');
    lines.push('  ' + style.bold(clean(section.title)));
    for (const para of clean(section.text).split('\n').filter(Boolean)) {
      // One claim per line; a hanging bullet keeps them apart when a claim wraps.
      const text = indent(para, '      ').replace(/^ {6}/, '    • ');
      // A warning the agent must not miss (the relay reply rule) stands out.
      lines.push(para.startsWith(t(lang, 'cli.warning-prefix')) ? style.warn(text) : text);
    }
    for (const ev of section.evidence) {
      lines.push(style.dim(indent(clean(`↳ ${t(lang, `evidence.${ev.source}`)} ${ev.where}: ${ev.value}`), '        ')));
    }
  }
  if (opts.note && a.explanation.internalNote) {
    lines.push('', '  ' + style.bold(t(lang, 'cli.note')), indent(clean(a.explanation.internalNote), '    '));
  }
  if (opts.reply && a.explanation.customerReply) {
    lines.push('', '  ' + style.bold(t(lang, 'cli.reply')), indent(clean(a.explanation.customerReply), '    '));
  }
  return lines.join('\n') + '\n';
}
