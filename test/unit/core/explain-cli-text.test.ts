/** The CLI's text rendering of an explanation: readable in a terminal, colour only when asked. */
import { describe, expect, it } from 'vitest';
import { explain } from '../../../src/core/explain/explain';
import { formatText, makeStyle } from '../../../src/cli/format-text';
import type { Analysis, Lang } from '../../../src/core/types';
import { CASES } from '../../support/analysis-cases';

function analysis(id: string, lang: Lang = 'en'): Analysis {
  const c = CASES[id];
  return { ...c, file: `${id}.eml`, explanation: explain(c, lang) };
}

describe('formatText', () => {
  it('prints the headline, every section title, its text and its evidence, with no escape codes when colour is off', () => {
    const a = analysis('smime-encrypted-named');
    const out = formatText(a, makeStyle(false));
    expect(out).not.toContain('\x1b');
    expect(out.split('\n')[0]).toBe('smime-encrypted-named.eml  [S/MIME encrypted]');
    expect(formatText(analysis('smime-encrypted-named', 'es'), makeStyle(false)).split('\n')[0]).toBe('smime-encrypted-named.eml  [Cifrado S/MIME]');
    expect(out).toContain('  This message is encrypted with S/MIME, and only the people it was sent to can read it.');
    for (const s of a.explanation.sections) expect(out).toContain(`\n  ${s.title}\n`);
    expect(out).toContain('    • S/MIME encryption locks the whole message.');
    expect(out).toContain('↳ part 1: application/pkcs7-mime; smime-type=enveloped-data; name=smime.p7m');
    expect(out).not.toContain('Internal note');
  });

  it('uses colour only when enabled, and highlights the relay warning', () => {
    const a = analysis('relay-mismatch');
    const plain = formatText(a, makeStyle(false));
    const coloured = formatText(a, makeStyle(true));
    expect(coloured).toContain('\x1b[');
    expect(coloured.replace(/\x1b\[[0-9;]*m/g, '')).toBe(plain);
    const warning = coloured.split('\n').find((l) => l.includes('Warning:'))!;
    expect(warning).toMatch(/^\x1b\[1;33m/);
  });

  it('prints the note and the reply in the explanation’s language when asked', () => {
    const out = formatText(analysis('relay-mismatch', 'es'), makeStyle(false), { note: true, reply: true });
    expect(out).toContain('\n  Nota interna\n    Resumen de Veil: ');
    expect(out).toContain('\n  Respuesta al cliente\n    Hola:');
    expect(out).toContain('↳ encabezado From: ');
    expect(out).not.toMatch(/\b(header|Internal note|Customer reply)\b/);
  });

  it('keeps terminal control sequences from hostile mail out of the output', () => {
    const c = CASES['relay-apple'];
    const hostile = { ...c, sender: { ...c.sender, from: 'x\x1b]0;pwned\x07@privaterelay.appleid.com' } };
    const a: Analysis = { ...hostile, file: 'evil.eml', explanation: explain(hostile, 'en') };
    const out = formatText(a, makeStyle(false), { note: true, reply: true });
    expect(out).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f]/);
  });

  it('wraps long claims under a hanging bullet', () => {
    const out = formatText(analysis('pgp-mime-encrypted'), makeStyle(false));
    for (const l of out.split('\n')) expect(l.length, l).toBeLessThanOrEqual(100 + 20);
    expect(out).toMatch(/\n    • If no one here holds the key, ask the customer[^\n]*\n      \S/);
  });

  it('prints each evidence item and each sentence once per message, and no rule id or source citation', async () => {
    const { analyze } = await import('../../../src/core/analyze');
    const { readFileSync } = await import('node:fs');
    const raw = readFileSync(new URL('../../../samples/firefox-relay-reply.eml', import.meta.url));
    const base = await analyze(new Uint8Array(raw));
    for (const lang of ['en', 'es'] as const) {
      const a: Analysis = { ...base, file: 'relay.eml', explanation: explain(base, lang) };
      const out = formatText(a, makeStyle(false));
      const evidence = out.split('\n').filter((l) => l.trimStart().startsWith('↳'));
      expect(evidence.length).toBeGreaterThan(3);
      expect(new Set(evidence).size).toBe(evidence.length);
      const claims = out.split('\n').filter((l) => l.trimStart().startsWith('•'));
      expect(new Set(claims).size).toBe(claims.length);
      // The JSON keeps the rule ids and source citations; the terminal shows what the message says.
      expect(JSON.stringify(a.explanation.sections)).toMatch(/fx-private-relay@[0-9a-f]{7}/);
      expect(JSON.stringify(a.explanation.sections)).toContain('firefox-relay.reply-rule');
      expect(out).not.toMatch(/@[0-9a-f]{7}|\.py\b|\bL\d+\b|firefox-relay\.|transport\.|reply-rule|random \[a-z0-9\]|0 Received/);
      expect(out).not.toMatch(lang === 'es' ? /↳ regla/ : /↳ rule/);
    }
  });
});
