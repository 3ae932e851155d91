// `npm run bench`: bundles scripts/bench/bench.ts for Node with vite and runs it.
// `npm run bench -- msg`: the same for scripts/bench/msg-readers.ts (Outlook .msg readers compared).
import { build } from 'vite';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const out = mkdtempSync(join(tmpdir(), 'veil-bench-'));
await build({
  configFile: false,
  logLevel: 'error',
  build: { ssr: process.argv[2] === 'msg' ? 'scripts/bench/msg-readers.ts' : 'scripts/bench/bench.ts', outDir: out, target: 'node20', rollupOptions: { output: { entryFileNames: 'bench.mjs' } } },
  ssr: { noExternal: true },
});
// --expose-gc: a bench may collect garbage between timed runs, so one run does not pay for another's.
const r = spawnSync(process.execPath, ['--expose-gc', join(out, 'bench.mjs')], { stdio: 'inherit' });
rmSync(out, { recursive: true, force: true });
process.exit(r.status ?? 1);
