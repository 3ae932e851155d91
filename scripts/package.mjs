// `npm run package`: the files the stores take, in packages/ (gitignored):
//   veil-chromium-<version>.zip  the Chromium build (dist/), manifest.json at the root: Chrome Web Store, Edge Add-ons
//   veil-firefox-<version>.zip   the Firefox build (dist-firefox/) packed by `web-ext build`: addons.mozilla.org
//   veil-source-<version>.zip    the sources, lockfile and build steps (BUILDING.md), which AMO asks
//                                for because the extension's code is bundled
// Builds first (`--no-build` packs the builds already there). Every zip is deterministic (sorted
// entries, one fixed timestamp, fixed permissions: scripts/zip.mjs), so the same inputs give the
// same bytes and a reviewer can rebuild and compare. `--out DIR` writes elsewhere than packages/.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { notices, NOTICES_FILE } from './notices.mjs';
import { unzip, zip } from './zip.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const OUT = resolve(args.includes('--out') ? args[args.indexOf('--out') + 1] : join(ROOT, 'packages'));

function fail(message) {
  console.error(`package: ${message}`);
  process.exit(1);
}

function run(cmd, cmdArgs, opts = {}) {
  const r = spawnSync(cmd, cmdArgs, { cwd: ROOT, stdio: opts.quiet ? 'pipe' : 'inherit', encoding: 'utf8' });
  if (r.status !== 0) fail(`${cmd} ${cmdArgs.join(' ')} failed${r.stderr ? `:\n${r.stderr}` : ''}`);
  return r.stdout ?? '';
}

/** Every file under `dir` as zip entries named relative to it ("/" separators). */
function tree(dir) {
  const out = [];
  const walk = (d) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      const st = statSync(p);
      if (st.isDirectory()) walk(p);
      else if (st.isFile()) out.push({ name: relative(dir, p).split(sep).join('/'), data: readFileSync(p), mode: st.mode & 0o111 ? 0o755 : 0o644 });
    }
  };
  walk(dir);
  return out;
}

/**
 * The source files: what git tracks (with git's own file modes), or, outside a git checkout (an
 * unpacked source zip), every file but what .gitignore names and git's own folder.
 */
function sourceFiles() {
  const git = spawnSync('git', ['ls-files', '-s', '-z'], { cwd: ROOT, encoding: 'utf8' });
  if (git.status === 0 && git.stdout) {
    return git.stdout
      .split('\0')
      .filter(Boolean)
      .map((line) => {
        const [meta, name] = line.split('\t');
        return { name, mode: meta.startsWith('100755') ? 0o755 : 0o644 };
      })
      .filter(({ name }) => existsSync(join(ROOT, name)))
      .map(({ name, mode }) => ({ name, data: readFileSync(join(ROOT, name)), mode }));
  }
  const ignored = readFileSync(join(ROOT, '.gitignore'), 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  const skip = (rel) =>
    rel.split('/').some((part) => part === '.git' || ignored.some((g) => (g.endsWith('/') ? part === g.slice(0, -1) : g.startsWith('*.') ? part.endsWith(g.slice(1)) : part === g)));
  return tree(ROOT).filter((e) => !skip(e.name));
}

const sha256 = (buf) => createHash('sha256').update(buf).digest('hex');

// ---- checks before packing -------------------------------------------------------------------
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const version = pkg.version;
const manifestVersion = JSON.parse(readFileSync(join(ROOT, 'manifest.json'), 'utf8')).version;
if (manifestVersion !== version) fail(`manifest.json says ${manifestVersion}, package.json ${version}: make them agree`);
if (readFileSync(join(ROOT, NOTICES_FILE), 'utf8') !== notices(ROOT)) fail(`${NOTICES_FILE} is out of date: run npm run notices`);

if (!args.includes('--no-build')) {
  console.log('▶ building (Chromium, Firefox, CLI)');
  run('npm', ['run', '-s', 'build']);
}
for (const d of ['dist', 'dist-firefox']) {
  if (!existsSync(join(ROOT, d, 'manifest.json'))) fail(`${d}/ has no manifest.json: run npm run build first`);
  if (!existsSync(join(ROOT, d, 'LICENSE')) || !existsSync(join(ROOT, d, NOTICES_FILE))) fail(`${d}/ lacks LICENSE or ${NOTICES_FILE}`);
}
mkdirSync(OUT, { recursive: true });
const written = [];
const write = (name, bytes) => {
  writeFileSync(join(OUT, name), bytes);
  written.push({ name, bytes });
};

// ---- Chromium: dist/ as it is, manifest.json at the root --------------------------------------
write(`veil-chromium-${version}.zip`, zip(tree(join(ROOT, 'dist'))));

// ---- Firefox: web-ext build (its ignore rules and checks), then re-packed deterministically -----
const tmp = mkdtempSync(join(tmpdir(), 'veil-package-'));
try {
  run('npx', ['web-ext', 'build', '--source-dir', join(ROOT, 'dist-firefox'), '--artifacts-dir', tmp, '--filename', 'firefox.zip', '--overwrite-dest', '--no-input', '--no-config-discovery'], { quiet: true });
  const files = unzip(readFileSync(join(tmp, 'firefox.zip')));
  if (!files.some((f) => f.name === 'manifest.json')) fail('web-ext build wrote no manifest.json at the root');
  write(`veil-firefox-${version}.zip`, zip(files));
} finally {
  rmSync(tmp, { recursive: true, force: true });
}

// ---- Sources for addons.mozilla.org: everything git tracks, in one folder ------------------------
const sources = sourceFiles();
for (const needed of ['package.json', 'package-lock.json', 'BUILDING.md', 'LICENSE', NOTICES_FILE, 'vite.config.ts', 'manifest.json']) {
  if (!sources.some((f) => f.name === needed)) fail(`the source package would lack ${needed}`);
}
write(`veil-source-${version}.zip`, zip(sources.map((f) => ({ ...f, name: `veil-${version}/${f.name}` }))));

for (const { name, bytes } of written) console.log(`${sha256(bytes)}  ${relative(process.cwd(), join(OUT, name))}  (${(bytes.length / 1024).toFixed(0)} KiB)`);
