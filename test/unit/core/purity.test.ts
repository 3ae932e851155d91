// STYLE.md rule 1: the core is pure. It runs in the service worker, the popup and the CLI, so it
// may not import the DOM, extension APIs or Node built-ins, nor code from other src/ folders.
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ROOT } from '../../support/paths';

const CORE = join(ROOT, 'src/core');

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [join(dir, e.name)] : [],
  );
}

const FORBIDDEN_MODULES = [/^node:/, /^webextension-polyfill$/, /^(fs|path|os|child_process|crypto|buffer|url|util|stream)$/, /^preact/];
const FORBIDDEN_GLOBALS = /\b(document|window|chrome|browser|localStorage|Buffer|process|require)\s*[.(\[]/;

describe('src/core is pure', () => {
  const all = files(CORE);
  it('has files to check', () => expect(all.length).toBeGreaterThan(5));
  for (const file of all) {
    const rel = relative(ROOT, file);
    it(`${rel} imports nothing from the DOM, extension APIs, Node or other src/ folders`, () => {
      const src = readFileSync(file, 'utf8');
      const imports = [...src.matchAll(/(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|import\s+['"]([^'"]+)['"]/g)].map(
        (m) => m[1] ?? m[2] ?? m[3],
      );
      for (const spec of imports) {
        expect(FORBIDDEN_MODULES.some((re) => re.test(spec)), `${rel} imports ${spec}`).toBe(false);
        if (spec.startsWith('.')) {
          const target = join(file, '..', spec);
          expect(target.startsWith(CORE), `${rel} reaches outside src/core: ${spec}`).toBe(true);
        }
      }
      const code = src.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '').replace(/(['"`])(?:\\.|(?!\1).)*\1/g, '""');
      expect(FORBIDDEN_GLOBALS.exec(code)?.[0], `${rel} uses a browser or Node global`).toBeUndefined();
    });
  }
  it('postal-mime is imported in exactly one file', () => {
    const importers = all.filter((f) => /from\s*['"]postal-mime['"]/.test(readFileSync(f, 'utf8')));
    expect(importers.map((f) => relative(ROOT, f))).toEqual(['src/core/parse/postal.ts']);
  });
});
