/**
 * Speed of analyze() against a bare postal-mime parse, printed as ratios (not a timed test):
 *  - over every message of ../shared/corpora (the core should cost about one bare parse),
 *  - on one 25 MB message with a large attachment (the core should cost under a quarter of one).
 * Run: npm run bench
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import PostalMime from 'postal-mime';
import { analyze } from '../../src/core';

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : /(SOURCE\.txt|\.md|\.tsv)$/.test(e.name) ? [] : [join(dir, e.name)],
  );
}

async function time(label: string, rounds: number, fn: () => Promise<unknown>): Promise<number> {
  await fn(); // warm up
  const start = performance.now();
  for (let i = 0; i < rounds; i++) await fn();
  const ms = (performance.now() - start) / rounds;
  console.log(`  ${label.padEnd(28)} ${ms.toFixed(1).padStart(9)} ms`);
  return ms;
}

async function main() {
  const corpora = join(process.cwd(), '../shared/corpora');
  // A bare clone has no corpora beside it: the corpus ratio is then left out, the big message still runs.
  const all = existsSync(corpora) ? files(corpora).map((f) => new Uint8Array(readFileSync(f))) : [];
  if (!all.length) console.log('../shared/corpora not found: the corpus comparison is skipped');
  else await corpusRatio(all);
  await bigMessage();
}

async function corpusRatio(all: Uint8Array[]) {
  const size = all.reduce((n, b) => n + b.length, 0);
  console.log(`corpora: ${all.length} files, ${(size / 1e6).toFixed(1)} MB`);
  const bare = await time('postal-mime parse (all)', 3, async () => {
    for (const b of all) await PostalMime.parse(b).catch(() => undefined);
  });
  const ours = await time('veil analyze (all)', 3, async () => {
    for (const b of all) await analyze(b);
  });
  console.log(`  ratio analyze / parse: ${(ours / bare).toFixed(2)}  (target ≤ 1.00)\n`);
}

async function bigMessage() {
  const line = 'QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZnaGlqa2xtbm9wcXJzdHV2d3h5ejAxMjM0\r\n';
  const body = line.repeat(Math.ceil((25 * 1024 * 1024) / line.length));
  const big = new TextEncoder().encode(
    'From: a@example.com\r\nTo: b@example.net\r\nSubject: big\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n' +
      '--b\r\nContent-Type: text/plain\r\n\r\nsee attachment\r\n--b\r\nContent-Type: application/pdf; name=report.pdf\r\n' +
      `Content-Transfer-Encoding: base64\r\n\r\n${body}--b--\r\n`,
  );
  console.log(`one message: ${(big.length / 1e6).toFixed(1)} MB`);
  const bareBig = await time('postal-mime parse', 3, () => PostalMime.parse(big));
  const oursBig = await time('veil analyze', 3, () => analyze(big));
  console.log(`  ratio analyze / parse: ${(oursBig / bareBig).toFixed(2)}  (target ≤ 0.25)`);
}

void main();
