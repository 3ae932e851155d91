// @vitest-environment node
/**
 * Email content is hostile: the popup, options, background and shared helpers never hand a string
 * to the HTML parser. (Preact's own runtime supports dangerouslySetInnerHTML; we never use it.)
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../support/paths';

const DIRS = ['src/popup', 'src/options', 'src/background', 'src/shared', 'src/messaging'];
const SINKS = /\b(innerHTML|outerHTML|insertAdjacentHTML|dangerouslySetInnerHTML|document\.write|srcdoc|createContextualFragment|DOMParser)\b|\beval\(|new Function\(/;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : /\.(ts|tsx)$/.test(n) ? [p] : [];
  });
}

describe('text only', () => {
  const all = DIRS.flatMap((d) => files(join(ROOT, d)));
  it('finds the sources it checks', () => {
    expect(all.length).toBeGreaterThan(15);
  });
  it.each(all.map((f) => [f.slice(ROOT.length + 1), f]))('%s has no HTML or code sink', (_name, f) => {
    const code = readFileSync(f, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
    expect(code.match(SINKS)?.[0] ?? null).toBeNull();
  });
});
