/**
 * Veil's own Outlook item reader (src/core/parse/compound-file.ts + outlook.ts) beside
 * @kenjiuno/msgreader 1.28.0, on the same files: what each extracts (subject, sender, attachment
 * names, body), how fast, and what each does with hostile files (loops in every chain). Prints
 * facts and ratios; it asserts nothing. Veil does not depend on msgreader: install it beside the
 * project for this comparison only (`npm i --no-save @kenjiuno/msgreader@1.28.0`), else the script
 * prints Veil's half alone.
 *
 * Run: npm run bench -- msg
 */
import { readdirSync, readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { readOutlookItem, PID, type OutlookItem } from '../../src/core/parse/outlook';
import { analyze } from '../../src/core';
import { writeMsg, type MsgItem } from '../../test/support/msg-writer';

interface Extract {
  subject?: string;
  sender?: string;
  attachments: string[];
  body?: string;
}

type MsgReaderCtor = new (b: Uint8Array | ArrayBuffer) => { getFileData(): Record<string, unknown> & { attachments?: { fileName?: string; name?: string }[] } };

function loadMsgReader(): MsgReaderCtor | undefined {
  try {
    const req = createRequire(join(process.cwd(), 'package.json'));
    return (req('@kenjiuno/msgreader') as { default: MsgReaderCtor }).default;
  } catch {
    return undefined;
  }
}

function ours(bytes: Uint8Array): Extract {
  const r = readOutlookItem(bytes);
  const it: OutlookItem | undefined = r.item;
  if (!it) return { attachments: [`(error: ${r.error})`] };
  return {
    subject: it.string(PID.subject),
    sender: it.string(PID.senderSmtp) ?? it.string(PID.senderEmail),
    attachments: it.attachments.map((a) => a.name ?? ''),
    body: it.string(PID.body)?.trim(),
  };
}

function theirs(M: MsgReaderCtor, bytes: Uint8Array): Extract {
  const d = new M(bytes).getFileData();
  return {
    subject: d.subject as string | undefined,
    sender: (d.senderSmtpAddress as string | undefined) ?? (d.senderEmail as string | undefined),
    attachments: (d.attachments ?? []).map((a) => a.fileName ?? a.name ?? ''),
    body: (d.body as string | undefined)?.trim(),
  };
}

/** The median of `rounds` runs after three warm-up runs (the JIT and the GC make single runs noisy). */
function time(rounds: number, fn: () => void): number {
  for (let i = 0; i < 3; i++) fn();
  const runs: number[] = [];
  const gc = (globalThis as { gc?: () => void }).gc;
  for (let i = 0; i < rounds; i++) {
    gc?.();
    const t = performance.now();
    fn();
    runs.push(performance.now() - t);
  }
  return runs.sort((x, y) => x - y)[rounds >> 1];
}

async function main() {
  const M = loadMsgReader();
  const dir = join(process.cwd(), '../shared/corpora/outlook-msgreader');
  let names: string[] = [];
  try {
    names = readdirSync(dir).filter((f) => f.endsWith('.msg')).sort();
  } catch {
    console.log(`${dir} is not there: only the built files below are compared.`);
  }
  const files = names.map((n) => ({ name: n, bytes: new Uint8Array(readFileSync(join(dir, n))) }));
  if (!M) console.log('@kenjiuno/msgreader is not installed (npm i --no-save @kenjiuno/msgreader@1.28.0): Veil alone.\n');

  // 1. What each extracts.
  if (files.length) {
    console.log(`correctness on ${files.length} files of ${dir}:`);
    let same = 0;
    for (const f of files) {
      const a = ours(f.bytes);
      const b = M ? theirs(M, f.bytes) : undefined;
      const diffs = b ? (['subject', 'sender', 'attachments', 'body'] as const).filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k])) : [];
      if (!diffs.length) same++;
      else for (const k of diffs) console.log(`  ${f.name}: ${k}: veil ${JSON.stringify(a[k])} | msgreader ${JSON.stringify(b![k])}`);
    }
    if (M) console.log(`  ${same} of ${files.length} files: subject, sender, attachment names and body the same\n`);
  }

  // 2. Speed over the corpus: reading every property the comparison uses.
  if (files.length) {
    const v = time(5, () => files.forEach((f) => ours(f.bytes)));
    console.log(`speed over the ${files.length} files (all of them, per round):`);
    console.log(`  veil reader        ${v.toFixed(1).padStart(8)} ms`);
    if (M) {
      const m = time(5, () => files.forEach((f) => theirs(M, f.bytes)));
      console.log(`  msgreader          ${m.toFixed(1).padStart(8)} ms   ratio veil / msgreader ${(v / m).toFixed(2)}`);
    }
    const full = time(3, () => {
      for (const f of files) void analyze(f.bytes);
    });
    console.log(`  veil analyze()     ${full.toFixed(1).padStart(8)} ms   (the whole analysis, not only the reader)\n`);
  }

  // 3. Growth: n, 2n, 4n attachments of 20 KB; printed as ratios (linear ≈ 2.0 each).
  const grow = [250, 500, 1000].map((n) => writeMsg({ subject: 'g', attachments: Array.from({ length: n }, (_, i) => ({ name: `a${i}.bin`, data: new Uint8Array(5_000).fill(i) })) }));
  const gt = grow.map((b) => time(7, () => ours(b)));
  console.log(`growth, 250/500/1000 attachments: veil ${gt.map((x) => x.toFixed(1)).join(' / ')} ms, ratios ${(gt[1] / gt[0]).toFixed(2)}, ${(gt[2] / gt[1]).toFixed(2)}`);
  if (M) {
    const mt = grow.map((b) => time(7, () => theirs(M, b)));
    console.log(`                                   msgreader ${mt.map((x) => x.toFixed(1)).join(' / ')} ms, ratios ${(mt[1] / mt[0]).toFixed(2)}, ${(mt[2] / mt[1]).toFixed(2)}`);
  }

  // 4. Hostile files: each reader in a child process, killed after 10 s.
  const base: MsgItem = { subject: 'hostile', body: 'x', recipients: [{ name: 'A', address: 'a@example.com' }], attachments: [{ name: 'a.bin', data: new Uint8Array(30_000).fill(1) }, { name: 'b.txt', data: new TextEncoder().encode('hello world, hello world') }] };
  const big: MsgItem = { ...base, attachments: [...base.attachments!, { name: 'big.bin', data: new Uint8Array(7_600_000) }] };
  const hostile: [string, Uint8Array][] = [
    ['FAT chain loop', writeMsg(base, { hostile: { fatLoop: true } })],
    ['mini FAT chain loop', writeMsg(base, { hostile: { miniFatLoop: true } })],
    ['directory sibling loop', writeMsg(base, { hostile: { directoryLoop: true } })],
    ['directory chain loop', writeMsg(base, { hostile: { directoryChainLoop: true } })],
    ['DIFAT chain loop', writeMsg(big, { hostile: { difatLoop: true } })],
    ['truncated at 60%', (() => { const b = writeMsg(base); return b.subarray(0, Math.floor(b.length * 0.6)); })()],
  ];
  const tmp = mkdtempSync(join(tmpdir(), 'veil-msg-'));
  const runner = (reader: 'veil' | 'msgreader', file: string) =>
    reader === 'veil'
      ? `import(${JSON.stringify(join(tmp, 'veil.mjs'))}).then(m=>{const r=m.read(require('fs').readFileSync(${JSON.stringify(file)}));console.log(r)})`
      : `const M=require(${JSON.stringify(createRequire(join(process.cwd(), 'package.json')).resolve('@kenjiuno/msgreader'))}).default;const d=new M(require('fs').readFileSync(${JSON.stringify(file)})).getFileData();console.log(d.error?'error: '+d.error:'subject '+JSON.stringify(d.subject)+', '+(d.attachments||[]).length+' attachments')`;
  // Veil's side runs this very bundle's reader, in a child too, for the same kill-after-10s rule.
  writeFileSync(join(tmp, 'veil.mjs'), `export { read } from ${JSON.stringify(process.argv[1])};`);
  console.log('\nhostile files (each in a child process, killed after 10 s):');
  for (const [label, bytes] of hostile) {
    const file = join(tmp, `${label.replace(/\W+/g, '-')}.msg`);
    writeFileSync(file, bytes);
    const line = [`  ${label.padEnd(24)}`];
    for (const reader of M ? (['veil', 'msgreader'] as const) : (['veil'] as const)) {
      const t = performance.now();
      const r = spawnSync(process.execPath, ['-e', runner(reader, file)], { timeout: 10_000, encoding: 'utf8', env: { ...process.env, VEIL_BENCH_CHILD: '1' } });
      const ms = performance.now() - t;
      const what = r.error || r.signal ? 'HANG (killed after 10 s)' : r.status !== 0 ? `threw: ${(r.stderr.split('\n').find((l) => /Error/.test(l)) ?? '').trim().slice(0, 70)}` : r.stdout.trim().slice(0, 70);
      line.push(`${reader}: ${what} [${ms.toFixed(0)} ms]`);
    }
    console.log(line.join(' | '));
  }
  rmSync(tmp, { recursive: true, force: true });
}

/** For the child processes: what Veil reads from a file, in one line. */
export function read(buf: Uint8Array): string {
  const r = readOutlookItem(new Uint8Array(buf));
  if (!r.item) return `error: ${r.error}`;
  const problems = [...r.item.problems, ...r.fileProblems()];
  return `subject ${JSON.stringify(r.item.string(PID.subject))}, ${r.item.attachments.length} attachments${problems.length ? `; ${problems.length} problems, e.g. ${problems[0]}` : ''}`;
}

if (!process.env.VEIL_BENCH_CHILD) void main();
