// `npm run analyze -- ARGS`: builds the CLI when its sources changed, then runs it with ARGS.
import { existsSync, statSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const OUT = 'dist-cli/veil.mjs';

function newest(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

const stale = !existsSync(OUT) || Math.max(newest('src/core'), newest('src/cli'), statSync('package-lock.json').mtimeMs) > statSync(OUT).mtimeMs;
if (stale) {
  const b = spawnSync('npx', ['vite', 'build', '--mode', 'cli', '--logLevel', 'error'], { stdio: 'inherit' });
  if (b.status !== 0) process.exit(b.status ?? 1);
}
const r = spawnSync(process.execPath, [OUT, ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(r.status ?? 1);
