/**
 * Nothing but prose reaches the reader: no key, no {placeholder}, no undefined/NaN/[object, and no
 * English word in Spanish output. Checked on every catalogue string (core and ui/) and on every
 * rendered explanation of the hand-built cases.
 */
import { describe, expect, it } from 'vitest';
import { explain } from '../../../src/core/explain/explain';
import { ALL_CASES } from '../../support/analysis-cases';
import { loadCatalogues } from '../../support/catalogues';
import { allText, dataValues, englishWordsIn, leaks } from '../../support/explanation-text';

describe('catalogue strings', () => {
  it('have no English stop word in any Spanish catalogue (placeholders, headers and quoted labels aside)', async () => {
    const bad: string[] = [];
    for (const { dir, lang, messages } of await loadCatalogues()) {
      if (lang !== 'es') continue;
      for (const [k, v] of Object.entries(messages)) {
        const words = englishWordsIn(v.replace(/\{\w+\}/g, ' '));
        if (words.length) bad.push(`${dir}/es ${k}: ${words.join(', ')}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('have no artefacts in any language', async () => {
    const bad: string[] = [];
    for (const { dir, lang, messages } of await loadCatalogues()) {
      for (const [k, v] of Object.entries(messages)) {
        const l = leaks(v.replace(/\{\w+\}/g, 'X'));
        if (l.length) bad.push(`${dir}/${lang} ${k}: ${l.join(', ')}`);
        if (v !== v.trim() || /\s{2,}/.test(v)) bad.push(`${dir}/${lang} ${k}: stray whitespace`);
      }
    }
    expect(bad).toEqual([]);
  });
});

describe('rendered explanations', () => {
  for (const lang of ['en', 'es'] as const) {
    it(`leak nothing (${lang})`, () => {
      const bad: string[] = [];
      for (const [id, c] of Object.entries(ALL_CASES)) {
        const e = explain(c, lang);
        for (const t of allText(e)) for (const l of leaks(t)) bad.push(`${id}: ${l}`);
        for (const s of e.sections) for (const ev of s.evidence) if (!ev.where || leaks(ev.value).length) bad.push(`${id}: evidence ${ev.where}=${ev.value}`);
      }
      expect(bad).toEqual([]);
    });
  }

  it('keep English out of Spanish prose (data and product names aside)', () => {
    const bad: string[] = [];
    for (const [id, c] of Object.entries(ALL_CASES)) {
      const e = explain(c, 'es');
      const data = dataValues(c);
      const note = (e.internalNote ?? '').split('\n').filter((l) => !/^- (encabezado|parte|cuerpo|opción|regla) /.test(l)).join('\n');
      const texts = [e.headline, ...e.sections.flatMap((s) => [s.title, s.text]), note, e.customerReply ?? ''];
      const words = englishWordsIn(texts.join('\n'), data);
      if (words.length) bad.push(`${id}: ${words.join(', ')}`);
    }
    expect(bad).toEqual([]);
  });

  it('speaks to the customer as "usted" in Spanish', () => {
    const replies = Object.values(ALL_CASES).map((c) => explain(c, 'es').customerReply).filter((r): r is string => !!r);
    expect(replies.length).toBeGreaterThan(10);
    for (const r of replies) {
      expect(r).toMatch(/\bsu\b|\busted\b|\ble\b/);
      expect(r).not.toMatch(/\b(tú|tu|te|contigo|tienes|puedes|quieres|envíanos|avísanos)\b/i);
    }
  });
});
