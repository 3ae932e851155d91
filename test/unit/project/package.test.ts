// `npm run package` (here with --no-build, on the builds `npm test` made): three zips whose bytes
// depend only on the files packed — not on file times, not on the order the disk lists them.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { unzip, zip } from '../../../scripts/zip.mjs';
import { ROOT } from '../../support/paths';

const built = ['dist', 'dist-firefox'].every((d) => existsSync(join(ROOT, d, 'manifest.json')));
const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const out = mkdtempSync(join(tmpdir(), 'veil-pack-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

function pack(dir: string): Record<string, string> {
  const r = spawnSync(process.execPath, [join(ROOT, 'scripts/package.mjs'), '--no-build', '--out', dir], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
  expect(r.status, r.stderr).toBe(0);
  return Object.fromEntries(readdirSync(dir).sort().map((f) => [f, createHash('sha256').update(readFileSync(join(dir, f))).digest('hex')]));
}

function touchAll(dir: string, when: Date) {
  for (const n of readdirSync(dir)) {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) touchAll(p, when);
    utimesSync(p, when, when);
  }
}

describe('deterministic zips', () => {
  it('the same entries in any order, at any time, give the same bytes', () => {
    const entries = [
      { name: 'b/two.txt', data: Buffer.from('two\n'.repeat(50)) },
      { name: 'a.txt', data: Buffer.from('one') },
      { name: 'run', data: Buffer.from('#!/bin/sh\n'), mode: 0o755 },
    ];
    const one = zip(entries);
    expect(zip([...entries].reverse()).equals(one)).toBe(true);
    expect(unzip(one)).toEqual([
      { name: 'a.txt', data: Buffer.from('one'), mode: 0o644 },
      { name: 'b/two.txt', data: entries[0].data, mode: 0o644 },
      { name: 'run', data: entries[2].data, mode: 0o755 },
    ]);
    // Readable by the system's unzip, with the fixed date.
    if (existsSync('/usr/bin/unzip')) {
      const file = join(out, 'check.zip');
      writeFileSync(file, one);
      const l = spawnSync('unzip', ['-l', file], { encoding: 'utf8' });
      expect(l.stdout).toMatch(/1980-01-01 00:00 +a\.txt/);
    }
  });

  it.skipIf(!built)('npm run package writes the three zips; packing again after every file time changed gives the same bytes', () => {
    const first = pack(join(out, 'one'));
    expect(Object.keys(first)).toEqual([`veil-chromium-${version}.zip`, `veil-firefox-${version}.zip`, `veil-source-${version}.zip`]);
    touchAll(join(ROOT, 'dist'), new Date());
    touchAll(join(ROOT, 'dist-firefox'), new Date(Date.now() - 86_400_000));
    expect(pack(join(out, 'two'))).toEqual(first);

    const chromium = unzip(readFileSync(join(out, 'one', `veil-chromium-${version}.zip`)));
    const names = chromium.map((e) => e.name);
    expect(names).toEqual([...names].sort());
    expect(names).toEqual(expect.arrayContaining(['manifest.json', 'LICENSE', 'THIRD-PARTY-NOTICES.txt', 'service-worker-loader.js']));
    expect(JSON.parse(chromium.find((e) => e.name === 'manifest.json')!.data.toString()).background.service_worker).toBeTruthy();

    const firefox = unzip(readFileSync(join(out, 'one', `veil-firefox-${version}.zip`)));
    const manifest = JSON.parse(firefox.find((e) => e.name === 'manifest.json')!.data.toString());
    expect(manifest.browser_specific_settings.gecko.id).toBeTruthy();
    expect(manifest.version).toBe(version);
    expect(firefox.map((e) => e.name)).toEqual(expect.arrayContaining(['LICENSE', 'THIRD-PARTY-NOTICES.txt']));

    const source = unzip(readFileSync(join(out, 'one', `veil-source-${version}.zip`))).map((e) => e.name);
    for (const f of ['package.json', 'package-lock.json', 'BUILDING.md', 'README.md', 'LICENSE', 'vite.config.ts', 'src/core/analyze.ts']) expect(source).toContain(`veil-${version}/${f}`);
    expect(source.some((n) => /\/(node_modules|dist|dist-firefox|dist-cli|packages)\//.test(n))).toBe(false);
  }, 240_000);
});
