// `npm run fuzz [-- CASES]`: bundles scripts/fuzz/fuzz.ts for Node with vite and runs it (default
// 100,000 cases). Prints counts, the slowest cases and peak memory; exits 1 when any case failed.
import { build } from 'vite';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const out = mkdtempSync(join(tmpdir(), 'veil-fuzz-'));
await build({
  configFile: false,
  logLevel: 'error',
  build: { ssr: 'scripts/fuzz/fuzz.ts', outDir: out, target: 'node20', rollupOptions: { output: { entryFileNames: 'fuzz.mjs' } } },
  ssr: { noExternal: true },
});
const r = spawnSync(process.execPath, ['--expose-gc', join(out, 'fuzz.mjs'), ...process.argv.slice(2)], { stdio: 'inherit', cwd: process.cwd() });
rmSync(out, { recursive: true, force: true });
process.exit(r.status ?? 1);
