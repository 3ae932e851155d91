// LICENSE is the MPL-2.0 text; THIRD-PARTY-NOTICES.txt is what `npm run notices` writes today, and it
// names every package whose code the bundles contain; every build ships both files.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../support/paths';

const BUILDS = ['dist', 'dist-firefox', 'dist-cli'].map((d) => join(ROOT, d));
const built = BUILDS.every((d) => existsSync(d));

function jsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? jsFiles(p) : /\.m?js$/.test(n) ? [p] : [];
  });
}

/** Package names listed at the top of THIRD-PARTY-NOTICES.txt ("  name version  licence  why"). */
function listed(): string[] {
  const text = readFileSync(join(ROOT, 'THIRD-PARTY-NOTICES.txt'), 'utf8');
  return [...text.split('\n---')[0].matchAll(/^ {2}(\S+) \d+\.\d+\.\d+\S*\s/gm)].map((m) => m[1]);
}

describe('licence and notices', () => {
  it('LICENSE is the Mozilla Public License 2.0, word for word', () => {
    const text = readFileSync(join(ROOT, 'LICENSE'));
    expect(text.toString('utf8').split('\n')[0]).toBe('Mozilla Public License Version 2.0');
    // sha256 of https://www.mozilla.org/media/MPL/2.0/index.txt (the same bytes as the LICENSE of
    // webextension-polyfill, web-ext and addons-linter in node_modules).
    expect(createHash('sha256').update(text).digest('hex')).toBe('1f256ecad192880510e84ad60474eab7589218784b9a50bc7ceee34c2b91f1d5');
    expect(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).license).toBe('MPL-2.0');
  });

  it('THIRD-PARTY-NOTICES.txt is current (npm run notices)', () => {
    const r = spawnSync(process.execPath, [join(ROOT, 'scripts/notices.mjs'), '--check'], { cwd: ROOT, encoding: 'utf8' });
    expect(r.stderr + r.stdout).toMatch(/is current/);
    expect(r.status).toBe(0);
    expect(listed()).toEqual(expect.arrayContaining(['openpgp', 'postal-mime', 'preact', 'webextension-polyfill']));
  });

  it.skipIf(!built)('names every package whose code is in the built bundles, and every build ships both files', () => {
    const names = new Set(listed());
    const found = new Set<string>();
    for (const dir of BUILDS) {
      for (const f of ['LICENSE', 'THIRD-PARTY-NOTICES.txt']) expect(readFileSync(join(dir, f)).equals(readFileSync(join(ROOT, f))), `${dir}/${f}`).toBe(true);
      for (const file of jsFiles(dir)) {
        const text = readFileSync(file, 'utf8');
        // The unminified output names each module's origin: "// node_modules/<pkg>/…", "// \0vite/…".
        for (const m of text.matchAll(/^\/\/(?:#region)? (?:node_modules\/((?:@[^/\s]+\/)?[^/\s]+)\/|\\0([a-z-]+)\/)/gm)) found.add(m[1] ?? m[2]);
      }
    }
    expect([...found].sort()).toEqual(expect.arrayContaining(['openpgp', 'postal-mime', 'preact', 'rolldown', 'vite', 'webextension-polyfill']));
    for (const p of found) expect(names.has(p), `${p} is in a bundle but not in THIRD-PARTY-NOTICES.txt`).toBe(true);
  });
});
