// package.json lists exactly what the shipped code imports: a runtime dependency nothing imports is
// dead weight in every install and in the notices; a package the code imports but only lists as a
// devDependency would be missing from the notices of what the bundles contain.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../support/paths';

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  engines?: Record<string, string>;
};

function sources(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((n) => {
      const p = join(dir, n);
      return statSync(p).isDirectory() ? sources(p) : /\.(ts|tsx|mts|mjs|js)$/.test(n) && !n.endsWith('.d.ts') ? [p] : [];
    });
}

/** "preact/hooks" → "preact", "@scope/pkg/sub" → "@scope/pkg"; relative paths and node: built-ins → undefined. */
function packageOf(spec: string): string | undefined {
  if (spec.startsWith('.') || spec.startsWith('/') || spec.startsWith('node:') || spec.startsWith('\0')) return undefined;
  const parts = spec.split('?')[0].split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** Packages each source file imports at run time (`import type` and `export type` do not count). */
function runtimeImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const out: string[] = [];
  // Static imports and re-exports, over several lines if need be; then dynamic import('...').
  for (const m of text.matchAll(/^\s*(?:import|export)\s+(type\s+)?(?:[^'";]*?\sfrom\s+)?['"]([^'"\n]+)['"]/gm)) if (!m[1]) out.push(m[2]);
  for (const m of text.matchAll(/\bimport\(\s*['"]([^'"\n]+)['"]\s*\)/g)) out.push(m[1]);
  return out.map(packageOf).filter((p): p is string => p !== undefined);
}

const used = new Map<string, string[]>();
for (const file of sources(join(ROOT, 'src'))) {
  for (const p of runtimeImports(file)) used.set(p, [...(used.get(p) ?? []), relative(ROOT, file)]);
}

describe('package.json dependencies', () => {
  it('finds the imports it checks', () => {
    expect(runtimeImports(join(ROOT, 'src/core/parse/postal.ts'))).toContain('postal-mime');
    expect([...used.keys()]).toContain('webextension-polyfill');
  });

  it('every runtime dependency is imported by the shipped sources (src/)', () => {
    const unused = Object.keys(pkg.dependencies ?? {}).filter((d) => !used.has(d));
    expect(unused, `listed in "dependencies" but imported by nothing in src/: ${unused.join(', ')}`).toEqual([]);
  });

  it('every package the shipped sources import is a runtime dependency', () => {
    const missing = [...used].filter(([p]) => !(p in (pkg.dependencies ?? {}))).map(([p, files]) => `${p} (${files.join(', ')})`);
    expect(missing, 'imported by src/ but not in "dependencies"').toEqual([]);
  });

  it('pins exact versions', () => {
    for (const [name, v] of Object.entries({ ...pkg.dependencies })) expect(v, name).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('states the Node versions it needs', () => {
    expect(pkg.engines?.node).toMatch(/\d+\.\d+/);
  });
});
