// `npm start`: the main job. Builds both extensions and the CLI, explains every bundled sample,
// and says how to load the extension. With a display (DISPLAY or WAYLAND_DISPLAY) and Chromium,
// it also opens the local demo help desk with the extension loaded, when the demo is present.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

function run(cmd, args) {
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

console.log('▶ building the Chromium extension (dist/), the Firefox extension (dist-firefox/) and the CLI (dist-cli/)');
run('npm', ['run', '-s', 'build']);
console.log('\n▶ explaining the bundled samples (samples/)\n');
const cli = spawnSync(process.execPath, ['dist-cli/veil.mjs', ...process.argv.slice(2), 'samples'], { stdio: 'inherit' });

console.log(`
Load the extension:
  Chromium/Chrome: open chrome://extensions, turn on Developer mode, "Load unpacked", pick ${resolve('dist')}
  Firefox:         open about:debugging#/runtime/this-firefox, "Load Temporary Add-on", pick ${resolve('dist-firefox/manifest.json')}
Analyze your own mail:  npm run analyze -- [--json] [--lang es] PATH...`);

const demo = resolve('scripts/demo.mjs');
if ((process.env.DISPLAY || process.env.WAYLAND_DISPLAY) && existsSync('/usr/bin/chromium') && existsSync(demo)) {
  console.log('\n▶ opening the demo help desk in Chromium with Veil loaded (close the window to finish)');
  spawnSync(process.execPath, [demo], { stdio: 'inherit' });
}
process.exit(cli.status ?? 1);
