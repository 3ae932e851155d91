// The fuzz run in small (issue 11): a few thousand generated and mutated messages on every
// `npm test`; `npm run fuzz` runs the same generators and checks on ≥ 100,000. For each case
// analyze() returns, within 1 s, with output that matches schema/analysis.schema.json.
import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { analyze } from '../../../src/core';
import { failedAnalysis } from '../../../src/core/analyze';
import { HEADER_NAMES, MUTATIONS, headerValue, message, rng, runCase, validateAnalysis } from '../../support/fuzz';
import { corpusFiles } from '../../support/corpus-files';
import { CORPORA, ROOT } from '../../support/paths';

/** Fixed seeds: every run checks the same cases (a failure names its seed and path to replay). */
const SEED = 20261203;

describe('the JSON Schema of the contract', () => {
  it('accepts every sample, a failed analysis in both languages, and rejects a renamed field', async () => {
    const dir = join(ROOT, 'samples');
    const files = readdirSync(dir).filter((f) => f.endsWith('.eml'));
    expect(files.length).toBeGreaterThan(3);
    for (const f of files) await runCase(readFileSync(join(dir, f)), f, 5000);
    for (const lang of ['en', 'es'] as const) expect(validateAnalysis(JSON.parse(JSON.stringify(failedAnalysis(lang, 'empty input: there is no message to analyze'))))).toBe(true);
    const a = JSON.parse(JSON.stringify(await analyze(readFileSync(join(dir, files[0])))));
    a.verdictCode = a.verdict;
    delete a.verdict;
    expect(validateAnalysis(a)).toBe(false);
    const b = JSON.parse(JSON.stringify(await analyze(readFileSync(join(dir, files[0])))));
    b.explanation.headline += '\u202e';
    expect(validateAnalysis(b)).toBe(false);
  });
});

describe('generated messages', () => {
  it('header grammars with long separator runs, in every header Veil reads', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...HEADER_NAMES).chain((name) => fc.tuple(fc.constant(name), headerValue(name, 4000))), async ([name, value]) => {
        n++;
        await runCase(`From: a@example.com\r\nTo: b@example.net\r\nSubject: x\r\n${name}: ${value.replace(/\r?\n(?![ \t])/g, ' ')}\r\n\r\nhi\r\n`, `${name}: ${JSON.stringify(value.slice(0, 80))}`);
      }),
      { numRuns: 1200, seed: SEED },
    );
    expect(n).toBe(1200);
  }, 120_000);

  it('MIME trees with the parts every detector reads', async () => {
    await fc.assert(
      fc.asyncProperty(message({ maxRun: 2000, depth: 3, headers: 6 }), async (raw) => {
        await runCase(raw, `generated message of ${raw.length} chars`);
      }),
      { numRuns: 800, seed: SEED + 1 },
    );
  }, 120_000);
});

describe('mutated real messages', () => {
  it('samples/, and the corpora when they are beside the project', async () => {
    const seeds = [
      ...readdirSync(join(ROOT, 'samples')).filter((f) => f.endsWith('.eml')).map((f) => join(ROOT, 'samples', f)),
      ...(existsSync(CORPORA) ? corpusFiles().filter((f) => !/SOURCE\.txt$/.test(f)) : []),
    ].map((f) => ({ f, bytes: new Uint8Array(readFileSync(f)) })).filter((x) => x.bytes.length > 0 && x.bytes.length < 64 * 1024);
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: seeds.length - 1 }), fc.nat({ max: MUTATIONS.length - 1 }), fc.integer(), async (i, m, seed) => {
        const [name, mutate] = MUTATIONS[m];
        const input = mutate(seeds[i].bytes, rng(seed));
        n++;
        await runCase(input, `${name} of ${seeds[i].f}`);
      }),
      { numRuns: 600, seed: SEED + 2 },
    );
    expect(n).toBe(600);
  }, 120_000);
});
