/**
 * Readability of every explanation the engine produces: the hand-built cases and every file of
 * ../shared/corpora, in both languages. Measured on the headline plus the main sections (what,
 * why, cannot-recover, what-to-do): the text an agent reads first. Formulas: test/support/readability.ts.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../../src/core/analyze';
import { explain } from '../../../src/core/explain/explain';
import { PRODUCT_NAMES } from '../../../src/core/explain/names';
import type { Explanation, Lang } from '../../../src/core/types';
import { ALL_CASES } from '../../support/analysis-cases';
import { corpusFiles } from '../../support/corpus-files';
import { readability } from '../../support/readability';
import { allText, dataValues, englishWordsIn, leaks, mainText } from '../../support/explanation-text';
import { proseProblems } from '../../support/prose-checks';

const MIN = 60;

function check(label: string, e: Explanation, failures: string[]): void {
  const score = readability(mainText(e), e.lang, PRODUCT_NAMES);
  if (!(score >= MIN)) failures.push(`${label} [${e.lang}] ${score.toFixed(1)}: ${e.headline}`);
}

describe('readability', () => {
  for (const lang of ['en', 'es'] as Lang[]) {
    it(`every hand-built case reads at ${MIN}+ (${lang})`, () => {
      const failures: string[] = [];
      for (const [id, c] of Object.entries(ALL_CASES)) check(id, explain(c, lang), failures);
      expect(failures).toEqual([]);
    });
  }

  it(`every corpus explanation reads at ${MIN}+ in both languages, with nothing leaking, no machine words and no English in Spanish`, { tags: ['corpora'], timeout: 120_000 }, async () => {
    const files = corpusFiles();
    expect(files.length).toBeGreaterThan(1000);
    const failures: string[] = [];
    const seen = new Set<string>();
    for (const file of files) {
      const raw = readFileSync(file);
      for (const lang of ['en', 'es'] as Lang[]) {
        const a = await analyze(raw, { lang });
        for (const t of allText(a.explanation)) for (const l of leaks(t)) failures.push(`${file}: leak ${l}`);
        // Words an agent can paste (issue 14): no rule id, source reference, ISO stamp or machine word in
        // the note, the reply or the CLI text; in Spanish no rejected term and no English Veil wrote.
        for (const p of proseProblems(a)) failures.push(`${file} [${lang}]: ${p}`);
        if (lang === 'es') {
          const prose = [a.explanation.headline, ...a.explanation.sections.flatMap((s) => [s.title, s.text]), a.explanation.customerReply ?? ''];
          const english = englishWordsIn(prose.join('\n'), dataValues(a));
          if (english.length) failures.push(`${file}: English in Spanish: ${english.join(', ')}`);
        }
        const text = mainText(a.explanation);
        // Many messages explain the same way: score each distinct text once.
        if (seen.has(lang + text)) continue;
        seen.add(lang + text);
        check(file.split('/corpora/')[1] ?? file, a.explanation, failures);
      }
    }
    expect(seen.size).toBeGreaterThan(2);
    expect(failures).toEqual([]);
  });
});
