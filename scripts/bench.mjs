// `npm run bench`: bundles scripts/bench/bench.ts for Node with vite and runs it.
import { build } from 'vite';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const out = mkdtempSync(join(tmpdir(), 'veil-bench-'));
await build({
  configFile: false,
  logLevel: 'error',
  build: { ssr: 'scripts/bench/bench.ts', outDir: out, target: 'node20', rollupOptions: { output: { entryFileNames: 'bench.mjs' } } },
  ssr: { noExternal: true },
});
const r = spawnSync(process.execPath, [join(out, 'bench.mjs')], { stdio: 'inherit' });
rmSync(out, { recursive: true, force: true });
process.exit(r.status ?? 1);
