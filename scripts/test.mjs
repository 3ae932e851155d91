// `npm test`: every tier, in the order that fails fastest. Typecheck (extension + pure core),
// both extension builds and the CLI, `web-ext lint` of the Firefox build, then vitest (unit, corpus,
// CLI, DOM, and the browser tier in real Chromium). Installs Chromium first when it is missing.
import { spawnSync } from 'node:child_process';
import { ensureChromium } from './ensure-chromium.mjs';

/** Runs one step; a failed step before the test runner still ends with the line CI reads. */
function run(label, cmd, args, { summarises = false } = {}) {
  console.log(`\n▶ ${label}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`\n✖ ${label} failed`);
    // vitest's own reporter has already printed "N passed, N failed".
    if (!summarises) console.log('0 passed, 1 failed');
    process.exit(r.status ?? 1);
  }
}

if (!ensureChromium()) {
  console.log('0 passed, 1 failed');
  process.exit(1);
}
run('typecheck', 'npm', ['run', '-s', 'typecheck']);
run('build (Chromium, Firefox, CLI)', 'npm', ['run', '-s', 'build']);
run('web-ext lint (Firefox build)', 'node', ['scripts/lint-firefox.mjs']);
run('vitest', 'npx', ['vitest', 'run', ...process.argv.slice(2)], { summarises: true });
