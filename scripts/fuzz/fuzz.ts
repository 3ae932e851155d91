/**
 * The fuzz run (issue 11): generated header grammars, generated MIME trees and mutations of real
 * messages (samples/ and, when present, ../shared/corpora), through analyze(), each checked by
 * test/support/fuzz.ts's runCase(): no exception, < 1 s below 1 MB, output valid against
 * schema/analysis.schema.json, no classifier guard fired. Seeds are fixed: a failure names the
 * batch seed that replays it.
 */
import fc from 'fast-check';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HEADER_NAMES, MUTATIONS, headerValue, message, rng, runCase } from '../../test/support/fuzz';
import { corpusFiles } from '../../test/support/corpus-files';

// Bundled into a temporary directory: paths come from where `npm run fuzz` runs (the project root).
const ROOT = process.cwd();
const CORPORA = join(ROOT, '../shared/corpora');

const arg = process.argv[2];
if (arg !== undefined && !/^[1-9][0-9]*$/.test(arg)) {
  console.error('usage: npm run fuzz [-- CASES]   (CASES: a positive whole number, default 100000)');
  process.exit(2);
}
const TOTAL = Number(arg ?? 100_000);
const SEED = Number(process.env.FUZZ_SEED ?? 20261203);
const BATCH = 250;

interface Slow {
  ms: number;
  bytes: number;
  name: string;
}
const slowest: Slow[] = [];
const failures: string[] = [];
const counts = new Map<string, number>();
let done = 0;
let peakRss = 0;
const started = Date.now();

function note(kind: string, name: string, ms: number, bytes: number): void {
  counts.set(kind, (counts.get(kind) ?? 0) + 1);
  done++;
  if (slowest.length < 10 || ms > slowest[slowest.length - 1].ms) {
    slowest.push({ ms, bytes, name: `${kind}: ${name}` });
    slowest.sort((a, b) => b.ms - a.ms);
    slowest.length = Math.min(slowest.length, 10);
  }
  if (done % 1000 === 0) {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    if (done % 10_000 === 0) console.log(`  ${done} cases, ${((Date.now() - started) / 1000).toFixed(0)} s, rss ${(peakRss / 1e6).toFixed(0)} MB`);
  }
}

async function one(kind: string, name: string, input: string | Uint8Array): Promise<void> {
  try {
    const r = await runCase(input, name);
    note(kind, name, r.ms, r.bytes);
  } catch (err) {
    note(kind, name, 0, 0);
    if (failures.length < 50) failures.push(`${kind}: ${err instanceof Error ? err.message : String(err)}`.slice(0, 2000));
  }
}

async function headerGrammars(n: number): Promise<void> {
  const arb = fc.constantFrom(...HEADER_NAMES).chain((name) => fc.tuple(fc.constant(name), headerValue(name, 20_000), fc.integer({ min: 1, max: 60 })));
  for (let b = 0; b * BATCH < n; b++) {
    const seed = SEED + b;
    for (const [name, value, times] of fc.sample(arb, { numRuns: Math.min(BATCH, n - b * BATCH), seed })) {
      // Some headers repeat (Received, Authentication-Results, DKIM-Signature): up to 60 copies.
      const line = `${name}: ${value.replace(/\r?\n(?![ \t])/g, ' ')}\r\n`;
      const copies = /^(Received|Authentication-Results|ARC-|DKIM-Signature)/.test(name) ? times : 1;
      const raw = `${line.repeat(copies)}From: a@example.com\r\nTo: b@example.net\r\nSubject: x\r\n\r\nhi\r\n`;
      await one('header grammar', `${name} ×${copies} (${raw.length} chars, batch seed ${seed})`, raw);
    }
  }
}

async function mimeTrees(n: number): Promise<void> {
  const arb = message({ maxRun: 5000, depth: 4, headers: 10 });
  for (let b = 0; b * BATCH < n; b++) {
    const seed = SEED + 1_000_000 + b;
    for (const raw of fc.sample(arb, { numRuns: Math.min(BATCH, n - b * BATCH), seed })) await one('MIME tree', `${raw.length} chars (batch seed ${seed})`, raw);
  }
}

async function mutations(n: number): Promise<void> {
  const files = [
    ...readdirSync(join(ROOT, 'samples')).filter((f) => f.endsWith('.eml')).map((f) => join(ROOT, 'samples', f)),
    ...(existsSync(CORPORA) ? corpusFiles(CORPORA).filter((f) => !/SOURCE\.txt$/.test(f)) : []),
  ];
  const seeds = files.map((f) => ({ f, bytes: new Uint8Array(readFileSync(f)) })).filter((x) => x.bytes.length > 0 && x.bytes.length < 512 * 1024);
  console.log(`  mutating ${seeds.length} messages (${existsSync(CORPORA) ? 'samples/ and the corpora' : 'samples/ only: no ../shared/corpora'})`);
  const r = rng(SEED + 2);
  for (let i = 0; i < n; i++) {
    const s = seeds[r.nextInt(0, seeds.length - 1)];
    const [name, mutate] = MUTATIONS[r.nextInt(0, MUTATIONS.length - 1)];
    const seed = r.nextInt(0, 2 ** 31);
    await one('mutation', `${name} (seed ${seed}) of ${s.f.replace(ROOT, '.')}`, mutate(s.bytes, rng(seed)));
  }
}

const share = Math.ceil(TOTAL / 10);
console.log(`Fuzzing analyze() with ${TOTAL} cases (seed ${SEED})`);
// Warm the JIT first: the 1 s bound is about how a message scales, not about a cold start.
for (const raw of fc.sample(message({ maxRun: 50, depth: 2, headers: 4 }), { numRuns: 30, seed: SEED - 1 })) await runCase(raw, 'warm-up', 60_000);
await headerGrammars(share * 4);
await mimeTrees(share * 3);
await mutations(TOTAL - share * 7);
peakRss = Math.max(peakRss, process.memoryUsage().rss);

console.log(`\n${done} cases in ${((Date.now() - started) / 1000).toFixed(0)} s: ${[...counts].map(([k, v]) => `${v} ${k}`).join(', ')}`);
console.log(`peak memory (RSS): ${(peakRss / 1e6).toFixed(0)} MB`);
console.log('slowest:');
for (const s of slowest) console.log(`  ${s.ms.toFixed(1).padStart(7)} ms  ${String(s.bytes).padStart(8)} bytes  ${s.name}`);
if (failures.length) {
  console.log(`\n${failures.length}${failures.length === 50 ? '+' : ''} failures:`);
  for (const f of failures) console.log(`  ${f}`);
}
// Memory must stay bounded: a leak or a bomb shows as RSS far above one message's worth.
const memoryOk = peakRss < 2e9;
if (!memoryOk) console.log('peak memory over 2 GB');
console.log(`${done - failures.length} passed, ${failures.length} failed`);
process.exit(failures.length || !memoryOk ? 1 : 0);
